"""Scoracle: schedule-driven, quota-aware seeding of sports statistics from API-Sports.

The public API is what ``__all__`` lists; everything else is an implementation detail.
"""

from scoracle_core.errors import ScoracleError
from scoracle_core.hookspecs import hookimpl
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
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.sport import League, SportAdapter
from scoracle_core.store import Store, open_store
from scoracle_core.teams import TeamResolver

__version__ = "0.1.0"

__all__ = [
    "ApiCall",
    "Game",
    "GameStatus",
    "League",
    "Player",
    "PlayerGameStats",
    "PlayerSeasonStats",
    "RosterEntry",
    "ScoracleError",
    "SeedTask",
    "SportAdapter",
    "Sports",
    "Store",
    "Strategy",
    "SyncRun",
    "TaskStatus",
    "Team",
    "TeamGameStats",
    "TeamResolver",
    "TeamSeasonStats",
    "__version__",
    "hookimpl",
    "load_plugins",
    "open_store",
]
