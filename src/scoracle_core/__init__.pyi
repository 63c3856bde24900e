# The public names of scoracle_core: type checkers read them here, and lazy_loader loads each
# from its module on first use (see __init__.py).
from .api import aplan_seeds, arun_seeds, plan_seeds, run_seeds
from .clock import Clock, SystemClock, VirtualClock
from .errors import ScoracleError
from .hookspecs import hookimpl
from .ingest import IngestReport, aingest_schedule, ingest_schedule
from .model import (
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
from .plan import Plan, PlanConfig
from .plugins import Sports, load_plugins
from .sport import League, SportAdapter
from .store import Store, open_store
from .teams import TeamResolver
from .worker import RunReport, WorkerConfig

__version__: str

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
