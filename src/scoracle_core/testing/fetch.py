"""A scripted :class:`~scoracle_core.seeding.Fetch` for plugin unit tests (fakes over mocks)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

__all__ = ["ScriptedFetch", "request_key"]


def request_key(endpoint: str, params: Mapping[str, object]) -> str:
    """``endpoint?a=1&b=2``: parameters sorted and compared as strings, as the API echoes them."""
    return endpoint + "?" + "&".join(f"{k}={v}" for k, v in sorted(params.items()))


class ScriptedFetch:
    """Serves canned answers by request and records every call.

    An answer is a value (returned as a deep copy) or an exception (raised). A request without an
    answer fails the test with ``AssertionError``.
    """

    def __init__(self, answers: Mapping[str, object] | None = None) -> None:
        self.answers: dict[str, object] = dict(answers or {})
        self.calls: list[str] = []
        self.ttls: dict[str, timedelta | None] = {}

    def answer(self, endpoint: str, params: Mapping[str, object], value: object) -> None:
        """Serve ``value`` (or raise it, if an exception) for this request."""
        self.answers[request_key(endpoint, params)] = value

    async def __call__(
        self, endpoint: str, params: Mapping[str, str | int], *, cache_ttl: timedelta | None = None
    ) -> Any:
        """The canned answer of this request."""
        key = request_key(endpoint, params)
        self.calls.append(key)
        self.ttls[key] = cache_ttl
        if key not in self.answers:
            raise AssertionError(f"unexpected request {key}")
        value = self.answers[key]
        if isinstance(value, BaseException):
            raise value
        return copy.deepcopy(value)

    async def pages(self, endpoint: str, params: Mapping[str, str | int]) -> list[Any]:
        """Not paged unless a test scripts ``<endpoint>#pages``."""
        key = request_key(endpoint, params) + "#pages"
        self.calls.append(key)
        if key not in self.answers:
            raise AssertionError(f"{endpoint} is not paged in this test")
        value = self.answers[key]
        assert isinstance(value, list)
        return copy.deepcopy(value)
