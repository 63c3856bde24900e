"""Every NBA team name in the real files resolves with the real catalog, and the resolver's properties.

This is the acceptance check of issue 3 for the NBA: the real resolver
(``TeamResolver(load_plugins().get("nba").catalog())``, no overrides) maps every spelling,
abbreviation and numeric id found under shared/data/real to the right franchise.
"""

from __future__ import annotations

import csv
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoracle_core.errors import TeamResolutionError
from scoracle_core.ingest.formats import Problem, RawGame
from scoracle_core.plugins import load_plugins
from scoracle_core.teams import TeamResolver

Parsed = tuple[list[RawGame], list[Problem]]
ParseFile = Callable[[str, Path], Parsed]

#: Module-level for Hypothesis (function-scoped fixtures do not mix with @given).
SPORTS = load_plugins()
NBA = TeamResolver(SPORTS.get("nba").catalog())
NAMES = sorted((name, team.id) for team in SPORTS.get("nba").catalog() for name in team.names())

SEASON_FILES = [
    ("nba/matsonj_nba_schedule_2023-24_bbref.csv", "nba-bbref-csv", 82),
    ("nba/matsonj_nba_schedule_2024-25_bbref.csv", "nba-bbref-csv", 82),
    ("nba/fixturedownload_nba-2024-UTC_snapshot-2024-11.csv", "nba-fixturedownload-csv", 80),
    ("nba/eoinmoore_LeagueSchedule24_25.csv", "nba-com-csv", 82),
]


def read_rows(path: Path) -> list[dict[str, str]]:
    """A CSV file as dicts (BOM stripped)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(("relative", "fmt", "games_per_team"), SEASON_FILES)
def test_season_file_resolves_to_30_teams_with_full_schedules(
    real_data: Path,
    parse_file: ParseFile,
    resolver: TeamResolver,
    relative: str,
    fmt: str,
    games_per_team: int,
) -> None:
    """Every home/away name (or nba.com id) resolves; 30 distinct teams, each with a full season."""
    games, _ = parse_file(fmt, real_data / relative)
    played = Counter(
        resolver.resolve_id(name) for g in games if g.game_type == "regular" for name in (g.home, g.away)
    )
    assert len(played) == 30
    assert set(played.values()) == {games_per_team}


def test_matsonj_aliases_resolve_every_column_to_one_team(real_data: Path, resolver: TeamResolver) -> None:
    """bbref abbreviation (BRK, CHO, PHO), NBA abbreviation (BKN, CHA, PHX) and full name agree."""
    rows = read_rows(real_data / "nba/matsonj_nba_team_ratings_aliases.csv")
    teams = set()
    for row in rows:
        ids = {resolver.resolve_id(row[column]) for column in ("team", "alt_key", "team_long")}
        assert len(ids) == 1, row
        teams |= ids
    assert len(teams) == 30


def test_eoinmoore_current_teams_resolve_every_column_to_one_team(
    real_data: Path, resolver: TeamResolver
) -> None:
    """Current NBA rows: nba.com id, city + name, name and (space-padded) abbreviation agree."""
    rows = read_rows(real_data / "nba/eoinmoore_TeamHistories.csv")
    current = [r for r in rows if r["seasonActiveTill"] == "2100" and r["teamId"].startswith("16106127")]
    teams = set()
    for row in current:
        names = (row["teamId"], f"{row['teamCity']} {row['teamName']}", row["teamName"], row["teamAbbrev"])
        ids = {resolver.resolve_id(name) for name in names}
        assert len(ids) == 1, row
        teams |= ids
    assert len(teams) == 30


@pytest.mark.parametrize(
    ("written", "team_id"),
    [
        ("Sixers", "nba:phi"),
        ("Philly", "nba:phi"),
        ("Cavs", "nba:cle"),
        ("Mavs", "nba:dal"),
        ("T-Wolves", "nba:min"),
        ("Wolves", "nba:min"),
        ("Blazers", "nba:por"),
        ("Portland Trailblazers", "nba:por"),
        ("LA Clippers", "nba:lac"),
        ("L.A. Clippers", "nba:lac"),
        ("Clips", "nba:lac"),
        ("L.A. Lakers", "nba:lal"),
        ("LA Lakers", "nba:lal"),
        ("Dubs", "nba:gsw"),
        ("GS Warriors", "nba:gsw"),
        ("Golden St. Warriors", "nba:gsw"),
        ("NY Knicks", "nba:nyk"),
        ("Pels", "nba:nop"),
        ("Grizz", "nba:mem"),
        ("Celts", "nba:bos"),
        ("Raps", "nba:tor"),
        ("Wiz", "nba:was"),
        ("Nugs", "nba:den"),
        ("OKC Thunder", "nba:okc"),
        ("Seattle SuperSonics", "nba:okc"),
        ("New Jersey Nets", "nba:bkn"),
        ("Charlotte Bobcats", "nba:cha"),
        ("philadelphia 76ers", "nba:phi"),
        ("  Boston   Celtics ", "nba:bos"),
    ],
)
def test_names_people_write_resolve(resolver: TeamResolver, written: str, team_id: str) -> None:
    """Nicknames and short forms found in no file still resolve to the right team."""
    assert resolver.resolve_id(written) == team_id


_CASES: list[Callable[[str], str]] = [str.upper, str.lower, str.swapcase, str.title, str.casefold]


def _strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


@settings(max_examples=300, deadline=None)
@given(
    entry=st.sampled_from(NAMES),
    case=st.sampled_from(_CASES),
    left=st.text(alphabet=" \t", max_size=3),
    right=st.text(alphabet=" \t\n", max_size=3),
)
def test_resolution_ignores_case_and_surrounding_whitespace(
    entry: tuple[str, str], case: Callable[[str], str], left: str, right: str
) -> None:
    """A catalog name in any case, padded with whitespace, resolves to its team."""
    name, team_id = entry
    assert NBA.resolve_id(left + case(name) + right) == team_id


@settings(max_examples=150, deadline=None)
@given(entry=st.sampled_from(NAMES), data=st.data())
def test_resolution_ignores_accents(entry: tuple[str, str], data: st.DataObject) -> None:
    """Adding accents to a name's letters, or taking them away, does not change its team."""
    name, team_id = entry
    marks = data.draw(st.lists(st.sampled_from(["\u0301", "\u0300", "\u0308", "\u0302"]), min_size=len(name)))
    accented = "".join(ch + mark if ch.isalpha() else ch for ch, mark in zip(name, marks, strict=False))
    accented = unicodedata.normalize("NFC", accented)
    assert NBA.resolve_id(accented) == team_id
    assert NBA.resolve_id(_strip_accents(accented)) == team_id


@settings(max_examples=100, deadline=None)
@given(garbage=st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=8, max_size=30))
def test_garbage_is_an_error_naming_input_and_sport_with_candidates(garbage: str) -> None:
    """A vowel-less string is an error that names it and the sport, with candidates to pick from."""
    with pytest.raises(TeamResolutionError) as raised:
        NBA.resolve(garbage)
    assert repr(garbage) in str(raised.value)
    assert "nba" in str(raised.value)
    assert raised.value.sport == "nba"
    assert raised.value.candidates
