"""The per-entity strategies: ``boxscore``, ``roster`` and ``blanket`` (calls, rows, partial success)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import attrs
import pytest

from scoracle_core.errors import PayloadError, QuotaExhausted, TransientApiError
from scoracle_core.model import GameStatus, Strategy
from scoracle_core.seeding import GameOutcome, SeedTarget
from scoracle_football.stats import FootballStats

pytestmark = pytest.mark.anyio

SEASON = {"season": 2024, "league": 39}
CHELSEA, ARSENAL = 49, 42
USED = {2935: CHELSEA, 152982: CHELSEA, 37127: ARSENAL}  # who played in example fixture 1208123


def team_stats(team: int) -> dict[str, object]:
    return {"league": 39, "season": 2024, "team": team}


async def seed(fake_fetch: Any, strategy: Strategy, *targets: SeedTarget) -> list[GameOutcome]:
    return await FootballStats().seed(fake_fetch, strategy=strategy, targets=list(targets))


# -- boxscore -------------------------------------------------------------------------------


@pytest.fixture
def boxscore_game(
    fake_fetch: Any, example: Callable[[str], Any], bodies: Any, target: Callable[..., SeedTarget]
) -> SeedTarget:
    """Example fixture 1208123 with every season call it leads to served."""
    fake_fetch.on("fixtures", {"id": 1208123}, example("fixtures_by_id"))
    fake_fetch.on("teams/statistics", team_stats(CHELSEA), bodies.team_season(CHELSEA))
    fake_fetch.on("teams/statistics", team_stats(ARSENAL), example("teams_statistics"))
    for pid, team in USED.items():
        fake_fetch.on("players", {"id": pid, **SEASON}, [bodies.season(pid, team)])
    return target(7, 1208123, CHELSEA, ARSENAL)


async def test_boxscore_calls_the_fixture_then_who_played(fake_fetch: Any, boxscore_game: SeedTarget) -> None:
    """1 fixture + 2 teams/statistics + 1 players?id per player used (3 here; unused subs skipped)."""
    [outcome] = await seed(fake_fetch, Strategy.BOXSCORE, boxscore_game)
    assert [c[0] for c in fake_fetch.calls] == ["fixtures", *["teams/statistics"] * 2, *["players"] * 3]
    assert {c[1].get("id") for c in fake_fetch.calls if c[0] == "players"} == {"2935", "152982", "37127"}
    assert outcome.calls == 6


async def test_boxscore_keeps_game_lines_and_adds_season_rows(
    fake_fetch: Any, boxscore_game: SeedTarget
) -> None:
    """The fixture's game lines stay; season rows of both teams and every participant are added."""
    [outcome] = await seed(fake_fetch, Strategy.BOXSCORE, boxscore_game)
    assert (len(outcome.team_lines), len(outcome.player_lines)) == (2, 3)
    assert {row.team_id for row in outcome.team_season} == {"football:t49", "football:t42"}
    assert {row.player_id for row in outcome.player_season} == {f"football:{pid}" for pid in USED}
    assert outcome.finished
    assert not outcome.failed


async def test_boxscore_of_an_unfinished_fixture_costs_one_call(
    fake_fetch: Any, bodies: Any, target: Any
) -> None:
    """A fixture not over: no per-entity calls, finished=False."""
    fake_fetch.on("fixtures", {"id": 1}, [bodies.fixture(1, 10, 11, short="1H")])
    [outcome] = await seed(fake_fetch, Strategy.BOXSCORE, target(1, 1, 10, 11))
    assert fake_fetch.count() == 1
    assert not outcome.finished


async def test_boxscore_entity_failure_is_a_partial_success(
    fake_fetch: Any, boxscore_game: SeedTarget
) -> None:
    """One player's failed call fails that player only; everyone else has rows."""
    fake_fetch.on("players", {"id": 37127, **SEASON}, TransientApiError("HTTP 500"))
    [outcome] = await seed(fake_fetch, Strategy.BOXSCORE, boxscore_game)
    assert outcome.failed == ("football:37127",)
    assert {row.player_id for row in outcome.player_season} == {"football:2935", "football:152982"}
    assert "HTTP 500" in outcome.errors[0]


async def test_boxscore_team_retry_redoes_the_team(fake_fetch: Any, boxscore_game: SeedTarget) -> None:
    """A failed team is retried whole: the fixture, its box, its season row and its participants."""
    retry = attrs.evolve(boxscore_game, only=frozenset({"football:t42"}))
    [outcome] = await seed(fake_fetch, Strategy.BOXSCORE, retry)
    assert [(c[0], c[1].get("id") or c[1].get("team")) for c in fake_fetch.calls] == [
        ("fixtures", "1208123"),
        ("teams/statistics", "42"),
        ("players", "37127"),
    ]
    assert [line.team_id for line in outcome.team_lines] == ["football:t42"]
    assert outcome.entities_done == ("football:37127", "football:t42")


async def test_boxscore_player_retry_makes_no_fixture_call(
    fake_fetch: Any, boxscore_game: SeedTarget
) -> None:
    """A failed player is retried alone: one players?id call."""
    retry = attrs.evolve(boxscore_game, only=frozenset({"football:2935"}))
    [outcome] = await seed(fake_fetch, Strategy.BOXSCORE, retry)
    assert fake_fetch.calls == [("players", {"id": "2935", "season": "2024", "league": "39"}, None)]
    assert outcome.entities_done == ("football:2935",)
    assert not outcome.failed


async def test_boxscore_fixture_failure_fails_only_its_game(
    fake_fetch: Any, boxscore_game: SeedTarget, target: Any
) -> None:
    """With several games, one game's failed fixture call fails that game; the others are seeded."""
    fake_fetch.on("fixtures", {"id": 5}, TransientApiError("HTTP 500"))
    first, second = await seed(fake_fetch, Strategy.BOXSCORE, boxscore_game, target(8, 5, 10, 11))
    assert len(first.player_season) == 3
    assert not first.failed
    assert second.failed == ("football:t10", "football:t11")
    assert "HTTP 500" in second.errors[0]


async def test_boxscore_fixture_failure_of_a_lone_game_is_raised(fake_fetch: Any, target: Any) -> None:
    """The fixture call of the only game covers the whole seed: its failure is raised."""
    fake_fetch.on("fixtures", {"id": 5}, TransientApiError("HTTP 500"))
    with pytest.raises(TransientApiError):
        await seed(fake_fetch, Strategy.BOXSCORE, target(8, 5, 10, 11))


async def test_a_spent_quota_keeps_the_answers_and_stops(fake_fetch: Any, boxscore_game: SeedTarget) -> None:
    """QuotaExhausted midway: no further call, answers kept, every entity not fetched is failed."""
    fake_fetch.on("players", {"id": 152982, **SEASON}, QuotaExhausted("daily quota"))
    [outcome] = await seed(fake_fetch, Strategy.BOXSCORE, boxscore_game)
    assert fake_fetch.count() == 5  # fixture, 2 teams, 2935, then 152982 refused; 37127 never asked
    assert outcome.failed == ("football:152982", "football:37127")
    assert {row.player_id for row in outcome.player_season} == {"football:2935"}
    assert len(outcome.player_lines) == 3


async def test_a_spent_quota_on_the_first_call_is_raised(fake_fetch: Any, target: Any) -> None:
    """QuotaExhausted before any answer: seed raises, nothing is half done."""
    fake_fetch.on("fixtures", {"id": 5}, QuotaExhausted("daily quota"))
    with pytest.raises(QuotaExhausted):
        await seed(fake_fetch, Strategy.BOXSCORE, target(8, 5, 10, 11))


async def test_season_rows_of_other_clubs_are_dropped(
    fake_fetch: Any, boxscore_game: SeedTarget, bodies: Any
) -> None:
    """A player's season entry for another club (a transfer) never becomes a row."""
    transferred = bodies.season(2935, CHELSEA)
    transferred["statistics"].append(bodies.season(2935, 99)["statistics"][0])
    fake_fetch.on("players", {"id": 2935, **SEASON}, [transferred])
    [outcome] = await seed(fake_fetch, Strategy.BOXSCORE, boxscore_game)
    neto = [row for row in outcome.player_season if row.player_id == "football:2935"]
    assert [row.team_id for row in neto] == ["football:t49"]


async def test_player_season_rows_keep_provider_keys(fake_fetch: Any, boxscore_game: SeedTarget) -> None:
    """Season rows: games = appearances, rating as a number, ``penalty.commited`` as the API spells it."""
    [outcome] = await seed(fake_fetch, Strategy.BOXSCORE, boxscore_game)
    row = next(r for r in outcome.player_season if r.player_id == "football:37127")
    assert (row.league, row.season, row.games) == ("premier-league", 2024, 5)
    assert row.stats["games.rating"] == pytest.approx(7.25)
    assert row.stats["penalty.commited"] == 1.0
    assert "games.position" not in row.stats


async def test_team_season_rows_skip_text(fake_fetch: Any, boxscore_game: SeedTarget) -> None:
    """teams/statistics: games, averages and percentages as numbers; form, scores and lineups left out."""
    [outcome] = await seed(fake_fetch, Strategy.BOXSCORE, boxscore_game)
    arsenal = next(r for r in outcome.team_season if r.team_id == "football:t42")
    assert arsenal.games == 6
    assert arsenal.stats["goals.for.average.total"] == pytest.approx(1.8)
    assert arsenal.stats["penalty.scored.percentage"] == 100.0
    assert not [
        key for key in arsenal.stats if key.startswith(("form", "lineups", "league", "team", "biggest.wins"))
    ]


async def test_team_statistics_about_another_team_is_a_payload_error(
    fake_fetch: Any, boxscore_game: SeedTarget, bodies: Any
) -> None:
    """A teams/statistics reply about the wrong team is refused, with its path."""
    fake_fetch.on("teams/statistics", team_stats(CHELSEA), bodies.team_season(99))
    with pytest.raises(PayloadError) as caught:
        await seed(fake_fetch, Strategy.BOXSCORE, boxscore_game)
    assert caught.value.path == "$.team.id"


# -- roster ---------------------------------------------------------------------------------


def serve_roster(fake_fetch: Any, bodies: Any, squads: dict[int, tuple[int, ...]]) -> None:
    for team, pids in squads.items():
        fake_fetch.on("players/squads", {"team": team}, bodies.squad(team, *pids))
        fake_fetch.on("teams/statistics", team_stats(team), bodies.team_season(team))
        for pid in pids:
            fake_fetch.on("players", {"id": pid, **SEASON}, [bodies.season(pid, team)])


async def test_roster_calls_every_squad_player(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """2 squads (cached 24 h) + 2 teams/statistics + 1 players?id per squad player."""
    serve_roster(fake_fetch, bodies, {10: (1, 2, 3), 11: (4, 5, 6)})
    [outcome] = await seed(fake_fetch, Strategy.ROSTER, target(1, 1, 10, 11))
    squads = [c for c in fake_fetch.calls if c[0] == "players/squads"]
    assert [c[2] for c in squads] == [timedelta(hours=24)] * 2
    assert (fake_fetch.count("teams/statistics"), fake_fetch.count("players"), outcome.calls) == (2, 6, 10)
    assert len(outcome.player_season) == 6


async def test_roster_gives_season_rows_only(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """No fixture call, so no game lines and no participants: season aggregates only."""
    serve_roster(fake_fetch, bodies, {10: (1,), 11: (4,)})
    [outcome] = await seed(fake_fetch, Strategy.ROSTER, target(1, 1, 10, 11))
    assert outcome.team_lines == outcome.player_lines == outcome.participants == ()
    assert {p.id for p in outcome.players} == {"football:1", "football:4"}


async def test_roster_uses_the_roster_the_core_passes(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """A pre-resolved roster means no squad call; entries of other teams are ignored."""
    serve_roster(fake_fetch, bodies, {10: (1, 2), 11: (4,)})
    roster = [("football:1", "football:t10"), ("football:4", "football:t11"), ("football:9", "football:t77")]
    [outcome] = await seed(fake_fetch, Strategy.ROSTER, target(1, 1, 10, 11, roster=roster))
    assert fake_fetch.count("players/squads") == 0
    assert {c[1]["id"] for c in fake_fetch.calls if c[0] == "players"} == {"1", "4"}
    assert outcome.calls == 4


async def test_roster_squad_failure_is_raised_before_entity_calls(
    fake_fetch: Any, bodies: Any, target: Any
) -> None:
    """A squad that cannot be fetched fails a lone game's seed before any per-player call is spent."""
    serve_roster(fake_fetch, bodies, {10: (1,), 11: (4,)})
    fake_fetch.on("players/squads", {"team": 11}, TransientApiError("HTTP 503"))
    with pytest.raises(TransientApiError):
        await seed(fake_fetch, Strategy.ROSTER, target(1, 1, 10, 11))
    assert fake_fetch.count("players") == fake_fetch.count("teams/statistics") == 0


async def test_roster_squad_failure_fails_only_its_game(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """With several games, a failed squad fails its game (both teams); the others are seeded."""
    serve_roster(fake_fetch, bodies, {10: (1,), 11: (4,), 12: (7,), 13: (8,)})
    fake_fetch.on("players/squads", {"team": 11}, TransientApiError("HTTP 503"))
    first, second = await seed(fake_fetch, Strategy.ROSTER, target(1, 1, 10, 11), target(2, 2, 12, 13))
    assert first.failed == ("football:t10", "football:t11")
    assert first.player_season == ()
    assert {row.player_id for row in second.player_season} == {"football:7", "football:8"}


async def test_roster_team_retry_redoes_the_team(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """A failed team is retried whole: its squad, its season row and every squad player."""
    serve_roster(fake_fetch, bodies, {10: (1, 2), 11: (4, 5)})
    [outcome] = await seed(fake_fetch, Strategy.ROSTER, target(1, 1, 10, 11, only={"football:t11"}))
    assert [c[0] for c in fake_fetch.calls] == ["players/squads", "teams/statistics", "players", "players"]
    assert outcome.entities_done == ("football:4", "football:5", "football:t11")


async def test_roster_skips_a_postponed_game(fake_fetch: Any, target: Any) -> None:
    """The store says postponed: no call, finished=False (the task waits for the new date)."""
    [outcome] = await seed(fake_fetch, Strategy.ROSTER, target(1, 1, 10, 11, status=GameStatus.POSTPONED))
    assert fake_fetch.calls == []
    assert not outcome.finished


# -- blanket --------------------------------------------------------------------------------

LEAGUE_TEAMS = (10, 11, 12, 13)


def serve_league(fake_fetch: Any, bodies: Any) -> None:
    """A 4-team league: every team's season row and two pages of players (21 + 1)."""
    fake_fetch.on("teams", {"league": 39, "season": 2024}, bodies.teams(*LEAGUE_TEAMS))
    for team in LEAGUE_TEAMS:
        fake_fetch.on("teams/statistics", team_stats(team), bodies.team_season(team))
        squad = [bodies.season(team * 100 + i, team) for i in range(21)]
        fake_fetch.on_pages("players", {"team": team, **SEASON}, squad[:20], squad[20:])


async def test_blanket_sweeps_every_team_of_the_league(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """teams list + every team × (teams/statistics + 2 pages): 1 + 4 × 3 = 13 calls."""
    serve_league(fake_fetch, bodies)
    [outcome] = await seed(fake_fetch, Strategy.BLANKET, target(1, 1, 10, 11))
    assert fake_fetch.count() == outcome.calls == 13
    assert fake_fetch.calls[0] == ("teams", {"league": "39", "season": "2024"}, timedelta(hours=24))


async def test_blanket_keeps_only_the_games_teams(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """Rows of the teams that did not play are fetched but never returned."""
    serve_league(fake_fetch, bodies)
    [outcome] = await seed(fake_fetch, Strategy.BLANKET, target(1, 1, 10, 11))
    assert {r.team_id for r in outcome.team_season} == {"football:t10", "football:t11"}
    assert {r.team_id for r in outcome.player_season} == {"football:t10", "football:t11"}
    assert len(outcome.player_season) == 42


async def test_one_sweep_serves_every_game_of_the_league(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """Two games of one league-season share one sweep, charged to the first game."""
    serve_league(fake_fetch, bodies)
    first, second = await seed(fake_fetch, Strategy.BLANKET, target(1, 1, 10, 11), target(2, 2, 12, 13))
    assert fake_fetch.count() == 13
    assert (first.calls, second.calls) == (13, 0)
    assert {r.team_id for r in second.team_season} == {"football:t12", "football:t13"}


async def test_blanket_team_failure_is_a_partial_success(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """A game team's failed pages fail that team; a failure of a team not in the game is ignored."""
    serve_league(fake_fetch, bodies)
    fake_fetch.on_pages("players", {"team": 11, **SEASON}, TransientApiError("HTTP 500"))
    fake_fetch.on("teams/statistics", team_stats(13), TransientApiError("HTTP 500"))
    [outcome] = await seed(fake_fetch, Strategy.BLANKET, target(1, 1, 10, 11))
    assert outcome.failed == ("football:t11",)
    assert {r.team_id for r in outcome.player_season} == {"football:t10"}


async def test_blanket_retry_fetches_only_the_failed_team(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """With ``only``, no sweep: the team's teams/statistics and its players pages."""
    serve_league(fake_fetch, bodies)
    [outcome] = await seed(fake_fetch, Strategy.BLANKET, target(1, 1, 10, 11, only={"football:t11"}))
    assert [c[0] for c in fake_fetch.calls] == ["teams/statistics", "players", "players"]
    assert set(outcome.entities_done) == {"football:t11", *(f"football:{1100 + i}" for i in range(21))}
