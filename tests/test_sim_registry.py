"""The register_sim_apis hook and the simulator's public surface."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import scoracle_core.sim as sim
from scoracle_core import hookimpl
from scoracle_core.errors import DuplicateSportError, PluginLoadError
from scoracle_core.plugins import load_plugins
from scoracle_core.sim import SimApi, World
from scoracle_core.sim.registry import collect_sim_apis
from scoracle_core.sim.testing import FakeSimApi, FakeSport
from scoracle_core.sport import SportAdapter


class FakePlugin:
    """A plugin registering the fake sport and its simulated API."""

    @hookimpl
    def register_sports(self, register: Callable[[SportAdapter], None]) -> None:
        """The fake sport."""
        register(FakeSport())

    @hookimpl
    def register_sim_apis(self, register: Callable[[SimApi], None]) -> None:
        """The fake sport's API."""
        register(FakeSimApi())


class SecondApi:
    """A plugin that simulates the fake sport a second time."""

    @hookimpl
    def register_sim_apis(self, register: Callable[[SimApi], None]) -> None:
        """The same sport again."""
        register(FakeSimApi())


class NotAnApi:
    """A plugin that registers something that is not a SimApi."""

    @hookimpl
    def register_sim_apis(self, register: Callable[[object], None]) -> None:
        """Not an API."""
        register(object())


def test_public_names_all_exist() -> None:
    """Every name in scoracle_core.sim.__all__ is importable."""
    assert [name for name in sim.__all__ if not hasattr(sim, name)] == []


def test_world_from_plugins_uses_the_registered_apis() -> None:
    """A plugin's register_sim_apis puts its sport in the world."""
    sports = load_plugins(entry_points=False, plugins=[FakePlugin()])
    world = World.from_plugins(sports, seed=1)
    assert world.sports == ["fake"]
    assert len(world.teams("fake")) == 4


def test_two_apis_for_one_sport_are_refused() -> None:
    """Two plugins simulating the same sport: DuplicateSportError."""
    sports = load_plugins(entry_points=False, plugins=[FakePlugin(), SecondApi()])
    with pytest.raises(DuplicateSportError, match="fake"):
        collect_sim_apis(sports)


def test_a_registered_non_api_is_refused() -> None:
    """Registering an object that is not a SimApi: PluginLoadError."""
    sports = load_plugins(entry_points=False, plugins=[FakePlugin(), NotAnApi()])
    with pytest.raises(PluginLoadError, match="not a SimApi"):
        collect_sim_apis(sports)


def test_installed_plugins_simulate_their_sports() -> None:
    """The NBA, NFL and football plugins each register a SimApi for their sport."""
    apis = collect_sim_apis(load_plugins())
    assert {"nba", "nfl", "football"} <= set(apis)
    assert all(isinstance(api, SimApi) and api.sport == key for key, api in apis.items())
