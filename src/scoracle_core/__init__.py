"""Scoracle: schedule-driven, quota-aware seeding of sports statistics from API-Sports.

The public API is what ``__all__`` lists; everything else is an implementation detail.
"""

from scoracle_core.api import aplan_seeds, arun_seeds, plan_seeds, run_seeds
from scoracle_core.clock import Clock, SystemClock, VirtualClock
from scoracle_core.errors import ScoracleError
from scoracle_core.hookspecs import hookimpl
from scoracle_core.ingest import IngestReport, aingest_schedule, ingest_schedule
from scoracle_core.model import (
    ApiCall,
    Game,
    GameStatus,
    Player,
    PlayerGameStats,
    PlayerSeasonStats,
    RosterEntry,
    SeedTask,
    Strategy,
    SyncRun,
    TaskStatus,
    Team,
    TeamGameStats,
    TeamSeasonStats,
)
from scoracle_core.plan import Plan, PlanConfig
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.sport import League, SportAdapter
from scoracle_core.store import Store, open_store
from scoracle_core.teams import TeamResolver
from scoracle_core.worker import RunReport, WorkerConfig

__version__ = "0.1.0"

__all__ = [
    "ApiCall",
    "Clock",
    "Game",
    "GameStatus",
    "IngestReport",
    "League",
    "Plan",
    "PlanConfig",
    "Player",
    "PlayerGameStats",
    "PlayerSeasonStats",
    "RosterEntry",
    "RunReport",
    "ScoracleError",
    "SeedTask",
    "SportAdapter",
    "Sports",
    "Store",
    "Strategy",
    "SyncRun",
    "SystemClock",
    "TaskStatus",
    "Team",
    "TeamGameStats",
    "TeamResolver",
    "TeamSeasonStats",
    "VirtualClock",
    "WorkerConfig",
    "__version__",
    "aingest_schedule",
    "aplan_seeds",
    "arun_seeds",
    "hookimpl",
    "ingest_schedule",
    "load_plugins",
    "open_store",
    "plan_seeds",
    "run_seeds",
]
