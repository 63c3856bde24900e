# The public names of scoracle_core.client: type checkers read them here, and lazy_loader loads each
# from its module on first use (see __init__.py).
from .accounting import CallCount, CallRecorder, Usage
from .api import ApiClient
from .cache import FOREVER, NEVER_CACHE, PROFILE_TTL, ROSTER_TTL, CacheTTL
from .classify import interpret, next_utc_midnight
from .config import ClientConfig, RetryPolicy
from .envelope import Envelope, Paging, Params, Quota, canonical_params
from .ratelimit import PLANS, LimiterStatus, LocalRateLimiter, RateLimiter, RateLimits
from .secret import API_KEY_ENV, Secret

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
