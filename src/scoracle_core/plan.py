"""Planning: one seed task per game, due a few hours after the start, within the API budget.

:func:`build_plan` is pure (games + plugins + config + "now" → :class:`Plan`);
:func:`aplan_seeds` loads the games from the store, builds the plan and writes the tasks
(idempotently: re-planning a rescheduled game moves its pending task).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

import attrs

from scoracle_core.model import Game, GameStatus, SeedTask, Strategy
from scoracle_core.plugins import Sports
from scoracle_core.seeding import StrategySpec, stats_source
from scoracle_core.sport import League
from scoracle_core.store.base import GameQuery, Store, TaskUpsertResult

__all__ = [
    "Plan",
    "PlanConfig",
    "PlannedTask",
    "aplan_seeds",
    "build_plan",
    "compare_strategies",
    "due_at",
    "estimate_calls",
    "seed_delay",
]

_CHEAPEST_FIRST = (Strategy.GAME, Strategy.BOXSCORE, Strategy.ROSTER, Strategy.BLANKET)


def seed_delay(league: League) -> timedelta:
    """How long after a game's start its seed task is due: the league's ``seed_delay``
    (start + typical duration + the time API-Sports needs to publish final stats)."""
    return league.seed_delay


def due_at(game: Game, league: League, delay: timedelta | None = None) -> datetime:
    """When the seed task of ``game`` is due (UTC): its start plus the given delay, else
    :func:`seed_delay`."""
    return game.start_at + (delay if delay is not None else seed_delay(league))


@attrs.frozen(kw_only=True)
class PlanConfig:
    """Knobs of the planner."""

    #: Delay after the start, by sport key or "sport/league"; else the league's ``seed_delay``.
    delays: Mapping[str, timedelta] = attrs.field(factory=dict)
    strategy: Strategy | None = None  # force one strategy; else the cheapest supported
    daily_quota: int | None = None  # calls per day per sport (the key's plan); None: no budget check
    warn_ratio: float = 0.8
    max_attempts: int = 5
    playoff_priority: int = 10
    #: Strategies that batch several games a call (football ``fixtures?ids``) get their due
    #: times rounded up to this grid, so that games ending close together are seeded together.
    batch_slot: timedelta = timedelta(hours=3)

    def delay_for(self, sport: str, league: str) -> timedelta | None:
        """The configured delay, most specific first."""
        return self.delays.get(f"{sport}/{league}") or self.delays.get(sport)


@attrs.frozen(kw_only=True)
class PlannedTask:
    """A task with the game it seeds and its estimated cost."""

    task: SeedTask
    game: Game
    deferred: bool = False


def estimate_calls(spec: StrategySpec, games_by_day: Mapping[Any, int]) -> float:
    """Calls a strategy spends on days with the given numbers of games.

    Per day: the shared listing (``calls_per_day``) plus the per-game calls; batching strategies
    pay per batch of ``batch_size`` games.
    """
    total = 0.0
    for count in games_by_day.values():
        if count <= 0:
            continue
        per_games = (
            math.ceil(count / spec.batch_size) * spec.calls_per_game
            if spec.batch_size > 1
            else count * spec.calls_per_game
        )
        total += spec.calls_per_day + per_games
    return total


def compare_strategies(games: Iterable[Game], sports: Sports) -> list[dict[str, Any]]:
    """The plan's "API call reduction" table for these games (any status): per sport, the
    estimated calls of every supported strategy, and each one's saving against blanket."""
    by_sport: dict[str, dict[tuple[str, date], int]] = defaultdict(lambda: defaultdict(int))
    for game in games:
        by_sport[game.sport][(game.league, game.start_date)] += 1
    rows: list[dict[str, Any]] = []
    for sport, per_day in sorted(by_sport.items()):
        source = stats_source(sports.get(sport))
        specs = source.strategies() if source else {}
        blanket = estimate_calls(specs[Strategy.BLANKET], per_day) if Strategy.BLANKET in specs else None
        for strategy in _CHEAPEST_FIRST:
            if strategy not in specs:
                continue
            calls = estimate_calls(specs[strategy], per_day)
            rows.append(
                {
                    "sport": sport,
                    "strategy": str(strategy),
                    "games": sum(per_day.values()),
                    "game_days": len(per_day),
                    "calls": round(calls),
                    "calls_per_game": calls / max(1, sum(per_day.values())),
                    "reduction_vs_blanket": (1 - calls / blanket) if blanket else None,
                    "description": specs[strategy].description,
                }
            )
    return rows


@attrs.frozen(kw_only=True)
class Plan:
    """What planning would do or did: tasks, call estimates per strategy, budget warnings."""

    tasks: tuple[PlannedTask, ...]
    #: sport → strategy → estimated calls for these games.
    estimates: Mapping[str, Mapping[Strategy, float]]
    chosen: Mapping[str, Strategy]
    #: (sport, UTC day) → estimated calls of the chosen strategy.
    daily: Mapping[tuple[str, date], float]
    warnings: tuple[str, ...] = ()
    written: TaskUpsertResult | None = None

    @property
    def deferred(self) -> int:
        """Tasks moved to a later day to keep within the daily quota."""
        return sum(1 for t in self.tasks if t.deferred)

    def rows(self) -> list[dict[str, Any]]:
        """One summary row per sport (games, strategy, estimated calls of each strategy)."""
        counts: dict[str, int] = defaultdict(int)
        for planned in self.tasks:
            counts[planned.game.sport] += 1
        rows = []
        for sport, per_strategy in sorted(self.estimates.items()):
            row: dict[str, Any] = {
                "sport": sport,
                "games": counts[sport],
                "strategy": str(self.chosen[sport]),
            }
            for strategy in _CHEAPEST_FIRST:
                row[str(strategy)] = round(per_strategy[strategy]) if strategy in per_strategy else None
            blanket = per_strategy.get(Strategy.BLANKET)
            chosen = per_strategy[self.chosen[sport]]
            row["reduction_vs_blanket"] = (1 - chosen / blanket) if blanket else None
            rows.append(row)
        return rows

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {
            "tasks": len(self.tasks),
            "deferred": self.deferred,
            "warnings": list(self.warnings),
            "sports": self.rows(),
            "written": attrs.asdict(self.written) if self.written else None,
        }

    def _repr_html_(self) -> str:
        rows = self.rows()
        if not rows:
            return "<p>empty plan</p>"
        head = "".join(f"<th>{k}</th>" for k in rows[0])
        body = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in r.values()) + "</tr>" for r in rows)
        warn = "".join(f"<p>⚠ {w}</p>" for w in self.warnings)
        return f"<table><tr>{head}</tr>{body}</table>{warn}"


def build_plan(games: Iterable[Game], sports: Sports, *, config: PlanConfig | None = None) -> Plan:
    """One task per schedulable game (pure). Picks strategies, estimates calls, keeps the budget."""
    config = config or PlanConfig()
    by_sport: dict[str, list[Game]] = defaultdict(list)
    for game in games:
        if game.id is not None and game.status in (GameStatus.SCHEDULED, GameStatus.IN_PROGRESS):
            by_sport[game.sport].append(game)
    tasks: list[PlannedTask] = []
    estimates: dict[str, dict[Strategy, float]] = {}
    chosen: dict[str, Strategy] = {}
    daily: dict[tuple[str, date], float] = {}
    warnings: list[str] = []
    for sport, sport_games in sorted(by_sport.items()):
        adapter = sports.get(sport)
        source = stats_source(adapter)
        specs: Mapping[Strategy, StrategySpec] = source.strategies() if source else {}
        per_day: dict[tuple[str, date], int] = defaultdict(int)
        for game in sport_games:
            per_day[(game.league, game.start_date)] += 1
        estimates[sport] = {s: estimate_calls(spec, per_day) for s, spec in specs.items()}
        strategy = _pick(specs, config.strategy, per_day)
        chosen[sport] = strategy
        spec = specs.get(strategy)
        slot = config.batch_slot if spec is not None and spec.batch_size > 1 else None
        sport_tasks = [_task(game, sports, strategy, config, slot) for game in sport_games]
        sport_tasks, sport_daily, sport_warnings = _budget(sport, sport_tasks, spec, config)
        tasks.extend(sport_tasks)
        daily.update(sport_daily)
        warnings.extend(sport_warnings)
    return Plan(tasks=tuple(tasks), estimates=estimates, chosen=chosen, daily=daily, warnings=tuple(warnings))


def _pick(
    specs: Mapping[Strategy, StrategySpec], forced: Strategy | None, per_day: Mapping[Any, int]
) -> Strategy:
    if forced is not None:
        return forced
    if not specs:
        return Strategy.GAME
    return min(specs, key=lambda s: (estimate_calls(specs[s], per_day), _CHEAPEST_FIRST.index(s)))


def _round_up(when: datetime, slot: timedelta) -> datetime:
    """``when`` rounded up to a multiple of ``slot`` since the Unix epoch (UTC)."""
    epoch = datetime(1970, 1, 1, tzinfo=when.tzinfo)
    steps = -(-(when - epoch) // slot)
    return epoch + steps * slot


def _task(
    game: Game, sports: Sports, strategy: Strategy, config: PlanConfig, slot: timedelta | None
) -> PlannedTask:
    league = sports.league(game.sport, game.league)
    due = due_at(game, league, config.delay_for(game.sport, game.league))
    if slot:
        due = _round_up(due, slot)
    priority = config.playoff_priority if game.game_type not in ("regular", "") else 0
    assert game.id is not None
    task = SeedTask(
        game_id=game.id,
        sport=game.sport,
        league=game.league,
        season=game.season,
        due_at=due,
        strategy=strategy,
        priority=priority,
        max_attempts=config.max_attempts,
    )
    return PlannedTask(task=task, game=game)


def _budget(
    sport: str, tasks: list[PlannedTask], spec: StrategySpec | None, config: PlanConfig
) -> tuple[list[PlannedTask], dict[tuple[str, date], float], list[str]]:
    """Estimate each due day's calls; defer lower-priority tasks of days over the quota."""
    if spec is None:
        return tasks, {}, []
    by_day: dict[date, list[PlannedTask]] = defaultdict(list)
    for planned in tasks:
        by_day[planned.task.due_at.date()].append(planned)
    daily: dict[tuple[str, date], float] = {}
    warnings: list[str] = []
    result: list[PlannedTask] = []
    carry: list[PlannedTask] = []
    for day in sorted(set(by_day) | {t.task.due_at.date() for t in carry}):
        todays = carry + by_day.get(day, [])
        carry = []
        todays.sort(key=lambda t: (-t.task.priority, t.task.due_at, t.task.game_id))
        leagues: dict[str, int] = defaultdict(int)
        spent = 0.0
        for planned in todays:
            leagues[planned.game.league] += 1
            cost = estimate_calls(spec, leagues)
            if config.daily_quota is not None and cost > config.daily_quota and spent > 0:
                leagues[planned.game.league] -= 1
                next_day = datetime.combine(
                    day + timedelta(days=1), datetime.min.time(), planned.task.due_at.tzinfo
                )
                carry.append(
                    attrs.evolve(
                        planned,
                        task=attrs.evolve(planned.task, due_at=max(next_day, planned.task.due_at)),
                        deferred=True,
                    )
                )
                continue
            spent = cost
            result.append(planned)
        daily[(sport, day)] = spent
        if config.daily_quota and spent > config.warn_ratio * config.daily_quota:
            warnings.append(
                f"{sport} {day}: an estimated {spent:.0f} calls is {spent / config.daily_quota:.0%} "
                f"of the daily quota ({config.daily_quota})"
            )
    if carry:
        result.extend(carry)
        warnings.append(
            f"{sport}: {len(carry)} task(s) deferred past the planned days to keep within the quota"
        )
    deferred = sum(1 for t in result if t.deferred)
    if deferred:
        warnings.append(
            f"{sport}: {deferred} lower-priority task(s) deferred to a later day to stay within the quota"
        )
    return result, daily, warnings


async def aplan_seeds(
    store: Store,
    sports: Sports,
    *,
    sport: str | None = None,
    league: str | None = None,
    season: int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    config: PlanConfig | None = None,
    dry_run: bool = False,
) -> Plan:
    """Plan seed tasks for the stored games matching the filters, and write them.

    Idempotent: planning twice writes nothing new; a rescheduled game's *pending* task moves
    with it; running or finished tasks are left alone. ``dry_run`` returns the plan unwritten.
    """
    games = await store.find_games(
        GameQuery(
            sport=sport,
            league=league,
            season=season,
            start_from=start,
            start_before=end,
            statuses=(GameStatus.SCHEDULED, GameStatus.IN_PROGRESS),
        )
    )
    plan = build_plan(games, sports, config=config)
    if dry_run or not plan.tasks:
        return plan
    written = await store.upsert_tasks([planned.task for planned in plan.tasks])
    return attrs.evolve(plan, written=written)
