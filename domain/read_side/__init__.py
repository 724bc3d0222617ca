"""The domain's read side."""
