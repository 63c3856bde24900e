"""Entry point of the ``scoracle`` group: registers the NBA and its schedule formats."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from scoracle_core import hookimpl
from scoracle_core.ingest.formats import ScheduleFormat
from scoracle_core.sport import SportAdapter
from scoracle_nba.apiformat import ApiSportsJson
from scoracle_nba.formats import make_formats
from scoracle_nba.sport import make_sport

if TYPE_CHECKING:
    from scoracle_core.sim.api import SimApi


@hookimpl
def register_sports(register: Callable[[SportAdapter], None]) -> None:
    """Register the NBA."""
    register(make_sport())


@hookimpl
def register_schedule_formats(register: Callable[[ScheduleFormat], None]) -> None:
    """Register ``nba-bbref-csv``, ``nba-fixturedownload-csv``, ``nba-com-csv`` and ``nba-apisports-json``."""
    for fmt in make_formats():
        register(fmt)
    register(ApiSportsJson())


@hookimpl
def register_sim_apis(register: Callable[[SimApi], None]) -> None:
    """Register the simulated API-NBA v2 host."""
    from scoracle_nba.sim import make_sim_api

    register(make_sim_api())
