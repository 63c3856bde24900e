"""Run async library code from synchronous callers: plain scripts *and* notebooks.

:func:`run_sync` uses :func:`anyio.run` when the calling thread runs no event loop (a script, a
cron job). Inside a running loop (Jupyter, an async web app calling sync code) ``anyio.run``
would fail, and blocking that loop on its own work would deadlock, so the call runs in a worker
thread with an event loop of its own, and the caller's thread waits for the result.

The catch: anything bound to an event loop (an open :class:`~scoracle_core.store.Store`, an HTTP
session) must be used on the loop it was opened on. A sync twin therefore opens and closes what
it needs *inside* the function it runs (take a URL, not an open store), or refuses an object
bound to another loop — see :func:`in_event_loop`.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

import anyio
from anyio.from_thread import start_blocking_portal

__all__ = ["in_event_loop", "run_sync"]

P = ParamSpec("P")
T = TypeVar("T")


def in_event_loop() -> bool:
    """Whether the current thread is running an asyncio event loop (e.g. inside Jupyter)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def run_sync(async_fn: Callable[P, Awaitable[T]], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Call ``await async_fn(*args, **kwargs)`` from synchronous code and return its result.

    Exceptions propagate unchanged. Inside a running event loop the call runs on a fresh loop in
    a worker thread (the caller blocks until it is done).
    """
    call = functools.partial(async_fn, *args, **kwargs)
    if not in_event_loop():
        return anyio.run(call)
    with start_blocking_portal() as portal:
        return portal.call(call)
