"""Collect the simulator APIs the plugins register through ``register_sim_apis``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scoracle_core.errors import DuplicateSportError, PluginLoadError
from scoracle_core.sim.api import SimApi

if TYPE_CHECKING:
    from scoracle_core.plugins import Sports

__all__ = ["collect_sim_apis"]


def collect_sim_apis(sports: Sports) -> dict[str, SimApi]:
    """Sport key → :class:`SimApi`, from every plugin implementing ``register_sim_apis``.

    Only sports that ``sports`` knows are kept. A registered object that is not a
    :class:`SimApi`, or a sport registered twice, raises a :class:`~scoracle_core.errors.PluginError`.
    """
    found: dict[str, SimApi] = {}

    def register(api: SimApi) -> None:
        if not isinstance(api, SimApi):
            raise PluginLoadError(f"register_sim_apis got {api!r}, which is not a SimApi")
        if api.sport in found:
            raise DuplicateSportError(f"two plugins register a simulator API for sport {api.sport!r}")
        found[api.sport] = api

    sports.manager.hook.register_sim_apis(register=register)
    return {key: api for key, api in found.items() if key in sports}
