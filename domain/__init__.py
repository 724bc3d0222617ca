"""The redemption domain: aggregates, rules, ports and the application service.

Imports only the standard library and attrs (checked by tests/test_architecture.py).
"""
