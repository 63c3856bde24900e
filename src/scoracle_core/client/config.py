"""Settings of an :class:`~scoracle_core.client.api.ApiClient`: frozen values, safe to print."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from scoracle_core.client.cache import NEVER_CACHE
from scoracle_core.client.secret import Secret

__all__ = ["ClientConfig", "RetryPolicy"]


def _secret(value: Secret | str | None) -> Secret | None:
    if value is None or isinstance(value, Secret):
        return value
    return Secret(value) if value else None


def _urls(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType({str(k): str(v).rstrip("/") for k, v in dict(value).items()})


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """In-call retries of transient failures (stamina drives the attempts, the clock the waits).

    Backoff before attempt *n+1* is ``min(wait_max, wait_initial * wait_exp_base ** (n-1))``
    plus up to ``wait_jitter`` seconds of random jitter; a ``Retry-After`` header replaces it.
    A per-minute refusal holds the sport for ``Retry-After`` or ``rate_limit_wait`` seconds
    (API_FACTS §6.4: back off ~60 s). A wait longer than ``max_wait`` is not made in-call: the
    error is raised for the caller (the worker re-schedules the task).
    """

    attempts: int = attrs.field(default=4, validator=attrs.validators.ge(1))
    wait_initial: float = 1.0
    wait_max: float = 30.0
    wait_jitter: float = 1.0
    wait_exp_base: float = 2.0
    rate_limit_wait: float = 60.0
    max_wait: float = 120.0


@attrs.frozen(kw_only=True)
class ClientConfig:
    """How a client reaches API-Sports. ``repr`` masks the key.

    * ``api_key``: the key; ``None`` reads ``$API_SPORTS_KEY`` when the client is built.
    * ``base_urls``: sport → base URL overriding the adapter's ``api_base_url`` (the simulator,
      RapidAPI hosts); trailing slashes are dropped.
    * ``rapidapi``: send ``x-rapidapi-key`` + ``x-rapidapi-host`` instead of ``x-apisports-key``.
    * ``plan``: the plan whose limits the default limiter enforces (headers may lower them).
    * ``flush_every`` / ``flush_interval``: accounting batch size and period (seconds, real time).
    """

    api_key: Secret | None = attrs.field(default=None, converter=_secret)
    base_urls: Mapping[str, str] = attrs.field(factory=dict, converter=_urls)
    rapidapi: bool = False
    plan: str = "pro"
    connect_timeout: float = 5.0
    total_timeout: float = 30.0
    max_connections: int = 32
    retry: RetryPolicy = attrs.field(factory=RetryPolicy)
    flush_every: int = attrs.field(default=50, validator=attrs.validators.ge(1))
    flush_interval: float | None = 5.0
    never_cache: tuple[str, ...] = NEVER_CACHE
    user_agent: str = "scoracle"
