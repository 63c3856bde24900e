"""Fill a world with games: the plugins' bundled schedules, or a synthetic season.

The synthetic season is a round-robin on the catalog's teams (circle method, home and away
swapped every other cycle) with as many rounds as the league's ``games_per_team``, at the
league's default local kick-off time. It is plausible, not real: for real fixtures use the
bundled schedules (or add the games you ingested with :meth:`World.add_games`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from scoracle_core.sim.config import ScheduleSource
from scoracle_core.sim.world import GameSpec, SimGame, SimTeam, World
from scoracle_core.sport import League

__all__ = ["populate", "round_robin", "synthetic_season"]

log = logging.getLogger(__name__)


def populate(world: World, source: ScheduleSource, *, seasons: Sequence[int] = ()) -> list[SimGame]:
    """Add the games ``source`` names to ``world`` and return them.

    ``"bundled"``: each plugin's bundled schedule; ``"synthetic"``: a round-robin season per
    league for ``seasons`` (default: the current one); ``"auto"``: bundled where a plugin ships
    a schedule, synthetic elsewhere; ``"none"``: nothing.
    """
    added: list[SimGame] = []
    if source == "none":
        return added
    for sport in world.sports:
        bundled = world.api(sport).bundled_schedule() if source in ("bundled", "auto") else None
        games = list(bundled) if bundled is not None else []
        if games:
            added += world.add_games(games)
            log.info("sim.schedule.bundled sport=%s games=%d", sport, len(games))
        elif source in ("synthetic", "auto"):
            for league in world.adapter(sport).leagues.values():
                for season in seasons or (world.current_season(sport, league.key),):
                    specs = synthetic_season(world, sport, league, season)
                    added += world.add_games(specs)
                    log.info(
                        "sim.schedule.synthetic sport=%s league=%s season=%d games=%d",
                        sport,
                        league.key,
                        season,
                        len(specs),
                    )
    return added


def round_robin(teams: Sequence[int]) -> list[list[tuple[int, int]]]:
    """One round-robin by the circle method: rounds of ``(home, away)`` pairs (a bye when odd)."""
    slots: list[int | None] = list(teams)
    if len(slots) % 2:
        slots.append(None)
    n = len(slots)
    rounds: list[list[tuple[int, int]]] = []
    for r in range(n - 1):
        pairs: list[tuple[int, int]] = []
        for i in range(n // 2):
            a, b = slots[i], slots[n - 1 - i]
            if a is not None and b is not None:
                pairs.append((a, b) if (r + i) % 2 == 0 else (b, a))
        rounds.append(pairs)
        slots = [slots[0], slots[-1], *slots[1:-1]]
    return rounds


def _season_teams(world: World, sport: str, league: League, season: int) -> list[SimTeam]:
    teams = world.teams(sport, league.key, season)
    if teams:
        return teams
    seasons = [s for t in world.teams(sport, league.key) for s in t.leagues.get(league.key, ())]
    nearest = min(seasons, key=lambda s: abs(s - season), default=None)
    return world.teams(sport, league.key, nearest) if nearest is not None else []


def _first_day(league: League, season: int) -> tuple[date, int]:
    """(first match day, days between rounds) — a plausible calendar by kind of league."""
    per_team = league.games_per_team or 34
    if per_team >= 60:  # basketball: a round every other day from late October
        return date(season, 10, 22), 2
    if per_team <= 20:  # American football: weekly from the first Sunday after 4 September
        first = date(season, 9, 5)
        return first + timedelta(days=(6 - first.weekday()) % 7), 7
    # MLS-like: weekly from late February; European football: weekly from mid-August.
    first = date(season, 2, 22) if league.season_style == "calendar" else date(season, 8, 16)
    return first + timedelta(days=(5 - first.weekday()) % 7), 7  # Saturdays


def synthetic_season(world: World, sport: str, league: League, season: int) -> list[GameSpec]:
    """A synthetic regular season of ``league`` (see the module docstring)."""
    teams = [t.api_id for t in _season_teams(world, sport, league, season)]
    if len(teams) < 2:
        return []
    cycle = round_robin(teams)
    wanted = league.games_per_team or 2 * len(cycle)
    first, spacing = _first_day(league, season)
    specs: list[GameSpec] = []
    for r in range(wanted):
        pairs = cycle[r % len(cycle)]
        if (r // len(cycle)) % 2:
            pairs = [(away, home) for home, away in pairs]
        day = first + timedelta(days=r * spacing)
        for i, (home, away) in enumerate(pairs):
            weekend_shift = i % 2 if spacing == 7 and _two_day_rounds(league) else 0
            kickoff = datetime.combine(
                day + timedelta(days=weekend_shift), league.default_kickoff, tzinfo=league.zone
            )
            kickoff += timedelta(minutes=30 * (i % 3))
            specs.append(
                GameSpec(
                    sport=sport,
                    league=league.key,
                    season=season,
                    home=home,
                    away=away,
                    start_at=kickoff,
                    week=r + 1,
                )
            )
    return specs


def _two_day_rounds(league: League) -> bool:
    """Whether a weekly round is spread over two days (football: Saturday and Sunday)."""
    return (league.games_per_team or 0) > 20
