"""The API-Sports simulator: NBA v2, American-Football v1 (NFL) and Football v3 on one loopback server.

A faithful stand-in for the real hosts — envelope, rate-limit headers, quotas, paging, the
documented error quirks (HTTP 200 with ``errors``), plans, fault injection — over seeded,
deterministic data: the plugins' real team catalogs, generated rosters, the games you add, and
box scores generated per game. Each sport plugin contributes its endpoints through the
``register_sim_apis(register)`` hook; this package holds what every host shares.

Typical use in a test::

    clock = VirtualClock(datetime(2024, 11, 5, tzinfo=UTC))
    async with Simulator(SimConfig(seed=1, clock=clock)) as sim:
        [game] = sim.world.add_games([("nba", "standard", 2024, "nba:bos", "nba:lal", tip_off)])
        clock.advance(timedelta(hours=4))
        async with aiohttp.ClientSession(headers={"x-apisports-key": "demo"}) as http:
            body = await (await http.get(f"{sim.base_urls['nba']}/players/statistics",
                                         params={"game": game.api_id})).json()
        truth = sim.world.truth_player_lines(game.api_id)

``scoracle_core.sim.testing`` has a tiny fake sport (no plugins needed) and a one-call ``get``.

Public API: :class:`SimConfig`, :class:`Plan`/:data:`PLANS`, :class:`Faults`/:func:`parse_faults`,
:class:`World` and its values (:class:`SimTeam`, :class:`SimPlayer`, :class:`SimGame`,
:class:`GameSpec`, :class:`GameState`, :class:`Phase`), the truth values (:class:`BoxScore`,
:class:`PlayerLine`, :class:`TeamLine`), :class:`Simulator`, :func:`make_app`,
:class:`RequestLog`/:class:`LoggedRequest`/:func:`key_label`, and for plugins :class:`SimApi`,
:class:`Endpoint`, :class:`SimRequest`, :class:`SimRequestError`, :class:`ApiTexts`.
"""

from scoracle_core.sim.api import ApiTexts, Endpoint, SimApi, SimRequest, SimRequestError
from scoracle_core.sim.app import make_app
from scoracle_core.sim.clocks import ShiftedClock
from scoracle_core.sim.config import PLANS, Plan, SimConfig, plan_named
from scoracle_core.sim.faults import FaultKind, Faults, parse_faults
from scoracle_core.sim.log import LoggedRequest, RequestLog, key_label
from scoracle_core.sim.schedule import populate
from scoracle_core.sim.server import Simulator
from scoracle_core.sim.shape import same_shape, shape_diff
from scoracle_core.sim.truth import BoxScore, PlayerLine, TeamLine
from scoracle_core.sim.world import (
    GameSpec,
    GameState,
    Phase,
    SimGame,
    SimPlayer,
    SimTeam,
    World,
    player_api_id,
)

__all__ = [
    "PLANS",
    "ApiTexts",
    "BoxScore",
    "Endpoint",
    "FaultKind",
    "Faults",
    "GameSpec",
    "GameState",
    "LoggedRequest",
    "Phase",
    "Plan",
    "PlayerLine",
    "RequestLog",
    "ShiftedClock",
    "SimApi",
    "SimConfig",
    "SimGame",
    "SimPlayer",
    "SimRequest",
    "SimRequestError",
    "SimTeam",
    "Simulator",
    "TeamLine",
    "World",
    "key_label",
    "make_app",
    "parse_faults",
    "plan_named",
    "player_api_id",
    "populate",
    "same_shape",
    "shape_diff",
]
