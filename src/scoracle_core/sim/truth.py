"""The simulator's ground truth: what "really" happened in a game, before any API shape.

A sport plugin generates a :class:`BoxScore` per game (deterministically, from the seed and the
game id); its response builders render it in the API's shapes, and tests compare what the
pipeline stored with it. ``stats`` mappings hold **counting stats only** (summable over a
season); rates, ratings, positions and remarks live in ``detail``. Stat names are documented
by each sport plugin's ``sim`` module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

__all__ = ["BoxScore", "PlayerLine", "TeamLine", "sum_stats"]


def _frozen_floats(value: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType({str(k): float(v) for k, v in value.items()})


def _frozen(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


def _ints(value: Iterable[int]) -> tuple[int, ...]:
    return tuple(int(v) for v in value)


def _lines(value: Iterable[PlayerLine]) -> tuple[PlayerLine, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class PlayerLine:
    """One player's part in one game (``played`` is False for a DNP or an unused substitute)."""

    player_id: int  # API-Sports player id
    team_id: int  # API-Sports team id
    played: bool
    starter: bool = False
    stats: Mapping[str, float] = attrs.field(factory=dict, converter=_frozen_floats)
    detail: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen)


@attrs.frozen(kw_only=True)
class TeamLine:
    """One team's result and box in one game."""

    team_id: int
    score: int
    periods: tuple[int, ...] = attrs.field(converter=_ints)  # points per period (quarter, half)
    stats: Mapping[str, float] = attrs.field(factory=dict, converter=_frozen_floats)
    detail: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen)


@attrs.frozen(kw_only=True)
class BoxScore:
    """The final truth of one game: both teams, every player line, and sport extras (events …)."""

    game_id: int
    home: TeamLine
    away: TeamLine
    players: tuple[PlayerLine, ...] = attrs.field(converter=_lines)
    detail: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen)

    def team(self, team_id: int) -> TeamLine:
        """The line of ``team_id`` (``KeyError`` if it did not play)."""
        for line in (self.home, self.away):
            if line.team_id == team_id:
                return line
        raise KeyError(team_id)

    def lines_of(self, team_id: int) -> tuple[PlayerLine, ...]:
        """The player lines of one team, in roster order."""
        return tuple(p for p in self.players if p.team_id == team_id)

    def line_of(self, player_id: int) -> PlayerLine | None:
        """The line of one player, if they were in the game."""
        return next((p for p in self.players if p.player_id == player_id), None)


def sum_stats(stats: Iterable[Mapping[str, float]]) -> dict[str, float]:
    """Key-wise sum of stat mappings (missing keys count as 0)."""
    total: dict[str, float] = {}
    for one in stats:
        for key, value in one.items():
            total[key] = total.get(key, 0.0) + value
    return total
