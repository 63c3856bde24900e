"""Plugin discovery and the sport registry.

:func:`load_plugins` builds a fresh :class:`pluggy.PluginManager` for one runtime (never a module
global), loads the ``scoracle`` entry points one at a time so a broken one is named, checks that
every hook implementation matches a spec, and collects the registered sports.
"""

from __future__ import annotations

import importlib.metadata as md
import logging
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs
import pluggy

from scoracle_core import hookspecs
from scoracle_core.errors import DuplicateSportError, PluginLoadError, UnknownLeagueError, UnknownSportError
from scoracle_core.sport import League, SportAdapter

__all__ = ["ENTRY_POINT_GROUP", "PluginInfo", "Sports", "load_plugins"]

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "scoracle"


@attrs.frozen(kw_only=True)
class PluginInfo:
    """An installed plugin: its entry point, distribution and what it registered."""

    name: str
    distribution: str
    version: str
    sports: tuple[str, ...] = ()


class Sports:
    """The sports known to one runtime, and the plugin manager that found them."""

    def __init__(self, manager: pluggy.PluginManager, plugins: Iterable[PluginInfo] = ()) -> None:
        self.manager = manager
        self._adapters: dict[str, SportAdapter] = {}
        self._origin: dict[str, str] = {}
        self._plugins = {p.name: p for p in plugins}
        self._formats: list[Any] | None = None

    # -- registration ------------------------------------------------------------------
    def _collect(self) -> None:
        for impl in self.manager.hook.register_sports.get_hookimpls():
            origin = self._describe(impl.plugin)
            registered: list[str] = []

            def register(
                adapter: SportAdapter, *, _origin: str = origin, _seen: list[str] = registered
            ) -> None:
                self._add(adapter, _origin)
                _seen.append(adapter.key)

            try:
                impl.function(register=register)
            except DuplicateSportError:
                raise
            except Exception as exc:
                raise PluginLoadError(f"plugin {origin} failed in register_sports: {exc}") from exc
            name = self.manager.get_name(impl.plugin) or origin
            if name in self._plugins:
                self._plugins[name] = attrs.evolve(self._plugins[name], sports=tuple(registered))

    def _add(self, adapter: SportAdapter, origin: str) -> None:
        if not isinstance(adapter, SportAdapter):
            raise PluginLoadError(f"plugin {origin} registered {adapter!r}, which is not a SportAdapter")
        key = adapter.key
        if key in self._adapters:
            raise DuplicateSportError(
                f"sport {key!r} is registered twice: by {self._origin[key]} and by {origin}; uninstall one"
            )
        self._adapters[key] = adapter
        self._origin[key] = origin

    def _describe(self, plugin: object) -> str:
        for dist_plugin, dist in self.manager.list_plugin_distinfo():
            if dist_plugin is plugin:
                return f"{dist.project_name} {dist.version}"
        return self.manager.get_name(plugin) or repr(plugin)

    # -- lookup ------------------------------------------------------------------------
    def __iter__(self) -> Iterator[SportAdapter]:
        return iter(sorted(self._adapters.values(), key=lambda a: a.key))

    def __len__(self) -> int:
        return len(self._adapters)

    def __contains__(self, key: object) -> bool:
        return key in self._adapters

    def keys(self) -> list[str]:
        """Sport keys, sorted."""
        return sorted(self._adapters)

    def get(self, key: str) -> SportAdapter:
        """The adapter of a sport; :class:`UnknownSportError` naming what is installed."""
        try:
            return self._adapters[key.lower()]
        except KeyError:
            known = ", ".join(self.keys()) or "none"
            raise UnknownSportError(
                f"unknown sport {key!r}; installed: {known} (pip install scoracle-{key.lower()}?)"
            ) from None

    def league(self, sport: str, league: str | None) -> League:
        """A league of a sport; ``None`` picks the sport's only league (error if several)."""
        leagues: Mapping[str, League] = self.get(sport).leagues
        if league is None:
            if len(leagues) == 1:
                return next(iter(leagues.values()))
            raise UnknownLeagueError(
                f"sport {sport!r} has several leagues; give one of: {', '.join(leagues)}"
            )
        found = leagues.get(league) or next((lg for lg in leagues.values() if str(lg.api_id) == league), None)
        if found is None:
            raise UnknownLeagueError(f"sport {sport!r} has no league {league!r}; known: {', '.join(leagues)}")
        return found

    def origin(self, key: str) -> str:
        """Which distribution registered a sport."""
        return self._origin[key]

    def plugins(self) -> list[PluginInfo]:
        """Installed plugins (entry points) with versions and the sports they registered."""
        return sorted(self._plugins.values(), key=lambda p: p.name)

    def schedule_formats(self) -> list[Any]:
        """Every schedule format registered by the plugins (see ``register_schedule_formats``)."""
        if self._formats is None:
            formats: list[Any] = []
            self.manager.hook.register_schedule_formats(register=formats.append)
            self._formats = formats
        return list(self._formats)


def load_plugins(*, entry_points: bool = True, plugins: Iterable[object] = ()) -> Sports:
    """Build a fresh plugin manager and collect the sports.

    ``plugins`` are extra plugin objects/modules registered directly (tests use fake sports);
    ``entry_points=False`` skips installed plugins. A plugin that fails to import or that
    implements an unknown hook raises :class:`PluginLoadError` naming it.
    """
    manager = pluggy.PluginManager(ENTRY_POINT_GROUP)
    manager.add_hookspecs(hookspecs)
    infos: list[PluginInfo] = []
    if entry_points:
        for ep in md.entry_points(group=ENTRY_POINT_GROUP):
            dist = ep.dist
            dist_name = dist.metadata["Name"] if dist is not None else "?"
            version = dist.version if dist is not None else "?"
            if manager.get_plugin(ep.name) is not None:
                continue
            try:
                plugin = ep.load()
                manager.register(plugin, name=ep.name)
            except Exception as exc:
                raise PluginLoadError(
                    f"cannot load plugin {ep.name!r} ({ep.value}) from {dist_name} {version}: "
                    f"{type(exc).__name__}: {exc}"
                ) from exc
            infos.append(PluginInfo(name=ep.name, distribution=dist_name, version=version))
            log.debug("plugin.loaded name=%s dist=%s version=%s", ep.name, dist_name, version)
    for plugin in plugins:
        name = getattr(plugin, "__name__", None) or f"{type(plugin).__name__}-{id(plugin):x}"
        manager.register(plugin, name=name)
        infos.append(PluginInfo(name=name, distribution="(registered directly)", version=""))
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginLoadError(f"plugin {exc.plugin!r} implements an unknown hook: {exc}") from exc
    sports = Sports(manager, infos)
    sports._collect()
    return sports
