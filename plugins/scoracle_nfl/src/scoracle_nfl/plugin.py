"""Entry point of the ``scoracle`` group: registers the NFL and its schedule formats."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from scoracle_core import hookimpl
from scoracle_core.ingest.formats import ScheduleFormat
from scoracle_core.sport import SportAdapter
from scoracle_nfl.apiformat import ApiSportsJson
from scoracle_nfl.formats import make_formats
from scoracle_nfl.sport import make_sport

if TYPE_CHECKING:
    from scoracle_core.sim.api import SimApi


@hookimpl
def register_sports(register: Callable[[SportAdapter], None]) -> None:
    """Register the NFL."""
    register(make_sport())


@hookimpl
def register_schedule_formats(register: Callable[[ScheduleFormat], None]) -> None:
    """Register ``nfl-nflverse-csv``, ``nfl-fullnames-csv`` and ``nfl-apisports-json``."""
    for fmt in make_formats():
        register(fmt)
    register(ApiSportsJson())


@hookimpl
def register_sim_apis(register: Callable[[SimApi], None]) -> None:
    """Register the simulated API-American-Football v1 (NFL) host."""
    from scoracle_nfl.sim import make_sim_api

    register(make_sim_api())
