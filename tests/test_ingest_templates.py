"""The template CSV and JSON formats, and the cell parsers they share."""

from __future__ import annotations

import json
from datetime import date, time

import pytest

from scoracle_core.ingest.formats import Problem, RawGame, ScheduleFormat
from scoracle_core.ingest.templates import TEMPLATE_CSV, TEMPLATE_JSON
from scoracle_core.ingest.values import normalize_game_type, parse_date, parse_int, parse_season, parse_time

CSV = """date,time,home_team,away_team,venue,game_type
2026-01-15,19:30,Lakers,Warriors,Crypto.com Arena,regular
2026-01-15,20:00,Celtics,Heat,TD Garden,regular
"""


def rows(fmt: ScheduleFormat, text: str) -> list[RawGame | Problem]:
    return list(fmt.parse(text, source="f"))


def test_templates_satisfy_the_format_protocol() -> None:
    """Both templates are ScheduleFormat objects for any sport."""
    for fmt in (TEMPLATE_CSV, TEMPLATE_JSON):
        assert isinstance(fmt, ScheduleFormat)
        assert fmt.sport is None


def test_csv_rows_become_raw_games_with_their_line_numbers() -> None:
    """Each data row is a RawGame that keeps names as written and its 1-based line."""
    first, second = rows(TEMPLATE_CSV, CSV)
    assert isinstance(first, RawGame)
    assert isinstance(second, RawGame)
    assert (first.where, first.home, first.away, first.venue) == (
        "2",
        "Lakers",
        "Warriors",
        "Crypto.com Arena",
    )
    assert (first.day, first.clock, first.zone, first.explicit_zone) == (
        date(2026, 1, 15),
        time(19, 30),
        None,
        False,
    )
    assert second.where == "3"


def test_csv_optional_columns_are_read() -> None:
    """league, season, timezone, week, status, ids and scores are read when present."""
    text = (
        "date,time,home_team,away_team,league,season,timezone,week,status,game_id,external_id,home_score,away_score\n"
        "2024-10-22,7:30 PM,Celtics,Knicks,NBA,2024-25,America/Chicago,1,postponed,G1,777,,\n"
    )
    (row,) = rows(TEMPLATE_CSV, text)
    assert isinstance(row, RawGame)
    assert (row.clock, row.league, row.season, row.zone, row.explicit_zone) == (
        time(19, 30),
        "NBA",
        2024,
        "America/Chicago",
        True,
    )
    assert (row.week, row.status, row.source_id, row.external_id) == (1, "postponed", "G1", "777")


def test_csv_header_matching_ignores_case_and_spaces() -> None:
    """`Home Team` and `HOME_TEAM` both name the home_team column."""
    text = "Date,Time,Home Team,AWAY_TEAM\n2026-01-15,19:30,Lakers,Warriors\n"
    (row,) = rows(TEMPLATE_CSV, text)
    assert isinstance(row, RawGame)
    assert row.home == "Lakers"


def test_csv_empty_time_is_a_date_only_row() -> None:
    """An empty or TBD time leaves the clock unset (the pipeline uses the league's kickoff)."""
    text = "date,time,home_team,away_team\n2026-01-15,,Lakers,Warriors\n2026-01-16,TBD,Heat,Celtics\n"
    assert [r.clock for r in rows(TEMPLATE_CSV, text) if isinstance(r, RawGame)] == [None, None]


def test_csv_bad_cells_are_problems_on_their_line() -> None:
    """An unparseable date and a bad time are reported on the row's line, both at once."""
    text = "date,time,home_team,away_team\n15/01/2026,25:99,Lakers,Warriors\n"
    (problem,) = rows(TEMPLATE_CSV, text)
    assert isinstance(problem, Problem)
    assert problem.where == "2"
    assert "unparseable date '15/01/2026'" in problem.message
    assert "time" in problem.message


def test_csv_truncated_row_is_a_problem() -> None:
    """A row with fewer fields than the header is reported, not padded."""
    (problem,) = rows(TEMPLATE_CSV, "date,time,home_team,away_team\n2026-01-15,19:30,Lakers\n")
    assert isinstance(problem, Problem)
    assert "truncated row" in problem.message


def test_csv_header_without_required_columns_stops_parsing() -> None:
    """A header lacking home_team/away_team is one problem naming the template header."""
    (problem,) = rows(TEMPLATE_CSV, "date,home,away\n2026-01-15,Lakers,Warriors\n")
    assert isinstance(problem, Problem)
    assert problem.code == "bad-header"
    assert "home_team" in problem.message


def test_csv_unknown_columns_are_a_warning() -> None:
    """Extra columns are ignored with one warning on the header line."""
    problem, row = rows(TEMPLATE_CSV, "date,home_team,away_team,odds\n2026-01-15,Lakers,Warriors,1.5\n")
    assert isinstance(problem, Problem)
    assert problem.severity == "warning"
    assert "odds" in problem.message
    assert isinstance(row, RawGame)


def test_csv_quoted_field_spanning_lines_keeps_the_starting_line() -> None:
    """A multi-line quoted cell does not shift the line numbers of the rows after it."""
    text = (
        "date,home_team,away_team,venue\n"
        '2026-01-15,Lakers,Warriors,"Crypto.com\nArena"\n'
        "2026-01-16,Heat,Celtics,\n"
    )
    first, second = rows(TEMPLATE_CSV, text)
    assert isinstance(first, RawGame)
    assert isinstance(second, RawGame)
    assert (first.where, second.where) == ("2", "4")


def test_csv_sniff_is_confident_only_for_the_template_header() -> None:
    """The template header scores high; another CSV scores zero."""
    assert TEMPLATE_CSV.sniff(CSV, "x.csv") > 0.9
    assert TEMPLATE_CSV.sniff("Date,Time,Home,Away\n", "x.csv") == 0.0


def test_json_games_become_raw_games_with_paths() -> None:
    """Games carry their JSON path; file-wide season and timezone apply to every game."""
    doc = {
        "sport": "NBA",
        "season": "2025",
        "timezone": "America/Los_Angeles",
        "games": [{"date": "2026-01-15", "time": "19:30", "home_team": "Lakers", "away_team": "Warriors"}],
    }
    (row,) = rows(TEMPLATE_JSON, json.dumps(doc))
    assert isinstance(row, RawGame)
    assert (row.where, row.season, row.zone, row.explicit_zone) == (
        "$.games[0]",
        2025,
        "America/Los_Angeles",
        True,
    )


def test_json_per_game_timezone_overrides_the_file_timezone() -> None:
    """A game's own timezone wins over the file's."""
    doc = {
        "timezone": "America/New_York",
        "games": [{"date": "2026-01-15", "home_team": "A", "away_team": "B", "timezone": "Europe/London"}],
    }
    (row,) = rows(TEMPLATE_JSON, json.dumps(doc))
    assert isinstance(row, RawGame)
    assert row.zone == "Europe/London"


def test_json_problem_names_the_field_path() -> None:
    """A bad field is reported at its JSON path."""
    doc = {
        "games": [
            {"date": "2026-01-15", "home_team": "A", "away_team": "B"},
            {"date": "soon", "home_team": "A"},
        ]
    }
    ok, problem = rows(TEMPLATE_JSON, json.dumps(doc))
    assert isinstance(ok, RawGame)
    assert isinstance(problem, Problem)
    assert problem.where == "$.games[1]"
    assert "unparseable date 'soon'" in problem.message
    assert "missing away team" in problem.message


def test_json_that_does_not_parse_is_one_problem() -> None:
    """Broken JSON is reported with its position, not raised."""
    (problem,) = rows(TEMPLATE_JSON, '{"games": [}')
    assert isinstance(problem, Problem)
    assert problem.code == "bad-json"
    assert "line 1" in problem.message


def test_json_nested_too_deeply_is_a_problem() -> None:
    """A nesting bomb is a problem, not a RecursionError."""
    (problem,) = rows(TEMPLATE_JSON, "[" * 100_000 + "]" * 100_000)
    assert isinstance(problem, Problem)
    assert problem.code == "bad-json"


def test_json_declared_sport_is_read() -> None:
    """The file's top-level sport is available to the pipeline."""
    assert TEMPLATE_JSON.declared_sport('{"sport": "NBA", "games": []}') == "NBA"
    assert TEMPLATE_JSON.declared_sport("[]") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19:30", time(19, 30)),
        ("7:30p", time(19, 30)),
        ("7:30 AM", time(7, 30)),
        ("12:05 am", time(0, 5)),
        ("", None),
    ],
)
def test_parse_time_reads_common_clock_forms(text: str, expected: time | None) -> None:
    """24-hour and AM/PM forms are read; empty is no time."""
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("2024", 2024), ("2024-25", 2024), ("2024/2025", 2024), (2023, 2023)]
)
def test_parse_season_reads_start_years(text: str | int, expected: int) -> None:
    """A season is its start year, whichever way it is written."""
    assert parse_season(text) == expected


def test_parse_season_rejects_a_non_consecutive_span() -> None:
    """`2024-26` is not a season."""
    with pytest.raises(ValueError, match="consecutive"):
        parse_season("2024-26")


def test_parse_date_rejects_impossible_dates() -> None:
    """February 30th is an error naming the value."""
    with pytest.raises(ValueError, match="2025-02-30"):
        parse_date("2025-02-30")


def test_parse_int_tolerates_pandas_floats() -> None:
    """`21.0` is 21; `21.5` is an error."""
    assert parse_int("21.0", what="week", low=0, high=30) == 21
    with pytest.raises(ValueError, match="whole number"):
        parse_int("21.5", what="week", low=0, high=30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Regular Season", "regular"), ("PLAYOFFS", "playoff"), ("Play-In", "play-in"), ("All-Star", "allstar")],
)
def test_game_types_are_normalised(text: str, expected: str) -> None:
    """Common spellings of game types map to the canonical names."""
    assert normalize_game_type(text) == expected
