"""``nba-apisports-json``: a saved API-NBA ``games`` answer read as a schedule file."""

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
from scoracle_nba.apiformat import FORMAT, ApiSportsJson
from scoracle_nba.sport import NBA

EXAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "api-sports" / "examples"
FMT = ApiSportsJson()


@pytest.fixture(scope="module")
def body() -> dict[str, Any]:
    """The shared example ``games?date=2024-11-06`` body (a finished and a scheduled game)."""
    path = EXAMPLES / "nba_games.json"
    if not path.is_file():
        pytest.skip(f"API examples not found at {EXAMPLES} (clone 'shared' beside the repository)")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def parse(body: object) -> tuple[list[RawGame], list[Problem]]:
    rows = list(FMT.parse(json.dumps(body), source="nba.json"))
    assert all(isinstance(r, RawGame | Problem) for r in rows)
    return [r for r in rows if isinstance(r, RawGame)], [r for r in rows if isinstance(r, Problem)]


def edited(body: dict[str, Any], index: int, **changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(body)
    out["response"][index].update(changes)
    return out


def test_example_body_gives_rows_with_api_ids_utc_start_and_status(body: dict[str, Any]) -> None:
    """Each item is a row: API team ids, UTC start, game id, status, scores, arena, season."""
    games, problems = parse(body)
    assert problems == []
    assert games[0] == RawGame(
        where="$.response[0]",
        home="2",
        away="17",
        start_at=datetime(2024, 11, 6, 0, 30, tzinfo=UTC),
        league="standard",
        season=2024,
        venue="TD Garden",
        game_type="regular",
        external_id="14012",
        status="completed",
        home_score=112,
        away_score=108,
    )
    assert (games[1].status, games[1].home_score, games[1].external_id) == ("scheduled", None, "14013")


@pytest.mark.parametrize(
    ("short", "status"),
    [(1, "scheduled"), (2, "scheduled"), (4, "postponed"), (5, "scheduled"), (6, "cancelled")],
)
def test_status_codes_map_to_row_statuses_without_live_scores(
    body: dict[str, Any], short: int, status: str
) -> None:
    """Postponed and cancelled are kept; a live or delayed game is scheduled, its score dropped."""
    changed = edited(body, 0, status={"clock": None, "halftime": False, "short": short, "long": "x"})
    games, _ = parse(changed)
    assert (games[0].status, games[0].home_score, games[0].away_score) == (status, None, None)


@pytest.mark.parametrize(
    ("stage", "game_type"),
    [(1, "preseason"), (2, "regular"), (3, "playoff"), (4, "play-in"), (9, "stage-9"), (None, "regular")],
)
def test_stage_gives_the_game_type(body: dict[str, Any], stage: int | None, game_type: str) -> None:
    """``stage`` maps to a game type; an unknown stage is passed on (ingestion skips it)."""
    games, _ = parse(edited(body, 0, stage=stage))
    assert games[0].game_type == game_type


def test_other_api_leagues_are_skipped_with_one_warning(body: dict[str, Any]) -> None:
    """Summer-league items are not NBA games: skipped, counted in one warning."""
    games, problems = parse(edited(body, 1, league="vegas"))
    assert [g.external_id for g in games] == ["14012"]
    assert [(p.severity, p.code) for p in problems] == [("warning", "other-league")]
    assert "vegas (1)" in problems[0].message


def test_an_unreadable_item_is_a_problem_and_the_rest_is_read(body: dict[str, Any]) -> None:
    """A broken item gives one error naming its path; the other items still become rows."""
    games, problems = parse(edited(body, 0, teams={"home": {"id": "x"}}))
    assert [g.external_id for g in games] == ["14013"]
    assert [(p.where, p.code, p.severity) for p in problems] == [("$.response[0]", "bad-value", "error")]
    assert "$.response[0].teams" in problems[0].message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("not json", "bad-json"),
        ('{"get": "teams", "errors": [], "response": []}', "wrong-endpoint"),
        ('{"get": "games", "errors": {"requests": "limit"}, "response": []}', "api-error"),
        ('{"get": "games", "errors": [], "response": {}}', "bad-json"),
        ("[1, 2]", "bad-json"),
    ],
)
def test_a_body_that_is_not_a_games_listing_is_one_file_problem(text: str, code: str) -> None:
    """Not JSON, another endpoint, API errors or no list: one file-wide problem, no rows."""
    rows = list(FMT.parse(text, source="x.json"))
    assert [(r.where, r.code, r.source) for r in rows if isinstance(r, Problem)] == [("", code, "x.json")]
    assert len(rows) == 1


def test_sniff_picks_this_format_among_every_registered_one(sports: Sports, body: dict[str, Any]) -> None:
    """Detection over all formats of all plugins chooses nba-apisports-json for the example."""
    text = json.dumps(body, indent=2)
    found = detect_format(text, "nba_games.json", available_formats(sports))
    assert found.format is not None
    assert found.format.name == FORMAT


@pytest.mark.parametrize(
    "name",
    ["nfl_games_by_season.json", "football_fixtures.json", "nba_teams.json", "nba_games_statistics.json"],
)
def test_sniff_scores_other_api_bodies_low(name: str) -> None:
    """Other endpoints and other APIs' ``games`` answers are not taken for this format."""
    path = EXAMPLES / name
    if not path.is_file():
        pytest.skip("API examples not found")
    assert FMT.sniff(path.read_text(encoding="utf-8")[:16384], name) < 0.5


def test_sniff_scores_a_csv_schedule_zero() -> None:
    """A CSV schedule is not an API answer."""
    assert FMT.sniff("date,time,home_team,away_team\n2024-11-12,19:30,Celtics,Hawks\n", "nba.csv") == 0.0


def test_the_stats_source_names_the_season_request_and_this_format(sports: Sports) -> None:
    """``season_schedule_request`` asks ``games?league=standard&season=S``, read by this format."""
    source = stats_source(sports.get("nba"))
    assert source is not None
    assert season_schedule_request(source, NBA, 2024) == (
        "games",
        {"league": "standard", "season": 2024},
        FORMAT,
    )
    assert FORMAT in {f.name for f in sports.schedule_formats()}


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
_keys = st.sampled_from(
    [
        "id",
        "league",
        "season",
        "date",
        "stage",
        "status",
        "arena",
        "teams",
        "scores",
        "start",
        "short",
        "home",
        "visitors",
        "points",
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
