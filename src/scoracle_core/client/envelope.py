"""The API-Sports response envelope, the rate-limit headers, and canonical request parameters.

Every API-Sports body has the same shape (API_FACTS §1.2)::

    {"get": "games", "parameters": [] | {"date": "2024-11-06"}, "errors": [] | {topic: message},
     "results": 3, "paging": {"current": 1, "total": 1}, "response": [...] | {...}}

``paging`` is only sent by API-Football; NBA/NFL bodies omit it. Nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final
from urllib.parse import urlencode

import attrs

__all__ = [
    "CREDENTIAL_PARAMS",
    "Envelope",
    "Paging",
    "Params",
    "Quota",
    "canonical_params",
    "normalize_endpoint",
    "params_query",
    "quota_from_headers",
]

#: What callers may pass as query parameters; ``None`` values are dropped.
Params = Mapping[str, str | int | float | bool | None]

#: Parameter names that could carry a credential: never sent as query strings, never recorded.
CREDENTIAL_PARAMS: Final = frozenset(
    {"key", "apikey", "api_key", "token", "x-apisports-key", "x-rapidapi-key"}
)

_DAY_LIMIT = "x-ratelimit-requests-limit"
_DAY_REMAINING = "x-ratelimit-requests-remaining"
_MINUTE_LIMIT = "x-ratelimit-limit"
_MINUTE_REMAINING = "x-ratelimit-remaining"


@attrs.frozen(kw_only=True)
class Quota:
    """What the rate-limit headers of one response said (``None`` when a header was absent)."""

    day_limit: int | None = None
    day_remaining: int | None = None
    minute_limit: int | None = None
    minute_remaining: int | None = None

    @property
    def known(self) -> bool:
        """True when at least one header was present."""
        return any(v is not None for v in attrs.astuple(self))


@attrs.frozen(kw_only=True)
class Paging:
    """``paging`` of a football body: 1-based page number and page count."""

    current: int = 1
    total: int = 1


@attrs.frozen(kw_only=True)
class Envelope:
    """A successful API-Sports answer (``errors`` was empty). ``results == 0`` is a real answer."""

    sport: str
    endpoint: str  # the path asked for, without slashes: "games/statistics"
    parameters: Mapping[str, str]  # the canonical parameters sent
    response: Any  # a list for almost every endpoint; an object for /status, teams/statistics
    results: int
    paging: Paging | None = None
    quota: Quota = attrs.field(factory=Quota)
    status: int = 200
    cached: bool = False
    pages: int = 1  # >1 when get_all_pages() merged several pages

    @property
    def items(self) -> list[Any]:
        """``response`` as a list (an object response is a one-item list; ``None`` is empty)."""
        if isinstance(self.response, list):
            return self.response
        return [] if self.response is None else [self.response]

    def to_json(self) -> dict[str, Any]:
        """The JSON form kept in the cache (no quota: it describes the original call only)."""
        return {
            "get": self.endpoint,
            "parameters": dict(self.parameters),
            "results": self.results,
            "paging": None if self.paging is None else attrs.asdict(self.paging),
            "response": self.response,
            "pages": self.pages,
        }

    @classmethod
    def from_cache(cls, sport: str, value: Mapping[str, Any]) -> Envelope:
        """Rebuild an envelope stored by :meth:`to_json`, marked ``cached``."""
        paging = value.get("paging")
        return cls(
            sport=sport,
            endpoint=str(value.get("get", "")),
            parameters={str(k): str(v) for k, v in dict(value.get("parameters") or {}).items()},
            response=value.get("response"),
            results=int(value.get("results") or 0),
            paging=None if not isinstance(paging, Mapping) else Paging(**paging),
            cached=True,
            pages=int(value.get("pages") or 1),
        )

    @classmethod
    def merge(cls, pages: Sequence[Envelope]) -> Envelope:
        """One envelope holding the items of every page, in order (``paging`` = last page)."""
        if not pages:
            raise ValueError("merge() needs at least one page")
        first, last = pages[0], pages[-1]
        items: list[Any] = []
        for page in pages:
            items.extend(page.items)
        return attrs.evolve(
            first,
            response=items,
            results=len(items),
            paging=last.paging,
            quota=last.quota,
            cached=all(p.cached for p in pages),
            pages=len(pages),
        )


def normalize_endpoint(endpoint: str) -> str:
    """``"/games/statistics/"`` → ``"games/statistics"`` (the API tolerates both)."""
    return endpoint.strip().strip("/")


def _param_text(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def canonical_params(params: Params | None) -> dict[str, str]:
    """Parameters as the API echoes them: string values, sorted by name, ``None`` dropped.

    Raises ``ValueError`` for a credential-looking name: the key travels in a header only.
    """
    if not params:
        return {}
    out: dict[str, str] = {}
    for name in sorted(params):
        value = params[name]
        if value is None:
            continue
        if name.lower() in CREDENTIAL_PARAMS:
            raise ValueError(f"parameter {name!r} looks like a credential; the API key is sent as a header")
        out[name] = _param_text(value)
    return out


def params_query(params: Mapping[str, str]) -> str:
    """The canonical query string recorded for a call: ``"date=2024-11-06&league=standard"``."""
    return urlencode(sorted(params.items()))


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    raw = headers.get(name)
    if raw is None:
        return None
    try:
        return int(str(raw).strip())
    except ValueError:
        return None


def quota_from_headers(headers: Mapping[str, str]) -> Quota:
    """Read the four rate-limit headers (names compared case-insensitively)."""
    headers = {str(k).lower(): v for k, v in headers.items()}
    return Quota(
        day_limit=_int_header(headers, _DAY_LIMIT),
        day_remaining=_int_header(headers, _DAY_REMAINING),
        minute_limit=_int_header(headers, _MINUTE_LIMIT),
        minute_remaining=_int_header(headers, _MINUTE_REMAINING),
    )
