"""Where the server listens: the `--listen` address checked before gRPC binds it.

gRPC's own refusal is a bare `RuntimeError("Failed to bind to address ...")` plus a log line
from its C core on standard error, and it never says why. Trying the address with a plain
socket first turns the common failures (port in use, no such host, no permission, a port
out of range) into one `ListenError` that names the address and the reason; gRPC's refusal
stays the backstop for anything the probe cannot see.
"""

from __future__ import annotations

import socket

PORT_MAX = 65_535
UNCHECKED_SCHEMES = ("unix:", "unix-abstract:", "vsock:")
"""Addresses gRPC binds without TCP/IP: left to gRPC itself."""


class ListenError(OSError):
    """The server cannot listen on `address`; `reason` says why in a few words."""

    def __init__(self, address: str, reason: str) -> None:
        self.address = address
        self.reason = reason
        super().__init__(f"cannot listen on {address}: {reason}")

    def __str__(self) -> str:
        return f"cannot listen on {self.address}: {self.reason}"


def split_address(address: str) -> tuple[str, int]:
    """`host:port` or `[v6-literal]:port` as (host, port); the host may be empty (any)."""
    host, colon, port_text = address.rpartition(":")
    if not colon:
        raise ListenError(address, "give host:port, e.g. 127.0.0.1:50051")
    if not port_text.isascii() or not port_text.isdigit() or int(port_text) > PORT_MAX:
        raise ListenError(address, f"the port must be a number from 0 to {PORT_MAX}")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host, int(port_text)


def check_address(address: str) -> None:
    """Raise `ListenError` unless a TCP socket can be bound to one of the address's hosts.

    gRPC listens on every address the host resolves to and succeeds when at least one
    binds; the probe does the same (with `SO_REUSEADDR`, as gRPC sets it) and releases it.
    """
    if address.startswith(UNCHECKED_SCHEMES):
        return
    host, port = split_address(address)
    try:
        found = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except socket.gaierror as error:
        raise ListenError(address, f"cannot resolve host {host!r} ({error.strerror})") from error
    reasons: list[str] = []
    for family, kind, protocol, _, where in found:
        with socket.socket(family, kind, protocol) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(where)
            except OSError as error:
                reasons.append((error.strerror or str(error)).lower())
            else:
                return
    raise ListenError(address, reasons[0] if reasons else "the host has no address")
