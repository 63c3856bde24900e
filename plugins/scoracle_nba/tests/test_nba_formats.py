"""The NBA schedule formats against the real files in shared/data/real, and against bad input."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from importlib.resources import files
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoracle_core.ingest.formats import Problem, RawGame, ScheduleFormat
from scoracle_core.teams import TeamResolver
from scoracle_nba.formats import BbrefCsv, FixtureDownloadCsv, NbaComCsv, make_formats
from scoracle_nba.schedules import bundled

Parsed = tuple[list[RawGame], list[Problem]]
ParseFile = Callable[[str, Path], Parsed]

EASTERN = ZoneInfo("America/New_York")
BBREF_2023 = "nba/matsonj_nba_schedule_2023-24_bbref.csv"
BBREF_2024 = "nba/matsonj_nba_schedule_2024-25_bbref.csv"
FIXTUREDOWNLOAD = "nba/fixturedownload_nba-2024-UTC_snapshot-2024-11.csv"
NBA_COM = "nba/eoinmoore_LeagueSchedule24_25.csv"

REAL_SCHEDULES = {
    BBREF_2023: "nba-bbref-csv",
    BBREF_2024: "nba-bbref-csv",
    FIXTUREDOWNLOAD: "nba-fixturedownload-csv",
    NBA_COM: "nba-com-csv",
}
BBREF_HEADER = (
    "id,type,Day,Date,Year,Start (ET),Visitor/Neutral,PTS,Home/Neutral,PTS,Attend.,Arena,Notes,series_id\n"
)
NBA_FORMATS = ("nba-bbref-csv", "nba-fixturedownload-csv", "nba-com-csv")
#: Module-level instances for Hypothesis (function-scoped fixtures do not mix with @given).
FORMAT_OBJECTS = make_formats()


def head(path: Path) -> str:
    """What the pipeline hands to ``sniff``: the first 4 KiB, decoded."""
    return path.read_text(encoding="utf-8")[:4096]


def instant(game: RawGame) -> datetime:
    """The game's start as an aware instant (wall clocks read in their zone)."""
    if game.start_at is not None:
        return game.start_at
    assert game.day is not None
    assert game.clock is not None
    return datetime.combine(game.day, game.clock, ZoneInfo(game.zone or "America/New_York"))


def regular(games: list[RawGame]) -> list[RawGame]:
    """The regular-season games."""
    return [g for g in games if g.game_type == "regular"]


def parse_text(fmt: ScheduleFormat, text: str) -> Parsed:
    """Parse text with a format, split into games and problems."""
    rows = list(fmt.parse(text, source="test.csv"))
    return [r for r in rows if isinstance(r, RawGame)], [r for r in rows if isinstance(r, Problem)]


# -- registration and sniffing ----------------------------------------------------------------


def test_formats_are_registered_by_the_plugin(formats: dict[str, ScheduleFormat]) -> None:
    """The plugin registers its three formats, each a ScheduleFormat of sport nba."""
    for name in NBA_FORMATS:
        assert isinstance(formats[name], ScheduleFormat)
        assert formats[name].sport == "nba"


@pytest.mark.parametrize("name", NBA_FORMATS)
def test_description_states_the_time_zone(formats: dict[str, ScheduleFormat], name: str) -> None:
    """Each description names its time-zone convention."""
    assert "Eastern" in formats[name].description or "UTC" in formats[name].description


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


def test_other_files_sniff_low_for_every_nba_format(
    real_data: Path, formats: dict[str, ScheduleFormat]
) -> None:
    """NFL, football and alias files score below 0.5 with every NBA format."""
    others = [p for p in sorted(real_data.rglob("*.*")) if p.suffix in {".csv", ".json", ".txt"}]
    others = [p for p in others if str(p.relative_to(real_data)) not in REAL_SCHEDULES]
    assert len(others) > 20
    for path in others:
        for name in NBA_FORMATS:
            assert formats[name].sniff(head(path), path.name) < 0.5, (path.name, name)


@pytest.mark.parametrize(
    "garbage", ["", "\ufeff", "hello world", "a,b,c\n1,2,3\n", "\x00\x01\x02", '"unclosed,quote\n', "{}"]
)
def test_garbage_sniffs_zero(garbage: str) -> None:
    """Garbage scores 0 with every NBA format."""
    assert all(fmt.sniff(garbage, "x.csv") == 0.0 for fmt in FORMAT_OBJECTS)


def test_sniff_ignores_a_fixturedownload_file_of_another_sport() -> None:
    """fixturedownload's header is shared by all sports: foreign team names score low."""
    text = (
        "Match Number,Round Number,Date,Location,Home Team,Away Team,Result\n"
        "1,1,16/08/2024 19:00,Old Trafford,Man Utd,Fulham,1 - 0\n"
        "2,1,17/08/2024 11:30,Portman Road,Ipswich,Liverpool,0 - 2\n"
    )
    assert FixtureDownloadCsv().sniff(text, "epl-2024-UTC.csv") < 0.5


# -- basketball-reference --------------------------------------------------------------------


@pytest.mark.parametrize("relative", [BBREF_2023, BBREF_2024])
def test_bbref_reads_1230_regular_season_games(real_data: Path, parse_file: ParseFile, relative: str) -> None:
    """Each season file yields exactly its 1230 regular-season games and no errors."""
    games, problems = parse_file("nba-bbref-csv", real_data / relative)
    assert len(games) == 1230
    assert {g.game_type for g in games} == {"regular"}
    assert [p for p in problems if p.severity == "error"] == []


@pytest.mark.parametrize("relative", [BBREF_2023, BBREF_2024])
def test_bbref_placeholders_are_skipped_with_one_warning(
    real_data: Path, parse_file: ParseFile, relative: str
) -> None:
    """The 111 undated play-in/playoff placeholder rows become one warning naming the count."""
    _, problems = parse_file("nba-bbref-csv", real_data / relative)
    placeholder = [p for p in problems if "placeholder" in p.message]
    assert len(placeholder) == 1
    assert (placeholder[0].severity, placeholder[0].code) == ("warning", "skipped-placeholder")
    assert "111" in placeholder[0].message


def test_bbref_time_is_eastern_wall_clock(real_data: Path, parse_file: ParseFile) -> None:
    """'7:30p' is 19:30 in America/New_York, a zone the header states explicitly."""
    games, _ = parse_file("nba-bbref-csv", real_data / BBREF_2024)
    first = games[0]
    assert (first.day, first.clock) == (date(2024, 10, 22), time(19, 30))
    assert first.zone == "America/New_York"
    assert first.explicit_zone


def test_bbref_january_games_land_in_the_next_calendar_year(real_data: Path, parse_file: ParseFile) -> None:
    """2023-24 writes Year as the date's year: Jan 1 is 2024-01-01 and every date is in the season."""
    games, _ = parse_file("nba-bbref-csv", real_data / BBREF_2023)
    days = [g.day for g in games if g.day is not None]
    assert date(2024, 1, 1) in days
    assert min(days) == date(2023, 10, 24)
    assert max(days) == date(2024, 4, 14)


def test_bbref_year_holding_the_season_year_is_corrected_by_the_weekday() -> None:
    """A Year column with the season's start year on January rows still yields January of the next year."""
    text = (
        BBREF_HEADER
        + "1,reg_season,Tue, Oct 24,2023,7:30p,Los Angeles Lakers,,Denver Nuggets,,,Ball Arena,,0\n"
        "2,reg_season,Mon, Jan 1,2023,3:00p,Minnesota Timberwolves,,New York Knicks,,,MSG,,0\n"
        "3,reg_season,Tue, Jan 2,2023,7:00p,Boston Celtics,,Miami Heat,,,Kaseya Center,,0\n"
    )
    games, problems = parse_text(BbrefCsv(), text)
    assert [g.day for g in games] == [date(2023, 10, 24), date(2024, 1, 1), date(2024, 1, 2)]
    assert [p.severity for p in problems] == ["warning"]
    assert "season's year" in problems[0].message


def test_bbref_wrong_weekday_warns_and_keeps_the_date(real_data: Path, parse_file: ParseFile) -> None:
    """Line 1145 of 2023-24 says 'Fri, Apr 4' (a Thursday): the date stands, with a warning."""
    games, problems = parse_file("nba-bbref-csv", real_data / BBREF_2023)
    game = next(g for g in games if g.where == "1145")
    assert game.day == date(2024, 4, 4)
    assert [p.severity for p in problems if p.where == "1145"] == ["warning"]


def test_bbref_box_score_rows_keep_scores_and_arena(real_data: Path, parse_file: ParseFile) -> None:
    """All 310 rows with 'Box Score' in Attend. parse, with both PTS columns and the arena right."""
    path = real_data / BBREF_2024
    games, _ = parse_file("nba-bbref-csv", path)
    box_lines = {
        str(n)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "Box Score" in line
    }
    assert len(box_lines) == 310
    boxed = [g for g in games if g.where in box_lines]
    assert len(boxed) == 310
    assert all(g.status == "completed" and g.venue != "Box Score" for g in boxed)
    magic_pistons = next(g for g in boxed if g.where == "486")
    assert (magic_pistons.away, magic_pistons.away_score) == ("Orlando Magic", 96)
    assert (magic_pistons.home, magic_pistons.home_score) == ("Detroit Pistons", 105)
    assert magic_pistons.venue == "Little Caesars Arena"


def test_bbref_scores_count_completed_games(real_data: Path, parse_file: ParseFile) -> None:
    """The 2024-25 snapshot has 462 scored games; the rest are scheduled."""
    games, _ = parse_file("nba-bbref-csv", real_data / BBREF_2024)
    assert Counter(g.status for g in games) == {"completed": 462, "scheduled": 768}


def test_bbref_extra_box_score_cell_is_realigned() -> None:
    """A row with an extra 'Box Score' cell is realigned to the header, with one warning."""
    text = (
        BBREF_HEADER
        + "1,reg_season,Wed, Jan 1, 2025,7:00p,Orlando Magic,96,Detroit Pistons,105,Box Score,18011,"
        "Little Caesars Arena,,0\n"
    )
    games, problems = parse_text(BbrefCsv(), text)
    assert [(g.venue, g.home_score, g.away_score) for g in games] == [("Little Caesars Arena", 105, 96)]
    assert [p.severity for p in problems] == ["warning"]
    assert "realigned" in problems[0].message


@pytest.mark.parametrize(
    ("relative", "neutral_lines"),
    [(BBREF_2023, {"120", "308", "309", "558"}), (BBREF_2024, {"88", "376", "377", "647", "659"})],
)
def test_bbref_neutral_sites_are_marked(
    real_data: Path, parse_file: ParseFile, relative: str, neutral_lines: set[str]
) -> None:
    """Blank arenas (Mexico City, Paris), Vegas and the Cup-semifinal/Global-Games arenas are neutral."""
    games, _ = parse_file("nba-bbref-csv", real_data / relative)
    assert {g.where for g in games if g.neutral} == neutral_lines


def test_bbref_reads_a_plain_basketball_reference_export() -> None:
    """Without Year/type columns, the year inside Date ('Tue, Oct 22, 2024') is used."""
    text = (
        "Date,Start (ET),Visitor/Neutral,PTS,Home/Neutral,PTS,,,Attend.,LOG,Arena,Notes\n"
        '"Tue, Oct 22, 2024",7:30p,New York Knicks,109,Boston Celtics,132,Box Score,,"19,156",2:04,'
        "TD Garden,\n"
    )
    games, problems = parse_text(BbrefCsv(), text)
    assert problems == []
    assert [(g.day, g.clock, g.home_score) for g in games] == [(date(2024, 10, 22), time(19, 30), 132)]


# -- fixturedownload -------------------------------------------------------------------------


def test_fixturedownload_reads_1200_games(real_data: Path, parse_file: ParseFile) -> None:
    """The November snapshot has 1200 games (the Cup week was not scheduled yet) and no problems."""
    games, problems = parse_file("nba-fixturedownload-csv", real_data / FIXTUREDOWNLOAD)
    assert len(games) == 1200
    assert problems == []


def test_fixturedownload_start_is_an_aware_utc_instant(real_data: Path, parse_file: ParseFile) -> None:
    """'22/10/2024 23:30' is 23:30 UTC, given as start_at; no wall clock."""
    games, _ = parse_file("nba-fixturedownload-csv", real_data / FIXTUREDOWNLOAD)
    first = games[0]
    assert first.start_at == datetime(2024, 10, 22, 23, 30, tzinfo=UTC)
    assert (first.day, first.clock, first.zone) == (None, None, None)


def test_fixturedownload_result_is_home_then_away(real_data: Path, parse_file: ParseFile) -> None:
    """'132 - 109' on Celtics v Knicks: home 132, away 109, completed; 229 games have results."""
    games, _ = parse_file("nba-fixturedownload-csv", real_data / FIXTUREDOWNLOAD)
    first = games[0]
    assert (first.home, first.home_score, first.away, first.away_score) == (
        "Boston Celtics",
        132,
        "New York Knicks",
        109,
    )
    assert sum(g.status == "completed" for g in games) == 229


def test_fixturedownload_agrees_with_bbref_on_1152_start_times(
    real_data: Path, parse_file: ParseFile, resolver: TeamResolver
) -> None:
    """Matched on (Eastern date, home team), 1152 games start at the same instant as in bbref."""
    bbref = {_key(g, resolver): g for g in parse_file("nba-bbref-csv", real_data / BBREF_2024)[0]}
    fixtures, _ = parse_file("nba-fixturedownload-csv", real_data / FIXTUREDOWNLOAD)
    same = [
        g for g in fixtures if _key(g, resolver) in bbref and instant(g) == instant(bbref[_key(g, resolver)])
    ]
    assert len(same) == 1152


# -- nba.com ids (Eoin Moore) ----------------------------------------------------------------


def test_nba_com_reads_1230_regular_games_with_224_ids(real_data: Path, parse_file: ParseFile) -> None:
    """Regular season = the 1230 ids 224xxxxx, each kept as the source id, season 2024."""
    games, _ = parse_file("nba-com-csv", real_data / NBA_COM)
    season = regular(games)
    assert len(season) == 1230
    assert len({g.source_id for g in season}) == 1230
    assert all(g.source_id and g.source_id.startswith("224") and g.season == 2024 for g in season)


def test_nba_com_game_types_come_from_the_ids_and_labels(real_data: Path, parse_file: ParseFile) -> None:
    """Preseason 86, playoff 84, play-in 6; All-Star and Cup final (teams 0) skipped with a warning."""
    games, problems = parse_file("nba-com-csv", real_data / NBA_COM)
    assert Counter(g.game_type for g in games) == {
        "regular": 1230,
        "preseason": 86,
        "playoff": 84,
        "play-in": 6,
    }
    skipped = [p for p in problems if "not known yet" in p.message]
    assert len(skipped) == 1
    assert skipped[0].severity == "warning"


def test_nba_com_time_is_eastern_despite_the_utc_marker(
    real_data: Path, parse_file: ParseFile, resolver: TeamResolver
) -> None:
    """22400001 '2024-11-12 19:00:00+00:00' is 19:00 ET = 00:00Z, the instant bbref gives that game."""
    games, _ = parse_file("nba-com-csv", real_data / NBA_COM)
    game = next(g for g in games if g.source_id == "22400001")
    assert (game.day, game.clock, game.zone, game.explicit_zone) == (
        date(2024, 11, 12),
        time(19, 0),
        "America/New_York",
        True,
    )
    assert instant(game) == datetime(2024, 11, 13, 0, 0, tzinfo=UTC)
    bbref = {_key(g, resolver): g for g in parse_file("nba-bbref-csv", real_data / BBREF_2024)[0]}
    assert instant(bbref[_key(game, resolver)]) == instant(game)


def test_nba_com_agrees_with_bbref_on_1183_start_times(
    real_data: Path, parse_file: ParseFile, resolver: TeamResolver
) -> None:
    """1216 games match bbref on (Eastern date, home); 1183 of them at the same instant (SOURCES.md)."""
    bbref = {_key(g, resolver): g for g in parse_file("nba-bbref-csv", real_data / BBREF_2024)[0]}
    games = regular(parse_file("nba-com-csv", real_data / NBA_COM)[0])
    matched = [(g, bbref[_key(g, resolver)]) for g in games if _key(g, resolver) in bbref]
    assert len(matched) == 1216
    assert sum(instant(a) == instant(b) for a, b in matched) == 1183


def test_nba_com_warns_once_about_the_false_utc_marker(real_data: Path, parse_file: ParseFile) -> None:
    """One warning (not 1408) says the +00:00/Z marker is ignored and times are Eastern."""
    _, problems = parse_file("nba-com-csv", real_data / NBA_COM)
    marker = [p for p in problems if "wrongly labelled" in p.message]
    assert len(marker) == 1
    assert (marker[0].severity, marker[0].code) == ("warning", "false-utc-offset")
    assert "America/New_York" in marker[0].message


def test_nba_com_neutral_regular_season_games(real_data: Path, parse_file: ParseFile) -> None:
    """Mexico City, Paris x2 and the two Las Vegas Cup semifinals are the neutral regular-season games."""
    games = regular(parse_file("nba-com-csv", real_data / NBA_COM)[0])
    assert sorted(g.source_id or "" for g in games if g.neutral) == [
        "22400147",
        "22400621",
        "22400633",
        "22401229",
        "22401230",
    ]


def test_nba_com_real_offset_is_honoured() -> None:
    """A genuine non-zero offset (a corrected file) is an instant, and no warning is given."""
    text = (
        "gameId,gameDateTimeEst,hometeamId,awayteamId\n"
        "0022400001,2024-11-12T19:00:00-05:00,1610612738,1610612737\n"
    )
    games, problems = parse_text(NbaComCsv(), text)
    assert problems == []
    assert [instant(g) for g in games] == [datetime(2024, 11, 13, 0, 0, tzinfo=UTC)]


def test_nba_com_type_falls_back_to_labels_without_a_standard_id() -> None:
    """An id outside nba.com's pattern takes its game type from gameLabel/gameSubtype."""
    text = (
        "gameId,gameDateTimeEst,gameLabel,gameSubLabel,gameSubtype,hometeamId,awayteamId\n"
        "x1,2025-04-15 19:30:00,SoFi Play-In Tournament,East,,1610612753,1610612737\n"
        "x2,2025-04-19 13:00:00,East First Round,Game 1,,1610612739,1610612748\n"
        "x3,2024-10-05 19:00:00,Preseason,,,1610612739,15020\n"
        "x4,2024-12-17 20:30:00,Emirates NBA Cup,Championship,in-season-knockout,1610612749,1610612760\n"
    )
    games, _ = parse_text(NbaComCsv(), text)
    assert [g.game_type for g in games] == ["play-in", "playoff", "preseason", "cup-final"]


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
    ("row", "message"),
    [
        (
            "1,reg_season,Tue, Oct 32,2023,7:30p,Los Angeles Lakers,,Denver Nuggets,,,Ball Arena,,0",
            "no such date",
        ),
        (
            "1,reg_season,Tue, Oct 24,2023,25:30p,Los Angeles Lakers,,Denver Nuggets,,,Ball Arena,,0",
            "no such time",
        ),
        (
            "1,reg_season,Tue, Oct 24,2023,7:30p,Los Angeles Lakers,x,Denver Nuggets,1,,Ball Arena,,0",
            "whole number",
        ),
        (
            "1,reg_season,Tue, Oct 24,2023,7:30p,Los Angeles Lakers,90,Denver Nuggets,,,Ball Arena,,0",
            "one team",
        ),
        ("1,reg_season,Tue, Foo 24,2023,7:30p,Los Angeles Lakers,,Denver Nuggets,,,Ball Arena,,0", "Date"),
        (
            "1,exhibition,Tue, Oct 24,2023,7:30p,Los Angeles Lakers,,Denver Nuggets,,,Ball Arena,,0",
            "game type",
        ),
        ("1,reg_season,Tue,,2023,7:30p,Los Angeles Lakers,,Denver Nuggets,,,Ball Arena,,0", "no date"),
    ],
)
def test_bbref_bad_values_are_row_errors(row: str, message: str) -> None:
    """Each unreadable value is an error on its row that says what is wrong."""
    header = (
        "id,type,Day,Date,Year,Start (ET),Visitor/Neutral,PTS,Home/Neutral,PTS,Attend.,Arena,Notes,series_id"
    )
    games, problems = parse_text(BbrefCsv(), f"{header}\n{row}\n")
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
            "reg_season",
            "playoffs_r1",
            "Tue",
            " Oct 24",
            "Feb 29",
            " 2024",
            "7:30p",
            "12:00a",
            "Boston Celtics",
            "West-8",
            "109",
            "Box Score",
            "Vegas",
            "22/10/2024 23:30",
            "31/02/2024 25:00",
            "132 - 109",
            "22400001",
            "1610612738",
            "2024-11-12 19:00:00+00:00",
            "2025-10-03T22:00:00Z",
            "2024-11-12T19:00:00+99:00",
            "Preseason",
            "Neutral Site",
        ]
    ),
)

_HEADERS = {
    "nba-bbref-csv": BBREF_HEADER.strip(),
    "nba-fixturedownload-csv": "Match Number,Round Number,Date,Location,Home Team,Away Team,Result",
    "nba-com-csv": (
        "gameId,gameDateTimeEst,gameLabel,gameSubLabel,gameSubtype,weekNumber,hometeamId,awayteamId"
    ),
}


@pytest.mark.parametrize("fmt", FORMAT_OBJECTS, ids=lambda f: f.name)
@settings(max_examples=80, deadline=None)
@given(cells=st.lists(st.lists(_CELLS, min_size=3, max_size=16), max_size=4))
def test_arbitrary_rows_under_a_real_header_never_raise(fmt: ScheduleFormat, cells: list[list[str]]) -> None:
    """Rows of arbitrary cells under the format's own header give games or problems, never exceptions."""
    body = "\n".join(",".join('"' + c.replace('"', '""') + '"' for c in row) for row in cells)
    rows = list(fmt.parse(f"{_HEADERS[fmt.name]}\n{body}", source="fuzz"))
    assert all(isinstance(row, RawGame | Problem) for row in rows)


# -- bundled schedules -----------------------------------------------------------------------


def test_bundled_schedule_is_the_shared_file_byte_for_byte(real_data: Path) -> None:
    """The shipped 2024-25 bbref CSV is an unedited copy of the MIT-licensed matsonj file."""
    (schedule,) = bundled()
    assert schedule.file.read_bytes() == (real_data / BBREF_2024).read_bytes()


def test_bundled_schedule_parses_with_its_format(formats: dict[str, ScheduleFormat]) -> None:
    """Each bundled schedule names a registered format that reads 1230 games from it."""
    for schedule in bundled():
        games, _ = parse_text(formats[schedule.format], schedule.read_text())
        assert (schedule.season, len(games)) == (2024, 1230)


def test_bundled_schedules_carry_a_notice() -> None:
    """data/schedules/NOTICE.md names the source commit and the MIT license."""
    notice = (files("scoracle_nba") / "data" / "schedules" / "NOTICE.md").read_text(encoding="utf-8")
    assert "d10b658a1548a1ee5dbcb9e0f9c30a1ba7dea629" in notice
    assert "MIT License" in notice


def _key(game: RawGame, resolver: TeamResolver) -> tuple[date, str]:
    return instant(game).astimezone(EASTERN).date(), resolver.resolve_id(game.home)
