"""Generated bad input over every JSON endpoint and every RPC (issue 8, section 2)."""
