"""Turn one HTTP answer into an :class:`~.envelope.Envelope` or the right :class:`ApiError`.

A 200 is not a success until ``errors`` is empty (API_FACTS §1.3). The mapping, first match wins:

=====================================================  ===========================================
condition                                              raises
=====================================================  ===========================================
401/403, or ``errors.token``                           :class:`AuthError` (permanent)
``errors.requests``; 429/``errors.rateLimit`` saying   :class:`QuotaExhausted`, ``resets_at`` = next
"day"/"daily"                                          00:00 UTC
``errors.rateLimit``, or any other 429                 :class:`RateLimited` (``retry_after`` from
                                                       ``Retry-After`` when sent)
``errors.plan``                                        :class:`PlanError` (permanent)
204, 408, 499, 5xx, ``errors.bug``/``time``/``report`` :class:`TransientApiError`
other 4xx                                              :class:`PermanentApiError`
200 whose body is not a JSON envelope                  :class:`TransientApiError` (truncated/malformed)
200 with any other ``errors.<param>``                  :class:`PermanentApiError` (bad parameter)
=====================================================  ===========================================

Pure: no I/O, "now" is an argument.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta
from email.utils import parsedate_to_datetime
from typing import Any, Final

from scoracle_core.client.envelope import Envelope, Paging, params_query, quota_from_headers
from scoracle_core.errors import (
    ApiError,
    AuthError,
    PermanentApiError,
    PlanError,
    QuotaExhausted,
    RateLimited,
    TransientApiError,
)

__all__ = ["interpret", "next_utc_midnight", "retry_after_seconds"]

_DAILY: Final = re.compile(r"\b(daily|day)\b", re.IGNORECASE)
_PROVIDER_BUG_TOPICS: Final = frozenset({"bug", "time", "report"})
_TRANSIENT_STATUSES: Final = frozenset({204, 408, 425, 499})
_MAX_MESSAGE: Final = 300


def next_utc_midnight(now: datetime) -> datetime:
    """The next 00:00 UTC strictly after ``now`` (when API-Sports resets daily quotas)."""
    day = now.astimezone(UTC).date() + timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=UTC)


def retry_after_seconds(headers: Mapping[str, str], now: datetime) -> float | None:
    """``Retry-After`` as seconds from ``now`` (delta-seconds or HTTP-date form), else ``None``."""
    raw = next((v for k, v in headers.items() if str(k).lower() == "retry-after"), None)
    if raw is None:
        return None
    text = str(raw).strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _errors(data: Any) -> dict[str, str]:
    """The ``errors`` member as topic → message ({} when empty, absent or not an envelope)."""
    if not isinstance(data, Mapping):
        return {}
    raw = data.get("errors")
    if isinstance(raw, Mapping):
        return {str(k): str(v) for k, v in raw.items()}
    if isinstance(raw, list) and raw:
        return {"error": "; ".join(str(v) for v in raw)}
    return {}


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def _paging(data: Mapping[str, Any]) -> Paging | None:
    raw = data.get("paging")
    if not isinstance(raw, Mapping):
        return None
    try:
        return Paging(current=int(raw.get("current", 1)), total=int(raw.get("total", 1)))
    except (TypeError, ValueError):
        return None


def interpret(
    *,
    sport: str,
    endpoint: str,
    params: Mapping[str, str],
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    now: datetime,
) -> Envelope:
    """The envelope of a successful answer; raise the classified :class:`ApiError` otherwise."""
    query = params_query(params)
    where = f"{sport} {endpoint}" + (f"?{query}" if query else "")
    common: dict[str, Any] = {"sport": sport, "endpoint": endpoint, "status": status}
    try:
        data: Any = json.loads(body) if body.strip() else None
    except (ValueError, UnicodeDecodeError):
        data = None
    errors = _errors(data)
    said = "; ".join(f"errors.{k}: {_shorten(v)}" for k, v in errors.items())
    if not said and isinstance(data, Mapping) and "message" in data:
        said = f"message: {_shorten(str(data['message']))}"
    detail = f"{where}: HTTP {status}" + (f", {said}" if said else "")

    error = _classify(status, errors, said, headers, now, detail, common)
    if error is not None:
        raise error
    if not isinstance(data, Mapping) or "response" not in data:
        kind = "an empty body" if data is None and not body.strip() else "not a JSON envelope"
        raise TransientApiError(f"{where}: HTTP {status} with {kind} (malformed or truncated)", **common)
    if errors:
        raise PermanentApiError(f"{detail} (a parameter was refused)", **common)
    response = data.get("response")
    results = data.get("results")
    if not isinstance(results, int):
        results = len(response) if isinstance(response, list | dict) else 0
    return Envelope(
        sport=sport,
        endpoint=endpoint,
        parameters=dict(params),
        response=response,
        results=results,
        paging=_paging(data),
        quota=quota_from_headers(headers),
        status=status,
    )


def _classify(
    status: int,
    errors: Mapping[str, str],
    said: str,
    headers: Mapping[str, str],
    now: datetime,
    detail: str,
    common: dict[str, Any],
) -> ApiError | None:
    if status in (401, 403) or "token" in errors:
        return AuthError(f"{detail} (check the API key)", **common)
    limited = status == 429 or "rateLimit" in errors
    if "requests" in errors or (limited and _DAILY.search(errors.get("rateLimit") or said)):
        resets_at = next_utc_midnight(now)
        return QuotaExhausted(
            f"{detail} (daily quota spent until {resets_at.isoformat()})", resets_at=resets_at, **common
        )
    retry_after = retry_after_seconds(headers, now)
    if limited:
        return RateLimited(f"{detail} (per-minute limit)", retry_after=retry_after, **common)
    if "plan" in errors:
        return PlanError(f"{detail} (not in the subscription plan)", **common)
    if status in _TRANSIENT_STATUSES or status >= 500 or _PROVIDER_BUG_TOPICS & errors.keys():
        return TransientApiError(detail, retry_after=retry_after, **common)
    if 400 <= status < 500:
        return PermanentApiError(detail, **common)
    if status != 200:
        return TransientApiError(f"{detail} (unexpected status)", retry_after=retry_after, **common)
    return None
