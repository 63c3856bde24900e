"""Re-ingestion is safe: unchanged files change nothing; time changes, postponements and moves update
the known game (and its pending seed task) instead of duplicating it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scoracle_core.ingest import aingest_schedule
from scoracle_core.model import Game, GameStatus, SeedTask, TaskStatus
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.store import GameQuery, Store, TaskQuery

pytestmark = pytest.mark.anyio

HEADER = "date,time,home_team,away_team,status,source_id"
NOW = datetime(2025, 1, 1, tzinfo=UTC)
SEASON = [
    "2025-01-10,19:30,Lakers,Warriors,,",
    "2025-01-12,19:30,Celtics,Heat,,",
    "2025-01-15,20:00,Knicks,Nets,,",
    "2025-01-20,19:00,Lakers,Celtics,,",
]


@pytest.fixture(params=["sqlite_store", pytest.param("pg_store", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Store:
    """The same tests against SQLite and PostgreSQL."""
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def sports() -> Sports:
    """The installed sport plugins (loaded once)."""
    return load_plugins()


async def ingest(store: Store, sports: Sports, tmp_path: Path, *rows: str, **kw: object):  # type: ignore[no-untyped-def]
    path = tmp_path / "nba.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return await aingest_schedule(store, path, sport="nba", sports=sports, now=NOW, **kw)  # type: ignore[arg-type]


async def games(store: Store) -> list[Game]:
    return await store.find_games(GameQuery(sport="nba"))


async def planned(
    store: Store, game: Game, *, status: TaskStatus | None = None, delay: timedelta = timedelta(hours=4)
) -> SeedTask:
    """Give ``game`` a seed task due ``delay`` after its start (what the planner does)."""
    assert game.id is not None
    task = SeedTask(
        game_id=game.id, sport="nba", league=game.league, season=game.season, due_at=game.start_at + delay
    )
    await store.upsert_tasks([task])
    if status is TaskStatus.CANCELLED:
        await store.cancel_tasks([game.id], reason="test", at=NOW)
    (stored,) = await store.find_tasks(TaskQuery(game_ids=(game.id,)))
    return stored


async def task_of(store: Store, game: Game) -> SeedTask:
    assert game.id is not None
    (task,) = await store.find_tasks(TaskQuery(game_ids=(game.id,)))
    return task


async def test_same_file_twice_changes_nothing(store: Store, sports: Sports, tmp_path: Path) -> None:
    """The second run finds every game unchanged and writes nothing."""
    await ingest(store, sports, tmp_path, *SEASON)
    before = await games(store)
    report = await ingest(store, sports, tmp_path, *SEASON)
    assert report.counts() == {
        "inserted": 0,
        "updated": 0,
        "unchanged": 4,
        "postponed": 0,
        "cancelled": 0,
        "rejected": 0,
        "skipped": 0,
    }
    assert not report.written
    assert await games(store) == before


async def test_changed_time_updates_the_game_and_its_pending_task(
    store: Store, sports: Sports, tmp_path: Path
) -> None:
    """A new tip-off time moves the game and the due time of its pending task (start + seed delay)."""
    await ingest(store, sports, tmp_path, *SEASON)
    lakers = (await games(store))[0]
    await planned(store, lakers)
    report = await ingest(store, sports, tmp_path, "2025-01-10,22:00,Lakers,Warriors,,", *SEASON[1:])
    (moved,) = [g for g in await games(store) if g.id == lakers.id]
    assert (report.updated, report.unchanged, report.tasks_replanned) == (1, 3, 1)
    assert moved.start_at == datetime(2025, 1, 11, 3, 0, tzinfo=UTC)
    assert (await task_of(store, moved)).due_at == moved.start_at + timedelta(hours=4)


async def test_changed_time_keeps_the_planners_delay(store: Store, sports: Sports, tmp_path: Path) -> None:
    """A task planned 6 hours after the start stays 6 hours after the new start."""
    await ingest(store, sports, tmp_path, *SEASON)
    lakers = (await games(store))[0]
    await planned(store, lakers, delay=timedelta(hours=6))
    await ingest(store, sports, tmp_path, "2025-01-10,22:00,Lakers,Warriors,,", *SEASON[1:])
    (moved,) = [g for g in await games(store) if g.id == lakers.id]
    assert (await task_of(store, moved)).due_at == moved.start_at + timedelta(hours=6)


async def test_changed_time_leaves_a_finished_task_alone(
    store: Store, sports: Sports, tmp_path: Path
) -> None:
    """Only pending tasks are re-planned."""
    await ingest(store, sports, tmp_path, *SEASON)
    lakers = (await games(store))[0]
    task = await planned(store, lakers, status=TaskStatus.CANCELLED)
    report = await ingest(store, sports, tmp_path, "2025-01-10,22:00,Lakers,Warriors,,", *SEASON[1:])
    assert report.tasks_replanned == 0
    assert (await task_of(store, lakers)).due_at == task.due_at


async def test_postponed_game_cancels_its_pending_task(store: Store, sports: Sports, tmp_path: Path) -> None:
    """status=postponed marks the game and cancels the pending task."""
    await ingest(store, sports, tmp_path, *SEASON)
    lakers = (await games(store))[0]
    await planned(store, lakers)
    report = await ingest(store, sports, tmp_path, "2025-01-10,19:30,Lakers,Warriors,postponed,", *SEASON[1:])
    assert (report.postponed, report.tasks_cancelled) == (1, 1)
    assert (await games(store))[0].status is GameStatus.POSTPONED
    assert (await task_of(store, lakers)).status is TaskStatus.CANCELLED


async def test_cancelled_game_cancels_its_pending_task(store: Store, sports: Sports, tmp_path: Path) -> None:
    """status=cancelled marks the game and cancels the pending task."""
    await ingest(store, sports, tmp_path, *SEASON)
    lakers = (await games(store))[0]
    await planned(store, lakers)
    report = await ingest(store, sports, tmp_path, "2025-01-10,19:30,Lakers,Warriors,cancelled,", *SEASON[1:])
    assert report.cancelled == 1
    assert (await games(store))[0].status is GameStatus.CANCELLED
    assert (await task_of(store, lakers)).status is TaskStatus.CANCELLED


async def test_rescheduled_game_gets_its_task_back(store: Store, sports: Sports, tmp_path: Path) -> None:
    """A postponed game back on the schedule at a new date restores its cancelled task, due anew."""
    await ingest(store, sports, tmp_path, *SEASON)
    lakers = (await games(store))[0]
    await planned(store, lakers)
    await ingest(store, sports, tmp_path, "2025-01-10,19:30,Lakers,Warriors,postponed,", *SEASON[1:])
    report = await ingest(store, sports, tmp_path, *SEASON[1:], "2025-01-21,19:30,Lakers,Warriors,,")
    (game,) = [g for g in await games(store) if g.id == lakers.id]
    task = await task_of(store, game)
    assert (report.updated, report.moved, report.tasks_restored) == (1, 1, 1)
    assert game.status is GameStatus.SCHEDULED
    assert (task.status, task.due_at) == (TaskStatus.PENDING, game.start_at + timedelta(hours=4))


async def test_moved_game_is_recognised_not_duplicated(store: Store, sports: Sports, tmp_path: Path) -> None:
    """The same pairing at another date within the file's span is the stored game, moved."""
    await ingest(store, sports, tmp_path, *SEASON)
    before = await games(store)
    report = await ingest(store, sports, tmp_path, *SEASON[1:], "2025-01-18,19:30,Lakers,Warriors,,")
    after = await games(store)
    assert (report.inserted, report.updated, report.moved) == (0, 1, 1)
    assert sorted(g.id for g in after) == sorted(g.id for g in before)
    (moved,) = [g for g in after if g.id == before[0].id]
    assert moved.start_at == datetime(2025, 1, 19, 0, 30, tzinfo=UTC)


async def test_moved_game_is_recognised_by_source_id(store: Store, sports: Sports, tmp_path: Path) -> None:
    """A row with the stored game's source id is that game, however far it moved."""
    await ingest(store, sports, tmp_path, "2025-01-10,19:30,Lakers,Warriors,,G7")
    (before,) = await games(store)
    report = await ingest(store, sports, tmp_path, "2025-03-17,22:30,Lakers,Warriors,,G7")
    (after,) = await games(store)
    assert (report.updated, report.moved, after.id) == (1, 1, before.id)


async def test_partial_file_does_not_move_games_it_does_not_cover(
    store: Store, sports: Sports, tmp_path: Path
) -> None:
    """A second meeting in a later, partial file is a new game: the file says nothing about January."""
    await ingest(store, sports, tmp_path, *SEASON)
    report = await ingest(store, sports, tmp_path, "2025-03-02,19:30,Lakers,Warriors,,")
    assert report.inserted == 1
    assert len(await games(store)) == 5


async def test_date_only_row_keeps_a_known_time(store: Store, sports: Sports, tmp_path: Path) -> None:
    """A date-only source does not replace a known tip-off on the same local date."""
    await ingest(store, sports, tmp_path, "2025-01-10,22:30,Lakers,Warriors,,")
    (before,) = await games(store)
    report = await ingest(store, sports, tmp_path, "2025-01-10,,Lakers,Warriors,,")
    (after,) = await games(store)
    assert report.unchanged == 1
    assert (after.start_at, after.time_tbd) == (before.start_at, False)
