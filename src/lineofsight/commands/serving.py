"""Binding the web server's port before saying so.

uvicorn binds its port only once it is running, and reports a port in use in its own words, after we
would already have printed "Serving". So the command binds the socket itself, turns a failure into
one line naming the address and the reason, and hands the bound socket to uvicorn.
"""

from __future__ import annotations

import errno
import socket

# How many connections may wait to be accepted: uvicorn's own default.
BACKLOG = 2048


class ServeError(Exception):
    """The server cannot start: the message says where and why, in one line."""


def bind(host: str, port: int) -> socket.socket:
    """A socket listening on host:port, or a ServeError saying why there can be none."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    # As uvicorn does: a restarted server may rebind while the last one's connections close.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except OSError as error:
        sock.close()
        raise ServeError(f"cannot serve on {host}:{port}: {_reason(error, port)}") from None
    sock.set_inheritable(True)  # the worker processes serve the same socket
    return sock


def _reason(error: OSError, port: int) -> str:
    if error.errno == errno.EADDRINUSE:
        return f"port {port} is already in use (is lineofsight already running? choose another with --port)"
    if error.errno == errno.EACCES:
        return f"not allowed to use port {port} (ports below 1024 need an administrator; try --port 8000)"
    if error.errno == errno.EADDRNOTAVAIL:
        return "this machine has no such address (try --host 127.0.0.1)"
    if isinstance(error, socket.gaierror):
        return "no such host name (try --host 127.0.0.1)"
    return error.strerror or str(error)
