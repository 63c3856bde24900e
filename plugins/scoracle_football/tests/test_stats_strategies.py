"""Football's seeding capability: the adapter offers it, and it declares its strategies' costs."""

from __future__ import annotations

import pytest

from scoracle_core.model import Strategy
from scoracle_core.seeding import GameStatsSource, stats_source
from scoracle_football.sport import FootballSport, make_sport
from scoracle_football.stats import FootballStats


def test_make_sport_offers_a_stats_source() -> None:
    """make_sport() returns an adapter whose ``stats`` is a GameStatsSource."""
    source = stats_source(make_sport())
    assert isinstance(source, GameStatsSource)
    assert isinstance(source, FootballStats)


def test_every_strategy_is_declared() -> None:
    """game, boxscore, roster and blanket are all supported, each with a description."""
    specs = FootballStats().strategies()
    assert set(specs) == set(Strategy)
    assert all(spec.description for spec in specs.values())


def test_game_is_the_cheapest_strategy() -> None:
    """``game`` costs 1 call a game before batching, less than any other strategy per game."""
    specs = FootballStats().strategies()
    game = specs[Strategy.GAME]
    assert game.calls_per_game == 1.0
    per_game = {s: spec.calls_per_game / spec.batch_size for s, spec in specs.items()}
    assert min(per_game, key=lambda s: per_game[s]) is Strategy.GAME


@pytest.mark.parametrize(
    ("strategy", "calls", "batch", "game_lines"),
    [
        (Strategy.GAME, 1.0, 20, True),  # fixtures?ids=: 20 fixtures a call → 0.05 a game
        (Strategy.BOXSCORE, 33.0, 1, True),  # 1 fixture + 30 players used + 2 teams
        (Strategy.ROSTER, 64.0, 1, False),  # 2 squads + 2 × 30 squad players + 2 teams
        (Strategy.BLANKET, 61.0, 10, False),  # teams list + 20 teams × (2 pages + 1); a round a sweep
    ],
)
def test_strategy_costs(strategy: Strategy, calls: float, batch: int, game_lines: bool) -> None:
    """Each strategy's estimate follows its documented formula."""
    spec = FootballStats(batch_ids=True).strategies()[strategy]
    assert (spec.calls_per_game, spec.batch_size, spec.game_lines) == (calls, batch, game_lines)
    assert spec.calls_per_day == 1.0  # fixtures?date=D&league=L&season=S


def test_game_batches_twenty_fixtures_with_ids() -> None:
    """With ``ids`` allowed, one call covers 20 games: 0.05 call a game."""
    game = FootballStats(batch_ids=True).strategies()[Strategy.GAME]
    assert game.calls_per_game / game.batch_size == pytest.approx(0.05)


def test_game_without_ids_costs_one_call_a_game() -> None:
    """Without ``ids`` (free plans), ``game`` is one ``fixtures?id`` call a game."""
    assert FootballStats(batch_ids=False).strategies()[Strategy.GAME].batch_size == 1


def test_football_sport_can_disable_ids_batching() -> None:
    """FootballSport(batch_ids=False) configures its stats source accordingly."""
    assert FootballSport(batch_ids=False).stats.batch_ids is False
    assert make_sport().stats.batch_ids is True


def test_rosters_map_api_team_ids_to_catalog_ids() -> None:
    """The adapter's source resolves API team ids through the catalog (Arsenal is 42)."""
    sport = make_sport()
    assert sport.stats._team_id_of(42) == "football:arsenal"
    assert sport.stats._team_id_of(999_999) is None
