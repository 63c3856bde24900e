"""``nfl-apisports-json``: a saved API-American-Football ``games`` answer read as a schedule file."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoracle_core.ingest import available_formats, detect_format
from scoracle_core.ingest.formats import Problem, RawGame
from scoracle_core.plugins import Sports
from scoracle_core.seeding import season_schedule_request, stats_source
from scoracle_nfl.apiformat import FORMAT, ApiSportsJson, game_type_of, week_of
from scoracle_nfl.sport import NFL

EXAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "api-sports" / "examples"
FMT = ApiSportsJson()


@pytest.fixture(scope="module")
def body() -> dict[str, Any]:
    """The shared example ``games?league=1&season=2024`` body (a finished and a scheduled game)."""
    path = EXAMPLES / "nfl_games_by_season.json"
    if not path.is_file():
        pytest.skip(f"API examples not found at {EXAMPLES} (clone 'shared' beside the repository)")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def parse(body: object) -> tuple[list[RawGame], list[Problem]]:
    rows = list(FMT.parse(json.dumps(body), source="nfl.json"))
    assert all(isinstance(r, RawGame | Problem) for r in rows)
    return [r for r in rows if isinstance(r, RawGame)], [r for r in rows if isinstance(r, Problem)]


def edited(body: dict[str, Any], index: int, part: str, **changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(body)
    out["response"][index][part].update(changes)
    return out


def test_example_body_gives_rows_with_api_ids_utc_start_week_and_status(body: dict[str, Any]) -> None:
    """Each item is a row: API team ids, UTC start, game id, week, status, scores, venue, season."""
    games, problems = parse(body)
    assert problems == []
    assert games[0] == RawGame(
        where="$.response[0]",
        home="8",
        away="27",
        start_at=datetime(2024, 9, 8, 17, 0, tzinfo=UTC),
        league="nfl",
        season=2024,
        venue="Mercedes-Benz Stadium",
        game_type="regular",
        week=1,
        external_id="13201",
        status="completed",
        home_score=27,
        away_score=20,
    )
    assert (games[1].status, games[1].home_score, games[1].week) == ("scheduled", None, 2)


@pytest.mark.parametrize(
    ("short", "status"),
    [
        ("NS", "scheduled"),
        ("Q2", "scheduled"),
        ("AOT", "completed"),
        ("PST", "postponed"),
        ("CANC", "cancelled"),
    ],
)
def test_status_codes_map_to_row_statuses(body: dict[str, Any], short: str, status: str) -> None:
    """Finished (FT, AOT) keeps the score; postponed/cancelled/live/not started keep none."""
    games, _ = parse(edited(body, 0, "game", status={"short": short, "long": "x", "timer": None}))
    scores = (27, 20) if status == "completed" else (None, None)
    assert (games[0].status, games[0].home_score, games[0].away_score) == (status, *scores)


@pytest.mark.parametrize(
    ("stage", "game_type"),
    [
        ("Regular Season", "regular"),
        ("Post Season", "playoff"),
        ("Pre Season", "preseason"),
        ("Hall of Fame Weekend", "preseason"),
        ("Pro Bowl", "Pro Bowl"),
        (None, "regular"),
    ],
)
def test_stage_gives_the_game_type(stage: str | None, game_type: str) -> None:
    """``game.stage`` maps to a game type; an unknown stage is passed on (ingestion skips it)."""
    assert game_type_of(stage) == game_type


@pytest.mark.parametrize(
    ("week", "number"), [("Week 1", 1), ("week 17", 17), ("Wild Card", None), (None, None)]
)
def test_week_numbers_come_from_week_n(week: str | None, number: int | None) -> None:
    """ "Week N" is week N; named post-season rounds have no week number."""
    assert week_of(week) == number


def test_the_start_falls_back_to_utc_date_and_time(body: dict[str, Any]) -> None:
    """Without a timestamp, ``date`` + ``time`` (UTC) give the start."""
    changed = copy.deepcopy(body)
    changed["response"][0]["game"]["date"] = {
        "timezone": "UTC",
        "date": "2024-09-08",
        "time": "17:00",
        "timestamp": None,
    }
    games, _ = parse(changed)
    assert games[0].start_at == datetime(2024, 9, 8, 17, 0, tzinfo=UTC)


def test_other_api_leagues_are_skipped_with_one_warning(body: dict[str, Any]) -> None:
    """NCAA items (league 2) are not NFL games: skipped, counted in one warning."""
    games, problems = parse(edited(body, 1, "league", id=2))
    assert [g.external_id for g in games] == ["13201"]
    assert [(p.severity, p.code) for p in problems] == [("warning", "other-league")]


def test_an_unreadable_item_is_a_problem_and_the_rest_is_read(body: dict[str, Any]) -> None:
    """A broken item gives one error naming its path; the other items still become rows."""
    games, problems = parse(edited(body, 0, "game", status={"short": "??"}))
    assert [g.external_id for g in games] == ["13215"]
    assert [(p.where, p.code, p.severity) for p in problems] == [("$.response[0]", "bad-value", "error")]


def test_an_impossible_season_is_a_problem(body: dict[str, Any]) -> None:
    """A season no league could have is refused (not passed on to break the pipeline)."""
    games, problems = parse(edited(body, 0, "league", season="99999"))
    assert [g.external_id for g in games] == ["13215"]
    assert "impossible season" in problems[0].message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("not json", "bad-json"),
        ('{"get": "games/statistics/teams", "errors": [], "response": []}', "wrong-endpoint"),
        ('{"get": "games", "errors": {"token": "bad key"}, "response": []}', "api-error"),
    ],
)
def test_a_body_that_is_not_a_games_listing_is_one_file_problem(text: str, code: str) -> None:
    """Not JSON, another endpoint or API errors: one file-wide problem, no rows."""
    rows = list(FMT.parse(text, source="x.json"))
    assert [(r.where, r.code) for r in rows if isinstance(r, Problem)] == [("", code)]
    assert len(rows) == 1


def test_sniff_picks_this_format_among_every_registered_one(sports: Sports, body: dict[str, Any]) -> None:
    """Detection over all formats of all plugins chooses nfl-apisports-json for the example."""
    found = detect_format(json.dumps(body, indent=2), "games.json", available_formats(sports))
    assert found.format is not None
    assert found.format.name == FORMAT


@pytest.mark.parametrize(
    "name", ["nba_games.json", "football_fixtures.json", "nfl_teams.json", "nfl_standings.json"]
)
def test_sniff_scores_other_api_bodies_low(name: str) -> None:
    """Other endpoints and other APIs' ``games`` answers are not taken for this format."""
    path = EXAMPLES / name
    if not path.is_file():
        pytest.skip("API examples not found")
    assert FMT.sniff(path.read_text(encoding="utf-8")[:16384], name) < 0.5


def test_sniff_scores_a_csv_schedule_zero() -> None:
    """A CSV schedule is not an API answer."""
    assert FMT.sniff("game_id,season,week,gameday,home_team,away_team\n", "nfl.csv") == 0.0


def test_the_stats_source_names_the_season_request_and_this_format(sports: Sports) -> None:
    """``season_schedule_request`` asks ``games?league=1&season=S``, read by this format."""
    source = stats_source(sports.get("nfl"))
    assert source is not None
    assert season_schedule_request(source, NFL, 2024) == ("games", {"league": 1, "season": 2024}, FORMAT)
    assert FORMAT in {f.name for f in sports.schedule_formats()}


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
_keys = st.sampled_from(
    [
        "game",
        "id",
        "league",
        "season",
        "date",
        "stage",
        "week",
        "status",
        "venue",
        "teams",
        "scores",
        "timestamp",
        "short",
        "home",
        "away",
        "total",
        "name",
    ]
)
_item = st.recursive(
    st.none() | st.integers() | st.text(max_size=12) | st.floats(),
    lambda inner: st.dictionaries(_keys, inner, max_size=6) | st.lists(inner, max_size=3),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=st.lists(_item | _json, max_size=4), text=st.text(max_size=60))
def test_garbage_never_raises(items: list[Any], text: str) -> None:
    """Random items inside a games envelope, and random text, give rows or problems, never errors."""
    for source in (json.dumps({"get": "games", "errors": [], "response": items}), text):
        for row in FMT.parse(source, source="g.json"):
            assert isinstance(row, RawGame | Problem)
        assert 0.0 <= FMT.sniff(source, "g.json") <= 1.0
