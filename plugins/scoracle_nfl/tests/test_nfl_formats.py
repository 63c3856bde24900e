"""The NFL schedule formats against the real files in shared/data/real, and against bad input."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from datetime import date, time, timedelta
from importlib.resources import files
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoracle_core.ingest.formats import Problem, RawGame, ScheduleFormat
from scoracle_core.teams import TeamResolver
from scoracle_nfl.formats import FullNamesCsv, NflverseCsv, make_formats
from scoracle_nfl.schedules import bundled

Parsed = tuple[list[RawGame], list[Problem]]
ParseFile = Callable[[str, Path], Parsed]

NFLVERSE = "nfl/nflverse_schedules_2023-2024_via-nfl_data_py_nckptrck.csv"
FULLNAMES = {
    2023: "nfl/matsonj_nfl_schedule_2023_fullnames.csv",
    2024: "nfl/matsonj_nfl_schedule_2024_fullnames.csv",
}
REAL_SCHEDULES = {
    NFLVERSE: "nfl-nflverse-csv",
    FULLNAMES[2023]: "nfl-fullnames-csv",
    FULLNAMES[2024]: "nfl-fullnames-csv",
}
NFL_FORMATS = ("nfl-nflverse-csv", "nfl-fullnames-csv")
#: Module-level instances for Hypothesis (function-scoped fixtures do not mix with @given).
FORMAT_OBJECTS = make_formats()
FULLNAMES_HEADER = "id,Week,Day,Date,VisTm,HomeTm,Neutral\n"


def head(path: Path) -> str:
    """What the pipeline hands to ``sniff``: the first 4 KiB, decoded."""
    return path.read_text(encoding="utf-8")[:4096]


def parse_text(fmt: ScheduleFormat, text: str) -> Parsed:
    """Parse text with a format, split into games and problems."""
    rows = list(fmt.parse(text, source="test.csv"))
    return [r for r in rows if isinstance(r, RawGame)], [r for r in rows if isinstance(r, Problem)]


# -- registration and sniffing ----------------------------------------------------------------


def test_formats_are_registered_by_the_plugin(formats: dict[str, ScheduleFormat]) -> None:
    """The plugin registers its two formats, each a ScheduleFormat of sport nfl."""
    for name in NFL_FORMATS:
        assert isinstance(formats[name], ScheduleFormat)
        assert formats[name].sport == "nfl"


@pytest.mark.parametrize("name", NFL_FORMATS)
def test_description_states_the_time_zone(formats: dict[str, ScheduleFormat], name: str) -> None:
    """Each description says the times are US Eastern."""
    assert "Eastern" in formats[name].description


@pytest.mark.parametrize(("relative", "expected"), REAL_SCHEDULES.items())
def test_real_file_is_sniffed_to_its_format(
    real_data: Path, formats: dict[str, ScheduleFormat], relative: str, expected: str
) -> None:
    """Among every installed format, the right one scores highest, clearly."""
    path = real_data / relative
    scores = sorted(((fmt.sniff(head(path), path.name), name) for name, fmt in formats.items()), reverse=True)
    assert scores[0][1] == expected
    assert scores[0][0] >= 0.9
    assert scores[1][0] < 0.5


def test_other_files_sniff_low_for_every_nfl_format(
    real_data: Path, formats: dict[str, ScheduleFormat]
) -> None:
    """NBA, football and alias files score below 0.5 with every NFL format."""
    others = [p for p in sorted(real_data.rglob("*.*")) if p.suffix in {".csv", ".json", ".txt"}]
    others = [p for p in others if str(p.relative_to(real_data)) not in REAL_SCHEDULES]
    assert len(others) > 20
    for path in others:
        for name in NFL_FORMATS:
            assert formats[name].sniff(head(path), path.name) < 0.5, (path.name, name)


@pytest.mark.parametrize(
    "garbage", ["", "\ufeff", "hello world", "a,b,c\n1,2,3\n", "\x00\x01\x02", '"unclosed,quote\n', "{}"]
)
def test_garbage_sniffs_zero(garbage: str) -> None:
    """Garbage scores 0 with every NFL format."""
    assert all(fmt.sniff(garbage, "x.csv") == 0.0 for fmt in FORMAT_OBJECTS)


# -- nflverse --------------------------------------------------------------------------------


@pytest.mark.parametrize("season", [2023, 2024])
def test_nflverse_reads_272_regular_and_13_playoff_games_per_season(
    real_data: Path, parse_file: ParseFile, season: int
) -> None:
    """REG → 272 regular games, WC/DIV/CON/SB → 13 playoff games, season from its column."""
    games, problems = parse_file("nfl-nflverse-csv", real_data / NFLVERSE)
    assert problems == []
    assert Counter(g.game_type for g in games if g.season == season) == {"regular": 272, "playoff": 13}


def test_nflverse_row_keeps_id_week_eastern_clock_and_integer_scores(
    real_data: Path, parse_file: ParseFile
) -> None:
    """2023_01_DET_KC: 2023-09-07 20:20 Eastern (not explicit), week 1, floats '21.0' → 21."""
    games, _ = parse_file("nfl-nflverse-csv", real_data / NFLVERSE)
    first = games[0]
    assert (first.source_id, first.season, first.week) == ("2023_01_DET_KC", 2023, 1)
    assert (first.day, first.clock, first.zone, first.explicit_zone) == (
        date(2023, 9, 7),
        time(20, 20),
        "America/New_York",
        False,
    )
    assert (first.away, first.away_score, first.home, first.home_score) == ("DET", 21, "KC", 20)
    assert first.status == "completed"


def test_nflverse_london_kickoff_is_morning_eastern(real_data: Path, parse_file: ParseFile) -> None:
    """International games keep their Eastern wall clock ('09:30'), not local London time."""
    games, _ = parse_file("nfl-nflverse-csv", real_data / NFLVERSE)
    assert Counter(g.clock for g in games)[time(9, 30)] == 9


@pytest.mark.parametrize(("season", "neutral"), [(2023, 6), (2024, 7)])
def test_nflverse_neutral_sites(real_data: Path, parse_file: ParseFile, season: int, neutral: int) -> None:
    """location=Neutral marks the international games, the Super Bowl and the moved LA wild card."""
    games, _ = parse_file("nfl-nflverse-csv", real_data / NFLVERSE)
    marked = [g for g in games if g.season == season and g.neutral]
    assert len(marked) == neutral
    if season == 2024:
        assert "2024_19_MIN_LA" in {g.source_id for g in marked}


def test_nflverse_canonical_games_csv_reads_the_same(real_data: Path, parse_file: ParseFile) -> None:
    """Without the pandas index column and with integer scores, the same games come out."""
    with (real_data / NFLVERSE).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = rows[0][1:]
    scores = {header.index("away_score"), header.index("home_score")}
    for row in [header, *(r[1:] for r in rows[1:])]:
        writer.writerow([c.removesuffix(".0") if i in scores else c for i, c in enumerate(row)])
    canonical, problems = parse_text(NflverseCsv(), out.getvalue())
    pandas, _ = parse_file("nfl-nflverse-csv", real_data / NFLVERSE)
    assert problems == []
    assert canonical == pandas
    assert NflverseCsv().sniff(out.getvalue()[:4096], "games.csv") >= 0.9


# -- matsonj full names ----------------------------------------------------------------------


@pytest.mark.parametrize("season", [2023, 2024])
def test_fullnames_reads_272_games_of_the_season(real_data: Path, parse_file: ParseFile, season: int) -> None:
    """Each file yields its 272 regular-season games, season = the week-1 year, no errors."""
    games, problems = parse_file("nfl-fullnames-csv", real_data / FULLNAMES[season])
    assert len(games) == 272
    assert {(g.season, g.game_type, g.league) for g in games} == {(season, "regular", "nfl")}
    assert [p for p in problems if p.severity == "error"] == []


def test_fullnames_2023_has_eastern_kickoff_times(real_data: Path, parse_file: ParseFile) -> None:
    """'2023-9-7 20:20' is 2023-09-07 at 20:20 US Eastern."""
    games, _ = parse_file("nfl-fullnames-csv", real_data / FULLNAMES[2023])
    assert (games[0].day, games[0].clock, games[0].zone) == (
        date(2023, 9, 7),
        time(20, 20),
        "America/New_York",
    )


def test_fullnames_2024_is_date_only(real_data: Path, parse_file: ParseFile) -> None:
    """'9/5/24' is 2024-09-05 with no clock (the pipeline applies the league's default kick-off)."""
    games, _ = parse_file("nfl-fullnames-csv", real_data / FULLNAMES[2024])
    assert (games[0].day, games[0].clock) == (date(2024, 9, 5), None)
    assert all(g.clock is None for g in games)


@pytest.mark.parametrize(("season", "written"), [(2023, "2023-1-7 13:00"), (2024, "1/5/24")])
def test_fullnames_week_18_wrong_year_is_fixed_with_one_warning(
    real_data: Path, parse_file: ParseFile, season: int, written: str
) -> None:
    """The 16 week-18 games move to January of the next year; one warning says what moved."""
    games, problems = parse_file("nfl-fullnames-csv", real_data / FULLNAMES[season])
    week18 = [g for g in games if g.week == 18]
    assert len(week18) == 16
    assert all(g.day is not None and (g.day.year, g.day.month) == (season + 1, 1) for g in week18)
    (warning,) = problems
    assert (warning.severity, warning.code) == ("warning", "fixed-year")
    assert "16 games" in warning.message
    assert written in warning.message


@pytest.mark.parametrize("season", [2023, 2024])
def test_fullnames_dates_agree_with_nflverse_within_three_days(
    real_data: Path, parse_file: ParseFile, resolver: TeamResolver, season: int
) -> None:
    """Every game matches nflverse on (week, home, away) within 3 days (flexed games differ a little)."""
    verse = {
        (g.week, resolver.resolve_id(g.home), resolver.resolve_id(g.away)): g.day
        for g in parse_file("nfl-nflverse-csv", real_data / NFLVERSE)[0]
        if g.season == season
    }
    games, _ = parse_file("nfl-fullnames-csv", real_data / FULLNAMES[season])
    for game in games:
        other = verse[(game.week, resolver.resolve_id(game.home), resolver.resolve_id(game.away))]
        assert game.day is not None
        assert other is not None
        assert abs(game.day - other) <= timedelta(days=3), game


def test_fullnames_neutral_flag_marks_five_games(real_data: Path, parse_file: ParseFile) -> None:
    """Neutral=1 marks São Paulo, London x3 and Munich in 2024."""
    games, _ = parse_file("nfl-fullnames-csv", real_data / FULLNAMES[2024])
    assert sorted(int(g.where) for g in games if g.neutral) == [3, 67, 81, 95, 141]


def test_fullnames_wrong_weekday_warns_and_keeps_the_date() -> None:
    """A Day that contradicts the date is a warning on its row; the date stands."""
    text = FULLNAMES_HEADER + "1,1,Mon,9/5/24,Baltimore Ravens,Kansas City Chiefs,0\n"
    games, problems = parse_text(FullNamesCsv(), text)
    assert [g.day for g in games] == [date(2024, 9, 5)]
    assert [(p.where, p.severity) for p in problems] == [("2", "warning")]


# -- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMAT_OBJECTS, ids=lambda f: f.name)
def test_missing_header_columns_are_one_problem(fmt: ScheduleFormat) -> None:
    """A file of another layout is one error naming the missing columns, and no games."""
    games, problems = parse_text(fmt, "a,b,c\n1,2,3\n4,5,6\n")
    assert games == []
    assert len(problems) == 1
    assert "header has no" in problems[0].message


@pytest.mark.parametrize("fmt", FORMAT_OBJECTS, ids=lambda f: f.name)
@pytest.mark.parametrize("text", ["", "\n\n", "\ufeff"])
def test_empty_text_is_one_problem(fmt: ScheduleFormat, text: str) -> None:
    """Empty text is one error and no games, not an exception."""
    games, problems = parse_text(fmt, text)
    assert games == []
    assert [p.severity for p in problems] == ["error"]


@pytest.mark.parametrize(("relative", "name"), REAL_SCHEDULES.items())
def test_truncated_row_is_an_error_and_the_rest_still_parse(
    real_data: Path, relative: str, name: str
) -> None:
    """A row cut in half is an error on its line; the rows around it still parse."""
    lines = (real_data / relative).read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2][: len(lines[2]) // 2]
    games, problems = parse_text(next(f for f in FORMAT_OBJECTS if f.name == name), "\n".join(lines[:6]))
    assert [(p.where, p.code) for p in problems if p.severity == "error"] == [("3", "bad-row")]
    assert [g.where for g in games] == ["2", "4", "5", "6"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"game_type": "XYZ"}, "game_type"),
        ({"gameday": "07/09/2023"}, "gameday"),
        ({"gameday": "2023-02-30"}, "no such date"),
        ({"gametime": "8pm"}, "gametime"),
        ({"home_score": ""}, "one team"),
        ({"week": "first"}, "whole number"),
        ({"season": ""}, "season"),
        ({"home_team": ""}, "team"),
    ],
)
def test_nflverse_bad_values_are_row_errors(change: dict[str, str], message: str) -> None:
    """Each unreadable value is an error on its row that says what is wrong."""
    row = {
        "game_id": "2023_01_DET_KC",
        "season": "2023",
        "game_type": "REG",
        "week": "1",
        "gameday": "2023-09-07",
        "gametime": "20:20",
        "away_team": "DET",
        "away_score": "21",
        "home_team": "KC",
        "home_score": "20",
    } | change
    text = ",".join(row) + "\n" + ",".join(row.values()) + "\n"
    games, problems = parse_text(NflverseCsv(), text)
    assert games == []
    assert [p.severity for p in problems] == ["error"]
    assert message in problems[0].message


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("1,1,Thu,2023-13-7 20:20,Detroit Lions,Kansas City Chiefs,0", "no such date"),
        ("1,1,Thu,Sept 7,Detroit Lions,Kansas City Chiefs,0", "unreadable Date"),
        ("1,,Thu,9/7/23,Detroit Lions,Kansas City Chiefs,0", "Week"),
        ("1,1,Thu,9/7/23,Detroit Lions,Kansas City Chiefs,maybe", "Neutral"),
        ("1,1,Thu,9/7/23 25:00,Detroit Lions,Kansas City Chiefs,0", "no such time"),
    ],
)
def test_fullnames_bad_values_are_row_errors(row: str, message: str) -> None:
    """Each unreadable value is an error on its row that says what is wrong."""
    games, problems = parse_text(FullNamesCsv(), FULLNAMES_HEADER + row + "\n")
    assert games == []
    assert [p.severity for p in problems] == ["error"]
    assert message in problems[0].message


@pytest.mark.parametrize("fmt", FORMAT_OBJECTS, ids=lambda f: f.name)
@settings(max_examples=150, deadline=None)
@given(text=st.text())
def test_arbitrary_text_never_raises(fmt: ScheduleFormat, text: str) -> None:
    """Any text parses to games and problems, and sniffs to a score in [0, 1], without raising."""
    assert all(isinstance(row, RawGame | Problem) for row in fmt.parse(text, source="fuzz"))
    assert 0.0 <= fmt.sniff(text, "fuzz.csv") <= 1.0


#: Plausible values of every column, so fuzzing reaches past the first check of a row.
_CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "0",
            "1",
            "18",
            "21.0",
            "REG",
            "SB",
            "2023_01_DET_KC",
            "2023",
            "2023-09-07",
            "2023-2-29",
            "20:20",
            "2023-1-7 13:00",
            "1/5/24",
            "2/29/23",
            "12/31/2099 23:59",
            "Sun",
            "Neutral",
            "Kansas City Chiefs",
            "KC",
        ]
    ),
)
_HEADERS = {
    "nfl-nflverse-csv": (
        ",game_id,season,game_type,week,gameday,weekday,gametime,away_team,away_score,home_team,home_score,location"
    ),
    "nfl-fullnames-csv": FULLNAMES_HEADER.strip(),
}


@pytest.mark.parametrize("fmt", FORMAT_OBJECTS, ids=lambda f: f.name)
@settings(max_examples=80, deadline=None)
@given(cells=st.lists(st.lists(_CELLS, min_size=3, max_size=14), max_size=4))
def test_arbitrary_rows_under_a_real_header_never_raise(fmt: ScheduleFormat, cells: list[list[str]]) -> None:
    """Rows of arbitrary cells under the format's own header give games or problems, never exceptions."""
    body = "\n".join(",".join('"' + c.replace('"', '""') + '"' for c in row) for row in cells)
    rows = list(fmt.parse(f"{_HEADERS[fmt.name]}\n{body}", source="fuzz"))
    assert all(isinstance(row, RawGame | Problem) for row in rows)


# -- bundled schedules -----------------------------------------------------------------------


def test_bundled_schedules_are_the_shared_files_byte_for_byte(real_data: Path) -> None:
    """The shipped 2023 and 2024 CSVs are unedited copies of the MIT-licensed matsonj files."""
    shipped = {schedule.season: schedule.file.read_bytes() for schedule in bundled()}
    assert shipped == {season: (real_data / rel).read_bytes() for season, rel in FULLNAMES.items()}


def test_bundled_schedules_parse_with_their_format(formats: dict[str, ScheduleFormat]) -> None:
    """Each bundled schedule names a registered format that reads its 272 games, week 18 fixed."""
    last_day = {2023: date(2024, 1, 7), 2024: date(2025, 1, 5)}
    for schedule in bundled():
        games, _ = parse_text(formats[schedule.format], schedule.read_text())
        assert len(games) == 272
        assert max(g.day for g in games if g.day is not None) == last_day[schedule.season]


def test_bundled_schedules_carry_a_notice() -> None:
    """data/schedules/NOTICE.md names both source commits and the MIT license."""
    notice = (files("scoracle_nfl") / "data" / "schedules" / "NOTICE.md").read_text(encoding="utf-8")
    assert "700bae422a6b4cf645610ce291d48c2c53677eb3" in notice
    assert "df9785f04e27049f47c74234d30ea359725787a7" in notice
    assert "MIT License" in notice
