"""The aiohttp application: one server standing in for the three API-Sports hosts.

Each sport's API lives under its adapter's ``api_path`` (``/nba``, ``/nfl``, ``/football``), so
``http://127.0.0.1:P/football/fixtures?id=1`` is ``https://v3.football.api-sports.io/fixtures?id=1``.

A request goes through, in order (first answer wins):

1. method: anything but GET → 405;
2. key (``x-apisports-key`` or ``x-rapidapi-key``): none → 403 + ``errors.token``; unknown →
   200 + ``errors.token``;
3. ``/status``: answered at once, not counted, no rate-limit headers (``response`` is ``[]``
   once the day's quota is spent, as observed);
4. quota: daily quota spent → ``errors.requests`` (or, by ``Faults.quota429``, HTTP 429 with a
   ``rateLimit`` "daily request limit" message); minute spent → ``errors.rateLimit`` (or 429
   by ``Faults.ratelimit429``); otherwise the request is counted;
5. an injected fault, drawn for the n-th counted request: latency, 204 (the body is dropped, as
   HTTP requires for 204), 429, 499/500 (``{"message": ...}``), time-out (the answer is held
   for ``Faults.hang`` seconds), malformed body;
6. the endpoint: unknown → 404; unknown parameter → ``errors.<param>``; bare call where
   parameters are needed → ``errors.required``; free plan → ``errors.plan``; then the plugin's
   handler, and paging.

Every request is appended to the :class:`~scoracle_core.sim.log.RequestLog` before any delay,
so requests whose client gave up are logged too.
"""

from __future__ import annotations

import asyncio
import math
from collections import deque
from collections.abc import Mapping
from datetime import UTC, timedelta
from typing import Any

import attrs
from aiohttp import web

from scoracle_core.errors import ConfigError
from scoracle_core.sim.api import Endpoint, SimApi, SimRequest, SimRequestError, field_label
from scoracle_core.sim.config import Plan, SimConfig
from scoracle_core.sim.envelope import MESSAGE_BODY, dumps, envelope, error_envelope
from scoracle_core.sim.faults import FaultDraw, FaultKind, draw_fault
from scoracle_core.sim.log import LoggedRequest, RequestLog, key_label
from scoracle_core.sim.quota import QuotaBook, QuotaVerdict
from scoracle_core.sim.rng import derive_rng
from scoracle_core.sim.world import World

__all__ = ["SIM_STATE", "SimState", "make_app"]

KEY_HEADERS = ("x-apisports-key", "x-rapidapi-key")
_CORS = {"access-control-allow-headers": "x-rapidapi-key, x-apisports-key, x-rapidapi-host"}
_MISSING_KEY = "Missing application key, Check our documentation on how to add your API key in headers."


@attrs.frozen(kw_only=True)
class _Answer:
    status: int
    body: bytes
    error: str | None = None
    counted: bool = False
    headers: Mapping[str, str] = attrs.field(factory=dict)
    delay: float = 0.0


class SimState:
    """Everything one running simulator holds: config, world, log, quota counters."""

    def __init__(self, config: SimConfig, world: World, log: RequestLog) -> None:
        self.config = config
        self.world = world
        self.log = log
        self.quota = QuotaBook(config.quota_scope)
        self.apis: dict[str, SimApi] = {}
        self.bases: dict[str, str] = {}  # base path ("nba") → sport
        self.routes: dict[tuple[str, str], Endpoint] = {}
        self.scripted: deque[FaultKind | None] = deque()  # forced faults of the next data requests
        self._data_seq = 0
        for sport in world.sports:
            api = world.api(sport)
            base = world.adapter(sport).api_path.strip("/")
            self.apis[sport] = api
            self.bases[base] = sport
            for endpoint in api.endpoints():
                self.routes[(sport, endpoint.path.strip("/"))] = endpoint

    def next_fault(self) -> FaultDraw:
        """The fault of the next counted data request: a scripted one first, else the seeded draw."""
        self._data_seq += 1
        faults = self.config.faults
        draw = draw_fault(faults, seed=self.config.seed, sequence=self._data_seq)
        if self.scripted:
            kind = self.scripted.popleft()
            latency = draw.delay - (faults.hang if draw.kind == "timeout" else 0.0)
            draw = attrs.evolve(draw, kind=kind, delay=latency + (faults.hang if kind == "timeout" else 0.0))
        return draw

    def base_of(self, tail: str) -> tuple[str, str] | None:
        """Split ``nba/games/statistics`` into ``("nba", "games/statistics")`` by the known bases."""
        for base in sorted(self.bases, key=len, reverse=True):
            if tail == base or tail.startswith(base + "/"):
                return self.bases[base], tail[len(base) + 1 :]
        return None


SIM_STATE = web.AppKey("scoracle_sim_state", SimState)


def make_app(
    config: SimConfig | None = None, *, world: World | None = None, log: RequestLog | None = None
) -> web.Application:
    """An aiohttp application serving every sport of ``world`` (default: the installed plugins).

    ``config.clock`` must be the world's clock when both are given (``None`` means the world's).
    The state is at ``app[SIM_STATE]``.
    """
    config = config if config is not None else SimConfig()
    if world is None:
        world = World.from_plugins(seed=config.seed, clock=config.clock)
    elif config.clock is not None and config.clock is not world.clock:
        raise ConfigError("SimConfig.clock and the world's clock differ; give the clock to one of them")
    if config.schedule != "none":
        from scoracle_core.sim.schedule import populate

        populate(world, config.schedule, seasons=config.seasons)
    app = web.Application()
    app[SIM_STATE] = SimState(config, world, log if log is not None else RequestLog())
    app.router.add_route("*", "/{tail:.*}", _handle)
    return app


async def _handle(request: web.Request) -> web.StreamResponse:
    state = request.app[SIM_STATE]
    tail = request.match_info["tail"]
    split = state.base_of(tail)
    if split is None:
        return web.Response(status=404, text="404: Not Found")
    sport, requested = split
    endpoint = requested.strip("/")
    params = dict(request.query.items())
    now = state.world.now()
    key = next((request.headers[h] for h in KEY_HEADERS if request.headers.get(h)), None)
    label = key_label(key)
    answer = _answer(state, request.method, sport, requested, endpoint, params, key)
    state.log.append(
        LoggedRequest(
            seq=state.log.next_seq(),
            at=now,
            key=label,
            sport=sport,
            endpoint=endpoint,
            params=params,
            status=answer.status,
            error=answer.error,
            counted=answer.counted,
        )
    )
    if answer.delay > 0:
        await asyncio.sleep(answer.delay)
    headers = {**_CORS, **answer.headers}
    return web.Response(
        status=answer.status, body=answer.body, content_type="application/json", headers=headers
    )


def _error(
    requested: str,
    params: Mapping[str, str],
    errors: Mapping[str, str],
    kind: str,
    *,
    paging: bool,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
    counted: bool = False,
    delay: float = 0.0,
) -> _Answer:
    body = error_envelope(get=requested, params=params if requested else {}, errors=errors, paging=paging)
    return _Answer(
        status=status, body=dumps(body), error=kind, counted=counted, headers=headers or {}, delay=delay
    )


def _answer(
    state: SimState,
    method: str,
    sport: str,
    requested: str,
    endpoint: str,
    params: dict[str, str],
    key: str | None,
) -> _Answer:
    api = state.apis[sport]
    paging = api.paging or endpoint == "status"
    now = state.world.now()
    if method != "GET":
        return _error(
            requested,
            params,
            {"method": "This API only accepts GET requests."},
            "method",
            paging=paging,
            status=405,
        )
    if key is None:
        return _error("", {}, {"token": _MISSING_KEY, "error": "4xHe"}, "token", paging=paging, status=403)
    if key not in state.config.keys:
        docs = api.texts.docs_url
        text = f"Error/Missing application key. Go to {docs} to learn how to get your API application key."
        return _error(requested, params, {"token": text}, "token", paging=paging)
    plan = state.config.plan_of(key)
    label = key_label(key)
    if endpoint == "status":
        return _status(state, requested, params, plan, state.quota.used_today(label, sport, now))

    verdict = state.quota.admit(label, sport, plan, now)
    headers = verdict.headers()
    if verdict.refused is not None:
        return _refusal(state, api, requested, params, verdict, paging=paging)

    draw = state.next_fault()
    if draw.kind == "http204":
        errors = {
            "time": now.astimezone(UTC).replace(microsecond=0).isoformat(),
            "bug": f"This is on our side, please report us this bug on {api.texts.dashboard_url}",
            "report": endpoint,
        }
        return _error(
            requested,
            params,
            errors,
            "http204",
            paging=paging,
            status=204,
            headers=headers,
            counted=True,
            delay=draw.delay,
        )
    if draw.kind == "http429":
        return _error(
            requested,
            params,
            {"rateLimit": _MINUTE_429},
            "http429",
            paging=paging,
            status=429,
            headers=headers,
            counted=True,
            delay=draw.delay,
        )
    if draw.kind == "http499" or draw.kind == "http500":
        return _Answer(
            status=int(draw.kind[4:]),
            body=dumps(MESSAGE_BODY),
            error=draw.kind,
            counted=True,
            headers=headers,
            delay=draw.delay,
        )
    answer = _dispatch(state, sport, requested, endpoint, params, plan=plan, paging=paging)
    answer = attrs.evolve(answer, headers=headers, counted=True, delay=draw.delay)
    if draw.kind == "timeout":
        return attrs.evolve(answer, error=answer.error or "timeout")
    if draw.kind == "malformed":
        broken = (
            answer.body[: max(1, len(answer.body) // 2)] if draw.truncate else b'{"get":"' + b"<html>\x00"
        )
        return attrs.evolve(answer, body=broken, error="malformed")
    return answer


_MINUTE_429 = "You have reached your per-minute request limit. Please slow down your requests."


def _status(state: SimState, requested: str, params: Mapping[str, str], plan: Plan, used: int) -> _Answer:
    now = state.world.now()
    response: list[Any] | dict[str, Any] = []
    if used < plan.per_day:
        response = {
            "account": {"firstname": "Sim", "lastname": "Ulator", "email": "simulator@example.com"},
            "subscription": {
                "plan": plan.name,
                "end": (now.date() + timedelta(days=365)).isoformat() + "T00:00:00+00:00",
                "active": True,
            },
            "requests": {"current": used, "limit_day": plan.per_day},
        }
    body = envelope(get=requested, params=params, response=response, paging=True, results=0)
    return _Answer(status=200, body=dumps(body))


def _refusal(
    state: SimState,
    api: SimApi,
    requested: str,
    params: Mapping[str, str],
    verdict: QuotaVerdict,
    *,
    paging: bool,
) -> _Answer:
    faults = state.config.faults
    roll = derive_rng(state.config.seed, "refusal", state.log.next_seq()).random()
    dashboard = api.texts.dashboard_url
    headers = verdict.headers()
    if verdict.refused == "day":
        if roll < faults.quota429:
            text = (
                "Too many requests. You have reached your daily request limit. "
                f"Go to {dashboard} to upgrade your plan."
            )
            return _error(
                requested, params, {"rateLimit": text}, "requests", paging=paging, status=429, headers=headers
            )
        text = f"You have reached the request limit for the day, Go to {dashboard} to upgrade your plan."
        return _error(requested, params, {"requests": text}, "requests", paging=paging, headers=headers)
    if roll < faults.ratelimit429:
        return _error(
            requested,
            params,
            {"rateLimit": _MINUTE_429},
            "rateLimit",
            paging=paging,
            status=429,
            headers=headers,
        )
    text = f"Too many requests. Your rate limit is {verdict.minute_limit} requests per minute."
    return _error(requested, params, {"rateLimit": text}, "rateLimit", paging=paging, headers=headers)


def _dispatch(
    state: SimState,
    sport: str,
    requested: str,
    endpoint: str,
    params: dict[str, str],
    *,
    plan: Plan,
    paging: bool,
) -> _Answer:
    route = state.routes.get((sport, endpoint))
    page_raw = params.get("page")

    def rejected(errors: Mapping[str, str], kind: str, *, status: int = 200) -> _Answer:
        return _error(requested, params, errors, kind, paging=paging, status=status)

    if route is None:
        return rejected({"endpoint": f"The endpoint '{endpoint}' does not exist."}, "not_found", status=404)
    unknown = {
        p: f"The {field_label(p)} field do not exist."
        for p in params
        if p not in route.params and not (p == "page" and route.page_size)
    }
    if unknown:
        return rejected(unknown, "param")
    if route.needs_params and not params:
        return rejected({"required": "At least one parameter is required."}, "param")
    page = 1
    if route.page_size and page_raw is not None:
        if not page_raw.isdigit() or int(page_raw) < 1:
            return rejected({"page": "The Page field must contain an integer greater than 0."}, "param")
        page = int(page_raw)
    req = SimRequest(
        sport=sport,
        endpoint=endpoint,
        params={k: v for k, v in params.items() if k != "page"},
        world=state.world,
        now=state.world.now(),
        plan=plan,
    )
    try:
        _gate_free_plan(req)
        result = route.handler(req)
    except SimRequestError as exc:
        return rejected(exc.errors, exc.kind)
    pages = 1
    if route.page_size and isinstance(result, list):
        pages = max(1, math.ceil(len(result) / route.page_size))
        if page > pages:
            return rejected({"page": f"The Page field must be between 1 and {pages}."}, "param")
        result = result[(page - 1) * route.page_size : page * route.page_size]
    body = envelope(get=requested, params=params, response=result, paging=paging, page=page, pages=pages)
    return _Answer(status=200, body=dumps(body))


def _gate_free_plan(req: SimRequest) -> None:
    if not req.plan.free:
        return
    for name in ("ids", "last"):
        if req.has(name):
            raise SimRequestError(
                {"plan": f"Free plans do not have access to the {field_label(name)} parameter."}
            )
    raw_season = req.get("season")
    if raw_season is not None and raw_season.isdigit() and len(raw_season) == 4:
        league = req.get("league")
        league_key = None
        if league is not None:
            found = req.world.league(req.sport, league)
            league_key = found.key if found is not None else None
        req.check_season(int(raw_season), league_key)
    for name in ("date", "from", "to"):
        try:
            day = req.date_param(name)
        except SimRequestError:
            continue  # the handler reports the bad value
        if day is not None:
            req.check_day(day)
