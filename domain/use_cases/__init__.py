"""The domain's use cases."""
