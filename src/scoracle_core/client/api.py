"""The API-Sports client: the one module that sends HTTP requests (aiohttp).

One call, :meth:`ApiClient.get`, does everything a request needs, in this order:

1. cache lookup (opt-in per call, never for statistics) — a hit costs no quota;
2. the rate limiter (may wait; refuses at once while the day's quota is spent);
3. the request on the client's one :class:`aiohttp.ClientSession` (connection reuse, time-outs);
4. the envelope check (:func:`~scoracle_core.client.classify.interpret`): a 200 is a success only
   when ``errors`` is empty;
5. accounting (an :class:`~scoracle_core.model.ApiCall` per attempt, batched to the store) and a
   structured log line;
6. in-call retries of transient failures, driven by :func:`stamina.retry_context` with the waits
   made on the injected :class:`~scoracle_core.clock.Clock` (a virtual clock replays them at once).

The API key lives in the session's default headers and a :class:`Secret`; it is never logged,
recorded, or shown by a ``repr`` or an exception message.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

import aiohttp
import anyio
import stamina

from scoracle_core.client.accounting import CACHED, OK, REFUSED, CallRecorder, Usage
from scoracle_core.client.cache import CACHE_PREFIX, CacheTTL, cache_key_for, check_cacheable, expires_at
from scoracle_core.client.classify import interpret
from scoracle_core.client.config import ClientConfig
from scoracle_core.client.envelope import (
    Envelope,
    Params,
    canonical_params,
    normalize_endpoint,
    params_query,
    quota_from_headers,
)
from scoracle_core.client.ratelimit import LocalRateLimiter, RateLimiter, RateLimits
from scoracle_core.client.secret import API_KEY_ENV, Secret
from scoracle_core.clock import Clock, SystemClock
from scoracle_core.errors import (
    ApiError,
    ConfigError,
    QuotaExhausted,
    RateLimited,
    StoreError,
    TransientApiError,
    UnknownSportError,
)
from scoracle_core.model import ApiCall

if TYPE_CHECKING:
    from anyio.abc import TaskGroup

    from scoracle_core.sport import SportAdapter
    from scoracle_core.store.base import Store

__all__ = ["ApiClient"]

log = logging.getLogger(__name__)


class ApiClient:
    """An async client of the API-Sports hosts of several sports, for one API key.

    ``sports`` gives each sport's real base URL (``api_base_url``); ``base_urls`` (or
    ``config.base_urls``) overrides it per sport, e.g. with a simulator's ``sim.base_urls``.
    ``limiter`` may be shared by several clients of the same key; by default each client gets a
    :class:`LocalRateLimiter` for ``config.plan``. ``store`` keeps the cache and the usage
    records; without one, nothing is cached or recorded (the in-memory :attr:`usage` still counts).

    Use it as ``async with ApiClient(...) as client:``; closing flushes the usage records.
    """

    def __init__(
        self,
        sports: Iterable[SportAdapter] = (),
        *,
        config: ClientConfig | None = None,
        api_key: Secret | str | None = None,
        base_urls: Mapping[str, str] | None = None,
        store: Store | None = None,
        clock: Clock | None = None,
        limiter: RateLimiter | None = None,
        usage: Usage | None = None,
    ) -> None:
        self._config = config = config or ClientConfig()
        key = api_key if api_key is not None else config.api_key
        if isinstance(key, str):
            key = Secret(key) if key else None
        found = key or Secret.from_env(API_KEY_ENV)
        if not found:
            raise ConfigError(
                f"no API-Sports key: set ${API_KEY_ENV} or pass api_key= / ClientConfig(api_key=)"
            )
        self._key: Secret = found
        urls = {adapter.key: adapter.api_base_url.rstrip("/") for adapter in sports}
        urls.update(config.base_urls)
        urls.update({k: v.rstrip("/") for k, v in (base_urls or {}).items()})
        self._base_urls = urls
        self._clock: Clock = clock or SystemClock()
        self.limiter: RateLimiter = limiter or LocalRateLimiter(
            RateLimits.for_plan(config.plan), clock=self._clock
        )
        self.usage = usage or Usage()
        self._store = store
        self._recorder = CallRecorder(store, flush_every=config.flush_every)
        self._session: aiohttp.ClientSession | None = None
        self._tasks: TaskGroup | None = None

    # -- lifecycle -----------------------------------------------------------------------------
    async def __aenter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("ApiClient is already open")
        cfg = self._config
        timeout = aiohttp.ClientTimeout(total=cfg.total_timeout, sock_connect=cfg.connect_timeout)
        name = "x-rapidapi-key" if cfg.rapidapi else "x-apisports-key"
        self._session = aiohttp.ClientSession(
            timeout=timeout,
            headers={name: self._key.reveal(), "User-Agent": cfg.user_agent},
            connector=aiohttp.TCPConnector(limit=cfg.max_connections),
        )
        if cfg.flush_interval is not None and self._store is not None:
            self._tasks = anyio.create_task_group()
            await self._tasks.__aenter__()
            self._tasks.start_soon(self._flush_periodically, cfg.flush_interval)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop the flusher, write every pending usage record, close the session. Idempotent."""
        try:
            if self._tasks is not None:
                tasks, self._tasks = self._tasks, None
                tasks.cancel_scope.cancel()
                await tasks.__aexit__(None, None, None)
            await self._recorder.flush()
        finally:
            if self._session is not None:
                session, self._session = self._session, None
                await session.close()

    async def flush(self) -> int:
        """Write the buffered usage records now; return how many."""
        return await self._recorder.flush()

    async def _flush_periodically(self, every: float) -> None:
        while True:
            await anyio.sleep(every)  # real time on purpose: a virtual clock must not be moved by it
            await self._recorder.flush(raise_errors=False)

    # -- calls ------------------------------------------------------------------------------------
    async def get(
        self,
        sport: str,
        endpoint: str,
        params: Params | None = None,
        *,
        cache_ttl: CacheTTL = None,
        cache_key: str | None = None,
    ) -> Envelope:
        """GET ``endpoint`` of ``sport``'s API and return the envelope of a successful answer.

        ``cache_ttl`` (a ``timedelta`` or ``FOREVER``) opts in to the store cache under
        ``cache_key`` (default: endpoint + canonical parameters); statistics endpoints refuse it
        with :class:`ConfigError`. Raises the :class:`ApiError` subclass that describes a failure
        (transient ones only after the configured attempts).
        """
        endpoint = normalize_endpoint(endpoint)
        canonical = canonical_params(params)
        self._base_url(sport)  # unknown sport: fail before anything else
        key: str | None = None
        if cache_ttl is not None:
            check_cacheable(endpoint, self._config.never_cache)
            expires_at(cache_ttl, self._clock.now())  # validate before spending a request
            if self._store is not None:
                key = cache_key_for(sport, endpoint, canonical, cache_key)
                hit = await self._cache_get(key)
                if hit is not None:
                    return await self._cache_hit(sport, endpoint, canonical, hit)
        envelope = await self._fetch(sport, endpoint, canonical)
        if key is not None:
            await self._cache_put(key, envelope, cache_ttl)
        return envelope

    async def get_all_pages(
        self,
        sport: str,
        endpoint: str,
        params: Params | None = None,
        *,
        max_pages: int | None = None,
        cache_ttl: CacheTTL = None,
        cache_key: str | None = None,
    ) -> Envelope:
        """Every page of a paged endpoint (football ``players``: 20 per page), merged in order.

        The first request is sent without ``page`` (endpoints that do not page refuse it);
        pages 2 … ``paging.total`` (at most ``max_pages`` in all) follow.
        """
        if params and "page" in params:
            raise ValueError("get_all_pages() sets 'page' itself; leave it out of params")
        base = dict(params or {})
        first = await self.get(sport, endpoint, base, cache_ttl=cache_ttl, cache_key=cache_key)
        pages = [first]
        total = first.paging.total if first.paging is not None else 1
        if max_pages is not None:
            total = min(total, max_pages)
        for number in range(2, total + 1):
            page_key = None if cache_key is None else f"{cache_key}#page={number}"
            pages.append(
                await self.get(
                    sport, endpoint, {**base, "page": number}, cache_ttl=cache_ttl, cache_key=page_key
                )
            )
        return Envelope.merge(pages)

    async def invalidate(self, sport: str, prefix: str = "") -> int:
        """Drop cached answers of ``sport`` whose key (custom key, or ``endpoint?query``) starts
        with ``prefix``; return how many."""
        if self._store is None:
            return 0
        return await self._store.cache_invalidate(f"{CACHE_PREFIX}{sport}:{prefix}")

    # -- internals: cache -------------------------------------------------------------------------
    async def _cache_get(self, key: str) -> Any | None:
        assert self._store is not None
        try:
            return await self._store.cache_get(key, now=self._clock.now())
        except StoreError as exc:
            log.warning("api.cache_failed op=get key=%s error=%s", key, type(exc).__name__)
            return None

    async def _cache_put(self, key: str, envelope: Envelope, ttl: CacheTTL) -> None:
        assert self._store is not None
        try:
            await self._store.cache_put(
                key, envelope.to_json(), expires_at=expires_at(ttl, self._clock.now())
            )
        except StoreError as exc:
            log.warning("api.cache_failed op=put key=%s error=%s", key, type(exc).__name__)

    async def _cache_hit(self, sport: str, endpoint: str, params: Mapping[str, str], value: Any) -> Envelope:
        envelope = Envelope.from_cache(sport, value)
        self.usage.add(sport, endpoint, CACHED)
        await self._recorder.record(
            ApiCall(
                at=self._clock.now(), sport=sport, endpoint=endpoint, params=params_query(params), cached=True
            )
        )
        log.debug("api.call sport=%s endpoint=%s cached=true", sport, endpoint)
        return envelope

    # -- internals: network -----------------------------------------------------------------------
    def _base_url(self, sport: str) -> str:
        try:
            return self._base_urls[sport]
        except KeyError:
            known = ", ".join(sorted(self._base_urls)) or "none"
            raise UnknownSportError(f"no API base URL for sport {sport!r}; known: {known}") from None

    async def _fetch(self, sport: str, endpoint: str, params: Mapping[str, str]) -> Envelope:
        """One logical call: attempts until success, a permanent error, or the attempts run out."""
        policy = self._config.retry
        wait = 0.0
        give_up = False

        def retry_on(exc: Exception) -> bool | float:
            # 0.0 = "retry, and do not sleep": the wait is made below, on our clock.
            return 0.0 if isinstance(exc, TransientApiError) and not give_up else False

        async for attempt in stamina.retry_context(
            on=retry_on,
            attempts=policy.attempts,
            timeout=None,
            wait_initial=policy.wait_initial,
            wait_max=policy.wait_max,
            wait_jitter=0.0,
            wait_exp_base=policy.wait_exp_base,
        ):
            with attempt:
                if wait > 0:
                    await self._clock.sleep_until(self._clock.now() + timedelta(seconds=wait))
                try:
                    return await self._attempt(sport, endpoint, params)
                except TransientApiError as exc:
                    wait, give_up = self._next_wait(exc, attempt.next_wait)
                    if not give_up and attempt.num < policy.attempts:
                        log.info(
                            "api.retry sport=%s endpoint=%s attempt=%d wait_s=%.2f error=%s status=%s",
                            sport,
                            endpoint,
                            attempt.num,
                            wait,
                            type(exc).__name__,
                            exc.status,
                        )
                    raise
        raise AssertionError("unreachable: stamina re-raises the last error")  # pragma: no cover

    def _next_wait(self, exc: TransientApiError, backoff: float) -> tuple[float, bool]:
        """(seconds to wait before the next attempt, whether to give up instead)."""
        policy = self._config.retry
        if isinstance(exc, RateLimited):
            # The limiter holds the sport (see _react); waiting here too would double the pause.
            return 0.0, self._rate_limit_pause(exc) > policy.max_wait
        if exc.retry_after is not None:
            return exc.retry_after, exc.retry_after > policy.max_wait
        if backoff > 0 and not stamina.is_testing():
            backoff += random.uniform(0, policy.wait_jitter)
        return backoff, False

    async def _attempt(self, sport: str, endpoint: str, params: Mapping[str, str]) -> Envelope:
        """One request: limiter, HTTP, envelope check, accounting."""
        session = self._require_open()
        url = f"{self._base_url(sport)}/{endpoint}"
        query = params_query(params)
        where = f"{sport} {endpoint}" + (f"?{query}" if query else "")
        try:
            await self.limiter.acquire(sport)
        except QuotaExhausted as exc:
            self.usage.add(sport, endpoint, REFUSED)
            log.warning(
                "api.quota_exhausted sport=%s endpoint=%s resets_at=%s sent=false",
                sport,
                endpoint,
                exc.resets_at.isoformat() if exc.resets_at else None,
            )
            raise QuotaExhausted(
                f"{where}: not sent, the daily quota is spent until "
                f"{exc.resets_at.isoformat() if exc.resets_at else 'the reset'}",
                sport=sport,
                endpoint=endpoint,
                resets_at=exc.resets_at,
            ) from None
        at = self._clock.now()
        started = time.perf_counter()
        status: int | None = None
        headers: Mapping[str, str] = {}
        body = b""
        error: ApiError | None = None
        envelope: Envelope | None = None
        now = at
        try:
            try:
                async with session.get(
                    url, params=params, headers=self._host_header(url), allow_redirects=False
                ) as response:
                    status = response.status
                    headers = response.headers
                    body = await response.read()
            except (aiohttp.ClientError, TimeoutError) as exc:
                kind = "time-out" if isinstance(exc, TimeoutError) else type(exc).__name__
                error = TransientApiError(
                    self._scrub(f"{where}: {kind} ({exc})" if str(exc) else f"{where}: {kind}"),
                    sport=sport,
                    endpoint=endpoint,
                    status=status,
                )
                error.__cause__ = exc
            now = self._clock.now()
            if status is not None:
                self.limiter.observe(sport, headers, now)
        finally:
            self.limiter.release(sport)
        if error is None:
            assert status is not None
            try:
                envelope = interpret(
                    sport=sport,
                    endpoint=endpoint,
                    params=params,
                    status=status,
                    headers=headers,
                    body=body,
                    now=now,
                )
            except ApiError as exc:
                error = self._scrubbed(exc)
        duration_ms = (time.perf_counter() - started) * 1000
        quota = quota_from_headers(headers)
        self.usage.note_quota(sport, quota)
        self.usage.add(sport, endpoint, OK if error is None else type(error).__name__)
        await self._recorder.record(
            ApiCall(
                at=at,
                sport=sport,
                endpoint=endpoint,
                params=query,
                status=status,
                error_class=None if error is None else type(error).__name__,
                duration_ms=round(duration_ms, 3),
                quota_remaining_day=quota.day_remaining,
                quota_remaining_minute=quota.minute_remaining,
            )
        )
        log.log(
            logging.DEBUG if error is None else logging.INFO,
            "api.call sport=%s endpoint=%s status=%s ms=%.1f results=%s day_left=%s minute_left=%s error=%s",
            sport,
            endpoint,
            status,
            duration_ms,
            None if envelope is None else envelope.results,
            quota.day_remaining,
            quota.minute_remaining,
            None if error is None else type(error).__name__,
        )
        if error is not None:
            self._react(sport, error, now)
            raise error
        assert envelope is not None
        return envelope

    def _react(self, sport: str, error: ApiError, now: datetime) -> None:
        """Tell the limiter what the server said, so every task of the key holds back."""
        if isinstance(error, QuotaExhausted) and error.resets_at is not None:
            self.limiter.exhaust(sport, error.resets_at)
            log.warning(
                "api.quota_exhausted sport=%s endpoint=%s resets_at=%s sent=true",
                sport,
                error.endpoint,
                error.resets_at.isoformat(),
            )
        elif isinstance(error, RateLimited):
            wait = self._rate_limit_pause(error)
            self.limiter.pause(sport, now + timedelta(seconds=wait))
            log.warning("api.rate_limited sport=%s endpoint=%s wait_s=%.1f", sport, error.endpoint, wait)

    def _rate_limit_pause(self, error: RateLimited) -> float:
        """Seconds to hold a sport after a per-minute refusal: ``Retry-After``, else the policy's."""
        return error.retry_after if error.retry_after is not None else self._config.retry.rate_limit_wait

    def _host_header(self, url: str) -> dict[str, str] | None:
        if not self._config.rapidapi:
            return None
        return {"x-rapidapi-host": urlsplit(url).hostname or ""}

    def _require_open(self) -> aiohttp.ClientSession:
        if self._session is None:
            raise RuntimeError("ApiClient is not open: use 'async with ApiClient(...) as client'")
        return self._session

    def _scrub(self, text: str) -> str:
        """Defence in depth: a message that somehow contains the key gets it masked."""
        secret = self._key.reveal()
        return text.replace(secret, "***") if secret and secret in text else text

    def _scrubbed(self, exc: ApiError) -> ApiError:
        if exc.args and isinstance(exc.args[0], str):
            exc.args = (self._scrub(exc.args[0]), *exc.args[1:])
        return exc

    def __repr__(self) -> str:
        state = "open" if self._session is not None else "closed"
        sports = sorted(self._base_urls)
        return f"<ApiClient {state} sports={sports} key={self._key!r} plan={self._config.plan!r}>"
