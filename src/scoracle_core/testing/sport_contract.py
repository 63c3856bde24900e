"""The sport-plugin contract suite: every plugin runs it against itself.

Usage in a plugin's tests::

    from scoracle_core.testing.sport_contract import SportContract

    class TestNBAContract(SportContract):
        sport_key = "nba"

The suite loads the installed plugins through entry points (``load_plugins()``), so it also
proves the plugin is installed and discoverable.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date

import pytest

from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.sport import SportAdapter, season_of
from scoracle_core.teams import TeamResolver, normalize, strip_club_tokens

__all__ = ["SportContract"]


class SportContract:
    """Checks a sport adapter against the :class:`~scoracle_core.sport.SportAdapter` contract."""

    sport_key: str = ""

    @pytest.fixture
    def sports(self) -> Sports:
        """The installed plugins."""
        return load_plugins()

    @pytest.fixture
    def adapter(self, sports: Sports) -> SportAdapter:
        """The adapter under test."""
        assert self.sport_key, "set sport_key on the contract subclass"
        return sports.get(self.sport_key)

    def test_adapter_satisfies_protocol(self, adapter: SportAdapter) -> None:
        """The registered object is a SportAdapter with the expected key."""
        assert isinstance(adapter, SportAdapter)
        assert adapter.key == self.sport_key
        assert re.fullmatch(r"[a-z][a-z0-9_]*", adapter.key)

    def test_leagues_are_complete(self, adapter: SportAdapter) -> None:
        """Every league has a key, an API id and a valid IANA time zone."""
        assert adapter.leagues
        for key, league in adapter.leagues.items():
            assert key == league.key
            assert league.api_id not in (None, "")
            assert league.zone.key == league.timezone

    def test_api_base_url_and_path(self, adapter: SportAdapter) -> None:
        """The real host is HTTPS on api-sports.io; the simulator path is /<something>."""
        assert adapter.api_base_url.startswith("https://")
        assert adapter.api_path.startswith("/")

    def test_season_of_is_consistent(self, adapter: SportAdapter) -> None:
        """season_of gives the start year for split seasons and the calendar year otherwise."""
        for league in adapter.leagues.values():
            midseason = season_of(league, date(2025, 1, 15))
            assert midseason == (2025 if league.season_style == "calendar" else 2024)

    def test_catalog_team_ids_are_prefixed_and_unique(self, adapter: SportAdapter) -> None:
        """Every team id is '<sport>:<key>' and unique."""
        catalog = adapter.catalog()
        assert len(catalog) > 0
        ids = [t.id for t in catalog]
        assert len(ids) == len(set(ids))
        assert all(t.id == f"{adapter.key}:{t.key}" for t in catalog)

    def test_catalog_teams_belong_to_known_leagues(self, adapter: SportAdapter) -> None:
        """Every team plays in at least one of the adapter's leagues."""
        for team in adapter.catalog():
            assert team.leagues, team.id
            assert set(team.leagues) <= set(adapter.leagues), (team.id, team.leagues)

    def test_api_ids_are_unique(self, adapter: SportAdapter) -> None:
        """No two teams share an API-Sports id."""
        counts = Counter(t.api_id for t in adapter.catalog() if t.api_id is not None)
        assert [i for i, n in counts.items() if n > 1] == []

    def test_no_name_belongs_to_two_teams_of_one_league(self, adapter: SportAdapter) -> None:
        """Within a league, no normalised name or abbreviation points at two teams."""
        for league in adapter.leagues:
            owners: dict[str, set[str]] = defaultdict(set)
            abbreviations: dict[str, set[str]] = defaultdict(set)
            for team in adapter.catalog().in_league(league):
                for name in team.names():
                    owners[strip_club_tokens(normalize(name))].add(team.id)
                for abbr in team.abbreviations:
                    abbreviations[abbr.casefold()].add(team.id)
            clashes = {n: ids for n, ids in owners.items() if len(ids) > 1}
            assert clashes == {}, f"{league}: {clashes}"
            assert {a: ids for a, ids in abbreviations.items() if len(ids) > 1} == {}

    def test_every_catalog_name_resolves_to_its_team(self, adapter: SportAdapter) -> None:
        """Each team's canonical name and abbreviations resolve back to it, in each of its leagues."""
        resolver = TeamResolver(adapter.catalog())
        for team in adapter.catalog():
            for league in team.leagues:
                assert resolver.resolve_id(team.name, league=league) == team.id
                for abbr in team.abbreviations:
                    assert resolver.resolve_id(abbr, league=league) == team.id
