"""Entry point of the ``scoracle`` group: registers football and its schedule formats."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from scoracle_core import hookimpl
from scoracle_core.ingest.formats import ScheduleFormat
from scoracle_core.sport import SportAdapter
from scoracle_football.apiformat import ApiSportsJson
from scoracle_football.formats import FORMATS
from scoracle_football.sport import LEAGUES, make_sport

if TYPE_CHECKING:
    from scoracle_core.sim.api import SimApi


@hookimpl
def register_sports(register: Callable[[SportAdapter], None]) -> None:
    """Register football (six leagues)."""
    register(make_sport())


@hookimpl
def register_schedule_formats(register: Callable[[ScheduleFormat], None]) -> None:
    """Register openfootball JSON, Football.TXT, football-data.co.uk CSV, gutormin CSV and the saved
    API-Football ``fixtures`` answer (``football-apisports-json``)."""
    for fmt in FORMATS:
        register(fmt)
    register(ApiSportsJson(LEAGUES))


@hookimpl
def register_sim_apis(register: Callable[[SimApi], None]) -> None:
    """Register the simulated API-Football v3 host."""
    from scoracle_football.sim import make_sim_api

    register(make_sim_api())
