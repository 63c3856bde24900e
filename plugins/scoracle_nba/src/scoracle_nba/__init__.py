"""The NBA sport plugin for Scoracle."""

from scoracle_nba.sport import NBA, make_sport

__all__ = ["NBA", "make_sport"]
