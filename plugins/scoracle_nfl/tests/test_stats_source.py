"""The NFL GameStatsSource: strategies, their calls, and what comes back for one game."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from scoracle_core.errors import PayloadError, QuotaExhausted, TransientApiError
from scoracle_core.model import Game, GameStatus, RosterEntry, RosterSource, Strategy
from scoracle_core.plugins import Sports
from scoracle_core.seeding import GameStatsSource, SeedTarget, stats_source
from scoracle_core.teams import TeamCatalog
from scoracle_nfl.sport import NFL, make_sport
from scoracle_nfl.stats import NFLStats

Example = Callable[[str], Any]

GAME = 13201  # Atlanta (home, api 8) vs New Orleans (away, api 27), finished 27-20
BOX = {2045: 8, 2101: 8, 2090: 8, 2401: 27, 2460: 27}  # players in the box score → their team


def season_answer(api_id: int, team: int, yards: int) -> list[dict[str, Any]]:
    """A ``players/statistics?id=P&season=S`` answer of the documented shape."""
    return [
        {
            "player": {"id": api_id, "name": f"Player {api_id}", "image": ""},
            "teams": [
                {
                    "team": {"id": team, "name": "", "logo": ""},
                    "groups": [{"name": "Rushing", "statistics": [{"name": "yards", "value": str(yards)}]}],
                }
            ],
        }
    ]


def roster_item(api_id: int, position: str, group: str = "Defense") -> dict[str, Any]:
    """A ``players?team=`` item."""
    return {"id": api_id, "name": f"Player {api_id}", "position": position, "group": group}


@pytest.fixture
def source() -> NFLStats:
    """The NFL adapter's stats source."""
    return make_sport().stats


@pytest.fixture
def fetch(fake_fetch: Any, api_example: Example) -> Any:
    """Answers for game 13201 from the shared examples, plus hand-made ones of the same shape."""
    fetch = fake_fetch()
    fetch.answer("games", {"league": 1, "season": 2024, "date": "2024-09-08"}, api_example("nfl_games.json"))
    fetch.answer("games/statistics/teams", {"id": GAME}, api_example("nfl_games_statistics_teams.json"))
    fetch.answer("games/statistics/players", {"id": GAME}, api_example("nfl_games_statistics_players.json"))
    for api_id, team in BOX.items():
        fetch.answer("players/statistics", {"id": api_id, "season": 2024}, season_answer(api_id, team, 100))
    fetch.answer(
        "players/statistics", {"id": 2045, "season": 2024}, api_example("nfl_players_statistics.json")
    )
    for api_id, team in ((2130, 8), (2155, 8), (2499, 27)):
        fetch.answer("players/statistics", {"id": api_id, "season": 2024}, season_answer(api_id, team, 0))
    fetch.answer("players", {"team": 8, "season": 2024}, api_example("nfl_players.json"))
    saints = [roster_item(2401, "LB"), roster_item(2460, "K", "Special Teams"), roster_item(2499, "CB")]
    saints.append(roster_item(2500, "WR", "Injured Reserve"))
    fetch.answer("players", {"team": 27, "season": 2024}, saints)
    return fetch


def target(**changes: Any) -> SeedTarget:
    """Game 13201 as the core hands it over: discovered, completed."""
    game = Game(
        id=5,
        sport="nfl",
        league="nfl",
        season=2024,
        home_team_id="nfl:atl",
        away_team_id="nfl:no",
        start_at=datetime(2024, 9, 8, 17, tzinfo=UTC),
        status=changes.pop("status", GameStatus.COMPLETED),
        external_id=str(GAME),
    )
    return SeedTarget(game=game, league=NFL, home_api_id=8, away_api_id=27, **changes)


def entry(player: str, team: str, status: str = "active") -> RosterEntry:
    """A pre-resolved roster entry of game 5."""
    return RosterEntry(game_id=5, player_id=player, team_id=team, status=status)


# -- strategies and discovery ----------------------------------------------------------------


def test_registered_adapter_offers_a_stats_source(sports: Sports) -> None:
    """The installed NFL adapter carries a GameStatsSource as ``stats``."""
    assert isinstance(stats_source(sports.get("nfl")), GameStatsSource)


def test_strategies_are_declared_with_their_costs(source: NFLStats) -> None:
    """All four strategies, game the cheapest at 2 calls, each with one shared discovery call."""
    specs = source.strategies()
    order = (Strategy.GAME, Strategy.BOXSCORE, Strategy.ROSTER, Strategy.BLANKET)
    costs = [specs[s].calls_per_game for s in order]
    assert costs == sorted(costs)
    assert costs[:3] == [2, 82, 107]
    # blanket batches a day's games: one 1,728-call sweep + a team call per game (≈ 4.75 a day)
    assert specs[Strategy.BLANKET].calls_per_game == pytest.approx(1728 + 4.75)
    assert specs[Strategy.BLANKET].batch_size == 16
    assert not specs[Strategy.ROSTER].game_lines
    assert all(spec.calls_per_day == 1 and spec.description for spec in specs.values())


@pytest.mark.anyio
async def test_discover_makes_one_call_for_league_season_and_day(source: NFLStats, fetch: Any) -> None:
    """``games?league=1&season=S&date=D`` once; the game with its ids, start and status."""
    [game] = await source.discover(fetch, league=NFL, season=2024, day=date(2024, 9, 8))
    assert fetch.calls == ["games?date=2024-09-08&league=1&season=2024"]
    assert (game.external_id, game.status) == ("13201", GameStatus.COMPLETED)


@pytest.mark.anyio
async def test_fetch_roster_is_one_cached_call(source: NFLStats, fetch: Any) -> None:
    """``players?team=T&season=S`` cached 24 h; players carry our team id."""
    players = await source.fetch_roster(fetch, league=NFL, season=2024, team_api_id=27)
    assert fetch.ttls == {"players?season=2024&team=27": timedelta(hours=24)}
    assert [(p.id, p.team_id) for p in players] == [
        ("nfl:2401", "nfl:no"),
        ("nfl:2460", "nfl:no"),
        ("nfl:2499", "nfl:no"),
    ]


# -- game ------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_game_strategy_makes_exactly_two_calls(source: NFLStats, fetch: Any) -> None:
    """``games/statistics/teams?id=G`` and ``games/statistics/players?id=G``, nothing else."""
    [outcome] = await source.seed(fetch, strategy=Strategy.GAME, targets=[target()])
    assert fetch.calls == ["games/statistics/teams?id=13201", "games/statistics/players?id=13201"]
    assert (outcome.calls, outcome.finished) == (2, True)


@pytest.mark.anyio
async def test_game_strategy_lines_of_every_listed_player(source: NFLStats, fetch: Any) -> None:
    """Every player listed recorded a stat: a line and a participation each, under his team."""
    [outcome] = await source.seed(fetch, strategy=Strategy.GAME, targets=[target()])
    assert {(row.player_id, row.team_id) for row in outcome.player_lines} == {
        (f"nfl:{api_id}", "nfl:atl" if team == 8 else "nfl:no") for api_id, team in BOX.items()
    }
    assert {p.player_id for p in outcome.participants} == {f"nfl:{api_id}" for api_id in BOX}
    assert {p.source for p in outcome.participants} == {RosterSource.BOXSCORE}
    assert {p.name for p in outcome.players} >= {"Kirk Cousins", "Blake Grupe"}


@pytest.mark.anyio
async def test_game_strategy_team_lines_and_score_from_points_against(source: NFLStats, fetch: Any) -> None:
    """Two team lines; each team's points against are the other's score."""
    [outcome] = await source.seed(fetch, strategy=Strategy.GAME, targets=[target()])
    assert {row.team_id for row in outcome.team_lines} == {"nfl:atl", "nfl:no"}
    assert (outcome.home_score, outcome.away_score) == (27, 20)


@pytest.mark.anyio
async def test_game_strategy_keeps_only_the_two_teams(
    source: NFLStats, fetch: Any, api_example: Example
) -> None:
    """A third team's block in either answer is dropped."""
    players = api_example("nfl_games_statistics_players.json")
    players.append({**players[1], "team": {"id": 20, "name": "Buffalo Bills", "logo": ""}})
    teams = api_example("nfl_games_statistics_teams.json")
    teams.append({**teams[1], "team": {"id": 20, "name": "Buffalo Bills", "logo": ""}})
    fetch.answer("games/statistics/players", {"id": GAME}, players)
    fetch.answer("games/statistics/teams", {"id": GAME}, teams)
    [outcome] = await source.seed(fetch, strategy=Strategy.GAME, targets=[target()])
    assert {row.team_id for row in outcome.team_lines} == {"nfl:atl", "nfl:no"}
    assert {row.team_id for row in outcome.player_lines} == {"nfl:atl", "nfl:no"}
    assert len(outcome.player_lines) == len(BOX)


@pytest.mark.anyio
async def test_game_not_completed_makes_no_call(source: NFLStats, fetch: Any) -> None:
    """A game the core has not seen finish is not seeded: finished=False, its status kept."""
    [outcome] = await source.seed(
        fetch, strategy=Strategy.GAME, targets=[target(status=GameStatus.SCHEDULED)]
    )
    assert fetch.calls == []
    assert (outcome.finished, outcome.status) == (False, GameStatus.SCHEDULED)


@pytest.mark.anyio
async def test_empty_player_statistics_mean_not_finished(source: NFLStats, fetch: Any) -> None:
    """No player statistics yet: finished=False and no partial lines."""
    fetch.answer("games/statistics/players", {"id": GAME}, [])
    [outcome] = await source.seed(fetch, strategy=Strategy.GAME, targets=[target()])
    assert not outcome.finished
    assert outcome.team_lines == outcome.player_lines == ()


@pytest.mark.anyio
async def test_malformed_answer_is_a_payload_error_naming_the_request(source: NFLStats, fetch: Any) -> None:
    """A team block whose ``statistics`` is a list fails with the request and the path."""
    fetch.answer("games/statistics/teams", {"id": GAME}, [{"team": {"id": 8}, "statistics": []}])
    with pytest.raises(PayloadError, match=r"games/statistics/teams\?id=13201") as info:
        await source.seed(fetch, strategy=Strategy.GAME, targets=[target()])
    assert info.value.path == "$.response[0].statistics"


# -- boxscore --------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_boxscore_calls_box_team_lines_and_each_player_with_a_stat(
    source: NFLStats, fetch: Any
) -> None:
    """1 box score + 1 team-lines call + one season call per listed player."""
    [outcome] = await source.seed(fetch, strategy=Strategy.BOXSCORE, targets=[target()])
    assert fetch.calls[:2] == ["games/statistics/players?id=13201", "games/statistics/teams?id=13201"]
    assert sorted(fetch.calls[2:]) == sorted(f"players/statistics?id={p}&season=2024" for p in BOX)
    assert outcome.calls == 2 + len(BOX)


@pytest.mark.anyio
async def test_boxscore_gives_game_lines_and_season_aggregates(source: NFLStats, fetch: Any) -> None:
    """Game lines from the box score, season aggregates from each player's call."""
    [outcome] = await source.seed(fetch, strategy=Strategy.BOXSCORE, targets=[target()])
    season = {row.player_id: row for row in outcome.player_season}
    assert set(season) == {f"nfl:{p}" for p in BOX}
    assert season["nfl:2045"].stats["passing.passing_attempts"] == 581.0
    assert season["nfl:2401"].team_id == "nfl:no"
    assert len(outcome.player_lines) == len(BOX)
    assert len(outcome.team_lines) == 2


@pytest.mark.anyio
async def test_partial_success_reports_the_failed_player(source: NFLStats, fetch: Any) -> None:
    """One player's season call failing names him in ``failed``; the others are complete."""
    fetch.answer(
        "players/statistics", {"id": 2401, "season": 2024}, TransientApiError("HTTP 502", status=502)
    )
    [outcome] = await source.seed(fetch, strategy=Strategy.BOXSCORE, targets=[target()])
    assert outcome.finished
    assert outcome.failed == ("nfl:2401",)
    assert "nfl:2401" not in {row.player_id for row in outcome.player_season}
    assert len(outcome.player_season) == len(BOX) - 1


@pytest.mark.anyio
async def test_failed_team_lines_fail_both_teams(source: NFLStats, fetch: Any) -> None:
    """One call carries both team lines, so its failure fails both teams."""
    fetch.answer("games/statistics/teams", {"id": GAME}, TransientApiError("time-out"))
    [outcome] = await source.seed(fetch, strategy=Strategy.BOXSCORE, targets=[target()])
    assert set(outcome.failed) == {"nfl:atl", "nfl:no"}
    assert len(outcome.player_season) == len(BOX)


@pytest.mark.anyio
async def test_retry_with_only_fetches_only_those_entities(source: NFLStats, fetch: Any) -> None:
    """``only`` skips the box score: one call per entity left, the team's line only for that team."""
    only = frozenset({"nfl:2401", "nfl:no"})
    [outcome] = await source.seed(fetch, strategy=Strategy.BOXSCORE, targets=[target(only=only)])
    assert fetch.calls == ["games/statistics/teams?id=13201", "players/statistics?id=2401&season=2024"]
    assert outcome.entities_done == ("nfl:2401", "nfl:no")


@pytest.mark.anyio
async def test_quota_spent_midway_keeps_answers_and_fails_the_rest(source: NFLStats, fetch: Any) -> None:
    """After the daily quota runs out no further call is made; what was fetched is kept."""
    fetch.answer("players/statistics", {"id": 2101, "season": 2024}, QuotaExhausted("daily quota spent"))
    [outcome] = await source.seed(fetch, strategy=Strategy.BOXSCORE, targets=[target()])
    assert fetch.calls[-1] == "players/statistics?id=2101&season=2024"
    assert set(outcome.failed) == {"nfl:2101", "nfl:2090", "nfl:2401", "nfl:2460"}
    assert {row.player_id for row in outcome.player_season} == {"nfl:2045"}


# -- roster ----------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_roster_strategy_fetches_only_active_rostered_players_of_the_game(
    source: NFLStats, fetch: Any
) -> None:
    """Team lines first, then the pre-resolved roster; inactive and other teams' entries skipped."""
    roster = (
        entry("nfl:2045", "nfl:atl"),
        entry("nfl:2130", "nfl:atl"),
        entry("nfl:2155", "nfl:atl", status="inactive"),
        entry("nfl:2401", "nfl:no"),
        entry("nfl:9999", "nfl:buf"),
    )
    [outcome] = await source.seed(fetch, strategy=Strategy.ROSTER, targets=[target(roster=roster)])
    assert fetch.calls == [
        "games/statistics/teams?id=13201",
        "players/statistics?id=2045&season=2024",
        "players/statistics?id=2130&season=2024",
        "players/statistics?id=2401&season=2024",
    ]
    assert {row.player_id for row in outcome.player_season} == {"nfl:2045", "nfl:2130", "nfl:2401"}
    assert outcome.player_lines == ()


@pytest.mark.anyio
async def test_roster_strategy_without_team_lines_spends_one_call(source: NFLStats, fetch: Any) -> None:
    """No team lines yet: the game is not finished, and no player is fetched."""
    fetch.answer("games/statistics/teams", {"id": GAME}, [])
    [outcome] = await source.seed(fetch, strategy=Strategy.ROSTER, targets=[target()])
    assert fetch.calls == ["games/statistics/teams?id=13201"]
    assert not outcome.finished


@pytest.mark.anyio
async def test_roster_strategy_fetches_a_missing_roster_cached(source: NFLStats, fetch: Any) -> None:
    """With no pre-resolved roster, each team's roster is fetched (cached 24 h), then its players."""
    [outcome] = await source.seed(fetch, strategy=Strategy.ROSTER, targets=[target()])
    assert fetch.ttls["players?season=2024&team=8"] == timedelta(hours=24)
    assert "players/statistics?id=2500&season=2024" not in fetch.calls  # injured reserve
    assert len(fetch.calls) == 1 + 2 + 3 + 3
    assert len(outcome.player_season) == 6


# -- blanket ---------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_blanket_sweeps_the_league_but_keeps_only_the_games_teams(source: NFLStats, fetch: Any) -> None:
    """Every roster and rostered player is fetched; only Atlanta's and New Orleans' stats come back."""
    full = make_sport().catalog()
    catalog = TeamCatalog("nfl", [full.get(f"nfl:{key}") for key in ("atl", "no", "buf")])
    fetch.answer("players", {"team": 20, "season": 2024}, [roster_item(3001, "QB", "Offense")])
    fetch.answer("players/statistics", {"id": 3001, "season": 2024}, season_answer(3001, 20, 4000))
    small = NFLStats(catalog=lambda: catalog)
    [outcome] = await small.seed(fetch, strategy=Strategy.BLANKET, targets=[target()])
    assert len(fetch.calls) == 1 + 3 + 7
    assert "players/statistics?id=3001&season=2024" in fetch.calls
    assert outcome.calls == len(fetch.calls)
    assert {row.team_id for row in outcome.player_season} == {"nfl:atl", "nfl:no"}
    assert "nfl:3001" not in {row.player_id for row in outcome.player_season}
    assert len(outcome.team_lines) == 2
