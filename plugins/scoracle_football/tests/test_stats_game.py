"""The ``game`` strategy: ``fixtures?id`` / ``fixtures?ids`` and the game-line transforms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pytest

from scoracle_core.errors import PayloadError, PlanError, QuotaExhausted, SeedError, TransientApiError
from scoracle_core.model import GameStatus, RosterSource, Strategy
from scoracle_core.seeding import GameOutcome, SeedTarget
from scoracle_football.stats import FootballStats

pytestmark = pytest.mark.anyio

GAME = Strategy.GAME
CHELSEA, ARSENAL = 49, 42


def ids_of(first: int, count: int) -> str:
    return "-".join(str(first + i) for i in range(count))


def many(fake_fetch: Any, bodies: Any, target: Callable[..., SeedTarget], count: int) -> list[SeedTarget]:
    """``count`` targets (fixtures 1000…, teams 2n v 2n+1), each also served by ``fixtures?id``."""
    targets = []
    for i in range(count):
        fid, home, away = 1000 + i, 10 + 2 * i, 11 + 2 * i
        targets.append(target(i + 1, fid, home, away))
        fake_fetch.on("fixtures", {"id": fid}, [bodies.fixture(fid, home, away)])
    return targets


def serve_ids(fake_fetch: Any, bodies: Any, first: int, count: int) -> None:
    items = [
        bodies.fixture(first + i, 10 + 2 * (first - 1000 + i), 11 + 2 * (first - 1000 + i))
        for i in range(count)
    ]
    fake_fetch.on("fixtures", {"ids": ids_of(first, count)}, items)


@pytest.fixture
def chelsea_arsenal(
    fake_fetch: Any, example: Callable[[str], Any], target: Callable[..., SeedTarget]
) -> SeedTarget:
    """The shared example fixture 1208123 (Chelsea 1-1 Arsenal), served by ``fixtures?id``."""
    fake_fetch.on("fixtures", {"id": 1208123}, example("fixtures_by_id"))
    return target(7, 1208123, CHELSEA, ARSENAL)


async def seed_one(fake_fetch: Any, tgt: SeedTarget, source: FootballStats | None = None) -> GameOutcome:
    [outcome] = await (source or FootballStats()).seed(fake_fetch, strategy=GAME, targets=[tgt])
    return outcome


# -- calls ----------------------------------------------------------------------------------


async def test_one_game_costs_one_call(fake_fetch: Any, chelsea_arsenal: SeedTarget) -> None:
    """A single game is one ``fixtures?id`` call."""
    await seed_one(fake_fetch, chelsea_arsenal)
    assert fake_fetch.calls == [("fixtures", {"id": "1208123"}, None)]


async def test_twenty_games_cost_one_call(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """Twenty games are one ``fixtures?ids=a-b-…`` call."""
    targets = many(fake_fetch, bodies, target, 20)
    serve_ids(fake_fetch, bodies, 1000, 20)
    outcomes = await FootballStats().seed(fake_fetch, strategy=GAME, targets=targets)
    assert fake_fetch.calls == [("fixtures", {"ids": ids_of(1000, 20)}, None)]
    assert all(o.finished and len(o.team_lines) == 2 for o in outcomes)


async def test_twenty_one_games_cost_two_calls(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """Twenty-one games are one ``ids`` call of 20 and one ``id`` call."""
    targets = many(fake_fetch, bodies, target, 21)
    serve_ids(fake_fetch, bodies, 1000, 20)
    outcomes = await FootballStats().seed(fake_fetch, strategy=GAME, targets=targets)
    assert [c[1] for c in fake_fetch.calls] == [{"ids": ids_of(1000, 20)}, {"id": "1020"}]
    assert [o.game_id for o in outcomes] == list(range(1, 22))


async def test_calls_are_charged_once_per_call(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """A batched call is charged to the first game of its chunk: outcome calls add up to the calls made."""
    targets = many(fake_fetch, bodies, target, 21)
    serve_ids(fake_fetch, bodies, 1000, 20)
    outcomes = await FootballStats().seed(fake_fetch, strategy=GAME, targets=targets)
    assert [o.calls for o in outcomes] == [1] + [0] * 19 + [1]


async def test_without_batching_each_game_is_one_call(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """With ``batch_ids=False`` every game is its own ``fixtures?id`` call."""
    targets = many(fake_fetch, bodies, target, 3)
    await FootballStats(batch_ids=False).seed(fake_fetch, strategy=GAME, targets=targets)
    assert [c[1] for c in fake_fetch.calls] == [{"id": "1000"}, {"id": "1001"}, {"id": "1002"}]


async def test_a_game_without_fixture_id_is_refused_before_any_call(fake_fetch: Any, target: Any) -> None:
    """A target never discovered (no external id) raises SeedError and spends nothing."""
    with pytest.raises(SeedError, match="fixture id"):
        await FootballStats().seed(fake_fetch, strategy=GAME, targets=[target(1, None, 10, 11)])
    assert fake_fetch.calls == []


# -- lines ----------------------------------------------------------------------------------


async def test_unused_substitutes_get_no_line(fake_fetch: Any, chelsea_arsenal: SeedTarget) -> None:
    """Havertz (on the bench, ``minutes: null``) has no line and is no participant."""
    outcome = await seed_one(fake_fetch, chelsea_arsenal)
    assert {line.player_id for line in outcome.player_lines} == {
        "football:2935",
        "football:152982",
        "football:37127",
    }
    assert "football:978" not in {p.player_id for p in outcome.participants}


async def test_participants_are_who_played(fake_fetch: Any, chelsea_arsenal: SeedTarget) -> None:
    """Participants come from the box score, starters flagged from ``games.substitute``."""
    outcome = await seed_one(fake_fetch, chelsea_arsenal)
    neto = next(p for p in outcome.participants if p.player_id == "football:2935")
    assert (neto.team_id, neto.source, neto.is_starter, neto.game_id) == (
        "football:t49",
        RosterSource.BOXSCORE,
        True,
        7,
    )
    assert len(outcome.participants) == 3


async def test_players_seen_are_the_participants(fake_fetch: Any, chelsea_arsenal: SeedTarget) -> None:
    """Players to upsert carry their API id, name, position and team."""
    outcome = await seed_one(fake_fetch, chelsea_arsenal)
    martinelli = next(p for p in outcome.players if p.id == "football:37127")
    assert (martinelli.api_id, martinelli.name, martinelli.position, martinelli.team_id) == (
        37127,
        "Gabriel Martinelli",
        "F",
        "football:t42",
    )
    assert {p.id for p in outcome.players} == {p.player_id for p in outcome.participants}


async def test_team_stats_are_numbers_by_snake_case_name(
    fake_fetch: Any, chelsea_arsenal: SeedTarget
) -> None:
    """ "52%" → 52.0, "1.21" → 1.21, names → snake_case keys."""
    outcome = await seed_one(fake_fetch, chelsea_arsenal)
    chelsea = next(line for line in outcome.team_lines if line.team_id == "football:t49")
    assert chelsea.stats["ball_possession"] == 52.0
    assert chelsea.stats["passes_pct"] == 88.0
    assert chelsea.stats["expected_goals"] == pytest.approx(1.21)
    assert chelsea.stats["shots_on_goal"] == 4.0
    assert chelsea.stats["shots_insidebox"] == 8.0
    assert chelsea.stats["total_passes"] == 512.0


async def test_null_team_stats_are_omitted(fake_fetch: Any, chelsea_arsenal: SeedTarget) -> None:
    """``"Red Cards": null`` leaves no ``red_cards`` key (absent, not zero)."""
    outcome = await seed_one(fake_fetch, chelsea_arsenal)
    assert all("red_cards" not in line.stats for line in outcome.team_lines)


async def test_player_lines_are_flattened_provider_keys(fake_fetch: Any, chelsea_arsenal: SeedTarget) -> None:
    """Ratings and accuracy strings become floats under dotted provider keys; nulls are omitted."""
    outcome = await seed_one(fake_fetch, chelsea_arsenal)
    neto = next(line for line in outcome.player_lines if line.player_id == "football:2935").stats
    assert neto["games.rating"] == pytest.approx(7.6)
    assert neto["games.minutes"] == 90.0
    assert neto["passes.accuracy"] == 25.0
    assert (neto["shots.total"], neto["goals.total"], neto["fouls.committed"]) == (3.0, 1.0, 1.0)
    assert "goals.assists" not in neto
    assert "games.position" not in neto
    assert "games.number" not in neto


async def test_provider_spelling_is_kept(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """``penalty.commited`` keeps the API's spelling; booleans become 1.0/0.0."""
    line = bodies.player(5, 90, penalty={"won": None, "commited": 1, "scored": 0, "missed": 0, "saved": None})
    fixture = bodies.fixture(1, 10, 11, players={10: [line], 11: [bodies.player(6, 90)]})
    fake_fetch.on("fixtures", {"id": 1}, [fixture])
    outcome = await seed_one(fake_fetch, target(1, 1, 10, 11))
    stats = next(pl for pl in outcome.player_lines if pl.player_id == "football:5").stats
    assert stats["penalty.commited"] == 1.0
    assert (stats["games.captain"], stats["games.substitute"]) == (0.0, 0.0)


async def test_scores_come_from_goals_by_team_id(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """Scores and team ids follow the API team ids, even when the API lists home and away the other way."""
    fake_fetch.on("fixtures", {"id": 1}, [bodies.fixture(1, 10, 11, goals=(3, 0))])
    outcome = await seed_one(fake_fetch, target(1, 1, 11, 10))  # our home team is the API's away team
    assert (outcome.home_score, outcome.away_score, outcome.status) == (0, 3, GameStatus.COMPLETED)
    assert {line.team_id for line in outcome.team_lines} == {"football:t10", "football:t11"}


async def test_lines_of_a_stray_team_are_dropped(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """A player block of a team outside the game never becomes a line."""
    players = {10: [bodies.player(1, 90)], 11: [bodies.player(2, 90)], 99: [bodies.player(3, 90)]}
    fake_fetch.on("fixtures", {"id": 1}, [bodies.fixture(1, 10, 11, players=players)])
    outcome = await seed_one(fake_fetch, target(1, 1, 10, 11))
    assert {line.player_id for line in outcome.player_lines} == {"football:1", "football:2"}
    assert {p.team_id for p in outcome.participants} == {"football:t10", "football:t11"}


async def test_malformed_stat_value_is_a_payload_error(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """A stat value that is no number raises PayloadError with its path."""
    fixture = bodies.fixture(1, 10, 11, statistics={10: [("Shots on Goal", 1), ("Ball Possession", "lots")]})
    fake_fetch.on("fixtures", {"id": 1}, [fixture])
    with pytest.raises(PayloadError) as caught:
        await seed_one(fake_fetch, target(1, 1, 10, 11))
    assert caught.value.path == "$[0].statistics[0].statistics[1].value"


async def test_malformed_player_block_is_a_payload_error(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """A ``players`` block that is not a list raises PayloadError with its path."""
    fixture = bodies.fixture(1, 10, 11)
    fixture["players"][0]["players"] = {"oops": True}
    fake_fetch.on("fixtures", {"id": 1}, [fixture])
    with pytest.raises(PayloadError) as caught:
        await seed_one(fake_fetch, target(1, 1, 10, 11))
    assert caught.value.path == "$[0].players[0].players"


# -- game states ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("short", "status"),
    [("NS", GameStatus.SCHEDULED), ("2H", GameStatus.IN_PROGRESS), ("PST", GameStatus.POSTPONED)],
)
async def test_an_unfinished_fixture_has_no_stats(
    fake_fetch: Any, bodies: Any, target: Any, short: str, status: GameStatus
) -> None:
    """A fixture not over yet: finished=False, its status, and no stats, scores or participants."""
    fake_fetch.on("fixtures", {"id": 1}, [bodies.fixture(1, 10, 11, short=short, goals=(1, 0))])
    outcome = await seed_one(fake_fetch, target(1, 1, 10, 11))
    assert (outcome.finished, outcome.status, outcome.home_score) == (False, status, None)
    assert outcome.team_lines == outcome.player_lines == outcome.participants == ()


@pytest.mark.parametrize("short", ["CANC", "ABD"])
async def test_a_cancelled_fixture_finishes_without_stats(
    fake_fetch: Any, bodies: Any, target: Any, short: str
) -> None:
    """Cancelled or abandoned: nothing will ever come, so the task is done, status cancelled."""
    fake_fetch.on("fixtures", {"id": 1}, [bodies.fixture(1, 10, 11, short=short, goals=(None, None))])
    outcome = await seed_one(fake_fetch, target(1, 1, 10, 11))
    assert (outcome.finished, outcome.status, outcome.team_lines, outcome.player_lines) == (
        True,
        GameStatus.CANCELLED,
        (),
        (),
    )


@pytest.mark.parametrize("short", ["AWD", "WO"])
async def test_an_awarded_fixture_completes_without_stats(
    fake_fetch: Any, bodies: Any, target: Any, short: str
) -> None:
    """An awarded result is completed with its score, but has no game lines."""
    fake_fetch.on("fixtures", {"id": 1}, [bodies.fixture(1, 10, 11, short=short, goals=(3, 0))])
    outcome = await seed_one(fake_fetch, target(1, 1, 10, 11))
    assert (outcome.finished, outcome.status, outcome.home_score, outcome.away_score) == (
        True,
        GameStatus.COMPLETED,
        3,
        0,
    )
    assert outcome.team_lines == outcome.player_lines == ()


async def test_finished_without_stats_yet_fails_its_teams(
    fake_fetch: Any, example: Callable[[str], Any], target: Any
) -> None:
    """Example 1208124 is FT with empty blocks: completed with its score, both teams failed (retried)."""
    fake_fetch.on("fixtures", {"ids": "1208123-1208124"}, example("fixtures_by_ids"))
    targets = [target(1, 1208123, 49, 42), target(2, 1208124, 47, 57)]
    first, second = await FootballStats().seed(fake_fetch, strategy=GAME, targets=targets)
    assert len(first.player_lines) == 3
    assert not first.failed
    assert (second.finished, second.status, second.home_score, second.away_score) == (
        True,
        GameStatus.COMPLETED,
        1,
        2,
    )
    assert second.failed == ("football:t47", "football:t57")
    assert second.team_lines == second.player_lines == ()
    assert "no statistics/players" in second.errors[0]


async def test_a_team_without_its_blocks_fails_alone(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """One team's blocks missing: the other team's lines are kept, the missing team is failed."""
    fixture = bodies.fixture(1, 10, 11, statistics={10: [("Fouls", 9)]}, players={10: [bodies.player(1, 90)]})
    fake_fetch.on("fixtures", {"id": 1}, [fixture])
    outcome = await seed_one(fake_fetch, target(1, 1, 10, 11))
    assert outcome.failed == ("football:t11",)
    assert [line.team_id for line in outcome.team_lines] == ["football:t10"]
    assert [line.player_id for line in outcome.player_lines] == ["football:1"]


# -- partial success ------------------------------------------------------------------------


async def test_a_fixture_missing_from_an_ids_reply_fails_alone(
    fake_fetch: Any, bodies: Any, target: Any
) -> None:
    """The missing fixture's game fails with both team ids; the others succeed."""
    targets = many(fake_fetch, bodies, target, 3)
    items = [bodies.fixture(1000, 10, 11), bodies.fixture(1002, 14, 15)]
    fake_fetch.on("fixtures", {"ids": ids_of(1000, 3)}, items)
    first, missing, third = await FootballStats().seed(fake_fetch, strategy=GAME, targets=targets)
    assert first.finished
    assert third.finished
    assert not first.failed
    assert not third.failed
    assert missing.failed == ("football:t12", "football:t13")
    assert missing.team_lines == missing.player_lines == ()
    assert "1001 missing" in missing.errors[0]


async def test_a_fixture_of_other_teams_fails_its_game(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """A reply about other teams is never attributed to the game: it fails instead."""
    fake_fetch.on("fixtures", {"id": 1}, [bodies.fixture(1, 10, 30)])
    outcome = await seed_one(fake_fetch, target(1, 1, 10, 11))
    assert outcome.failed == ("football:t10", "football:t11")
    assert outcome.team_lines == outcome.player_lines == outcome.participants == ()


async def test_a_failed_chunk_fails_only_its_games(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """A transient error on one of two calls fails that call's games; the other call's games succeed."""
    targets = many(fake_fetch, bodies, target, 21)
    fake_fetch.on("fixtures", {"ids": ids_of(1000, 20)}, TransientApiError("HTTP 500"))
    outcomes = await FootballStats().seed(fake_fetch, strategy=GAME, targets=targets)
    assert all(o.failed and "HTTP 500" in o.errors[0] for o in outcomes[:20])
    assert outcomes[20].finished
    assert not outcomes[20].failed


async def test_an_error_covering_every_game_is_raised(fake_fetch: Any, target: Any) -> None:
    """When the only call fails, seed raises (the core retries the whole task)."""
    fake_fetch.on("fixtures", {"id": 1}, TransientApiError("HTTP 502"))
    with pytest.raises(TransientApiError):
        await seed_one(fake_fetch, target(1, 1, 10, 11))


async def test_a_spent_quota_mid_batch_keeps_the_answers(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """QuotaExhausted on the second call: the first call's games are kept, the rest fail."""
    targets = many(fake_fetch, bodies, target, 21)
    serve_ids(fake_fetch, bodies, 1000, 20)
    fake_fetch.on("fixtures", {"id": 1020}, QuotaExhausted("daily quota"))
    outcomes = await FootballStats().seed(fake_fetch, strategy=GAME, targets=targets)
    assert all(o.finished and not o.failed for o in outcomes[:20])
    assert outcomes[20].failed == ("football:t50", "football:t51")
    assert "daily quota" in outcomes[20].errors[0]


async def test_a_spent_quota_before_any_answer_is_raised(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """QuotaExhausted on the first call: nothing to keep, seed raises (the core waits for the reset)."""
    targets = many(fake_fetch, bodies, target, 21)
    fake_fetch.on("fixtures", {"ids": ids_of(1000, 20)}, QuotaExhausted("daily quota"))
    with pytest.raises(QuotaExhausted):
        await FootballStats().seed(fake_fetch, strategy=GAME, targets=targets)
    assert fake_fetch.count() == 1


async def test_only_team_keeps_its_line_and_players(fake_fetch: Any, chelsea_arsenal: SeedTarget) -> None:
    """A retry of one team: that team's line and its players' lines, nobody else's."""
    retry = attrs.evolve(chelsea_arsenal, only=frozenset({"football:t49"}))
    outcome = await seed_one(fake_fetch, retry)
    assert [line.team_id for line in outcome.team_lines] == ["football:t49"]
    assert {line.team_id for line in outcome.player_lines} == {"football:t49"}


async def test_only_player_keeps_just_that_line(fake_fetch: Any, chelsea_arsenal: SeedTarget) -> None:
    """A retry of one player: that player's line only, no team line."""
    retry = attrs.evolve(chelsea_arsenal, only=frozenset({"football:37127"}))
    outcome = await seed_one(fake_fetch, retry)
    assert outcome.team_lines == ()
    assert [line.player_id for line in outcome.player_lines] == ["football:37127"]


# -- free plans: ids refused ----------------------------------------------------------------


async def test_ids_refused_by_the_plan_falls_back_to_one_call_a_game(
    fake_fetch: Any, bodies: Any, target: Any
) -> None:
    """errors.plan on ``ids``: the same seed fetches each fixture by ``id`` and succeeds."""
    targets = many(fake_fetch, bodies, target, 3)
    fake_fetch.on(
        "fixtures", {"ids": ids_of(1000, 3)}, PlanError("Free plans do not have access to the Ids parameter.")
    )
    outcomes = await FootballStats().seed(fake_fetch, strategy=GAME, targets=targets)
    assert [c[1] for c in fake_fetch.calls] == [
        {"ids": ids_of(1000, 3)},
        {"id": "1000"},
        {"id": "1001"},
        {"id": "1002"},
    ]
    assert all(o.finished and not o.failed for o in outcomes)
    assert sum(o.calls for o in outcomes) == 4


async def test_ids_refused_switches_batching_off_for_good(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """After the fallback, the source reports batch_size 1 and never sends ``ids`` again."""
    source = FootballStats()
    targets = many(fake_fetch, bodies, target, 3)
    fake_fetch.on("fixtures", {"ids": ids_of(1000, 3)}, PlanError("no ids on this plan"))
    await source.seed(fake_fetch, strategy=GAME, targets=targets)
    fake_fetch.calls.clear()
    await source.seed(fake_fetch, strategy=GAME, targets=targets)
    assert [c[1] for c in fake_fetch.calls] == [{"id": "1000"}, {"id": "1001"}, {"id": "1002"}]
    assert source.strategies()[GAME].batch_size == 1


async def test_plan_error_on_a_single_fixture_is_raised(fake_fetch: Any, bodies: Any, target: Any) -> None:
    """errors.plan on ``fixtures?id`` (season outside the plan) goes to the core; batching stays on."""
    source = FootballStats()
    targets = many(fake_fetch, bodies, target, 2)
    fake_fetch.on("fixtures", {"ids": ids_of(1000, 2)}, PlanError("no access to this season"))
    fake_fetch.on("fixtures", {"id": 1000}, PlanError("no access to this season"))
    with pytest.raises(PlanError):
        await source.seed(fake_fetch, strategy=GAME, targets=targets)
    assert source.batch_ids is True
