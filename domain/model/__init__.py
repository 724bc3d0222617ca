"""The domain's model."""
