"""The API-Sports client: envelope checks, error classes, rate limits, quotas, cache, accounting.

This package is the only place that sends HTTP requests to API-Sports (or the simulator)::

    async with ApiClient(sports, store=store, clock=clock, base_urls=sim.base_urls) as client:
        envelope = await client.get("nba", "games", {"date": "2024-11-06"})
"""

import lazy_loader

# Importing the package stays cheap: each public name (listed in __init__.pyi) is loaded from
# its module on first use, so a command or a plugin pays only for what it touches.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
