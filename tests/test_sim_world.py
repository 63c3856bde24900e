"""The simulated world: game ids, box scores, game state over time, season truth, schedules."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from scoracle_core.clock import VirtualClock
from scoracle_core.errors import ConfigError
from scoracle_core.model import Game, GameStatus
from scoracle_core.sim import GameSpec, Phase, ShiftedClock, World
from scoracle_core.sim.schedule import populate, round_robin
from scoracle_core.sim.testing import fake_world
from scoracle_core.sim.world import SYNTHETIC_TEAM_BASE

START = datetime(2024, 11, 5, 12, tzinfo=UTC)
KICKOFF = datetime(2024, 11, 6, 18, tzinfo=UTC)


def world(seed: int = 1) -> World:
    """A fake world on a clock that moves only when told."""
    return fake_world(seed=seed, clock=VirtualClock(START, auto=False))


def test_game_ids_derive_from_the_natural_key() -> None:
    """The same game gets the same API id in two worlds, whatever the seed or order."""
    one, two = world(seed=1), world(seed=2)
    a = ("fake", "fl", 2024, "fake:ants", "fake:bees", KICKOFF)
    b = ("fake", "fl", 2024, "fake:cats", "fake:ants", KICKOFF)
    first = [g.api_id for g in one.add_games([a, b])]
    second = [g.api_id for g in two.add_games([b, a])]
    assert first == second[::-1]
    assert len(set(first)) == 2


def test_adding_a_game_twice_keeps_its_id() -> None:
    """add_games is idempotent by natural key; a new time on the same day updates the game."""
    w = world()
    [first] = w.add_games([("fake", "fl", 2024, "fake:ants", "fake:bees", KICKOFF)])
    [again] = w.add_games([("fake", "fl", 2024, "fake:ants", "fake:bees", KICKOFF + timedelta(hours=2))])
    assert again.api_id == first.api_id
    assert again.start_at == KICKOFF + timedelta(hours=2)
    assert len(w) == 1


def test_game_values_are_accepted_with_their_external_id_and_status() -> None:
    """A model Game keeps a numeric external_id as its API id; a postponed one is postponed."""
    game = Game(
        sport="fake",
        league="fl",
        season=2024,
        home_team_id="fake:ants",
        away_team_id="fake:bees",
        start_at=KICKOFF,
        external_id="4242",
        status=GameStatus.POSTPONED,
    )
    [added] = world().add_games([game])
    assert added.api_id == 4242
    assert added.postponed


def test_teams_are_given_by_catalog_id_key_or_api_id() -> None:
    """Home and away may be "fake:ants", "ants" or the API id 1."""
    w = world()
    games = w.add_games(
        [
            GameSpec(sport="fake", league="7", season=2024, home=home, away="bees", start_at=KICKOFF)
            for home in ("fake:ants", "ants", 1)
        ]
    )
    assert len({g.api_id for g in games}) == 1


def test_unknown_teams_and_leagues_are_config_errors() -> None:
    """A team or league the world does not know is refused, naming it."""
    w = world()
    with pytest.raises(ConfigError, match="fake:owls"):
        w.add_games([("fake", "fl", 2024, "fake:owls", "fake:bees", KICKOFF)])
    with pytest.raises(ConfigError, match="nope"):
        w.add_games([("fake", "nope", 2024, "fake:ants", "fake:bees", KICKOFF)])


def test_a_team_without_api_id_gets_a_stable_synthetic_one() -> None:
    """The catalog's team without an API-Sports id gets 900000+, the same in every world."""
    dogs = [t for t in world().teams("fake") if t.key == "dogs"]
    assert dogs[0].api_id >= SYNTHETIC_TEAM_BASE
    assert dogs[0].synthetic_id
    assert dogs[0].api_id == next(t.api_id for t in world(seed=9).teams("fake") if t.key == "dogs")


def test_box_scores_are_deterministic_per_seed() -> None:
    """Same seed, same box score; another seed, another one."""
    spec = [("fake", "fl", 2024, "fake:ants", "fake:bees", KICKOFF)]
    boxes = []
    for seed in (1, 1, 2):
        w = world(seed)
        [game] = w.add_games(spec)
        boxes.append(w.box_score(game.api_id))
    assert boxes[0] == boxes[1]
    assert boxes[0] != boxes[2]


def test_state_runs_scheduled_live_finished() -> None:
    """Before the start: scheduled; during the sport's duration: live; after: finished."""
    w = world()
    [game] = w.add_games([("fake", "fl", 2024, "fake:ants", "fake:bees", KICKOFF)])
    assert w.state(game).phase == Phase.SCHEDULED
    live = w.state(game, KICKOFF + timedelta(hours=1))
    assert (live.phase, live.progress) == (Phase.LIVE, pytest.approx(0.5))
    assert w.state(game, KICKOFF + timedelta(hours=2)).phase == Phase.FINISHED


def test_postponed_games_stay_postponed() -> None:
    """A postponed game is postponed whatever the time."""
    w = world()
    [game] = w.add_games([("fake", "fl", 2024, "fake:ants", "fake:bees", KICKOFF)])
    game = w.set_postponed(game.api_id)
    assert w.state(game, KICKOFF + timedelta(days=1)).phase == Phase.POSTPONED


def test_season_truth_sums_only_finished_games() -> None:
    """truth_player_season sums the lines of the games finished at the clock's time."""
    clock = VirtualClock(START, auto=False)
    w = fake_world(seed=4, clock=clock)
    games = w.add_games(
        [("fake", "fl", 2024, "fake:ants", "fake:bees", KICKOFF + timedelta(days=d)) for d in (0, 7)]
    )
    player = w.roster("fake", 1)[0].api_id
    lines = [w.box_score(g.api_id).line_of(player) for g in games]
    clock.set(KICKOFF + timedelta(days=1))
    after_one = w.truth_player_season("fake", player, 2024)
    clock.set(KICKOFF + timedelta(days=8))
    after_two = w.truth_player_season("fake", player, 2024)
    assert lines[0] is not None
    assert lines[1] is not None
    assert after_one == dict(lines[0].stats)
    assert after_two["points"] == lines[0].stats["points"] + lines[1].stats["points"]


def test_record_counts_finished_games_up_to_the_game() -> None:
    """record() is the team's wins/losses/draws in finished games up to and including this one."""
    w = world()
    games = w.add_games(
        [("fake", "fl", 2024, "fake:ants", "fake:bees", KICKOFF - timedelta(days=d)) for d in (3, 2)]
    )
    wins, losses, draws = w.record(games[1], 1)
    assert wins + losses + draws == 2


def test_round_robin_pairs_every_team_once_per_cycle() -> None:
    """The circle method: n-1 rounds, every pair exactly once, nobody twice in a round."""
    rounds = round_robin([1, 2, 3, 4, 5, 6])
    pairs = [frozenset(p) for r in rounds for p in r]
    assert len(rounds) == 5
    assert len(pairs) == len(set(pairs)) == 15
    assert all(len({t for p in r for t in p}) == 2 * len(r) for r in rounds)


def test_synthetic_schedule_fills_the_current_season() -> None:
    """populate("synthetic") gives every team games_per_team games of the current season."""
    w = world()
    games = populate(w, "synthetic")
    per_team = [sum(1 for g in games if t.api_id in g.teams) for t in w.teams("fake")]
    assert per_team == [6, 6, 6, 6]
    assert {g.season for g in games} == {2024}


def test_none_schedule_adds_nothing() -> None:
    """populate("none") leaves the world empty."""
    w = world()
    assert populate(w, "none") == []
    assert len(w) == 0


def test_shifted_clock_starts_where_told_and_runs_faster() -> None:
    """ShiftedClock starts at the given instant and advances `speed` times the wall clock."""
    clock = ShiftedClock(START, speed=3600)
    time.sleep(0.01)
    assert START + timedelta(seconds=30) <= clock.now() < START + timedelta(hours=1)
