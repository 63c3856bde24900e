"""API-Football v3 in the simulator: squads, matches with events and line-ups, and the endpoints.

Endpoints: ``/fixtures`` (id, ids ≤ 20, live, date, league, season, team, last, next, from,
to, round, status, venue, timezone; ``id``/``ids`` answers embed ``events``, ``lineups``,
``statistics`` and ``players``), ``/fixtures/statistics``, ``/fixtures/players``,
``/fixtures/events``, ``/fixtures/lineups`` (fixture …), ``/teams`` (id, name, league, season,
country, code, venue, search), ``/teams/statistics`` (league + season + team [+ date]: an
object), ``/players`` (id | team | league, + season; 20 per page), ``/players/squads`` (team |
player), ``/leagues``, ``/timezone``. Every body carries ``paging``.

Truth (:class:`~scoracle_core.sim.truth.PlayerLine` ``stats``): the game line's nested keys
flattened with dots, provider spellings kept (``games.minutes``, ``shots.on``, ``goals.assists``,
``passes.accuracy`` = accurate passes, ``penalty.commited``); zeros are stored as 0 although the
API shows many of them as ``null``. ``detail``: ``rating``, ``number``, ``position``,
``captain``, ``substitute``, ``grid``, ``minute_in``/``minute_out``. Team lines use the
statistics types in snake case (``shots_on_goal``, ``total_passes``, ``passes_accurate`` …);
shots, fouls, offsides, cards, saves and passes are the sums of the player lines, and the goals
are the players' goals (no own goals, no red cards in the simulator). A match is 11 starters
and up to 9 substitutes a side, 3-5 substitutes used (unused ones have ``minutes: null``).
Status: NS → 1H → HT → 2H → FT 1 h 55 after kick-off; PST when postponed.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from scoracle_core.sim.api import ApiTexts, Endpoint, SimRequest, SimRequestError
from scoracle_core.sim.bundled import games_from_bundled
from scoracle_core.sim.fmt import iso_offset
from scoracle_core.sim.gen import binomial, birth_date
from scoracle_core.sim.names import person
from scoracle_core.sim.rng import derive_rng
from scoracle_core.sim.truth import BoxScore, PlayerLine, TeamLine, sum_stats
from scoracle_core.sim.world import GameSpec, Phase, SimGame, SimPlayer, SimTeam, World, player_api_id
from scoracle_football.sport import LEAGUES

if TYPE_CHECKING:
    from scoracle_core.model import Game

__all__ = ["FootballSimApi", "make_sim_api"]

SPORT = "football"
DURATION = timedelta(hours=1, minutes=55)
PAGE_SIZE = 20
_MEDIA = "https://media.api-sports.io"
# league key → (name, country, flag code)
_LEAGUES = {
    "premier-league": ("Premier League", "England", "gb-eng"),
    "la-liga": ("La Liga", "Spain", "es"),
    "bundesliga": ("Bundesliga", "Germany", "de"),
    "serie-a": ("Serie A", "Italy", "it"),
    "ligue-1": ("Ligue 1", "France", "fr"),
    "mls": ("Major League Soccer", "USA", "us"),
}
_CANADA = {"Toronto", "Vancouver", "Montreal"}
_POSITION = {"G": "Goalkeeper", "D": "Defender", "M": "Midfielder", "F": "Attacker"}
# formation → rows of outfield players (defence first); D/M/F per row
_FORMATIONS: dict[str, tuple[tuple[str, int], ...]] = {
    "4-3-3": (("D", 4), ("M", 3), ("F", 3)),
    "4-4-2": (("D", 4), ("M", 4), ("F", 2)),
    "4-2-3-1": (("D", 4), ("M", 2), ("M", 3), ("F", 1)),
    "3-5-2": (("D", 3), ("M", 5), ("F", 2)),
    "4-1-4-1": (("D", 4), ("M", 1), ("M", 4), ("F", 1)),
}
_BUCKETS = ("0-15", "16-30", "31-45", "46-60", "61-75", "76-90", "91-105", "106-120")
_REFEREES = (
    "M. Oliver",
    "A. Taylor",
    "C. Kavanagh",
    "S. Hooper",
    "J. Gil Manzano",
    "F. Zwayer",
    "D. Orsato",
    "C. Turpin",
    "I. Elfath",
    "A. Marriner",
    "D. Siebert",
    "M. Guida",
)
_SHOT_W = {"G": 0.0, "D": 0.4, "M": 1.2, "F": 2.6}
_SCORE_W = {"G": 0.0, "D": 0.5, "M": 2.0, "F": 5.0}
_ASSIST_W = {"G": 0.05, "D": 1.0, "M": 3.0, "F": 2.0}
_PASS = {"G": 30, "D": 52, "M": 55, "F": 26}
_TACKLE = {"G": 0.1, "D": 2.4, "M": 2.0, "F": 0.6}


class FootballSimApi:
    """The simulated API-Football v3 host (see the module docstring)."""

    sport = SPORT
    paging = True
    texts = ApiTexts(
        docs_url="https://www.api-football.com/documentation-v3",
        dashboard_url="https://dashboard.api-football.com",
    )
    game_duration = DURATION

    def endpoints(self) -> Sequence[Endpoint]:
        """The routes of API-Football v3 the simulator serves."""
        fixture_params = {
            "id",
            "ids",
            "live",
            "date",
            "league",
            "season",
            "team",
            "last",
            "next",
            "from",
            "to",
            "round",
            "status",
            "venue",
            "timezone",
        }
        return (
            Endpoint(path="fixtures", params=fixture_params, handler=_fixtures, needs_params=True),
            Endpoint(
                path="fixtures/statistics", params={"fixture", "team", "type", "half"}, handler=_fx_statistics
            ),
            Endpoint(path="fixtures/players", params={"fixture", "team"}, handler=_fx_players),
            Endpoint(
                path="fixtures/events", params={"fixture", "team", "player", "type"}, handler=_fx_events
            ),
            Endpoint(
                path="fixtures/lineups", params={"fixture", "team", "player", "type"}, handler=_fx_lineups
            ),
            Endpoint(
                path="teams",
                params={"id", "name", "league", "season", "country", "code", "venue", "search"},
                handler=_teams,
                needs_params=True,
            ),
            Endpoint(
                path="teams/statistics", params={"league", "season", "team", "date"}, handler=_team_statistics
            ),
            Endpoint(
                path="players",
                params={"id", "team", "league", "season", "search"},
                handler=_players,
                page_size=PAGE_SIZE,
            ),
            Endpoint(path="players/squads", params={"team", "player"}, handler=_squads),
            Endpoint(
                path="leagues",
                params={
                    "id",
                    "name",
                    "country",
                    "code",
                    "season",
                    "team",
                    "type",
                    "current",
                    "search",
                    "last",
                },
                handler=_leagues,
            ),
            Endpoint(
                path="timezone",
                params=set(),
                handler=lambda req: ["America/New_York", "Europe/London", "Europe/Madrid", "UTC"],
            ),
        )

    def roster(self, team: SimTeam, rng: random.Random) -> Sequence[SimPlayer]:
        """25-28 players: 3 goalkeepers, 8-9 defenders, 8-9 midfielders, 6-7 forwards."""
        counts = (("G", 3), ("D", rng.randint(8, 9)), ("M", rng.randint(8, 9)), ("F", rng.randint(6, 7)))
        numbers = iter([1, *rng.sample(range(2, 45), 30)])
        players: list[SimPlayer] = []
        for position, count in counts:
            for depth in range(count):
                who = person(rng, style="world")
                born = birth_date(rng, age_low=18, age_high=35)
                height = rng.randint(185, 198) if position == "G" else rng.randint(168, 194)
                players.append(
                    SimPlayer(
                        sport=SPORT,
                        api_id=player_api_id(team.api_id, len(players) + 1),
                        team_api_id=team.api_id,
                        first_name=who.first,
                        last_name=who.last,
                        position=position,
                        number=next(numbers),
                        depth=depth,
                        birth_date=born,
                        height_cm=height,
                        weight_kg=int(height * 0.42 + rng.randint(-6, 8)),
                        country=who.country,
                        birth_place=who.birth_place,
                        experience=rng.randint(0, max(0, 2024 - born.year - 17)),
                    )
                )
        return players

    def box_score(
        self, game: SimGame, home: Sequence[SimPlayer], away: Sequence[SimPlayer], rng: random.Random
    ) -> BoxScore:
        """A match: line-ups, substitutions, goals, cards, player lines, team statistics."""
        sides = {game.home: _matchday(home, rng), game.away: _matchday(away, rng)}
        opponent = {game.home: game.away, game.away: game.home}
        events: list[dict[str, Any]] = []
        expected = {game.home: rng.uniform(0.9, 2.1), game.away: rng.uniform(0.7, 1.8)}
        for team in (game.home, game.away):
            events += sides[team]["subs"]
            for _ in range(min(6, _poisson(rng, expected[team]))):
                events.append(_goal(team, sides[team], rng))
            for _ in range(rng.choices((0, 1, 2, 3, 4), weights=(15, 30, 30, 17, 8))[0]):
                events.append(_card(team, sides[team], rng))
        events.sort(key=lambda e: (e["minute"], e["extra"] or 0, e["order"]))
        players: list[PlayerLine] = []
        teams: dict[int, TeamLine] = {}
        goals = {t: sum(1 for e in events if e["type"] == "Goal" and e["team"] == t) for t in sides}
        for team in (game.home, game.away):
            players += _player_lines(team, sides[team], events, goals[opponent[team]], rng)
        saves = _saves([(line, dict(line.stats)) for line in players])
        players = [
            attrs.evolve(line, stats={**line.stats, "goals.saves": float(saves[line.player_id])})
            if line.player_id in saves
            else line
            for line in players
        ]
        for team in (game.home, game.away):
            teams[team] = _team_line(team, players, events, rng)
        possession = rng.randint(35, 65)
        detail = {
            "events": tuple(events),
            "formations": {t: sides[t]["formation"] for t in sides},
            "possession": {game.home: possession, game.away: 100 - possession},
            "referee": f"{rng.choice(_REFEREES)}, {_LEAGUES.get(game.league, ('', 'England', ''))[1]}",
            "extra": (rng.randint(1, 4), rng.randint(2, 8)),
            "coaches": {t: person(derive_rng(0, "coach", t), style="world") for t in sides},
        }
        return BoxScore(
            game_id=game.api_id, home=teams[game.home], away=teams[game.away], players=players, detail=detail
        )

    def bundled_schedule(self) -> Iterable[Game | GameSpec] | None:
        """The games of the plugin's bundled schedules (``None`` when it ships none)."""
        from scoracle_football.formats import FORMATS
        from scoracle_football.sport import make_sport

        return games_from_bundled(make_sport(), FORMATS)


def make_sim_api() -> FootballSimApi:
    """The football simulator API (registered by the plugin's ``register_sim_apis``)."""
    return FootballSimApi()


# -- generation ---------------------------------------------------------------------------------
def _poisson(rng: random.Random, lam: float) -> int:
    threshold, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= threshold:
            return k
        k += 1


def _matchday(roster: Sequence[SimPlayer], rng: random.Random) -> dict[str, Any]:
    """Formation, starting XI with grid positions, bench, substitutions (minute in / out)."""
    preferred = list(_FORMATIONS)[roster[0].team_api_id % len(_FORMATIONS)]
    formation = preferred if rng.random() < 0.7 else rng.choice(list(_FORMATIONS))
    by_pos = {
        pos: sorted((p for p in roster if p.position == pos), key=lambda p: p.depth + rng.random() * 2.5)
        for pos in "GDMF"
    }
    xi: list[tuple[SimPlayer, str]] = [(by_pos["G"][0], "1:1")]
    used = {"G": 1, "D": 0, "M": 0, "F": 0}
    for row, (pos, count) in enumerate(_FORMATIONS[formation], start=2):
        for col in range(1, count + 1):
            xi.append((by_pos[pos][used[pos]], f"{row}:{col}"))
            used[pos] += 1
    rest = [p for pos in "DMF" for p in by_pos[pos][used[pos] :]]
    rng.shuffle(rest)
    bench = [by_pos["G"][1], *sorted(rest[:8], key=lambda p: p.api_id)]
    subs: list[dict[str, Any]] = []
    outfield = [p for p, _ in xi[1:]]
    candidates = list(bench[1:])
    count = rng.randint(3, 5)
    minutes = sorted([rng.randint(55, 75), *(rng.randint(46, 89) for _ in range(count - 1))])
    for n, minute in enumerate(minutes):
        incoming = candidates.pop(rng.randrange(len(candidates)))
        same = [p for p in outfield if p.position == incoming.position] or outfield
        outgoing = rng.choice(same)
        outfield.remove(outgoing)
        subs.append(
            {
                "type": "subst",
                "detail": f"Substitution {n + 1}",
                "team": incoming.team_api_id,
                "player": outgoing.api_id,
                "assist": incoming.api_id,
                "minute": minute,
                "extra": None,
                "comments": None,
                "order": 1,
            }
        )
    captain = max((p for p, _ in xi), key=lambda p: (p.experience, -p.api_id))
    return {"formation": formation, "xi": xi, "bench": bench, "subs": subs, "captain": captain.api_id}


def _on_pitch(side: dict[str, Any], minute: int) -> list[SimPlayer]:
    out = {s["player"]: s["minute"] for s in side["subs"]}
    came = {s["assist"]: s["minute"] for s in side["subs"]}
    players = [p for p, _ in side["xi"] if out.get(p.api_id, 99) > minute]
    return players + [p for p in side["bench"] if came.get(p.api_id, 99) <= minute]


def _minute(rng: random.Random) -> tuple[int, int | None]:
    minute = rng.randint(1, 94)
    if minute > 90:
        return 90, minute - 90
    if 45 < minute <= 47 and rng.random() < 0.5:
        return 45, minute - 45
    return minute, None


def _goal(team: int, side: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    minute, extra = _minute(rng)
    on = _on_pitch(side, minute)
    scorer = rng.choices(on, weights=[_SCORE_W[p.position] for p in on])[0]
    penalty = rng.random() < 0.08
    assist = None
    if not penalty and rng.random() < 0.75:
        others = [p for p in on if p is not scorer]
        assist = rng.choices(others, weights=[_ASSIST_W[p.position] for p in others])[0].api_id
    return {
        "type": "Goal",
        "detail": "Penalty" if penalty else "Normal Goal",
        "team": team,
        "player": scorer.api_id,
        "assist": assist,
        "minute": minute,
        "extra": extra,
        "comments": None,
        "order": 0,
    }


def _card(team: int, side: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    minute, extra = _minute(rng)
    on = _on_pitch(side, minute)
    who = rng.choices(on, weights=[0.3 if p.position == "G" else 2 if p.position in "DM" else 1 for p in on])[
        0
    ]
    return {
        "type": "Card",
        "detail": "Yellow Card",
        "team": team,
        "player": who.api_id,
        "assist": None,
        "minute": minute,
        "extra": extra,
        "comments": rng.choice(("Foul", "Foul", "Argument", "Time wasting")),
        "order": 2,
    }


_COUNT_KEYS = (
    "games.minutes",
    "offsides",
    "shots.total",
    "shots.on",
    "goals.total",
    "goals.conceded",
    "goals.assists",
    "goals.saves",
    "passes.total",
    "passes.key",
    "passes.accuracy",
    "tackles.total",
    "tackles.blocks",
    "tackles.interceptions",
    "duels.total",
    "duels.won",
    "dribbles.attempts",
    "dribbles.success",
    "dribbles.past",
    "fouls.drawn",
    "fouls.committed",
    "cards.yellow",
    "cards.red",
    "penalty.won",
    "penalty.commited",
    "penalty.scored",
    "penalty.missed",
    "penalty.saved",
)


def _player_lines(
    team: int, side: dict[str, Any], events: Sequence[dict[str, Any]], conceded: int, rng: random.Random
) -> list[PlayerLine]:
    out_at = {s["player"]: s["minute"] for s in side["subs"]}
    in_at = {s["assist"]: s["minute"] for s in side["subs"]}
    grid = {p.api_id: g for p, g in side["xi"]}
    mine = [e for e in events if e["team"] == team]
    lines: list[PlayerLine] = []
    for p in [p for p, _ in side["xi"]] + list(side["bench"]):
        starter = p.api_id in grid
        minutes = out_at.get(p.api_id, 90) if starter else 90 - in_at[p.api_id] if p.api_id in in_at else 0
        s = dict.fromkeys(_COUNT_KEYS, 0.0)
        detail: dict[str, Any] = {
            "number": p.number,
            "position": p.position,
            "captain": p.api_id == side["captain"],
            "substitute": not starter,
            "grid": grid.get(p.api_id),
            "rating": None,
            "minute_in": None if starter else in_at.get(p.api_id),
            "minute_out": out_at.get(p.api_id),
        }
        if minutes:
            share = minutes / 90
            goals = sum(1 for e in mine if e["type"] == "Goal" and e["player"] == p.api_id)
            pens = sum(
                1
                for e in mine
                if e["type"] == "Goal" and e["player"] == p.api_id and e["detail"] == "Penalty"
            )
            assists = sum(1 for e in mine if e["type"] == "Goal" and e["assist"] == p.api_id)
            shots = goals + _poisson(rng, _SHOT_W[p.position] * share)
            on_target = goals + binomial(rng, shots - goals, 0.35)
            passes = max(0, int(rng.gauss(_PASS[p.position], 10) * share))
            duels = _poisson(rng, 11 * share) if p.position != "G" else binomial(rng, 2, 0.5)
            attempts = _poisson(rng, {"G": 0, "D": 0.6, "M": 1.5, "F": 2.8}[p.position] * share)
            s.update(
                {
                    "games.minutes": minutes,
                    "offsides": _poisson(rng, 0.5 * share) if p.position == "F" else 0,
                    "shots.total": shots,
                    "shots.on": on_target,
                    "goals.total": goals,
                    "goals.assists": assists,
                    "passes.total": passes,
                    "passes.key": assists + _poisson(rng, 0.8 * share if p.position != "G" else 0),
                    "passes.accuracy": binomial(rng, passes, rng.uniform(0.7, 0.9)),
                    "tackles.total": _poisson(rng, _TACKLE[p.position] * share),
                    "tackles.blocks": _poisson(rng, 0.3 * share) if p.position == "D" else 0,
                    "tackles.interceptions": _poisson(rng, (1.2 if p.position == "D" else 0.5) * share),
                    "duels.total": duels,
                    "duels.won": binomial(rng, duels, 0.5),
                    "dribbles.attempts": attempts,
                    "dribbles.success": binomial(rng, attempts, 0.5),
                    "dribbles.past": _poisson(rng, 0.6 * share) if p.position in "DM" else 0,
                    "fouls.drawn": _poisson(rng, 1.1 * share),
                    "fouls.committed": _poisson(rng, 1.0 * share),
                    "cards.yellow": sum(1 for e in mine if e["type"] == "Card" and e["player"] == p.api_id),
                    "penalty.scored": pens,
                }
            )
            if p.position == "G":
                s["goals.conceded"] = conceded
            rating = (
                6.4
                + 0.8 * goals
                + 0.5 * assists
                + rng.uniform(-0.6, 0.8)
                - (0.2 * conceded if p.position in "GD" else 0)
            )
            detail["rating"] = round(min(10.0, max(5.0, rating)), 1)
        lines.append(
            PlayerLine(
                player_id=p.api_id, team_id=team, played=minutes > 0, starter=starter, stats=s, detail=detail
            )
        )
    return lines


def _team_line(
    team: int, players: Sequence[PlayerLine], events: Sequence[dict[str, Any]], rng: random.Random
) -> TeamLine:
    mine = [p for p in players if p.team_id == team]
    sums = sum_stats(p.stats for p in mine)
    total, on_target = int(sums["shots.total"]), int(sums["shots.on"])
    blocked = binomial(rng, total - on_target, 0.3)
    inside = binomial(rng, total, 0.65)
    goals = [e for e in events if e["type"] == "Goal" and e["team"] == team]
    first_half = sum(1 for e in goals if e["minute"] <= 45)
    stats = {
        "shots_on_goal": on_target,
        "shots_off_goal": total - on_target - blocked,
        "total_shots": total,
        "blocked_shots": blocked,
        "shots_insidebox": inside,
        "shots_outsidebox": total - inside,
        "fouls": sums["fouls.committed"],
        "corner_kicks": rng.randint(1, 10),
        "offsides": sums["offsides"],
        "yellow_cards": sums["cards.yellow"],
        "red_cards": sums["cards.red"],
        "goalkeeper_saves": sums["goals.saves"],
        "total_passes": sums["passes.total"],
        "passes_accurate": sums["passes.accuracy"],
        "expected_goals": round(on_target * 0.3 + total * 0.04 + rng.uniform(0, 0.4), 2),
        "goals_prevented": 0.0,
    }
    return TeamLine(
        team_id=team, score=len(goals), periods=(first_half, len(goals) - first_half), stats=stats
    )


# -- phases ----------------------------------------------------------------------------------------
def _clock(world: World, game: SimGame) -> tuple[str, str, int | None, int | None, float]:
    """(short, long, elapsed, extra, fraction of 90 minutes played)."""
    state = world.state(game)
    if state.phase == Phase.SCHEDULED:
        return "NS", "Not Started", None, None, 0.0
    if state.phase == Phase.POSTPONED:
        return "PST", "Match Postponed", None, None, 0.0
    if state.phase == Phase.FINISHED:
        extra = world.box_score(game.api_id).detail["extra"][1]
        return "FT", "Match Finished", 90, extra, 1.0
    minutes = state.elapsed.total_seconds() / 60
    # Real time: 1H 0-47, HT 47-62, 2H 62-115 minutes after kick-off.
    if minutes < 47:
        elapsed = min(45, int(minutes) + 1)
        return "1H", "First Half", elapsed, (int(minutes) - 44 if minutes >= 45 else None), elapsed / 90
    if minutes < 62:
        return "HT", "Halftime", 45, None, 0.5
    elapsed = min(90, 45 + int(minutes - 62) + 1)
    return (
        "2H",
        "Second Half",
        elapsed,
        (int(minutes - 62) - 44 if minutes - 62 >= 45 else None),
        elapsed / 90,
    )


# -- rendering --------------------------------------------------------------------------------------
def _team(world: World, team_id: int) -> SimTeam:
    team = world.team(SPORT, team_id)
    assert team is not None, team_id
    return team


def _logo(team_id: int) -> str:
    return f"{_MEDIA}/football/teams/{team_id}.png"


def _team_ref(world: World, team_id: int) -> dict[str, Any]:
    return {"id": team_id, "name": _team(world, team_id).name, "logo": _logo(team_id)}


def _league_ref(league_key: str, season: int, *, round_no: int | None = None) -> dict[str, Any]:
    league = next(lg for lg in LEAGUES if lg.key == league_key)
    name, country, flag = _LEAGUES[league_key]
    ref: dict[str, Any] = {
        "id": league.api_id,
        "name": name,
        "country": country,
        "logo": f"{_MEDIA}/football/leagues/{league.api_id}.png",
        "flag": f"{_MEDIA}/flags/{flag}.svg",
        "season": season,
    }
    if round_no is not None:
        ref["round"] = f"Regular Season - {round_no}"
        ref["standings"] = True
    return ref


def _venue(team: SimTeam) -> dict[str, Any]:
    return {"id": 20_000 + team.api_id, "name": f"{team.short_name or team.name} Stadium", "city": team.city}


def _visible_events(world: World, game: SimGame) -> list[dict[str, Any]]:
    short, _, elapsed, _, _ = _clock(world, game)
    if short in ("NS", "PST"):
        return []
    events: list[dict[str, Any]] = list(world.box_score(game.api_id).detail["events"])
    return [e for e in events if elapsed is None or e["minute"] <= elapsed]


def _score(world: World, game: SimGame) -> tuple[int | None, int | None, int | None, int | None]:
    """(home, away, home at half-time, away at half-time) as visible now."""
    short = _clock(world, game)[0]
    if short in ("NS", "PST"):
        return None, None, None, None
    goals = [e for e in _visible_events(world, game) if e["type"] == "Goal"]

    def count(team: int, half: bool) -> int:
        return sum(1 for e in goals if e["team"] == team and (not half or e["minute"] <= 45))

    half = (count(game.home, True), count(game.away, True)) if short != "1H" else (None, None)
    return count(game.home, False), count(game.away, False), half[0], half[1]


def _fixture_item(world: World, game: SimGame, zone: ZoneInfo, *, embed: bool) -> dict[str, Any]:
    short, long, elapsed, extra, _ = _clock(world, game)
    home, away = _team(world, game.home), _team(world, game.away)
    started = short not in ("NS", "PST")
    box = world.box_score(game.api_id) if started else None
    goals_home, goals_away, half_home, half_away = _score(world, game)
    finished = short == "FT"
    winner_home = winner_away = None
    if finished and goals_home is not None and goals_away is not None and goals_home != goals_away:
        winner_home, winner_away = goals_home > goals_away, goals_away > goals_home
    second = int(game.start_at.timestamp()) + 62 * 60
    item: dict[str, Any] = {
        "fixture": {
            "id": game.api_id,
            "referee": box.detail["referee"] if box is not None else None,
            "timezone": str(zone.key),
            "date": iso_offset(game.start_at.astimezone(zone)),
            "timestamp": int(game.start_at.timestamp()),
            "periods": {
                "first": int(game.start_at.timestamp()) if started else None,
                "second": second if short in ("2H", "FT") else None,
            },
            "venue": _venue(home) if not game.venue else {**_venue(home), "name": game.venue},
            "status": {"long": long, "short": short, "elapsed": elapsed, "extra": extra},
        },
        "league": _league_ref(game.league, game.season, round_no=world.week_of(game)),
        "teams": {
            "home": {**_team_ref(world, home.api_id), "winner": winner_home},
            "away": {**_team_ref(world, away.api_id), "winner": winner_away},
        },
        "goals": {"home": goals_home, "away": goals_away},
        "score": {
            "halftime": {"home": half_home, "away": half_away},
            "fulltime": {"home": goals_home if finished else None, "away": goals_away if finished else None},
            "extratime": {"home": None, "away": None},
            "penalty": {"home": None, "away": None},
        },
    }
    if embed:
        item["events"] = _events(world, game)
        item["lineups"] = _lineups(world, game)
        item["statistics"] = _statistics(world, game)
        item["players"] = _players_block(world, game)
    return item


def _person_ref(world: World, player_id: int | None) -> dict[str, Any]:
    if player_id is None:
        return {"id": None, "name": None}
    player = world.player(SPORT, player_id)
    assert player is not None
    return {"id": player.api_id, "name": player.short_name}


def _events(
    world: World,
    game: SimGame,
    *,
    team: int | None = None,
    player: int | None = None,
    kind: str | None = None,
) -> list[dict[str, Any]]:
    out = []
    for e in _visible_events(world, game):
        if (team is not None and e["team"] != team) or (
            player is not None and player not in (e["player"], e["assist"])
        ):
            continue
        if kind is not None and e["type"].casefold() != kind.casefold():
            continue
        out.append(
            {
                "time": {"elapsed": e["minute"], "extra": e["extra"]},
                "team": _team_ref(world, e["team"]),
                "player": _person_ref(world, e["player"]),
                "assist": _person_ref(world, e["assist"]),
                "type": e["type"],
                "detail": e["detail"],
                "comments": e["comments"],
            }
        )
    return out


def _lineups(world: World, game: SimGame, *, team: int | None = None) -> list[dict[str, Any]]:
    if _clock(world, game)[0] in ("NS", "PST"):
        return []
    box = world.box_score(game.api_id)
    out = []
    for team_id in (game.home, game.away):
        if team is not None and team_id != team:
            continue
        lines = box.lines_of(team_id)
        coach = box.detail["coaches"][team_id]

        def entry(line: PlayerLine) -> dict[str, Any]:
            p = world.player(SPORT, line.player_id)
            assert p is not None
            return {
                "player": {
                    "id": p.api_id,
                    "name": p.short_name,
                    "number": p.number,
                    "pos": p.position,
                    "grid": line.detail["grid"],
                }
            }

        out.append(
            {
                "team": {**_team_ref(world, team_id), "colors": None},
                "coach": {
                    "id": 5000 + team_id,
                    "name": coach.short,
                    "photo": f"{_MEDIA}/football/coachs/{5000 + team_id}.png",
                },
                "formation": box.detail["formations"][team_id],
                "startXI": [entry(line) for line in lines if line.starter],
                "substitutes": [entry(line) for line in lines if not line.starter],
            }
        )
    return out


def _scaled(
    line: PlayerLine, game_events: Sequence[dict[str, Any]], elapsed: int, fraction: float
) -> dict[str, float]:
    """A line as far as the match has gone: time-based counts floored, event-based counts exact."""
    if fraction >= 1.0:
        return dict(line.stats)
    stats = {k: float(int(v * fraction)) for k, v in line.stats.items()}
    came, left = line.detail["minute_in"], line.detail["minute_out"]
    start = 0 if line.starter else came if came is not None else elapsed
    stop = min(elapsed, left if left is not None else elapsed)
    stats["games.minutes"] = float(max(0, stop - start))
    mine = [e for e in game_events if e["type"] == "Goal"]
    stats["goals.total"] = float(sum(1 for e in mine if e["player"] == line.player_id))
    stats["goals.assists"] = float(sum(1 for e in mine if e["assist"] == line.player_id))
    stats["cards.yellow"] = float(
        sum(1 for e in game_events if e["type"] == "Card" and e["player"] == line.player_id)
    )
    stats["shots.total"] = max(stats["shots.total"], stats["goals.total"])
    stats["shots.on"] = min(stats["shots.total"], max(stats["shots.on"], stats["goals.total"]))
    return stats


def _visible_lines(world: World, game: SimGame) -> list[tuple[PlayerLine, dict[str, float]]]:
    short, _, elapsed, _, fraction = _clock(world, game)
    if short in ("NS", "PST"):
        return []
    box = world.box_score(game.api_id)
    events = _visible_events(world, game)
    return [(line, _scaled(line, events, elapsed or 0, fraction)) for line in box.players]


def _opt(value: float) -> int | None:
    """The API writes many zero counts as ``null``."""
    return int(value) or None


def _player_stats_item(line: PlayerLine, s: dict[str, float], played: bool) -> dict[str, Any]:
    keeper = line.detail["position"] == "G"
    rating = line.detail["rating"]
    return {
        "games": {
            "minutes": int(s["games.minutes"]) if played else None,
            "number": line.detail["number"],
            "position": line.detail["position"],
            "rating": f"{rating:.1f}" if played and rating else None,
            "captain": line.detail["captain"],
            "substitute": line.detail["substitute"],
        },
        "offsides": _opt(s["offsides"]),
        "shots": {"total": _opt(s["shots.total"]), "on": _opt(s["shots.on"])},
        "goals": {
            "total": _opt(s["goals.total"]),
            "conceded": int(s["goals.conceded"]),
            "assists": _opt(s["goals.assists"]),
            "saves": int(s["goals.saves"]) if keeper and played else None,
        },
        "passes": {
            "total": _opt(s["passes.total"]),
            "key": _opt(s["passes.key"]),
            "accuracy": str(int(s["passes.accuracy"])) if s["passes.total"] else None,
        },
        "tackles": {
            "total": _opt(s["tackles.total"]),
            "blocks": _opt(s["tackles.blocks"]),
            "interceptions": _opt(s["tackles.interceptions"]),
        },
        "duels": {"total": _opt(s["duels.total"]), "won": _opt(s["duels.won"])},
        "dribbles": {
            "attempts": _opt(s["dribbles.attempts"]),
            "success": _opt(s["dribbles.success"]),
            "past": _opt(s["dribbles.past"]),
        },
        "fouls": {"drawn": _opt(s["fouls.drawn"]), "committed": _opt(s["fouls.committed"])},
        "cards": {"yellow": int(s["cards.yellow"]), "red": int(s["cards.red"])},
        "penalty": {
            "won": _opt(s["penalty.won"]),
            "commited": _opt(s["penalty.commited"]),
            "scored": int(s["penalty.scored"]),
            "missed": int(s["penalty.missed"]),
            "saved": int(s["penalty.saved"]) if keeper and played else None,
        },
    }


def _update_stamp(world: World, game: SimGame) -> str:
    finish = game.start_at + DURATION
    stamp = min(world.now(), finish + timedelta(hours=6))
    return iso_offset(stamp.replace(second=0, microsecond=0).astimezone(ZoneInfo("UTC")))


def _players_block(world: World, game: SimGame, *, team: int | None = None) -> list[dict[str, Any]]:
    visible = _visible_lines(world, game)
    if not visible:
        return []
    saves = _saves(visible)
    out: list[dict[str, Any]] = []
    for team_id in (game.home, game.away):
        if team is not None and team_id != team:
            continue
        players: list[dict[str, Any]] = []
        for line, stats in visible:
            if line.team_id != team_id:
                continue
            stats = {**stats, "goals.saves": float(saves.get(line.player_id, 0))}
            p = world.player(SPORT, line.player_id)
            assert p is not None
            players.append(
                {
                    "player": {
                        "id": p.api_id,
                        "name": p.name,
                        "photo": f"{_MEDIA}/football/players/{p.api_id}.png",
                    },
                    "statistics": [_player_stats_item(line, stats, stats["games.minutes"] > 0)],
                }
            )
        team_ref = _team_ref(world, team_id)
        team_ref["update"] = _update_stamp(world, game)
        out.append({"team": team_ref, "players": players})
    return out


def _saves(visible: Sequence[tuple[PlayerLine, dict[str, float]]]) -> dict[int, int]:
    """Goalkeeper saves = the opponent's shots on goal that were not goals, for the keeper who played."""
    on_target: dict[int, float] = {}
    goals: dict[int, float] = {}
    for line, stats in visible:
        on_target[line.team_id] = on_target.get(line.team_id, 0.0) + stats["shots.on"]
        goals[line.team_id] = goals.get(line.team_id, 0.0) + stats["goals.total"]
    out: dict[int, int] = {}
    for line, stats in visible:
        if line.detail["position"] == "G" and stats["games.minutes"] > 0:
            other = next(t for t in on_target if t != line.team_id) if len(on_target) > 1 else line.team_id
            out[line.player_id] = int(on_target[other] - goals[other])
    return out


def _statistics(
    world: World, game: SimGame, *, team: int | None = None, kind: str | None = None
) -> list[dict[str, Any]]:
    visible = _visible_lines(world, game)
    if not visible:
        return []
    box = world.box_score(game.api_id)
    saves = _saves(visible)
    fraction = _clock(world, game)[4]
    out = []
    for team_id in (game.home, game.away):
        if team is not None and team_id != team:
            continue
        sums = sum_stats(stats for line, stats in visible if line.team_id == team_id)
        truth = box.team(team_id).stats
        total, on_goal = int(sums["shots.total"]), int(sums["shots.on"])
        blocked = min(total - on_goal, int(truth["blocked_shots"] * fraction))
        inside = min(total, int(truth["shots_insidebox"] * fraction))
        passes, accurate = int(sums["passes.total"]), int(sums["passes.accuracy"])
        keeper_saves = sum(
            v
            for pid, v in saves.items()
            if any(ln.player_id == pid and ln.team_id == team_id for ln, _ in visible)
        )
        values: list[tuple[str, Any]] = [
            ("Shots on Goal", _opt(on_goal)),
            ("Shots off Goal", _opt(total - on_goal - blocked)),
            ("Total Shots", _opt(total)),
            ("Blocked Shots", _opt(blocked)),
            ("Shots insidebox", _opt(inside)),
            ("Shots outsidebox", _opt(total - inside)),
            ("Fouls", _opt(sums["fouls.committed"])),
            ("Corner Kicks", _opt(truth["corner_kicks"] * fraction)),
            ("Offsides", _opt(sums["offsides"])),
            ("Ball Possession", f"{box.detail['possession'][team_id]}%"),
            ("Yellow Cards", _opt(sums["cards.yellow"])),
            ("Red Cards", _opt(sums["cards.red"])),
            ("Goalkeeper Saves", _opt(keeper_saves)),
            ("Total passes", _opt(passes)),
            ("Passes accurate", _opt(accurate)),
            ("Passes %", f"{round(100 * accurate / passes)}%" if passes else None),
            ("expected_goals", f"{truth['expected_goals'] * fraction:.2f}"),
            ("goals_prevented", 0),
        ]
        if kind is not None:
            values = [(t, v) for t, v in values if t.casefold() == kind.casefold()]
        out.append(
            {"team": _team_ref(world, team_id), "statistics": [{"type": t, "value": v} for t, v in values]}
        )
    return out


# -- handlers --------------------------------------------------------------------------------------
def _zone(req: SimRequest) -> ZoneInfo:
    name = req.get("timezone") or "UTC"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise req.error("timezone", "The Timezone field must contain a valid timezone.") from None


def _league_key(req: SimRequest) -> str | None:
    raw = req.get("league")
    if raw is None:
        return None
    if not raw.isdigit():
        raise req.error("league", "The League field must contain an integer.")
    league = req.world.league(SPORT, raw)
    return league.key if league is not None else "?"


def _fixture(req: SimRequest) -> SimGame | None:
    fixture_id = req.int_param("fixture", required=True)
    assert fixture_id is not None
    game = req.world.find_game(SPORT, fixture_id)
    if game is not None:
        req.check_game(game)
    return game


def _count(req: SimRequest, name: str) -> int | None:
    value = req.int_param(name)
    if value is not None and not 1 <= value <= 99:
        raise req.error(name, f"The {name.capitalize()} field must contain an integer of 2 digits maximum.")
    return value


def _live_match(short: str, league_key: str, live: str) -> bool:
    """``live=all`` or ``live=39-61``: in play, in one of the leagues."""
    if short not in ("1H", "HT", "2H"):
        return False
    league_id = next(str(lg.api_id) for lg in LEAGUES if lg.key == league_key)
    return live == "all" or league_id in live.split("-")


def _fixtures(req: SimRequest) -> list[Any]:
    world = req.world
    zone = _zone(req)
    game_id = req.int_param("id")
    ids = req.ids_param("ids") if req.has("ids") else None
    if game_id is not None and ids is not None:
        raise req.error("ids", "The Id field and the Ids field cannot be used together.")
    league, season, team = _league_key(req), req.season_param(), req.int_param("team")
    day, first, last_day = req.date_param(), req.date_param("from"), req.date_param("to")
    if (first is None) != (last_day is None):
        raise SimRequestError(
            {"from" if first is None else "to": "The From and To fields must be used together."}
        )
    last_n, next_n = _count(req, "last"), _count(req, "next")
    venue, round_name = req.int_param("venue"), req.get("round")
    status = req.get("status")
    statuses = set(status.split("-")) if status else None
    live = req.get("live")
    embed = game_id is not None or ids is not None
    if embed:
        wanted = [game_id] if game_id is not None else list(dict.fromkeys(ids or []))
        found = [g for g in (world.find_game(SPORT, i) for i in wanted) if g is not None]
        for game in found:
            req.check_game(game)
        return [_fixture_item(world, g, zone, embed=True) for g in found]
    candidates = (
        world.games(SPORT, season=season, team=team, league=league if league not in (None, "?") else None)
        if league != "?"
        else []
    )
    out: list[SimGame] = []
    for game in candidates:
        local_day = game.start_at.astimezone(zone).date()
        short = _clock(world, game)[0]
        if (
            (day is not None and local_day != day)
            or (first is not None and last_day is not None and not first <= local_day <= last_day)
            or (venue is not None and _venue(_team(world, game.home))["id"] != venue)
            or (round_name is not None and f"Regular Season - {world.week_of(game)}" != round_name)
            or (statuses is not None and short not in statuses)
            or (live is not None and not _live_match(short, game.league, live))
        ):
            continue
        out.append(game)
    if last_n is not None:
        out = [g for g in out if _clock(world, g)[0] == "FT"][-last_n:]
    if next_n is not None:
        out = [g for g in out if _clock(world, g)[0] == "NS"][:next_n]
    return [_fixture_item(world, g, zone, embed=False) for g in out]


def _fx_statistics(req: SimRequest) -> list[Any]:
    team, kind = req.int_param("team"), req.get("type")
    if req.get("half") not in (None, "true", "false"):
        raise req.error("half", "The Half field must contain true or false.")
    game = _fixture(req)
    return [] if game is None else _statistics(req.world, game, team=team, kind=kind)


def _fx_players(req: SimRequest) -> list[Any]:
    team = req.int_param("team")
    game = _fixture(req)
    return [] if game is None else _players_block(req.world, game, team=team)


def _fx_events(req: SimRequest) -> list[Any]:
    team, player, kind = req.int_param("team"), req.int_param("player"), req.get("type")
    game = _fixture(req)
    return [] if game is None else _events(req.world, game, team=team, player=player, kind=kind)


def _fx_lineups(req: SimRequest) -> list[Any]:
    team = req.int_param("team")
    game = _fixture(req)
    return [] if game is None else _lineups(req.world, game, team=team)


def _country_of(team: SimTeam) -> str:
    league = next(iter(team.leagues), "premier-league")
    country = _LEAGUES.get(league, ("", "England", ""))[1]
    return "Canada" if country == "USA" and team.city in _CANADA else country


def _team_item(world: World, team: SimTeam) -> dict[str, Any]:
    rng = derive_rng(0, "club", team.api_id)
    venue = _venue(team)
    return {
        "team": {
            "id": team.api_id,
            "name": team.name,
            "code": (team.code or team.name[:3]).upper()[:3],
            "country": _country_of(team),
            "founded": rng.randint(1870, 1995) if team.api_id < 1000 else rng.randint(1995, 2020),
            "national": False,
            "logo": _logo(team.api_id),
        },
        "venue": {
            **venue,
            "address": f"{rng.randint(1, 200)} Stadium Road",
            "capacity": rng.randint(15, 80) * 1000,
            "surface": "grass",
            "image": f"{_MEDIA}/football/venues/{venue['id']}.png",
        },
    }


def _teams(req: SimRequest) -> list[Any]:
    team_id, league, season = req.int_param("id"), _league_key(req), req.season_param()
    name, country, code, search = req.get("name"), req.get("country"), req.get("code"), req.get("search")
    venue = req.int_param("venue")
    if search is not None and len(search) < 3:
        raise req.error("search", "The Search field must be at least 3 characters.")
    if league == "?":
        return []
    out = []
    for team in req.world.teams(SPORT, league, season):
        item = _team_item(req.world, team)
        if (
            (team_id is not None and team.api_id != team_id)
            or (name is not None and team.name.casefold() != name.casefold())
            or (country is not None and item["team"]["country"].casefold() != country.casefold())
            or (code is not None and item["team"]["code"].casefold() != code.casefold())
            or (venue is not None and item["venue"]["id"] != venue)
            or (search is not None and search.casefold() not in team.name.casefold())
        ):
            continue
        out.append(item)
    return out


def _pct(part: int, whole: int) -> str | None:
    return f"{100 * part / whole:.2f}%" if whole and part else None


def _buckets(minutes: Sequence[int]) -> dict[str, dict[str, Any]]:
    counts = dict.fromkeys(_BUCKETS, 0)
    for minute in minutes:
        index = min(len(_BUCKETS) - 1, max(0, (minute - 1) // 15))
        counts[_BUCKETS[index]] += 1
    total = len(minutes)
    return {b: {"total": counts[b] or None, "percentage": _pct(counts[b], total)} for b in _BUCKETS}


class _Played(NamedTuple):
    """One finished match, from one team's side."""

    where: str  # "home" | "away"
    scored: int
    conceded: int
    minutes_for: list[int]
    minutes_against: list[int]
    formation: str
    box: BoxScore


def _team_statistics(req: SimRequest) -> dict[str, Any] | list[Any]:
    req.require("league", "season", "team")
    league, season, team_id = _league_key(req), req.season_param(), req.int_param("team")
    until = req.date_param()
    assert season is not None
    assert team_id is not None
    world = req.world
    team = world.team(SPORT, team_id)
    if league == "?" or league is None or team is None or not team.in_league(league, season):
        return []
    games = [
        g
        for g in world.finished_games(SPORT, season, team=team_id, league=league)
        if until is None or g.start_at.date() <= until
    ]
    rows: list[_Played] = []
    for game in games:
        box = world.box_score(game.api_id)
        where = "home" if game.home == team_id else "away"
        mine, theirs = box.team(team_id), box.away if where == "home" else box.home
        goal_events = [e for e in box.detail["events"] if e["type"] == "Goal"]
        rows.append(
            _Played(
                where,
                mine.score,
                theirs.score,
                [e["minute"] for e in goal_events if e["team"] == team_id],
                [e["minute"] for e in goal_events if e["team"] != team_id],
                box.detail["formations"][team_id],
                box,
            )
        )

    def split(pred: Callable[[_Played], bool]) -> dict[str, int]:
        home = sum(1 for r in rows if r.where == "home" and pred(r))
        away = sum(1 for r in rows if r.where == "away" and pred(r))
        return {"home": home, "away": away, "total": home + away}

    def goals(side: str) -> dict[str, Any]:
        def of(r: _Played) -> int:
            return r.scored if side == "for" else r.conceded

        total = {
            "home": sum(of(r) for r in rows if r.where == "home"),
            "away": sum(of(r) for r in rows if r.where == "away"),
        }
        total["total"] = total["home"] + total["away"]
        played = split(lambda r: True)
        average = {
            k: f"{total[k] / played[k]:.1f}" if played[k] else "0.0" for k in ("home", "away", "total")
        }
        minutes = [m for r in rows for m in (r.minutes_for if side == "for" else r.minutes_against)]
        under_over = {
            f"{t}.5": {"over": sum(1 for r in rows if of(r) > t), "under": sum(1 for r in rows if of(r) <= t)}
            for t in range(5)
        }
        return {"total": total, "average": average, "minute": _buckets(minutes), "under_over": under_over}

    results = ["W" if r.scored > r.conceded else "L" if r.scored < r.conceded else "D" for r in rows]
    streaks = {"W": 0, "D": 0, "L": 0}
    run = 0
    for i, result in enumerate(results):
        run = run + 1 if i and results[i - 1] == result else 1
        streaks[result] = max(streaks[result], run)

    def biggest(where: str, win: bool) -> str | None:
        best: _Played | None = None
        for r in rows:
            won = r.scored > r.conceded if win else r.scored < r.conceded
            wider = best is None or abs(r.scored - r.conceded) > abs(best.scored - best.conceded)
            if r.where == where and won and wider:
                best = r
        if best is None:
            return None
        home_goals, away_goals = (
            (best.scored, best.conceded) if where == "home" else (best.conceded, best.scored)
        )
        return f"{home_goals}-{away_goals}"

    def most(where: str, scored: bool) -> int:
        return max(((r.scored if scored else r.conceded) for r in rows if r.where == where), default=0)

    events = [e for r in rows for e in r.box.detail["events"] if e["team"] == team_id]
    penalties = [e for e in events if e["type"] == "Goal" and e["detail"] == "Penalty"]
    cards = [e["minute"] for e in events if e["type"] == "Card"]
    formations: dict[str, int] = {}
    for r in rows:
        formations[r.formation] = formations.get(r.formation, 0) + 1
    scored = len(penalties)
    return {
        "league": _league_ref(league, season),
        "team": _team_ref(world, team_id),
        "form": "".join(results),
        "fixtures": {
            "played": split(lambda r: True),
            "wins": split(lambda r: r.scored > r.conceded),
            "draws": split(lambda r: r.scored == r.conceded),
            "loses": split(lambda r: r.scored < r.conceded),
        },
        "goals": {"for": goals("for"), "against": goals("against")},
        "biggest": {
            "streak": {"wins": streaks["W"], "draws": streaks["D"], "loses": streaks["L"]},
            "wins": {"home": biggest("home", True), "away": biggest("away", True)},
            "loses": {"home": biggest("home", False), "away": biggest("away", False)},
            "goals": {
                "for": {"home": most("home", True), "away": most("away", True)},
                "against": {"home": most("home", False), "away": most("away", False)},
            },
        },
        "clean_sheet": split(lambda r: r.conceded == 0),
        "failed_to_score": split(lambda r: r.scored == 0),
        "penalty": {
            "scored": {"total": scored, "percentage": "100.00%" if scored else "0%"},
            "missed": {"total": 0, "percentage": "0%"},
            "total": scored,
        },
        "lineups": [
            {"formation": f, "played": n}
            for f, n in sorted(formations.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "cards": {"yellow": _buckets(cards), "red": _buckets([])},
    }


def _season_entry(world: World, player: SimPlayer, team: SimTeam, league: str, season: int) -> dict[str, Any]:
    """One ``statistics`` entry of ``players``: the sums of the player's finished games."""
    lines: list[PlayerLine] = []
    for game in world.finished_games(SPORT, season, team=team.api_id, league=league):
        line = world.box_score(game.api_id).line_of(player.api_id)
        if line is not None:
            lines.append(line)
    played = [ln for ln in lines if ln.played]
    s = sum_stats(ln.stats for ln in played)
    ratings = [ln.detail["rating"] for ln in played if ln.detail["rating"] is not None]
    keeper = player.position == "G"

    def n(key: str) -> int:
        return int(s.get(key, 0.0))

    passes = n("passes.total")
    return {
        "team": _team_ref(world, team.api_id),
        "league": _league_ref(league, season),
        "games": {
            "appearences": len(played),
            "lineups": sum(1 for ln in played if ln.starter),
            "minutes": n("games.minutes"),
            "number": player.number,
            "position": _POSITION[player.position],
            "rating": f"{sum(ratings) / len(ratings):.6f}" if ratings else None,
            "captain": False,
        },
        "substitutes": {
            "in": sum(1 for ln in played if not ln.starter),
            "out": sum(1 for ln in played if ln.starter and ln.detail["minute_out"] is not None),
            "bench": sum(1 for ln in lines if not ln.starter),
        },
        "shots": {"total": n("shots.total"), "on": n("shots.on")},
        "goals": {
            "total": n("goals.total"),
            "conceded": n("goals.conceded"),
            "assists": n("goals.assists"),
            "saves": n("goals.saves") if keeper else None,
        },
        "passes": {
            "total": passes,
            "key": n("passes.key"),
            "accuracy": round(100 * n("passes.accuracy") / passes) if passes else None,
        },
        "tackles": {
            "total": n("tackles.total"),
            "blocks": n("tackles.blocks") or None,
            "interceptions": n("tackles.interceptions"),
        },
        "duels": {"total": n("duels.total"), "won": n("duels.won")},
        "dribbles": {
            "attempts": n("dribbles.attempts"),
            "success": n("dribbles.success"),
            "past": n("dribbles.past") or None,
        },
        "fouls": {"drawn": n("fouls.drawn"), "committed": n("fouls.committed")},
        "cards": {"yellow": n("cards.yellow"), "yellowred": 0, "red": n("cards.red")},
        "penalty": {
            "won": n("penalty.won") or None,
            "commited": n("penalty.commited") or None,
            "scored": n("penalty.scored"),
            "missed": n("penalty.missed"),
            "saved": n("penalty.saved") if keeper else None,
        },
    }


def _players(req: SimRequest) -> list[Any]:
    world = req.world
    player_id, team_id, league = req.int_param("id"), req.int_param("team"), _league_key(req)
    season = req.season_param()
    search = req.get("search")
    req.require_any("id", "team", "league")
    req.require("season")
    assert season is not None
    if search is not None and (len(search) < 4 or (league is None and team_id is None)):
        raise req.error(
            "search", "The Search field must be at least 4 characters and needs a League or a Team."
        )
    if league == "?":
        return []
    if team_id is not None:
        team = world.team(SPORT, team_id)
        teams = [team] if team is not None and any(team.in_league(lg, season) for lg in team.leagues) else []
    elif league is not None:
        teams = world.teams(SPORT, league, season)
    else:
        player = world.player(SPORT, player_id or 0)
        team = world.team(SPORT, player.team_api_id) if player is not None else None
        teams = [team] if team is not None else []
    today = req.now.date()
    out = []
    for team in teams:
        leagues = [
            lg for lg in team.leagues if team.in_league(lg, season) and (league is None or lg == league)
        ]
        if not leagues:
            continue
        for p in sorted(world.roster(SPORT, team.api_id), key=lambda p: p.api_id):
            if (player_id is not None and p.api_id != player_id) or (
                search is not None and search.casefold() not in p.name.casefold()
            ):
                continue
            out.append(
                {
                    "player": {
                        "id": p.api_id,
                        "name": p.short_name,
                        "firstname": p.first_name,
                        "lastname": p.last_name,
                        "age": p.age_on(today),
                        "birth": {
                            "date": p.birth_date.isoformat(),
                            "place": p.birth_place,
                            "country": p.country,
                        },
                        "nationality": p.country,
                        "height": str(p.height_cm),
                        "weight": str(p.weight_kg),
                        "injured": False,
                        "photo": f"{_MEDIA}/football/players/{p.api_id}.png",
                    },
                    "statistics": [_season_entry(world, p, team, lg, season) for lg in leagues],
                }
            )
    return out


def _squads(req: SimRequest) -> list[Any]:
    team_id, player_id = req.int_param("team"), req.int_param("player")
    req.require_any("team", "player")
    world = req.world
    if team_id is None:
        player = world.player(SPORT, player_id or 0)
        team_id = player.team_api_id if player is not None else None
    team = world.team(SPORT, team_id) if team_id is not None else None
    if team is None:
        return []
    today = req.now.date()
    players = [
        {
            "id": p.api_id,
            "name": p.short_name,
            "age": p.age_on(today),
            "number": p.number,
            "position": _POSITION[p.position],
            "photo": f"{_MEDIA}/football/players/{p.api_id}.png",
        }
        for p in world.roster(SPORT, team.api_id)
        if player_id is None or p.api_id == player_id
    ]
    return [{"team": _team_ref(world, team.api_id), "players": players}]


def _leagues(req: SimRequest) -> list[Any]:
    league_id, season = req.int_param("id"), req.season_param()
    current_only = req.get("current") == "true"
    world = req.world
    coverage = {
        "fixtures": {
            "events": True,
            "lineups": True,
            "statistics_fixtures": True,
            "statistics_players": True,
        },
        "standings": True,
        "players": True,
        "top_scorers": True,
        "top_assists": True,
        "top_cards": True,
        "injuries": True,
        "predictions": True,
        "odds": True,
    }
    out = []
    for league in LEAGUES:
        if league_id is not None and league.api_id != league_id:
            continue
        name, country, flag = _LEAGUES[league.key]
        current = world.current_season(SPORT, league.key)
        seasons = sorted(
            {s for t in world.teams(SPORT, league.key) for s in t.leagues.get(league.key, ())}
            | {g.season for g in world.games(SPORT, league=league.key)}
        )
        rows = []
        for s in seasons:
            if (season is not None and s != season) or (current_only and s != current):
                continue
            start = date(s, 2, 22) if league.season_style == "calendar" else date(s, 8, 16)
            end = date(s, 12, 7) if league.season_style == "calendar" else date(s + 1, 5, 25)
            rows.append(
                {
                    "year": s,
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "current": s == current,
                    "coverage": coverage,
                }
            )
        if rows:
            out.append(
                {
                    "league": {
                        "id": league.api_id,
                        "name": name,
                        "type": "League",
                        "logo": f"{_MEDIA}/football/leagues/{league.api_id}.png",
                    },
                    "country": {"name": country, "code": flag.upper(), "flag": f"{_MEDIA}/flags/{flag}.svg"},
                    "seasons": rows,
                }
            )
    return out
