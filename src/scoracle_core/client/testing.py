"""A scripted API-Sports stand-in for unit tests of the client (real HTTP on loopback).

The simulator (:mod:`scoracle_core.sim`) reproduces the APIs; this is the handler-based fake for
tests that need one exact answer at one exact moment ("a 500, then a 200")::

    async with ScriptedApi() as api:
        api.push(Reply(status=500), Reply.ok([{"id": 1}]))
        async with ApiClient(base_urls={"nba": api.url("/nba")}, api_key="k") as client:
            await client.get("nba", "games")
        assert len(api.requests) == 2

Unscripted requests get :meth:`Reply.ok` with an empty response.
"""

from __future__ import annotations

import collections
import json
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self

import anyio
import attrs
from aiohttp import web

__all__ = ["Reply", "ScriptedApi", "SeenRequest", "envelope"]


def envelope(
    endpoint: str = "",
    *,
    parameters: Mapping[str, str] | None = None,
    response: Any = (),
    errors: Mapping[str, str] | None = None,
    paging: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """An API-Sports body (API_FACTS §1.2)."""
    items = list(response) if isinstance(response, list | tuple) else response
    body: dict[str, Any] = {
        "get": endpoint,
        "parameters": dict(parameters) if parameters else [],
        "errors": dict(errors) if errors else [],
        "results": len(items) if isinstance(items, list | dict) else 0,
    }
    if paging is not None:
        body["paging"] = {"current": paging[0], "total": paging[1]}
    body["response"] = items
    return body


@attrs.frozen(kw_only=True)
class Reply:
    """One scripted answer. ``body`` may be a JSON value or raw bytes."""

    status: int = 200
    body: Any = attrs.field(factory=envelope)
    headers: Mapping[str, str] = attrs.field(factory=dict)
    delay: float = 0.0  # real seconds before answering (to trip a client's time-out)
    truncate: bool = False  # announce the full length, send half, drop the connection

    @classmethod
    def ok(cls, response: Any = (), *, paging: tuple[int, int] | None = None, **kw: Any) -> Reply:
        """A successful envelope holding ``response``."""
        return cls(body=envelope(response=response, paging=paging), **kw)

    @classmethod
    def error(cls, topic: str, message: str, *, status: int = 200, **kw: Any) -> Reply:
        """An envelope whose ``errors`` holds ``{topic: message}``."""
        return cls(status=status, body=envelope(errors={topic: message}), **kw)


@attrs.frozen(kw_only=True)
class SeenRequest:
    """A request the fake received."""

    method: str
    path: str
    query: Mapping[str, str]
    headers: Mapping[str, str]


class ScriptedApi:
    """An aiohttp server on 127.0.0.1 that answers with the pushed replies, in order."""

    def __init__(self) -> None:
        self.requests: list[SeenRequest] = []
        self._script: collections.deque[Reply] = collections.deque()
        self._runner: web.AppRunner | None = None
        self.port = 0

    def push(self, *replies: Reply) -> None:
        """Queue answers for the next requests (any path)."""
        self._script.extend(replies)

    def url(self, prefix: str = "") -> str:
        """The base URL of the server plus ``prefix`` (e.g. ``/nba``)."""
        return f"http://127.0.0.1:{self.port}{prefix}"

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        # Held answers (``delay``) are cancelled on close instead of delaying it.
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=0.1)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(
            SeenRequest(
                method=request.method,
                path=request.path,
                query=dict(request.query),
                headers=dict(request.headers),
            )
        )
        reply = self._script.popleft() if self._script else Reply.ok()
        if reply.delay:
            await anyio.sleep(reply.delay)
        raw = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
        headers = {"Content-Type": "application/json", **reply.headers}
        if reply.truncate:
            stream = web.StreamResponse(status=reply.status, headers=headers)
            stream.content_length = len(raw)
            await stream.prepare(request)
            await stream.write(raw[: len(raw) // 2])
            assert request.transport is not None
            request.transport.close()
            return stream
        return web.Response(status=reply.status, body=raw, headers=headers)
