"""The request log: every request the simulator answered, for tests and benchmarks.

Keys are never stored: an entry holds :func:`key_label` of the key (``"key:1a2b3c4d"``, a short
SHA-256 prefix), ``"none"`` when no key was sent.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import datetime
from types import MappingProxyType

import attrs

__all__ = ["LoggedRequest", "RequestLog", "key_label"]


def key_label(key: str | None) -> str:
    """A printable stand-in for an API key: ``"key:"`` + 8 hex digits of its SHA-256; ``"none"``."""
    if not key:
        return "none"
    return "key:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


def _frozen_params(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(value))


@attrs.frozen(kw_only=True)
class LoggedRequest:
    """One request as answered.

    ``error`` is ``None`` for a clean answer, else what went wrong: ``"token"`` (missing or wrong
    key), ``"rateLimit"``, ``"requests"`` (daily quota), ``"plan"``, ``"param"`` (an
    ``errors.<param>`` answer), ``"not_found"``, or an injected fault (``"http204"``,
    ``"http429"``, ``"http499"``, ``"http500"``, ``"timeout"``, ``"malformed"``).
    """

    seq: int  # 1-based order of arrival
    at: datetime  # the Clock's time
    key: str  # key_label(), never the key
    sport: str
    endpoint: str  # without the base path and trailing slash: "games/statistics"
    params: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_params)
    status: int = 200
    error: str | None = None
    counted: bool = False  # whether it counted against the quota

    @property
    def ok(self) -> bool:
        """True for a 200 with no error."""
        return self.status == 200 and self.error is None


class RequestLog:
    """An append-only list of :class:`LoggedRequest` with counting helpers."""

    def __init__(self) -> None:
        self._entries: list[LoggedRequest] = []

    def append(self, entry: LoggedRequest) -> None:
        """Record one request."""
        self._entries.append(entry)

    def next_seq(self) -> int:
        """The sequence number the next request gets."""
        return len(self._entries) + 1

    @property
    def entries(self) -> tuple[LoggedRequest, ...]:
        """Every request, in order of arrival."""
        return tuple(self._entries)

    def __iter__(self) -> Iterator[LoggedRequest]:
        return iter(tuple(self._entries))

    def __len__(self) -> int:
        return len(self._entries)

    def total(self, *, sport: str | None = None, endpoint: str | None = None, key: str | None = None) -> int:
        """How many requests matched (``key`` may be a raw key or a label)."""
        return len(self.select(sport=sport, endpoint=endpoint, key=key))

    def select(
        self,
        *,
        sport: str | None = None,
        endpoint: str | None = None,
        key: str | None = None,
        error: str | None = None,
    ) -> list[LoggedRequest]:
        """The requests that match every given filter."""
        label = None if key is None else key if key.startswith("key:") or key == "none" else key_label(key)
        return [
            e
            for e in self._entries
            if (sport is None or e.sport == sport)
            and (endpoint is None or e.endpoint == endpoint.strip("/"))
            and (label is None or e.key == label)
            and (error is None or e.error == error)
        ]

    def by_endpoint(self, *, sport: str | None = None) -> Counter[str]:
        """Calls per ``"sport/endpoint"`` (or per endpoint within one sport)."""
        if sport is not None:
            return Counter(e.endpoint for e in self._entries if e.sport == sport)
        return Counter(f"{e.sport}/{e.endpoint}" for e in self._entries)

    def by_key(self) -> Counter[str]:
        """Calls per key label."""
        return Counter(e.key for e in self._entries)

    def by_sport(self) -> Counter[str]:
        """Calls per sport."""
        return Counter(e.sport for e in self._entries)

    def by_error(self) -> Counter[str]:
        """Calls per error kind (``"ok"`` for clean answers)."""
        return Counter(e.error or "ok" for e in self._entries)

    def clear(self) -> None:
        """Forget every entry (sequence numbers restart)."""
        self._entries.clear()

    def __repr__(self) -> str:
        return f"RequestLog({len(self._entries)} requests, by sport {dict(self.by_sport())})"
