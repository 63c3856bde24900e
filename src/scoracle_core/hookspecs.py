"""The hooks a Scoracle plugin may implement.

A plugin is a module (or object) with functions marked ``@scoracle_core.hookimpl``, exposed
through an entry point in the ``scoracle`` group::

    [project.entry-points.scoracle]
    nba = "scoracle_nba.plugin"

Each hook receives a ``register`` callback and calls it once per thing it contributes; the
core collects them and refuses duplicates. Hooks take keyword arguments only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from scoracle_core.ingest.formats import ScheduleFormat
    from scoracle_core.sim.api import SimApi
    from scoracle_core.sport import SportAdapter

__all__ = ["hookimpl", "hookspec", "register_schedule_formats", "register_sim_apis", "register_sports"]

hookspec = pluggy.HookspecMarker("scoracle")
hookimpl = pluggy.HookimplMarker("scoracle")


@hookspec
def register_sports(register: Callable[[SportAdapter], None]) -> None:
    """Register the sports this plugin provides: call ``register(adapter)`` once per sport.

    ``adapter`` must satisfy :class:`scoracle_core.sport.SportAdapter`. Two plugins registering
    the same sport key is an error (:class:`~scoracle_core.errors.DuplicateSportError`).
    """


@hookspec
def register_schedule_formats(register: Callable[[ScheduleFormat], None]) -> None:
    """Register schedule file formats: call ``register(fmt)`` once per format.

    ``fmt`` must satisfy :class:`scoracle_core.ingest.formats.ScheduleFormat` (a name, the sport
    it belongs to, a ``sniff`` that scores how likely a file is in this format, and a ``parse``
    that yields raw rows with their line numbers and the format's time-zone convention).
    """


@hookspec
def register_sim_apis(register: Callable[[SimApi], None]) -> None:
    """Register simulated API-Sports hosts: call ``register(api)`` once per sport.

    ``api`` must satisfy :class:`scoracle_core.sim.api.SimApi`: the sport key it simulates (a
    sport the plugin also registers), its endpoints as pure handlers, and the generators of its
    rosters and box scores. The core serves it under the sport adapter's ``api_path``; two
    plugins simulating the same sport is an error (:class:`~scoracle_core.errors.DuplicateSportError`).
    """
