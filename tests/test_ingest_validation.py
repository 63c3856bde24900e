"""Every validation problem is reported with file and line (or JSON path), all of them at once."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scoracle_core.errors import ScheduleError, UnknownLeagueError
from scoracle_core.ingest import IngestReport, ScheduleRejected, aingest_schedule
from scoracle_core.ingest.formats import Problem
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.store import GameQuery, Store

pytestmark = pytest.mark.anyio

HEADER = "date,time,home_team,away_team,venue,game_type"


@pytest.fixture(params=["sqlite_store", pytest.param("pg_store", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Store:
    """The same tests against SQLite and PostgreSQL."""
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def sports() -> Sports:
    """The installed sport plugins (loaded once)."""
    return load_plugins()


def schedule(tmp_path: Path, *rows: str, header: str = HEADER, name: str = "nba.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


async def rejected(store: Store, path: Path, sports: Sports, **kw: object) -> IngestReport:
    kw.setdefault("sport", "nba")
    with pytest.raises(ScheduleRejected) as info:
        await aingest_schedule(store, path, sports=sports, **kw)  # type: ignore[arg-type]
    assert await store.find_games(GameQuery()) == []
    return info.value.report


def only_error(report: IngestReport, code: str) -> Problem:
    matching = [p for p in report.errors if p.code == code]
    assert len(matching) == 1, report.problems
    return matching[0]


async def test_unparseable_date_names_file_and_line(store: Store, sports: Sports, tmp_path: Path) -> None:
    """A bad date is reported as `file:line: unparseable date …`."""
    path = schedule(
        tmp_path, "2025-01-15,19:30,Lakers,Warriors,,regular", "15.01.2025,19:30,Celtics,Heat,,regular"
    )
    problem = only_error(await rejected(store, path, sports), "bad-date")
    assert str(problem).startswith(f"{path}:3: unparseable date '15.01.2025'")


async def test_home_equal_to_away_is_a_problem(store: Store, sports: Sports, tmp_path: Path) -> None:
    """A team playing itself is reported on its line."""
    path = schedule(tmp_path, "2025-01-15,19:30,Lakers,LA Lakers,,regular")
    problem = only_error(await rejected(store, path, sports), "same-team")
    assert str(problem).startswith(f"{path}:2: home and away are the same team")


async def test_same_teams_on_the_same_utc_date_is_a_duplicate(
    store: Store, sports: Sports, tmp_path: Path
) -> None:
    """The second copy of a game names the line of the first."""
    path = schedule(
        tmp_path,
        "2025-01-15,19:30,Lakers,Warriors,,regular",
        "2025-01-15,20:00,Celtics,Heat,,regular",
        "2025-01-15,19:00,Los Angeles Lakers,Golden State Warriors,,regular",
    )
    problem = only_error(await rejected(store, path, sports), "duplicate")
    assert str(problem).startswith(f"{path}:4: the same game twice")
    assert "first at line 2" in problem.message


async def test_same_source_id_twice_is_a_duplicate(store: Store, sports: Sports, tmp_path: Path) -> None:
    """Two rows with one source id are one game listed twice."""
    path = schedule(
        tmp_path,
        "2025-01-15,19:30,Lakers,Warriors,G1",
        "2025-01-17,19:30,Celtics,Heat,G1",
        header="date,time,home_team,away_team,source_id",
    )
    problem = only_error(await rejected(store, path, sports), "duplicate")
    assert str(problem).startswith(f"{path}:3: the same game twice: source id 'G1'")


async def test_unknown_team_suggests_the_closest(store: Store, sports: Sports, tmp_path: Path) -> None:
    """An unresolvable name names the role, the name and the likeliest team."""
    path = schedule(tmp_path, "2025-01-15,19:30,Lakers,Warriorz of the Bay,,regular")
    problem = only_error(await rejected(store, path, sports), "unknown-team")
    assert str(problem).startswith(f"{path}:2: unknown away team 'Warriorz of the Bay' (did you mean ")
    assert "nba:gsw" in problem.message


async def test_date_outside_the_callers_season_is_a_problem(
    store: Store, sports: Sports, tmp_path: Path
) -> None:
    """A 2023 date in --season 2024 is reported with the season's window."""
    path = schedule(tmp_path, "2023-12-25,19:30,Lakers,Warriors,,regular")
    problem = only_error(await rejected(store, path, sports, season=2024), "out-of-season")
    assert str(problem).startswith(f"{path}:2: date 2023-12-25 is outside season 2024 of NBA")


async def test_date_outside_the_rows_own_season_is_a_problem(
    store: Store, sports: Sports, tmp_path: Path
) -> None:
    """The row's season column is checked too."""
    path = schedule(
        tmp_path, "2025-10-25,19:30,Lakers,Warriors,2024", header="date,time,home_team,away_team,season"
    )
    problem = only_error(await rejected(store, path, sports), "out-of-season")
    assert "outside season 2024" in str(problem)


async def test_dst_gap_is_reported_not_shifted(store: Store, sports: Sports, tmp_path: Path) -> None:
    """02:30 on the spring-forward night is a problem on its line."""
    path = schedule(tmp_path, "2025-03-09,02:30,Lakers,Warriors,,regular")
    problem = only_error(await rejected(store, path, sports), "dst-gap")
    assert str(problem).startswith(
        f"{path}:2: local time 02:30 on 2025-03-09 in America/New_York does not exist"
    )


async def test_dst_fold_is_reported_not_guessed(store: Store, sports: Sports, tmp_path: Path) -> None:
    """01:30 on the fall-back night is ambiguous and reported."""
    path = schedule(tmp_path, "2024-11-03,01:30,Lakers,Warriors,,regular")
    problem = only_error(await rejected(store, path, sports), "dst-ambiguous")
    assert str(problem).startswith(
        f"{path}:2: local time 01:30 on 2024-11-03 in America/New_York is ambiguous"
    )


async def test_unknown_row_timezone_is_a_problem(store: Store, sports: Sports, tmp_path: Path) -> None:
    """A misspelt zone in a row is reported on its line."""
    path = schedule(
        tmp_path,
        "2025-01-15,19:30,Lakers,Warriors,Amerika/Chicago",
        header="date,time,home_team,away_team,timezone",
    )
    problem = only_error(await rejected(store, path, sports), "bad-zone")
    assert str(problem).startswith(f"{path}:2: unknown time zone 'Amerika/Chicago'")


async def test_unknown_league_in_a_row_is_a_problem(store: Store, sports: Sports, tmp_path: Path) -> None:
    """A league the sport does not have is reported."""
    path = schedule(
        tmp_path, "2025-01-15,19:30,Lakers,Warriors,WNBA", header="date,time,home_team,away_team,league"
    )
    problem = only_error(await rejected(store, path, sports), "bad-league")
    assert "unknown league 'WNBA'" in str(problem)


async def test_rows_without_a_league_need_one_for_a_multi_league_sport(
    store: Store, sports: Sports, tmp_path: Path
) -> None:
    """Football has six leagues: a row must say which, or --league must."""
    path = schedule(tmp_path, "2024-08-17,15:00,Arsenal,Chelsea", header="date,time,home_team,away_team")
    report = await rejected(store, path, sports, sport="football")
    assert "no league" in str(only_error(report, "no-league"))


async def test_every_problem_is_reported_not_just_the_first(
    store: Store, sports: Sports, tmp_path: Path
) -> None:
    """Four bad rows give four problems, in file order."""
    path = schedule(
        tmp_path,
        "2025-01-15,19:30,Lakers,Lakers,,regular",
        "2025-02-30,19:30,Celtics,Heat,,regular",
        "2025-01-16,19:30,Knicks,Nobody Atall,,regular",
        "2025-01-17,19:30,Nets",
    )
    report = await rejected(store, path, sports)
    assert [p.where for p in report.errors] == ["2", "3", "4", "5"]
    assert report.rejected == 4


async def test_json_problems_name_their_path(store: Store, sports: Sports, tmp_path: Path) -> None:
    """Template JSON problems point at `$.games[i]`."""
    path = tmp_path / "nba.json"
    games = [
        {"date": "2025-01-15", "time": "19:30", "home_team": "Lakers", "away_team": "Warriors"},
        {"date": "2025-01-16", "time": "19:30", "home_team": "Heat", "away_team": "Heat"},
    ]
    path.write_text(json.dumps({"sport": "NBA", "season": "2024", "games": games}), encoding="utf-8")
    problem = only_error(await rejected(store, path, sports), "same-team")
    assert str(problem).startswith(f"{path}:$.games[1]: home and away are the same team")


async def test_json_for_another_sport_is_refused(store: Store, sports: Sports, tmp_path: Path) -> None:
    """A template JSON that says NFL is not ingested as NBA."""
    path = tmp_path / "nfl.json"
    path.write_text(json.dumps({"sport": "NFL", "games": []}), encoding="utf-8")
    report = await rejected(store, path, sports)
    assert "not 'nba'" in str(only_error(report, "wrong-sport"))


async def test_sport_may_come_from_the_file(store: Store, sports: Sports, tmp_path: Path) -> None:
    """A template JSON naming its sport needs no sport argument."""
    path = tmp_path / "nba.json"
    game = {"date": "2025-01-15", "time": "19:30", "home_team": "Lakers", "away_team": "Warriors"}
    path.write_text(json.dumps({"sport": "NBA", "games": [game]}), encoding="utf-8")
    report = await aingest_schedule(store, path, sports=sports)
    assert (report.sport, report.inserted) == ("nba", 1)


async def test_huge_field_is_a_problem(store: Store, sports: Sports, tmp_path: Path) -> None:
    """A megabyte team name is reported (shortened), not stored or raised."""
    path = schedule(tmp_path, "2025-01-15,19:30," + "L" * 1_000_000 + ",Warriors,,regular")
    report = await rejected(store, path, sports)
    (problem,) = report.errors
    assert problem.where == "2"
    assert len(str(problem)) < 500


async def test_unrecognised_file_lists_the_format_names(store: Store, sports: Sports, tmp_path: Path) -> None:
    """A file no format recognises is rejected with the --format choices."""
    path = schedule(tmp_path, "a,b,c", header="x,y,z")
    report = await rejected(store, path, sports)
    (problem,) = report.errors
    assert problem.code == "no-format"
    assert "--format" in problem.message
    assert "nba-bbref-csv" in problem.message or "template-csv" in problem.message


async def test_unknown_format_name_lists_the_names(store: Store, sports: Sports, tmp_path: Path) -> None:
    """--format with a name that does not exist is rejected with the known names."""
    path = schedule(tmp_path, "2025-01-15,19:30,Lakers,Warriors,,regular")
    report = await rejected(store, path, sports, format="nba-csv-2")
    assert "template-csv" in only_error(report, "bad-format").message


async def test_empty_file_is_rejected(store: Store, sports: Sports, tmp_path: Path) -> None:
    """An empty file is a ScheduleError, not an empty success."""
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(ScheduleError, match="empty file"):
        await aingest_schedule(store, path, sport="nba", sports=sports)


async def test_header_only_file_is_rejected(store: Store, sports: Sports, tmp_path: Path) -> None:
    """A template header with no rows is "no games found"."""
    path = schedule(tmp_path)
    report = await rejected(store, path, sports)
    assert only_error(report, "empty").message.startswith("no games found")


async def test_unknown_league_argument_is_the_callers_error(
    store: Store, sports: Sports, tmp_path: Path
) -> None:
    """--league that the sport lacks raises UnknownLeagueError at once."""
    path = schedule(tmp_path, "2025-01-15,19:30,Lakers,Warriors,,regular")
    with pytest.raises(UnknownLeagueError):
        await aingest_schedule(store, path, sport="nba", league="euroleague", sports=sports)


async def test_warnings_do_not_reject(store: Store, sports: Sports, tmp_path: Path) -> None:
    """A cp1252 file and a fuzzy team name are stored, with warnings in the report."""
    path = tmp_path / "nba.csv"
    path.write_bytes(
        f"{HEADER},note\n2025-01-15,19:30,LA Clipers,Warriors,,regular,caf\xe9\n".encode("cp1252")
    )
    report = await aingest_schedule(store, path, sport="nba", sports=sports)
    assert report.inserted == 1
    assert {p.code for p in report.warnings} == {"encoding", "fuzzy-team", "ignored"}


async def test_preseason_rows_are_skipped_and_counted(store: Store, sports: Sports, tmp_path: Path) -> None:
    """By default preseason and all-star rows are skipped, with the reason counted."""
    path = schedule(
        tmp_path,
        "2024-10-10,19:30,Lakers,Warriors,,preseason",
        "2025-02-16,20:00,Celtics,Heat,,allstar",
        "2025-01-15,19:30,Knicks,Nets,,regular",
    )
    report = await aingest_schedule(store, path, sport="nba", sports=sports)
    assert (report.inserted, report.skipped) == (1, 2)
    assert report.skipped_reasons == {"game type preseason": 1, "game type allstar": 1}


async def test_game_types_argument_keeps_preseason(store: Store, sports: Sports, tmp_path: Path) -> None:
    """game_types= chooses which rows are kept."""
    path = schedule(tmp_path, "2024-10-10,19:30,Lakers,Warriors,,preseason")
    report = await aingest_schedule(store, path, sport="nba", sports=sports, game_types=["preseason"])
    (game,) = await store.find_games(GameQuery(sport="nba"))
    assert report.inserted == 1
    assert game.game_type == "preseason"


async def test_rows_of_another_season_are_skipped(store: Store, sports: Sports, tmp_path: Path) -> None:
    """With --season 2024, a row the file assigns to 2023 is skipped, not stored as 2024."""
    path = schedule(
        tmp_path,
        "2024-01-15,19:30,Lakers,Warriors,2023",
        "2025-01-15,19:30,Lakers,Warriors,2024",
        header="date,time,home_team,away_team,season",
    )
    report = await aingest_schedule(store, path, sport="nba", season=2024, sports=sports)
    assert (report.inserted, report.skipped_reasons) == (1, {"season 2023": 1})


async def test_date_only_row_starts_at_the_default_kickoff(
    store: Store, sports: Sports, tmp_path: Path
) -> None:
    """No time → 19:30 New York (the NBA's default), stored as time_tbd."""
    path = schedule(tmp_path, "2025-01-15,,Lakers,Warriors,,regular")
    await aingest_schedule(store, path, sport="nba", sports=sports)
    (game,) = await store.find_games(GameQuery(sport="nba"))
    assert game.time_tbd
    assert game.start_at == datetime(2025, 1, 16, 0, 30, tzinfo=UTC)


async def test_caller_timezone_applies_to_rows_without_one(
    store: Store, sports: Sports, tmp_path: Path
) -> None:
    """--timezone America/Los_Angeles reads 19:30 as Pacific time; a row's own zone still wins."""
    path = schedule(
        tmp_path,
        "2025-01-15,19:30,Lakers,Warriors,",
        "2025-01-16,19:30,Celtics,Heat,America/New_York",
        header="date,time,home_team,away_team,timezone",
    )
    await aingest_schedule(store, path, sport="nba", timezone="America/Los_Angeles", sports=sports)
    lakers, celtics = await store.find_games(GameQuery(sport="nba"))
    assert lakers.start_at == datetime(2025, 1, 16, 3, 30, tzinfo=UTC)
    assert celtics.start_at == datetime(2025, 1, 17, 0, 30, tzinfo=UTC)
