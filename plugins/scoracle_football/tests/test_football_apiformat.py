"""``football-apisports-json``: a saved API-Football ``fixtures`` answer read as a schedule file."""

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
from scoracle_football.apiformat import FORMAT, ApiSportsJson, game_type_of, week_of
from scoracle_football.sport import LEAGUES

EXAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "api-sports" / "examples"
FMT = ApiSportsJson(LEAGUES)


@pytest.fixture(scope="module")
def body() -> dict[str, Any]:
    """The shared example ``fixtures?league=39&season=2024&date=…`` body (finished and not started)."""
    path = EXAMPLES / "football_fixtures.json"
    if not path.is_file():
        pytest.skip(f"API examples not found at {EXAMPLES} (clone 'shared' beside the repository)")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def parse(body: object) -> tuple[list[RawGame], list[Problem]]:
    rows = list(FMT.parse(json.dumps(body), source="fixtures.json"))
    assert all(isinstance(r, RawGame | Problem) for r in rows)
    return [r for r in rows if isinstance(r, RawGame)], [r for r in rows if isinstance(r, Problem)]


def edited(body: dict[str, Any], index: int, part: str, **changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(body)
    out["response"][index][part].update(changes)
    return out


def test_example_body_gives_rows_with_api_ids_utc_start_round_and_status(body: dict[str, Any]) -> None:
    """Each fixture is a row: API team ids, UTC start, fixture id, league key, matchday, goals, venue."""
    games, problems = parse(body)
    assert problems == []
    assert games[0] == RawGame(
        where="$.response[0]",
        home="49",
        away="42",
        start_at=datetime(2024, 11, 10, 16, 30, tzinfo=UTC),
        league="premier-league",
        season=2024,
        venue="Stamford Bridge",
        game_type="regular",
        week=11,
        external_id="1208123",
        status="completed",
        home_score=1,
        away_score=1,
    )
    assert (games[1].status, games[1].home_score, games[1].league) == ("scheduled", None, "premier-league")


@pytest.mark.parametrize(
    ("short", "status"),
    [
        ("TBD", "scheduled"),
        ("2H", "scheduled"),
        ("PEN", "completed"),
        ("AWD", "completed"),
        ("PST", "postponed"),
        ("CANC", "cancelled"),
        ("ABD", "cancelled"),
    ],
)
def test_status_codes_map_to_row_statuses(body: dict[str, Any], short: str, status: str) -> None:
    """Finished (and awarded) keep the goals; postponed/cancelled/live/not started keep none."""
    changed = copy.deepcopy(body)
    changed["response"][0]["fixture"]["status"]["short"] = short
    games, _ = parse(changed)
    scores = (1, 1) if status == "completed" else (None, None)
    assert (games[0].status, games[0].home_score, games[0].away_score) == (status, *scores)


@pytest.mark.parametrize(
    ("round_name", "game_type", "week"),
    [
        ("Regular Season - 11", "regular", 11),
        ("Regular Season", "regular", None),
        ("Play-offs", "playoff", None),
        ("Round of 16", "playoff", None),
        ("MLS Cup - Final", "playoff", None),
        ("Relegation Round", "playoff", None),
        ("Matchday 3", "regular", None),
        (None, "regular", None),
    ],
)
def test_round_gives_game_type_and_week(round_name: str | None, game_type: str, week: int | None) -> None:
    """ "Regular Season - N" is matchday N; knock-out rounds are playoffs; other rounds regular."""
    assert (game_type_of(round_name), week_of(round_name)) == (game_type, week)


def test_the_start_falls_back_to_the_iso_date_with_its_offset(body: dict[str, Any]) -> None:
    """Without a timestamp, the ISO date's offset gives the instant."""
    changed = copy.deepcopy(body)
    changed["response"][0]["fixture"].update(timestamp=None, date="2024-11-10T17:30:00+01:00")
    games, _ = parse(changed)
    assert games[0].start_at == datetime(2024, 11, 10, 16, 30, tzinfo=UTC)


def test_fixtures_of_other_competitions_are_skipped_with_one_warning(body: dict[str, Any]) -> None:
    """A ``fixtures?date`` answer lists every competition: the uncovered ones are skipped, counted."""
    games, problems = parse(edited(body, 1, "league", id=2))
    assert [g.external_id for g in games] == ["1208123"]
    assert [(p.severity, p.code) for p in problems] == [("warning", "other-league")]
    assert "2 (1)" in problems[0].message


def test_each_league_id_maps_to_its_league_key(body: dict[str, Any]) -> None:
    """``league.id`` 253 is MLS, 140 La Liga."""
    games, _ = parse(edited(edited(body, 0, "league", id=253), 1, "league", id=140))
    assert [g.league for g in games] == ["mls", "la-liga"]


def test_an_unreadable_item_is_a_problem_and_the_rest_is_read(body: dict[str, Any]) -> None:
    """A broken fixture gives one error naming its path; the other fixtures still become rows."""
    games, problems = parse(edited(body, 0, "teams", home={"id": "forty-nine"}))
    assert [g.external_id for g in games] == ["1208129"]
    assert [(p.where, p.code, p.severity) for p in problems] == [("$.response[0]", "bad-value", "error")]
    assert "$.response[0].teams.home.id" in problems[0].message


def test_an_impossible_score_is_a_problem(body: dict[str, Any]) -> None:
    """A negative score is corrupt data: the fixture is refused."""
    games, problems = parse(edited(body, 0, "goals", home=-1))
    assert [g.external_id for g in games] == ["1208129"]
    assert "impossible score" in problems[0].message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("not json", "bad-json"),
        ('{"get": "fixtures/players", "errors": [], "response": []}', "wrong-endpoint"),
        ('{"get": "fixtures", "errors": {"plan": "Free plans"}, "response": []}', "api-error"),
    ],
)
def test_a_body_that_is_not_a_fixtures_listing_is_one_file_problem(text: str, code: str) -> None:
    """Not JSON, another endpoint or API errors: one file-wide problem, no rows."""
    rows = list(FMT.parse(text, source="x.json"))
    assert [(r.where, r.code) for r in rows if isinstance(r, Problem)] == [("", code)]
    assert len(rows) == 1


def test_sniff_picks_this_format_among_every_registered_one(sports: Sports, body: dict[str, Any]) -> None:
    """Detection over all formats of all plugins chooses football-apisports-json for the example."""
    found = detect_format(json.dumps(body, indent=2), "fixtures.json", available_formats(sports))
    assert found.format is not None
    assert found.format.name == FORMAT


@pytest.mark.parametrize(
    "name",
    ["nba_games.json", "nfl_games_by_season.json", "football_teams.json", "football_fixtures_players.json"],
)
def test_sniff_scores_other_api_bodies_low(name: str) -> None:
    """Other endpoints and other APIs' answers are not taken for this format."""
    path = EXAMPLES / name
    if not path.is_file():
        pytest.skip("API examples not found")
    assert FMT.sniff(path.read_text(encoding="utf-8")[:16384], name) < 0.5


def test_sniff_scores_an_openfootball_file_zero() -> None:
    """An openfootball JSON schedule is not an API answer."""
    head = '{"name": "Premier League 2024/25", "matches": [{"round": "Matchday 1", "team1": "Arsenal"}]}'
    assert FMT.sniff(head, "en.1.json") == 0.0


def test_the_stats_source_names_the_season_request_and_this_format(sports: Sports) -> None:
    """``season_schedule_request`` asks ``fixtures?league=L&season=S``, read by this format."""
    source = stats_source(sports.get("football"))
    assert source is not None
    league = sports.league("football", "premier-league")
    assert season_schedule_request(source, league, 2024) == (
        "fixtures",
        {"league": 39, "season": 2024},
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
        "fixture",
        "id",
        "league",
        "season",
        "date",
        "round",
        "status",
        "venue",
        "teams",
        "goals",
        "timestamp",
        "short",
        "home",
        "away",
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
    """Random items inside a fixtures envelope, and random text, give rows or problems, never errors."""
    for source in (json.dumps({"get": "fixtures", "errors": [], "response": items}), text):
        for row in FMT.parse(source, source="g.json"):
            assert isinstance(row, RawGame | Problem)
        assert 0.0 <= FMT.sniff(source, "g.json") <= 1.0
