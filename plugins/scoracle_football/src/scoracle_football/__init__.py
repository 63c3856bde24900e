"""The football (soccer) sport plugin for Scoracle."""

from scoracle_football.sport import LEAGUES, make_sport

__all__ = ["LEAGUES", "make_sport"]
