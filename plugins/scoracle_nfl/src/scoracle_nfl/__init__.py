"""The NFL sport plugin for Scoracle."""

from scoracle_nfl.sport import NFL, make_sport

__all__ = ["NFL", "make_sport"]
