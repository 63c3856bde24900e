"""Team names of one sport never resolve to a team of another (every plugin installed).

These checks need all three plugins, so they live with the core's tests rather than in any one
plugin's suite, which must pass with only the core beside it (``nox -s plugin_alone``).
"""

from __future__ import annotations

import pytest

from scoracle_core.errors import TeamResolutionError
from scoracle_core.plugins import load_plugins
from scoracle_core.teams import CatalogTeam, TeamResolver

SPORTS = load_plugins()
RESOLVERS = {adapter.key: TeamResolver(adapter.catalog()) for adapter in SPORTS}


def _pairs(resolving: str, named: str) -> list[tuple[str, CatalogTeam]]:
    return [(resolving, team) for team in SPORTS.get(named).catalog()]


@pytest.mark.parametrize(
    ("sport", "team"),
    [*_pairs("nba", "nfl"), *_pairs("nfl", "nba")],
    ids=lambda value: value.id if isinstance(value, CatalogTeam) else value,
)
def test_a_us_team_name_never_resolves_to_the_other_us_sport(sport: str, team: CatalogTeam) -> None:
    """An NFL canonical name is, for the NBA resolver, an error or an nba: team, never nfl:
    (and the other way round)."""
    try:
        found = RESOLVERS[sport].resolve_id(team.name)
    except TeamResolutionError:
        return
    assert found.startswith(f"{sport}:")


def test_other_sports_team_names_do_not_resolve_to_a_club() -> None:
    """Every NBA/NFL team's full name ('Miami Heat', 'Houston Texans') is unknown to football."""
    others = [team for adapter in SPORTS if adapter.key != "football" for team in adapter.catalog()]
    assert len(others) == 62
    for team in others:
        assert RESOLVERS["football"].try_resolve(team.name) is None, team.name
