"""Run the simulator on a loopback port: :class:`Simulator`."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

import attrs
from aiohttp import web

from scoracle_core.errors import ConfigError
from scoracle_core.sim.app import SIM_STATE, SimState, make_app
from scoracle_core.sim.config import SimConfig
from scoracle_core.sim.faults import FaultKind, Faults
from scoracle_core.sim.log import RequestLog
from scoracle_core.sim.world import World

if TYPE_CHECKING:
    from scoracle_core.plugins import Sports

__all__ = ["Simulator"]


class Simulator:
    """The API-Sports simulator as a running HTTP server.

    ::

        async with Simulator(SimConfig(seed=7, clock=clock)) as sim:
            url = sim.base_urls["football"] + "/fixtures?id=..."   # send x-apisports-key: demo
            ...
            assert sim.log.total(endpoint="fixtures") == 1

    The world comes from ``world`` or is built from ``sports`` (default: the installed plugins)
    with the config's seed and clock. The server listens on ``host`` (loopback) and ``port``
    (0: a free one) from :meth:`start` (or ``async with``) until :meth:`close`.
    """

    def __init__(
        self,
        config: SimConfig | None = None,
        *,
        sports: Sports | None = None,
        world: World | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        shutdown_timeout: float = 1.0,
    ) -> None:
        self.config = config if config is not None else SimConfig()
        if world is None:
            world = World.from_plugins(sports, seed=self.config.seed, clock=self.config.clock)
        self.world = world
        self.log = RequestLog()
        self.app = make_app(self.config, world=world, log=self.log)
        self.host = host
        self._port = port
        self._shutdown_timeout = shutdown_timeout
        self._runner: web.AppRunner | None = None

    @property
    def state(self) -> SimState:
        """The running state (quota counters, routes)."""
        return self.app[SIM_STATE]

    async def start(self) -> None:
        """Start listening (idempotent)."""
        if self._runner is not None:
            return
        runner = web.AppRunner(
            self.app, handler_cancellation=True, shutdown_timeout=self._shutdown_timeout, access_log=None
        )
        await runner.setup()
        site = web.TCPSite(runner, self.host, self._port)
        try:
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            raise ConfigError(f"the simulator cannot listen on {self.host}:{self._port}: {exc}") from exc
        self._runner = runner
        address = runner.addresses[0]
        self._port = int(address[1])

    async def close(self) -> None:
        """Stop listening; requests still held (time-out faults) are cancelled."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def __aenter__(self) -> Simulator:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    def set_faults(self, faults: Faults) -> None:
        """Change the fault rates from now on (the draw sequence carries on)."""
        self.config = attrs.evolve(self.config, faults=faults)
        self.state.config = self.config

    def queue_faults(self, *kinds: FaultKind | None) -> None:
        """Force the faults of the next data requests, in order (``None``: no fault), e.g.
        ``sim.queue_faults("http500", "timeout", None)``; then the seeded draws resume."""
        self.state.scripted.extend(kinds)

    @property
    def port(self) -> int:
        """The port listened on (after :meth:`start`)."""
        if self._runner is None:
            raise RuntimeError("the simulator is not running; use 'async with Simulator(...)' or start()")
        return self._port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def base_urls(self) -> dict[str, str]:
        """Sport key → the base URL that stands in for its API host (``…/nba``)."""
        return {
            sport: self.base_url + "/" + self.world.adapter(sport).api_path.strip("/")
            for sport in self.world.sports
        }

    def __repr__(self) -> str:
        where = self.base_url if self._runner is not None else "not running"
        return f"<Simulator {where} sports={self.world.sports} seed={self.config.seed}>"
