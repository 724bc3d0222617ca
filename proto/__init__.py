"""The gRPC API's `.proto` files, shipped in the package as data (not code).

This folder is the include root: `importlib.resources.files("redemption_core.proto")` holds
`redemption_core/v1/*.proto`, so a client in another language generates from the very files
the installed server was built from:

    root="$(python -c 'import importlib.resources as r; print(r.files("redemption_core.proto"))')"
    protoc -I "$root" --java_out=gen "$root"/redemption_core/v1/*.proto
"""
