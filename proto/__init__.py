"""The gRPC API's `.proto` files, shipped in the package as data (not code).

This folder is the include root: `importlib.resources.files("redemption_core.proto")` holds
`redemption_core/v1/*.proto`, so a client in another language generates from the very files
the installed server was built from:

  include="$(python -c 'import importlib.resources as r; print(r.files("redemption_core.proto"))')"
  protoc -I "$include" --java_out=gen redemption_core/v1/*.proto

(With an installed wheel the folder is a plain directory; `as_file` gives a path in any case.)
"""
