"""What a sport plugin gives the simulator: the :class:`SimApi` protocol and its helpers.

A plugin registers one :class:`SimApi` per sport through the ``register_sim_apis(register)``
hook. The core does everything that is the same for every API-Sports host — authentication,
quotas and their headers, faults, the request log, the envelope, paging, unknown parameters and
free-plan gating — and calls the plugin only for:

* its **endpoints**: each an :class:`Endpoint` with the parameters it accepts and a pure
  handler ``(SimRequest) -> list | dict`` building the ``response`` part of the body;
* its **world data**: a team's generated roster and a game's box score (the truth), both
  from an RNG the core derives from the seed, so they are deterministic;
* a few **facts**: game duration, whether bodies carry ``paging``, the URLs quoted in error
  messages, and an optional bundled schedule.

A handler rejects a request by raising :class:`SimRequestError` (``errors.<param>``,
``errors.plan`` …); :class:`SimRequest` has helpers that raise it with the provider's wording.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import attrs

from scoracle_core.sim.config import Plan
from scoracle_core.sim.truth import BoxScore
from scoracle_core.sim.world import GameSpec, SimGame, SimPlayer, SimTeam, World

if TYPE_CHECKING:
    from scoracle_core.model import Game

__all__ = ["ApiTexts", "Endpoint", "Handler", "SimApi", "SimRequest", "SimRequestError", "field_label"]


def field_label(name: str) -> str:
    """How the provider names a parameter in messages: ``"date"`` → ``"Date"``."""
    return name[:1].upper() + name[1:]


class SimRequestError(Exception):
    """Raised by a handler to answer HTTP 200 with ``errors`` = ``errors`` and no data."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = dict(errors)

    @property
    def kind(self) -> str:
        """``"plan"`` for a plan refusal, else ``"param"``."""
        return "plan" if "plan" in self.errors else "param"


@attrs.frozen(kw_only=True)
class ApiTexts:
    """URLs the provider quotes in its error messages."""

    docs_url: str  # wrong key: "Go to <docs_url> to learn how to get your API application key."
    dashboard_url: str  # daily quota: "Go to <dashboard_url> to upgrade your plan."


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@attrs.frozen(kw_only=True)
class SimRequest:
    """One validated request, as a handler sees it."""

    sport: str
    endpoint: str  # "games/statistics": no base path, no slashes around
    params: Mapping[str, str]
    world: World
    now: datetime
    plan: Plan

    def get(self, name: str) -> str | None:
        """A parameter's raw value, or ``None``."""
        return self.params.get(name)

    def has(self, name: str) -> bool:
        """Whether the parameter was sent."""
        return name in self.params

    def error(self, name: str, message: str) -> SimRequestError:
        """An ``errors.<name>`` rejection to raise."""
        return SimRequestError({name: message})

    def require(self, *names: str) -> None:
        """Every one of ``names`` must be present: ``{"fixture": "The Fixture field is required."}``."""
        missing = {n: f"The {field_label(n)} field is required." for n in names if n not in self.params}
        if missing:
            raise SimRequestError(missing)

    def require_any(self, *names: str) -> None:
        """At least one of ``names`` must be present."""
        if not any(n in self.params for n in names):
            listed = ", ".join(field_label(n) for n in names)
            raise SimRequestError(
                {"required": f"At least one of the following parameters is required: {listed}."}
            )

    def int_param(self, name: str, *, required: bool = False) -> int | None:
        """An integer parameter (``errors.<name>`` when it is not one)."""
        raw = self.params.get(name)
        if raw is None:
            if required:
                self.require(name)
            return None
        if not raw.strip().isdigit():
            raise self.error(name, f"The {field_label(name)} field must contain an integer.")
        return int(raw)

    def season_param(self, *, required: bool = False) -> int | None:
        """The ``season`` parameter: 4 digits."""
        raw = self.params.get("season")
        if raw is None:
            if required:
                self.require("season")
            return None
        if not re.fullmatch(r"\d{4}", raw.strip()):
            raise self.error("season", "The Season field must contain 4 digits.")
        return int(raw)

    def date_param(self, name: str = "date") -> date | None:
        """A ``YYYY-MM-DD`` parameter (the provider's message when it is not one)."""
        raw = self.params.get(name)
        if raw is None:
            return None
        try:
            if not _DATE.match(raw):
                raise ValueError(raw)
            return date.fromisoformat(raw)
        except ValueError:
            raise self.error(
                name, f"The {field_label(name)} field must contain a valid date: Y-m-d"
            ) from None

    def ids_param(self, name: str = "ids", *, limit: int = 20) -> list[int]:
        """Dash-separated integer ids (``1-2-3``), at most ``limit`` of them."""
        raw = self.params.get(name, "")
        parts = raw.split("-")
        if not raw or not all(p.isdigit() for p in parts):
            raise self.error(
                name, f"The {field_label(name)} field must contain ids separated by a dash: 1-2-3."
            )
        if len(parts) > limit:
            raise self.error(name, f"Maximum of {limit} ids allowed.")
        return [int(p) for p in parts]

    # -- free-plan gating ---------------------------------------------------------------------
    def check_season(self, season: int, league: str | None = None) -> None:
        """Free plans: only the three seasons before the current one (``errors.plan``)."""
        if not self.plan.free:
            return
        current = self.world.current_season(self.sport, league)
        if not current - 3 <= season <= current - 1:
            window = f"try from {current - 3} to {current - 1}"
            raise SimRequestError({"plan": f"Free plans do not have access to this season, {window}."})

    def check_day(self, day: date) -> None:
        """Free plans: only yesterday, today and tomorrow (``errors.plan``)."""
        if not self.plan.free:
            return
        today = self.now.date()
        low, high = today - timedelta(days=1), today + timedelta(days=1)
        if not low <= day <= high:
            window = f"try from {low.isoformat()} to {high.isoformat()}"
            raise SimRequestError({"plan": f"Free plans do not have access to this date, {window}."})

    def check_game(self, game: SimGame) -> None:
        """Free plans: a game of a refused season is refused too."""
        self.check_season(game.season, game.league)


Handler = Callable[[SimRequest], "list[Any] | dict[str, Any]"]


def _names(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


@attrs.frozen(kw_only=True)
class Endpoint:
    """One route of an API.

    ``params`` are the parameter names the endpoint knows (any other gets
    ``errors.<param>`` "The X field do not exist."); ``page_size`` makes it paged (the core
    slices the handler's list and accepts ``page``); ``needs_params`` refuses a bare call.
    """

    path: str  # "games", "games/statistics"
    params: frozenset[str] = attrs.field(converter=_names)
    handler: Handler
    page_size: int | None = None
    needs_params: bool = False


@runtime_checkable
class SimApi(Protocol):
    """One sport's simulated API-Sports host (registered through ``register_sim_apis``)."""

    @property
    def sport(self) -> str:
        """The sport key, the same as the :class:`~scoracle_core.sport.SportAdapter`'s."""
        ...

    @property
    def paging(self) -> bool:
        """Whether every body carries ``paging`` (API-Football) or only ``/status`` does."""
        ...

    @property
    def texts(self) -> ApiTexts:
        """URLs quoted in error messages."""
        ...

    @property
    def game_duration(self) -> timedelta:
        """Start to final: how long a game is live."""
        ...

    def endpoints(self) -> Sequence[Endpoint]:
        """Every route except ``/status`` (the core answers it)."""
        ...

    def roster(self, team: SimTeam, rng: random.Random) -> Sequence[SimPlayer]:
        """Generate a team's roster (ids from :func:`~scoracle_core.sim.world.player_api_id`)."""
        ...

    def box_score(
        self, game: SimGame, home: Sequence[SimPlayer], away: Sequence[SimPlayer], rng: random.Random
    ) -> BoxScore:
        """Generate the final box score of a game from the two rosters."""
        ...

    def bundled_schedule(self) -> Iterable[Game | GameSpec] | None:
        """The games of the plugin's bundled schedules, or ``None`` when it ships none."""
        ...
