"""All-or-nothing, skip_invalid and dry_run; the report; the sync twin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scoracle_core._sync import run_sync
from scoracle_core.errors import ConfigError
from scoracle_core.ingest import ScheduleRejected, aingest_schedule, ingest_schedule
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.store import GameQuery, Store

pytestmark = pytest.mark.anyio

GOOD = ["2025-01-15,19:30,Lakers,Warriors", "2025-01-15,20:00,Celtics,Heat"]
BAD = "2025-01-16,19:30,Knicks,Knicks"


@pytest.fixture(params=["sqlite_store", pytest.param("pg_store", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Store:
    """The same tests against SQLite and PostgreSQL."""
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def sports() -> Sports:
    """The installed sport plugins (loaded once)."""
    return load_plugins()


def schedule(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "nba.csv"
    path.write_text("\n".join(["date,time,home_team,away_team", *rows]) + "\n", encoding="utf-8")
    return path


async def count(store: Store) -> int:
    return len(await store.find_games(GameQuery()))


async def test_one_bad_row_rejects_the_whole_file(store: Store, sports: Sports, tmp_path: Path) -> None:
    """By default nothing is stored when any row is wrong."""
    with pytest.raises(ScheduleRejected) as info:
        await aingest_schedule(store, schedule(tmp_path, *GOOD, BAD), sport="nba", sports=sports)
    assert await count(store) == 0
    assert info.value.report.rejected == 1
    assert "nba.csv:4: home and away are the same team" in str(info.value)


async def test_skip_invalid_stores_the_valid_rows(store: Store, sports: Sports, tmp_path: Path) -> None:
    """skip_invalid stores the good rows and lists the bad one."""
    report = await aingest_schedule(
        store, schedule(tmp_path, *GOOD, BAD), sport="nba", sports=sports, skip_invalid=True
    )
    assert (report.inserted, report.rejected) == (2, 1)
    assert [p.where for p in report.errors] == ["4"]
    assert await count(store) == 2


async def test_skip_invalid_with_no_valid_row_is_still_rejected(
    store: Store, sports: Sports, tmp_path: Path
) -> None:
    """Nothing valid to store means the file is rejected."""
    with pytest.raises(ScheduleRejected):
        await aingest_schedule(store, schedule(tmp_path, BAD), sport="nba", sports=sports, skip_invalid=True)


async def test_dry_run_writes_nothing_and_reports_inserts(
    store: Store, sports: Sports, tmp_path: Path
) -> None:
    """A dry run counts what would be inserted and leaves the store empty."""
    report = await aingest_schedule(
        store, schedule(tmp_path, *GOOD), sport="nba", sports=sports, dry_run=True
    )
    assert (report.inserted, report.dry_run, report.written) == (2, True, False)
    assert await count(store) == 0


async def test_dry_run_compares_with_the_store(store: Store, sports: Sports, tmp_path: Path) -> None:
    """After a real run, a dry run of a changed file reports the update without making it."""
    await aingest_schedule(store, schedule(tmp_path, *GOOD), sport="nba", sports=sports)
    before = await store.find_games(GameQuery())
    changed = schedule(tmp_path, "2025-01-15,21:00,Lakers,Warriors", GOOD[1])
    report = await aingest_schedule(store, changed, sport="nba", sports=sports, dry_run=True)
    assert (report.updated, report.unchanged) == (1, 1)
    assert await store.find_games(GameQuery()) == before


async def test_dry_run_with_errors_is_rejected_too(store: Store, sports: Sports, tmp_path: Path) -> None:
    """A dry run says the file would be rejected, exactly as a real run."""
    with pytest.raises(ScheduleRejected):
        await aingest_schedule(
            store, schedule(tmp_path, *GOOD, BAD), sport="nba", sports=sports, dry_run=True
        )
    assert await count(store) == 0


async def test_report_summary_and_dict(store: Store, sports: Sports, tmp_path: Path) -> None:
    """summary() is one line with every count; to_dict() is JSON-ready."""
    report = await aingest_schedule(store, schedule(tmp_path, *GOOD), sport="nba", sports=sports)
    assert "2 inserted" in report.summary()
    assert "0 rejected" in report.summary()
    data = json.loads(json.dumps(report.to_dict()))
    assert (data["inserted"], data["format"], data["sport"], data["seasons"]) == (
        2,
        "template-csv",
        "nba",
        [2024],
    )


def test_sync_twin_opens_the_store_from_a_url(tmp_path: Path) -> None:
    """ingest_schedule(url, …) works from a plain script."""
    url = f"sqlite:///{tmp_path}/sync.db"
    report = ingest_schedule(url, schedule(tmp_path, *GOOD), sport="nba")
    assert report.inserted == 2
    assert ingest_schedule(url, schedule(tmp_path, *GOOD), sport="nba").unchanged == 2


async def test_sync_twin_works_inside_a_running_loop(tmp_path: Path) -> None:
    """Called from a running event loop (as in Jupyter), the sync twin runs on its own loop."""
    report = ingest_schedule(f"sqlite:///{tmp_path}/nb.db", schedule(tmp_path, *GOOD), sport="nba")
    assert report.inserted == 2


async def test_sync_twin_refuses_an_open_store_inside_a_loop(store: Store, tmp_path: Path) -> None:
    """An open store belongs to its loop: the sync twin says to await the async one instead."""
    with pytest.raises(ConfigError, match="aingest_schedule"):
        ingest_schedule(store, schedule(tmp_path, *GOOD), sport="nba")


def test_run_sync_propagates_exceptions() -> None:
    """run_sync re-raises the coroutine's own exception."""

    async def boom() -> None:
        raise KeyError("x")

    with pytest.raises(KeyError):
        run_sync(boom)


async def test_run_sync_inside_a_loop_returns_the_value() -> None:
    """run_sync from inside a running loop returns the result."""

    async def answer(x: int, *, y: int) -> int:
        return x + y

    assert run_sync(answer, 40, y=2) == 42
