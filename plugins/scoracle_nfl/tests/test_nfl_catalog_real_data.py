"""Every NFL team name in the real files resolves with the real catalog, and the resolver's properties.

This is the acceptance check of issue 3 for the NFL: the real resolver
(``TeamResolver(load_plugins().get("nfl").catalog())``, no overrides) maps every spelling and
abbreviation found under shared/data/real to the right team.
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
NFL = TeamResolver(SPORTS.get("nfl").catalog())
NAMES = sorted((name, team.id) for team in SPORTS.get("nfl").catalog() for name in team.names())

NFLVERSE = "nfl/nflverse_schedules_2023-2024_via-nfl_data_py_nckptrck.csv"
SEASON_FILES = [
    (NFLVERSE, "nfl-nflverse-csv", 2023),
    (NFLVERSE, "nfl-nflverse-csv", 2024),
    ("nfl/matsonj_nfl_schedule_2023_fullnames.csv", "nfl-fullnames-csv", 2023),
    ("nfl/matsonj_nfl_schedule_2024_fullnames.csv", "nfl-fullnames-csv", 2024),
]


def read_rows(path: Path) -> list[dict[str, str]]:
    """A CSV file as dicts (BOM stripped)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(("relative", "fmt", "season"), SEASON_FILES)
def test_season_resolves_to_32_teams_with_17_games_each(
    real_data: Path, parse_file: ParseFile, resolver: TeamResolver, relative: str, fmt: str, season: int
) -> None:
    """Every home/away name or abbreviation resolves; 32 distinct teams, 17 regular-season games each."""
    games, _ = parse_file(fmt, real_data / relative)
    played = Counter(
        resolver.resolve_id(name, season=season)
        for g in games
        if g.game_type == "regular" and g.season == season
        for name in (g.home, g.away)
    )
    assert len(played) == 32
    assert set(played.values()) == {17}


def test_nflverse_playoff_teams_resolve(
    real_data: Path, parse_file: ParseFile, resolver: TeamResolver
) -> None:
    """The playoff rows' abbreviations resolve too: the 14 playoff teams of each season."""
    games, _ = parse_file("nfl-nflverse-csv", real_data / NFLVERSE)
    for season in (2023, 2024):
        teams = {
            resolver.resolve_id(n)
            for g in games
            if g.season == season and g.game_type == "playoff"
            for n in (g.home, g.away)
        }
        assert len(teams) == 14


def test_matsonj_aliases_resolve_every_column_to_one_team(real_data: Path, resolver: TeamResolver) -> None:
    """Full name and Team_short (LAR for the Rams, where nflverse writes LA) agree."""
    rows = read_rows(real_data / "nfl/matsonj_nfl_team_ratings_aliases.csv")
    teams = set()
    for row in rows:
        ids = {resolver.resolve_id(row["Team"]), resolver.resolve_id(row["Team_short"])}
        assert len(ids) == 1, row
        teams |= ids
    assert len(teams) == 32


def test_espn_nicknames_resolve_every_column_to_one_team(real_data: Path, resolver: TeamResolver) -> None:
    """Nickname, ESPN abbreviation (WSH, LAR), location + nickname and an unshared location agree."""
    rows = read_rows(real_data / "nfl/espn_teams_nicknames_JamesChapmanNV.csv")
    shared_locations = {loc for loc, n in Counter(r["location"] for r in rows).items() if n > 1}
    teams = set()
    for row in rows:
        names = [row["team_name"], row["abbreviation"], f"{row['location']} {row['team_name']}"]
        if row["location"] not in shared_locations:
            names.append(row["location"])
        ids = {resolver.resolve_id(name) for name in names}
        assert len(ids) == 1, row
        teams |= ids
    assert len(teams) == 32


@pytest.mark.parametrize("location", ["New York", "Los Angeles"])
def test_a_location_two_teams_share_is_ambiguous(resolver: TeamResolver, location: str) -> None:
    """'New York' and 'Los Angeles' alone are errors listing both teams, never a guess."""
    with pytest.raises(TeamResolutionError) as raised:
        resolver.resolve(location)
    assert len(raised.value.candidates) >= 2


@pytest.mark.parametrize(
    ("written", "team_id"),
    [
        ("Niners", "nfl:sf"),
        ("SF 49ers", "nfl:sf"),
        ("Bucs", "nfl:tb"),
        ("Pats", "nfl:ne"),
        ("Jags", "nfl:jax"),
        ("Fins", "nfl:mia"),
        ("G-Men", "nfl:nyg"),
        ("NY Giants", "nfl:nyg"),
        ("NY Jets", "nfl:nyj"),
        ("Bolts", "nfl:lac"),
        ("LA Chargers", "nfl:lac"),
        ("L.A. Rams", "nfl:lar"),
        ("LA Rams", "nfl:lar"),
        ("Cards", "nfl:ari"),
        ("Vikes", "nfl:min"),
        ("Commanders", "nfl:was"),
        ("Washington Football Team", "nfl:was"),
        ("Oakland Raiders", "nfl:lv"),
        ("San Diego Chargers", "nfl:lac"),
        ("St. Louis Rams", "nfl:lar"),
        ("Houston Oilers", "nfl:ten"),
        ("KC", "nfl:kc"),
        ("kansas city chiefs", "nfl:kc"),
        ("  Green Bay  Packers ", "nfl:gb"),
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
    assert NFL.resolve_id(left + case(name) + right) == team_id


@settings(max_examples=150, deadline=None)
@given(entry=st.sampled_from(NAMES), data=st.data())
def test_resolution_ignores_accents(entry: tuple[str, str], data: st.DataObject) -> None:
    """Adding accents to a name's letters, or taking them away, does not change its team."""
    name, team_id = entry
    marks = data.draw(st.lists(st.sampled_from(["\u0301", "\u0300", "\u0308", "\u0302"]), min_size=len(name)))
    accented = "".join(ch + mark if ch.isalpha() else ch for ch, mark in zip(name, marks, strict=False))
    accented = unicodedata.normalize("NFC", accented)
    assert NFL.resolve_id(accented) == team_id
    assert NFL.resolve_id(_strip_accents(accented)) == team_id


@settings(max_examples=100, deadline=None)
@given(garbage=st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=8, max_size=30))
def test_garbage_is_an_error_naming_input_and_sport_with_candidates(garbage: str) -> None:
    """A vowel-less string is an error that names it and the sport, with candidates to pick from."""
    with pytest.raises(TeamResolutionError) as raised:
        NFL.resolve(garbage)
    assert repr(garbage) in str(raised.value)
    assert "nfl" in str(raised.value)
    assert raised.value.sport == "nfl"
    assert raised.value.candidates
