"""The API-Sports client: envelope checks, error classes, rate limits, quotas, cache, accounting.

This package is the only place that sends HTTP requests to API-Sports (or the simulator)::

    async with ApiClient(sports, store=store, clock=clock, base_urls=sim.base_urls) as client:
        envelope = await client.get("nba", "games", {"date": "2024-11-06"})
"""

from scoracle_core.client.accounting import CallCount, CallRecorder, Usage
from scoracle_core.client.api import ApiClient
from scoracle_core.client.cache import FOREVER, NEVER_CACHE, PROFILE_TTL, ROSTER_TTL, CacheTTL
from scoracle_core.client.classify import interpret, next_utc_midnight
from scoracle_core.client.config import ClientConfig, RetryPolicy
from scoracle_core.client.envelope import Envelope, Paging, Params, Quota, canonical_params
from scoracle_core.client.ratelimit import PLANS, LimiterStatus, LocalRateLimiter, RateLimiter, RateLimits
from scoracle_core.client.secret import API_KEY_ENV, Secret

__all__ = [
    "API_KEY_ENV",
    "FOREVER",
    "NEVER_CACHE",
    "PLANS",
    "PROFILE_TTL",
    "ROSTER_TTL",
    "ApiClient",
    "CacheTTL",
    "CallCount",
    "CallRecorder",
    "ClientConfig",
    "Envelope",
    "LimiterStatus",
    "LocalRateLimiter",
    "Paging",
    "Params",
    "Quota",
    "RateLimiter",
    "RateLimits",
    "RetryPolicy",
    "Secret",
    "Usage",
    "canonical_params",
    "interpret",
    "next_utc_midnight",
]
