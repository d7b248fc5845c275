"""Faults of ours: whatever goes wrong inside a request, the person meets a GOV.UK error page (the API
a JSON error), and the log says where it went wrong without saying whom it was about.

Two gaps this closes. Starlette's own last resort catches only `Exception`: a panic in Polars's Rust
code (`pyo3_runtime.PanicException`) derives from `BaseException`, passed it by, and reached the
browser as uvicorn's bare "Internal Server Error". And that last resort re-raises what it caught,
so the server logged the error's message, which can hold a child's identifier, name or date of
birth, as the values a query was working on. Here every fault is answered and kept: the log gets a
reference, the route's pattern (`/children/{child_id}`, never the child's own address), the kind of
error and the lines of code it passed through, but not its message; the page shows the same
reference, for the person to quote to whoever runs the service.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import traceback

from fastapi import FastAPI
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)

# Not faults: the server stopping, a client going away. These go on to the server as before.
PASSED_ON = (KeyboardInterrupt, SystemExit, GeneratorExit, asyncio.CancelledError)


def reference() -> str:
    """A short reference that ties a page a person saw to one entry of the log."""
    return secrets.token_hex(4)


def route_of(scope: Scope) -> str:
    """The route's pattern, never the address itself: an address can name a child."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "a path no route matches"


def log_fault(scope: Scope, fault: BaseException, ref: str) -> None:
    """Where a fault happened, without its message or the values it was working on."""
    frames = traceback.extract_tb(fault.__traceback__)
    where = "; ".join(f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in frames[-8:])
    logger.error(
        "fault %s: %s on %s %s (at %s)",
        ref,
        type(fault).__name__,
        scope.get("method", ""),
        route_of(scope),
        where or "an unknown place",
    )


class Faults:
    """ASGI middleware, outside every other of ours: a fault becomes a 500 page and a log line that
    names no one. Once the response has begun it can only be cut short, and is."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except PASSED_ON:
            raise
        except BaseException as fault:
            if isinstance(fault, BaseExceptionGroup) and fault.subgroup(PASSED_ON) is not None:
                raise
            from lineofsight.web.security import database_unavailable, server_error

            request = Request(scope, receive)
            if isinstance(fault, Exception) and database_unavailable(fault):
                # Not a fault of ours: the database is restarting or busy (503, try again shortly).
                if not started:
                    response = await server_error(request, fault)
                    await response(scope, receive, send)
                return
            ref = reference()
            log_fault(scope, fault, ref)
            if started:
                return
            request.state.fault_reference = ref
            response = await server_error(request, _FaultLoggedError())
            await response(scope, receive, send)


class _FaultLoggedError(Exception):
    """Stands for the fault when the page is drawn, so that nothing else logs what it said."""


def install(app: FastAPI) -> None:
    """Add the middleware: call it after every other middleware is added, so that it is outermost."""
    app.add_middleware(Faults)
