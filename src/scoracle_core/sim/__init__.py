"""The API-Sports simulator: NBA v2, American-Football v1 (NFL) and Football v3 on one loopback server.

A faithful stand-in for the real hosts — envelope, rate-limit headers, quotas, paging, the
documented error quirks (HTTP 200 with ``errors``), plans, fault injection — over seeded,
deterministic data: the plugins' real team catalogs, generated rosters, the games you add, and
box scores generated per game. Each sport plugin contributes its endpoints through the
``register_sim_apis(register)`` hook; this package holds what every host shares.

Typical use in a test::

    clock = VirtualClock(datetime(2024, 11, 5, tzinfo=UTC))
    async with Simulator(SimConfig(seed=1, clock=clock)) as sim:
        [game] = sim.world.add_games([("nba", "standard", 2024, "nba:bos", "nba:lal", tip_off)])
        clock.advance(timedelta(hours=4))
        async with aiohttp.ClientSession(headers={"x-apisports-key": "demo"}) as http:
            body = await (await http.get(f"{sim.base_urls['nba']}/players/statistics",
                                         params={"game": game.api_id})).json()
        truth = sim.world.truth_player_lines(game.api_id)

``scoracle_core.sim.testing`` has a tiny fake sport (no plugins needed) and a one-call ``get``.

Public API: :class:`SimConfig`, :class:`Plan`/:data:`PLANS`, :class:`Faults`/:func:`parse_faults`,
:class:`World` and its values (:class:`SimTeam`, :class:`SimPlayer`, :class:`SimGame`,
:class:`GameSpec`, :class:`GameState`, :class:`Phase`), the truth values (:class:`BoxScore`,
:class:`PlayerLine`, :class:`TeamLine`), :class:`Simulator`, :func:`make_app`,
:class:`RequestLog`/:class:`LoggedRequest`/:func:`key_label`, and for plugins :class:`SimApi`,
:class:`Endpoint`, :class:`SimRequest`, :class:`SimRequestError`, :class:`ApiTexts`.
"""

import lazy_loader

# Importing the package stays cheap: each public name (listed in __init__.pyi) is loaded from
# its module on first use, so a command or a plugin pays only for what it touches.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
