# The public names of scoracle_core.sim: type checkers read them here, and lazy_loader loads each
# from its module on first use (see __init__.py).
from .api import ApiTexts, Endpoint, SimApi, SimRequest, SimRequestError
from .app import make_app
from .clocks import ShiftedClock
from .config import PLANS, Plan, SimConfig, plan_named
from .faults import FaultKind, Faults, parse_faults
from .log import LoggedRequest, RequestLog, key_label
from .schedule import populate
from .server import Simulator
from .shape import same_shape, shape_diff
from .truth import BoxScore, PlayerLine, TeamLine
from .world import (
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
