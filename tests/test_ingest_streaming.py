"""Files larger than one write: games are written chunk by chunk while later rows are validated.

What must hold whatever the chunking: a rejected file leaves nothing (chunks written before the
bad row was read are rolled back), ``skip_invalid`` keeps every valid chunk, a dry run writes
nothing, and league-seasons already stored are reconciled while new ones are inserted directly.
"""

from __future__ import annotations

import gc
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from scoracle_core.ingest import ScheduleRejected, aingest_schedule
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.store import GameQuery, Store

pytestmark = pytest.mark.anyio

# Several writes. Validation runs at most two chunks ahead of the writer (128 + 256 + 512 games
# when it overlaps), so with more rows than that the first chunk is written before the last row
# is read.
GAMES = 4_000


@pytest.fixture(params=["sqlite_store", pytest.param("pg_store", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Store:
    """The same tests against SQLite and PostgreSQL."""
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def sports() -> Sports:
    """The installed sport plugins (loaded once)."""
    return load_plugins()


def nba_rows(sports: Sports, n: int, *, first: date) -> list[str]:
    """``n`` template rows: every team plays once a day, a new pairing each day (circle method)."""
    teams = sorted(t.name for t in sports.get("nba").catalog())
    rows: list[str] = []
    day = first
    while len(rows) < n:
        half = len(teams) // 2
        rows.extend(
            f"{day.isoformat()},19:30,{teams[i]},{teams[-1 - i]}" for i in range(half) if len(rows) < n
        )
        teams = [teams[0], teams[-1], *teams[1:-1]]
        day += timedelta(days=1)
    return rows


def write(tmp_path: Path, rows: list[str], name: str = "big.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(["date,time,home_team,away_team", *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def insert_calls(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the store's ``insert_games`` calls (which still run)."""
    sizes: list[int] = []
    original = type(store).insert_games

    async def counted(self: Any, games: Any) -> None:
        sizes.append(len(games))
        await original(self, games)

    monkeypatch.setattr(type(store), "insert_games", counted)
    return sizes


async def test_an_error_found_at_the_end_rolls_back_the_chunks_already_written(
    store: Store, sports: Sports, tmp_path: Path, insert_calls: list[int]
) -> None:
    """A game listed twice is only known once every row is read: by then chunks are written."""
    rows = nba_rows(sports, GAMES, first=date(2024, 10, 22))
    with pytest.raises(ScheduleRejected) as info:
        await aingest_schedule(store, write(tmp_path, [*rows, rows[0]]), sport="nba", sports=sports)
    assert insert_calls, "the test needs a chunk written before the error is known"
    assert await store.find_games(GameQuery()) == []
    assert [(p.where, p.code) for p in info.value.report.errors] == [(str(GAMES + 2), "duplicate")]


async def test_skip_invalid_keeps_every_chunk(
    store: Store, sports: Sports, tmp_path: Path, insert_calls: list[int]
) -> None:
    rows = nba_rows(sports, GAMES, first=date(2024, 10, 22))
    rows.insert(1_000, "2024-12-01,19:30,Knicks,Nowhere United")
    report = await aingest_schedule(
        store, write(tmp_path, rows), sport="nba", sports=sports, skip_invalid=True
    )
    assert (report.inserted, report.rejected) == (GAMES, 1)
    assert sum(insert_calls) == GAMES
    assert len(insert_calls) >= 2
    assert len(await store.find_games(GameQuery())) == GAMES


async def test_dry_run_of_a_large_file_writes_nothing(store: Store, sports: Sports, tmp_path: Path) -> None:
    path = write(tmp_path, nba_rows(sports, GAMES, first=date(2024, 10, 22)))
    report = await aingest_schedule(store, path, sport="nba", sports=sports, dry_run=True)
    assert (report.inserted, report.written) == (GAMES, False)
    assert await store.find_games(GameQuery()) == []


async def test_known_seasons_are_reconciled_and_new_ones_inserted(
    store: Store, sports: Sports, tmp_path: Path
) -> None:
    known = nba_rows(sports, GAMES, first=date(2024, 10, 22))
    await aingest_schedule(store, write(tmp_path, known, "2024.csv"), sport="nba", sports=sports)
    stored = {g.id: g.team_ids for g in await store.find_games(GameQuery())}

    moved = known[5].replace(",19:30,", ",18:00,")  # a new time for one known game
    new_season = nba_rows(sports, 600, first=date(2025, 10, 21))
    both = [*known[:5], moved, *known[6:], *new_season]
    report = await aingest_schedule(store, write(tmp_path, both, "both.csv"), sport="nba", sports=sports)

    assert (report.inserted, report.updated, report.unchanged) == (600, 1, GAMES - 1)
    assert report.seasons == (2024, 2025)
    games = await store.find_games(GameQuery())
    assert len(games) == GAMES + 600
    assert {g.id: g.team_ids for g in games if g.season == 2024} == stored  # the known games kept their ids


async def test_the_cyclic_gc_is_back_on_after_an_ingestion(
    store: Store, sports: Sports, tmp_path: Path
) -> None:
    """Ingestion pauses the collector; it is on again afterwards, success or rejection."""
    rows = nba_rows(sports, 300, first=date(2024, 10, 22))
    assert gc.isenabled()
    await aingest_schedule(store, write(tmp_path, rows, "ok.csv"), sport="nba", sports=sports, dry_run=True)
    assert gc.isenabled()
    with pytest.raises(ScheduleRejected):
        await aingest_schedule(
            store, write(tmp_path, [*rows, rows[0]], "bad.csv"), sport="nba", sports=sports
        )
    assert gc.isenabled()


async def test_a_host_that_turned_the_gc_off_keeps_it_off(
    store: Store, sports: Sports, tmp_path: Path
) -> None:
    gc.disable()
    try:
        rows = nba_rows(sports, 300, first=date(2024, 10, 22))
        await aingest_schedule(store, write(tmp_path, rows), sport="nba", sports=sports, dry_run=True)
        assert not gc.isenabled()
    finally:
        gc.enable()
