"""Scoracle: schedule-driven, quota-aware seeding of sports statistics from API-Sports.

The public API is what ``__all__`` lists; everything else is an implementation detail.
"""

import lazy_loader

# Importing the package stays cheap: each public name (listed in __init__.pyi) is loaded from
# its module on first use, so a command or a plugin pays only for what it touches.
__getattr__, _lazy_dir, __all__ = lazy_loader.attach_stub(__name__, __file__)

__version__ = "0.1.0"
__all__ = [*__all__, "__version__"]


def __dir__() -> list[str]:
    return [*_lazy_dir(), "__version__"]
