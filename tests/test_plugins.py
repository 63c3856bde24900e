"""Plugin discovery: fresh managers, clear errors, duplicate sports refused."""

from __future__ import annotations

import types
from collections.abc import Callable
from importlib.resources import files

import pytest

from scoracle_core import hookimpl, load_plugins
from scoracle_core.errors import DuplicateSportError, PluginLoadError, UnknownLeagueError, UnknownSportError
from scoracle_core.sport import BaseSport, League, SportAdapter

FAKE_CATALOG = """
[[teams]]
key = "red"
name = "Red Rockets"
abbreviations = ["RED"]
leagues = { main = [2024] }

[[teams]]
key = "blue"
name = "Blue Bolts"
abbreviations = ["BLU"]
leagues = { main = [2024] }
"""


class FakeSport(BaseSport):
    """A tiny sport for tests."""

    def __init__(self, key: str = "fake") -> None:
        super().__init__(
            key=key,
            name="Fake",
            leagues=[League(key="main", name="Main", api_id=1, timezone="UTC")],
            api_base_url="https://fake.example",
            api_path="/fake",
            catalog_files=[],
        )

    def catalog(self):  # type: ignore[no-untyped-def]
        from scoracle_core.teams import load_catalog

        return load_catalog(FAKE_CATALOG, sport=self.key)


def plugin_for(*sports: SportAdapter) -> object:
    class Plugin:
        @hookimpl
        def register_sports(self, register: Callable[[SportAdapter], None]) -> None:
            for sport in sports:
                register(sport)

    return Plugin()


def test_fake_plugin_registers_its_sport() -> None:
    """A plugin object registered directly provides its sport."""
    sports = load_plugins(entry_points=False, plugins=[plugin_for(FakeSport())])
    assert sports.keys() == ["fake"]
    assert sports.get("FAKE").name == "Fake"


def test_each_call_builds_a_fresh_manager() -> None:
    """No module-global plugin manager: two runtimes do not share registrations."""
    a = load_plugins(entry_points=False, plugins=[plugin_for(FakeSport("one"))])
    b = load_plugins(entry_points=False, plugins=[plugin_for(FakeSport("two"))])
    assert a.manager is not b.manager
    assert a.keys() == ["one"]
    assert b.keys() == ["two"]


def test_duplicate_sport_names_both_origins() -> None:
    """Two plugins with one sport key fail with both named."""
    with pytest.raises(DuplicateSportError, match="registered twice"):
        load_plugins(entry_points=False, plugins=[plugin_for(FakeSport()), plugin_for(FakeSport())])


def test_misspelt_hook_fails_at_load() -> None:
    """check_pending() turns an unknown hook implementation into a PluginLoadError."""

    class Typo:
        @hookimpl
        def register_sportz(self, register: object) -> None:
            """Misspelt."""

    with pytest.raises(PluginLoadError, match="register_sportz"):
        load_plugins(entry_points=False, plugins=[Typo()])


def test_non_adapter_registration_is_refused() -> None:
    """Registering something that is not a SportAdapter is a PluginLoadError."""
    with pytest.raises(PluginLoadError, match="not a SportAdapter"):
        load_plugins(entry_points=False, plugins=[plugin_for(object())])  # type: ignore[arg-type]


def test_broken_entry_point_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry point whose import fails is named in the PluginLoadError."""
    import importlib.metadata as md

    broken = md.EntryPoint(name="broken", value="scoracle_no_such_module.plugin", group="scoracle")
    monkeypatch.setattr(md, "entry_points", lambda group: [broken])
    with pytest.raises(
        PluginLoadError, match=r"cannot load plugin 'broken' \(scoracle_no_such_module.plugin\)"
    ):
        load_plugins()


def test_unknown_sport_lists_installed_ones() -> None:
    """Asking for a sport nobody provides names what is installed."""
    sports = load_plugins(entry_points=False, plugins=[plugin_for(FakeSport())])
    with pytest.raises(UnknownSportError, match="installed: fake"):
        sports.get("curling")


def test_league_lookup_by_key_and_api_id() -> None:
    """Leagues are found by key or API id; the only league is the default."""
    sports = load_plugins(entry_points=False, plugins=[plugin_for(FakeSport())])
    assert sports.league("fake", None).key == "main"
    assert sports.league("fake", "1").key == "main"
    with pytest.raises(UnknownLeagueError, match="no league 'x'"):
        sports.league("fake", "x")


def test_installed_plugins_are_listed_with_versions() -> None:
    """The three sport distributions are discovered through entry points."""
    sports = load_plugins()
    found = {(p.distribution, p.sports) for p in sports.plugins()}
    assert ("scoracle-nba", ("nba",)) in found
    assert ("scoracle-nfl", ("nfl",)) in found
    assert ("scoracle-football", ("football",)) in found
    assert all(p.version for p in sports.plugins())


def test_catalog_files_ship_with_the_core_package() -> None:
    """py.typed is shipped (the package is typed)."""
    assert (files("scoracle_core") / "py.typed").is_file()


def test_module_plugin_is_accepted() -> None:
    """A plain module with hook functions is a plugin too."""
    module = types.ModuleType("fake_module_plugin")

    @hookimpl
    def register_sports(register: Callable[[SportAdapter], None]) -> None:
        register(FakeSport("modsport"))

    module.register_sports = register_sports  # type: ignore[attr-defined]
    assert load_plugins(entry_points=False, plugins=[module]).keys() == ["modsport"]


def test_schedule_formats_come_from_the_hook() -> None:
    """A plugin's register_schedule_formats contributions are listed by the runtime."""

    class Format:
        name = "fake-format"
        sport = "fake"
        description = "a fake format (UTC)"

        def sniff(self, head: str, filename: str) -> float:
            return 0.0

        def parse(self, text: str, *, source: str):  # type: ignore[no-untyped-def]
            return iter(())

    class Plugin:
        @hookimpl
        def register_schedule_formats(self, register: Callable[[object], None]) -> None:
            register(Format())

    sports = load_plugins(entry_points=False, plugins=[plugin_for(FakeSport()), Plugin()])
    assert [f.name for f in sports.schedule_formats()] == ["fake-format"]
