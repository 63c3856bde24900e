"""Planning and running seeds end to end on a fake sport: due times, snoozes, retries, fallbacks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from scoracle_core.clock import VirtualClock
from scoracle_core.model import Game, GameStatus, Strategy, TaskStatus
from scoracle_core.plan import PlanConfig, aplan_seeds, build_plan
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.store.base import Store, TaskQuery
from scoracle_core.store.sqlite import SQLiteStore
from scoracle_core.testing.fakes import FakeFetch, FakeSport, fake_plugin
from scoracle_core.worker import PAUSE_KEY, Worker, WorkerConfig

pytestmark = pytest.mark.anyio

T0 = datetime(2025, 3, 1, 18, 0, tzinfo=UTC)


class World:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.clock = VirtualClock(T0 - timedelta(hours=1))
        self.sport = FakeSport(self.clock)
        self.sports: Sports = load_plugins(entry_points=False, plugins=[fake_plugin(self.sport)])
        self.fetch = FakeFetch()

    async def add_games(self, *pairs: tuple[str, str, datetime]) -> list[Game]:
        games = [
            Game(
                sport="fake",
                league="main",
                season=2025,
                home_team_id=f"fake:{h}",
                away_team_id=f"fake:{a}",
                start_at=start,
            )
            for h, a, start in pairs
        ]
        catalog = self.sport.catalog()
        for game in games:
            home, away = catalog.get(game.home_team_id), catalog.get(game.away_team_id)
            assert home.api_id is not None
            assert away.api_id is not None
            self.sport.stats.schedule(home.api_id, away.api_id, game.start_at)
        return await self.store.upsert_games(games)

    def worker(self, **config: object) -> Worker:
        return Worker(
            store=self.store,
            sports=self.sports,
            fetch_for=lambda sport: self.fetch,
            clock=self.clock,
            config=WorkerConfig(**config),  # type: ignore[arg-type]
            calls_made=lambda: self.fetch.total,
        )


@pytest.fixture
async def world() -> AsyncIterator[World]:
    store = await SQLiteStore.open("sqlite:///:memory:")
    try:
        yield World(store)
    finally:
        await store.close()


async def test_plan_creates_one_task_per_game_due_after_the_delay(world: World) -> None:
    """Each game gets one task, due at start + the league's delay; planning twice adds nothing."""
    games = await world.add_games(("red", "blue", T0), ("green", "gold", T0 + timedelta(hours=1)))
    plan = await aplan_seeds(world.store, world.sports, sport="fake")
    assert plan.written is not None
    assert plan.written.inserted == 2
    tasks = await world.store.find_tasks(TaskQuery(sport="fake"))
    assert [t.due_at for t in tasks] == [g.start_at + timedelta(hours=4) for g in games]
    again = await aplan_seeds(world.store, world.sports, sport="fake")
    assert again.written is not None
    assert again.written.inserted == 0


async def test_plan_picks_the_cheapest_strategy_and_estimates_each(world: World) -> None:
    """The game strategy wins; the estimate table has every supported strategy."""
    games = await world.add_games(("red", "blue", T0), ("green", "gold", T0))
    plan = build_plan(games, world.sports)
    assert plan.chosen["fake"] is Strategy.GAME
    # one shared listing + one call per game; blanket: 4 teams x 6 entities per game day
    assert plan.estimates["fake"][Strategy.GAME] == 3
    assert plan.estimates["fake"][Strategy.BLANKET] == 24
    row = plan.rows()[0]
    assert row["reduction_vs_blanket"] == pytest.approx(1 - 3 / 24)


async def test_budget_defers_work_beyond_the_daily_quota(world: World) -> None:
    """With a quota of 3 calls a day only two games fit; the third moves to the next day."""
    games = await world.add_games(
        ("red", "blue", T0), ("green", "gold", T0), ("blue", "red", T0 + timedelta(hours=1))
    )
    plan = build_plan(games, world.sports, config=PlanConfig(daily_quota=3))
    assert plan.deferred == 1
    assert any("deferred" in w for w in plan.warnings)


async def test_finished_game_is_seeded_with_exactly_its_participants(world: World) -> None:
    """Running once after the due time stores stats for both teams' players and completes the task."""
    [game] = await world.add_games(("red", "blue", T0))
    await aplan_seeds(world.store, world.sports, sport="fake")
    world.clock.set(T0 + timedelta(hours=4))
    report = await world.worker().run(once=True)
    assert report.done == 1
    lines = await world.store.get_player_game_stats(game_id=game.id)
    assert {line.team_id for line in lines} == {"fake:red", "fake:blue"}
    assert len(lines) == 10
    [task] = await world.store.find_tasks(TaskQuery(sport="fake"))
    assert task.status is TaskStatus.COMPLETED
    stored = await world.store.get_game(game.id or 0)
    assert stored is not None
    assert stored.status is GameStatus.COMPLETED
    assert stored.external_id


async def test_game_not_over_is_snoozed_not_failed(world: World) -> None:
    """A task run before the game ends is put back with its attempt refunded."""
    await world.add_games(("red", "blue", T0))
    await aplan_seeds(
        world.store, world.sports, sport="fake", config=PlanConfig(delays={"fake": timedelta(hours=1)})
    )
    world.clock.set(T0 + timedelta(hours=1))
    report = await world.worker().run(once=True)
    assert report.snoozed == 1
    [task] = await world.store.find_tasks(TaskQuery(sport="fake"))
    assert task.status is TaskStatus.PENDING
    assert task.attempts == 0
    assert task.next_attempt_at is not None
    assert task.next_attempt_at > world.clock.now()


async def test_transient_failure_is_retried_later_and_then_succeeds(world: World) -> None:
    """A transient error schedules a retry; replaying on the clock completes the task."""
    await world.add_games(("red", "blue", T0))
    await aplan_seeds(world.store, world.sports, sport="fake")
    world.sport.stats.fail_next = ["transient"]
    world.clock.set(T0 + timedelta(hours=4))
    report = await world.worker().run(until=T0 + timedelta(hours=6))
    assert report.retried == 1
    assert report.done == 1


async def test_permanent_failure_falls_back_to_the_next_strategy(world: World) -> None:
    """When the game strategy is refused, the roster strategy seeds the game."""
    await world.add_games(("red", "blue", T0))
    await aplan_seeds(world.store, world.sports, sport="fake")
    world.sport.stats.permanent_for = {Strategy.GAME}
    world.clock.set(T0 + timedelta(hours=4))
    report = await world.worker().run(once=True)
    assert [r.strategy for r in report.results] == [Strategy.ROSTER]
    assert report.done == 1


async def test_partial_success_retries_only_the_failed_entities(world: World) -> None:
    """A player whose fetch failed is recorded and is the only one fetched on the retry."""
    [game] = await world.add_games(("red", "blue", T0))
    await aplan_seeds(world.store, world.sports, sport="fake")
    world.sport.stats.flaky_players = {"fake:101"}
    world.clock.set(T0 + timedelta(hours=4))
    first = await world.worker().run(once=True)
    assert [r.status for r in first.results] == ["partial"]
    [task] = await world.store.find_tasks(TaskQuery(sport="fake"))
    assert task.entities_failed == ("fake:101",)
    second = await world.worker().run(until=T0 + timedelta(hours=6))
    assert second.done == 1
    lines = await world.store.get_player_game_stats(game_id=game.id)
    assert len(lines) == 10


async def test_paused_scheduler_runs_nothing(world: World) -> None:
    """With the pause flag set a run does not claim tasks."""
    await world.add_games(("red", "blue", T0))
    await aplan_seeds(world.store, world.sports, sport="fake")
    await world.store.set_state(PAUSE_KEY, True)
    world.clock.set(T0 + timedelta(hours=4))
    report = await world.worker().run(once=True)
    assert report.results == ()


async def test_replay_on_a_virtual_clock_seeds_a_whole_schedule(world: World) -> None:
    """Running until after the last game seeds every game once, in virtual time."""
    starts = [T0 + timedelta(days=d, hours=h) for d in range(10) for h in (0, 2)]
    pairs = [("red", "blue", s) if i % 2 else ("green", "gold", s) for i, s in enumerate(starts)]
    games = await world.add_games(*pairs)
    await aplan_seeds(world.store, world.sports, sport="fake")
    report = await world.worker().run(until=starts[-1] + timedelta(hours=5))
    assert report.done == len(games)
    assert sorted(world.sport.stats.seeded.values()) == [1] * len(games)
    # latency from due time to done is zero on a virtual clock with no failures
    assert report.latency_percentile(99) == 0


async def test_roster_strategy_fetches_missing_rosters_on_demand(world: World) -> None:
    """A roster task with no pre-resolved roster fetches both teams' rosters, stores them, then seeds."""
    [game] = await world.add_games(("red", "blue", T0))
    await aplan_seeds(world.store, world.sports, sport="fake", config=PlanConfig(strategy=Strategy.ROSTER))
    world.clock.set(T0 + timedelta(hours=4))
    report = await world.worker().run(once=True)
    assert report.done == 1
    # Expected entries become "boxscore" ones once the game shows who played (one row per player).
    roster = await world.store.get_roster(game.id or 0)
    assert {e.team_id for e in roster} == {"fake:red", "fake:blue"}
    assert len(roster) == 10
    assert world.fetch.calls["players"] == 2


async def test_resolved_rosters_are_reused_across_games(world: World) -> None:
    """Two games of the same team fetch that team's roster once."""
    from scoracle_core.rosters import resolve_rosters

    games = await world.add_games(("red", "blue", T0), ("red", "green", T0 + timedelta(days=2)))
    written = await resolve_rosters(world.store, world.sports, lambda sport: world.fetch, games)
    assert written == 20
    assert world.fetch.calls["players"] == 3
