"""Real public schedules (../shared/data/real, see its SOURCES.md) ingest with their format detected,
with the counts SOURCES.md states, and sources of one season agree on the UTC times of their games."""

from __future__ import annotations

import collections
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest

from scoracle_core.ingest import IngestReport, aingest_schedule, available_formats
from scoracle_core.model import Game
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.store import GameQuery, Store, open_store

pytestmark = pytest.mark.anyio

REAL = Path(__file__).parents[1].parent / "shared" / "data" / "real"

if not REAL.is_dir():
    pytest.skip(f"real schedules not found at {REAL} (../shared beside the clone)", allow_module_level=True)

#: file → (format it is detected as, {(league, season, game type): games}) — from SOURCES.md.
EXPECTED: dict[str, tuple[str, dict[tuple[str, int, str], int]]] = {
    "nba/matsonj_nba_schedule_2023-24_bbref.csv": ("nba-bbref-csv", {("standard", 2023, "regular"): 1230}),
    "nba/matsonj_nba_schedule_2024-25_bbref.csv": ("nba-bbref-csv", {("standard", 2024, "regular"): 1230}),
    "nba/eoinmoore_LeagueSchedule24_25.csv": ("nba-com-csv", {("standard", 2024, "regular"): 1230}),
    "nba/fixturedownload_nba-2024-UTC_snapshot-2024-11.csv": (
        "nba-fixturedownload-csv",
        {("standard", 2024, "regular"): 1200},
    ),
    "nfl/nflverse_schedules_2023-2024_via-nfl_data_py_nckptrck.csv": (
        "nfl-nflverse-csv",
        {("nfl", 2023, "regular"): 272, ("nfl", 2024, "regular"): 272},
    ),
    "nfl/matsonj_nfl_schedule_2023_fullnames.csv": ("nfl-fullnames-csv", {("nfl", 2023, "regular"): 272}),
    "nfl/matsonj_nfl_schedule_2024_fullnames.csv": ("nfl-fullnames-csv", {("nfl", 2024, "regular"): 272}),
    "football/openfootball-world_mls_2024_mls.txt": ("football-txt", {("mls", 2024, "regular"): 493}),
    "football/openfootball_mls_2025_mls.json": (
        "football-openfootball-json",
        {("mls", 2025, "regular"): 510},
    ),
    "football/footballdata-couk_USA_mls_2024-2025_via-rabin0208.csv": (
        "football-data-csv",
        {("mls", 2024, "regular"): 493, ("mls", 2025, "regular"): 510},
    ),
}
_EUROPE = {
    "premier-league": ("en", "E0", 380),
    "la-liga": ("es", "SP1", 380),
    "bundesliga": ("de", "D1", 306),
    "serie-a": ("it", "I1", 380),
    "ligue-1": ("fr", "F1", 306),
}
for _league, (_code, _div, _games) in _EUROPE.items():
    for _season, _long, _short in ((2023, "2023-24", "2324"), (2024, "2024-25", "2425")):
        EXPECTED[f"football/openfootball_{_league}_{_long}_{_code}.1.json"] = (
            "football-openfootball-json",
            {(_league, _season, "regular"): _games},
        )
        EXPECTED[f"football/gutormin_{_league}_{_short}_{_div}.csv"] = (
            "football-gutormin-csv",
            {(_league, _season, "regular"): _games},
        )


@attrs.frozen
class Ingested:
    report: IngestReport
    games: list[Game]


@pytest.fixture(scope="module")
def sports() -> Sports:
    """The installed sport plugins (loaded once)."""
    return load_plugins()


@pytest.fixture(scope="module")
def ingested(sports: Sports) -> dict[str, Ingested]:
    """A cache: file → what ingesting it alone into an empty store gave (filled on first use)."""
    return {}


async def ingest(name: str, sports: Sports, cache: dict[str, Ingested]) -> Ingested:
    sport = name.split("/")[0]
    if not any(f.sport == sport for f in available_formats(sports, sport)):
        pytest.skip(f"no schedule format is registered for {sport} yet (plugin formats missing)")
    if name not in cache:
        store = await open_store("sqlite:///:memory:")
        try:
            report = await aingest_schedule(store, REAL / name, sport=sport, sports=sports)
            cache[name] = Ingested(report, await store.find_games(GameQuery()))
        finally:
            await store.close()
    return cache[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
async def test_real_schedule_ingests_with_its_format_detected(
    name: str, sports: Sports, ingested: dict[str, Ingested]
) -> None:
    """Each schedule file is auto-detected and yields SOURCES.md's regular-season counts, no errors."""
    fmt, counts = EXPECTED[name]
    result = await ingest(name, sports, ingested)
    assert result.report.format == fmt
    assert result.report.rejected == 0
    found = collections.Counter((g.league, g.season, g.game_type) for g in result.games)
    assert {key: found[key] for key in counts} == counts


def by_local_date(
    sports: Sports, result: Ingested, *, with_away: bool = False
) -> dict[tuple[object, ...], object]:
    """Start instants keyed by (league, home[, away], league-local date), as SOURCES.md joins sources."""
    keyed: dict[tuple[object, ...], object] = {}
    for g in result.games:
        zone = ZoneInfo(sports.get(g.sport).leagues[g.league].timezone)
        teams = (g.home_team_id, g.away_team_id) if with_away else (g.home_team_id,)
        keyed[(g.league, *teams, g.start_at.astimezone(zone).date())] = g.start_at
    return keyed


async def identical(
    sports: Sports, cache: dict[str, Ingested], a: str, b: str, **kw: bool
) -> tuple[int, int]:
    """(games both files have, games whose UTC start is identical in both)."""
    left = by_local_date(sports, await ingest(a, sports, cache), **kw)
    right = by_local_date(sports, await ingest(b, sports, cache), **kw)
    common = left.keys() & right.keys()
    return len(common), sum(left[k] == right[k] for k in common)


@pytest.mark.parametrize(
    ("a", "b", "at_least"),
    [
        # SOURCES.md: bbref vs nba.com — 1216 joined on (ET date, home), 1183 identical times.
        ("nba/matsonj_nba_schedule_2024-25_bbref.csv", "nba/eoinmoore_LeagueSchedule24_25.csv", 1180),
        # SOURCES.md: fixturedownload vs bbref — 1152 identical after UTC→ET.
        (
            "nba/matsonj_nba_schedule_2024-25_bbref.csv",
            "nba/fixturedownload_nba-2024-UTC_snapshot-2024-11.csv",
            1150,
        ),
        # nba.com (ET labelled +00:00) vs fixturedownload (UTC): the same feed, read correctly, agrees.
        (
            "nba/eoinmoore_LeagueSchedule24_25.csv",
            "nba/fixturedownload_nba-2024-UTC_snapshot-2024-11.csv",
            1150,
        ),
    ],
)
async def test_nba_sources_agree_on_utc_times(
    a: str, b: str, at_least: int, sports: Sports, ingested: dict[str, Ingested]
) -> None:
    """The NBA 2024-25 sources give the same UTC tip-off for (home, ET date) as SOURCES.md counted."""
    _, same = await identical(sports, ingested, a, b)
    assert same >= at_least


@pytest.mark.parametrize(
    ("a", "b", "share"),
    [
        # SOURCES.md: MLS 2024 txt read as US Eastern agrees with football-data's UK times (272/272).
        (
            "football/openfootball-world_mls_2024_mls.txt",
            "football/footballdata-couk_USA_mls_2024-2025_via-rabin0208.csv",
            0.95,
        ),
        # SOURCES.md: openfootball MLS as US Eastern vs football-data: 67/69 exact.
        (
            "football/openfootball_mls_2025_mls.json",
            "football/footballdata-couk_USA_mls_2024-2025_via-rabin0208.csv",
            0.95,
        ),
        *[
            # SOURCES.md: gutormin is UTC-03:00; ≥ 98% of joinable rows agree with openfootball local time.
            (
                f"football/openfootball_{lg}_{long}_{code}.1.json",
                f"football/gutormin_{lg}_{short}_{div}.csv",
                0.98,
            )
            for lg, (code, div, _) in _EUROPE.items()
            for long, short in (("2023-24", "2324"), ("2024-25", "2425"))
        ],
    ],
)
async def test_football_sources_agree_on_utc_times(
    a: str, b: str, share: float, sports: Sports, ingested: dict[str, Ingested]
) -> None:
    """Football sources of one season agree on kick-off instants as SOURCES.md measured."""
    common, same = await identical(sports, ingested, a, b, with_away=True)
    assert common >= 250
    assert same / common >= share


async def test_nfl_sources_agree_on_utc_times(sports: Sports, ingested: dict[str, Ingested]) -> None:
    """nflverse vs the matsonj 2023 snapshot: SOURCES.md lists 5 moved dates and 16 flexed times of 255."""
    _, same = await identical(
        sports,
        ingested,
        "nfl/nflverse_schedules_2023-2024_via-nfl_data_py_nckptrck.csv",
        "nfl/matsonj_nfl_schedule_2023_fullnames.csv",
        with_away=True,
    )
    assert same >= 255 - 5 - 16


@pytest.fixture(params=["sqlite_store", pytest.param("pg_store", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Store:
    """The same test against SQLite and PostgreSQL."""
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


async def test_real_season_reingested_changes_nothing(store: Store, sports: Sports) -> None:
    """A whole real season ingested twice: the second run finds all 1230 games unchanged."""
    path = REAL / "nba/matsonj_nba_schedule_2024-25_bbref.csv"
    if not any(f.sport == "nba" for f in available_formats(sports, "nba")):
        pytest.skip("no schedule format is registered for nba yet (plugin formats missing)")
    first = await aingest_schedule(store, path, sport="nba", sports=sports)
    second = await aingest_schedule(store, path, sport="nba", sports=sports)
    assert (first.inserted, second.unchanged, second.written) == (1230, 1230, False)


async def test_second_source_enriches_without_duplicating(store: Store, sports: Sports) -> None:
    """bbref after nba.com: every bbref game is a known one (moved or re-timed at most), none new."""
    if not any(f.sport == "nba" for f in available_formats(sports, "nba")):
        pytest.skip("no schedule format is registered for nba yet (plugin formats missing)")
    await aingest_schedule(store, REAL / "nba/eoinmoore_LeagueSchedule24_25.csv", sport="nba", sports=sports)
    report = await aingest_schedule(
        store, REAL / "nba/matsonj_nba_schedule_2024-25_bbref.csv", sport="nba", sports=sports
    )
    assert report.inserted == 0
    assert len(await store.find_games(GameQuery(sport="nba", season=2024))) == 1230 + 84 + 6
