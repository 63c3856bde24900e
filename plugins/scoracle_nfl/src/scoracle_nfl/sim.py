"""API-American-Football v1 (NFL, league 1) in the simulator.

Endpoints: ``/games`` (id, date, league, season, team, h2h, live, timezone),
``/games/statistics/teams`` (id [+ team]), ``/games/statistics/players`` (id [+ group, team,
player]), ``/teams`` (id, name, code, league, season, search), ``/players`` (id, name, team,
season, search), ``/players/statistics`` (id | team, + season: season aggregates of the
finished games, from 2022), ``/leagues``, ``/seasons``, ``/timezone``.

Truth (:class:`~scoracle_core.sim.truth.PlayerLine` ``stats``) is keyed ``"<group>.<API stat
name>"`` with the group in the lower-case form of the ``group`` filter (``passing.yards``,
``rushing.total rushes``, ``defensive.tackles``, ``kick_returns.total`` …); the API's composite
values are split: ``passing.completions``/``passing.attempts`` ("comp att" ``"20/28"``),
``passing.sacks``/``passing.sack yards`` ("sacks" ``"2-8"``), ``kicking.field goals made``/
``…attempts``, ``kicking.extra point made``/``…attempts``. Averages, ratings and longest plays
are not summable and live in ``detail``. Team lines (``TeamLine.stats``) are keyed by the
``games/statistics/teams`` paths (``passing.total`` = net passing yards = the passers' yards
minus sack yards, ``rushings.total``, ``sacks.total`` …, composites split as
``passing.comp``/``passing.att``). Scores are 6 per touchdown + extra points + 3 per field goal,
and equal the sums of the player lines. Status: NS → Q1, Q2, HT, Q3, Q4 → FT 3 h 15 after
kick-off; PST when postponed.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scoracle_core.sim.api import ApiTexts, Endpoint, SimRequest
from scoracle_core.sim.bundled import games_from_bundled
from scoracle_core.sim.fmt import ratio
from scoracle_core.sim.gen import binomial, birth_date, spread
from scoracle_core.sim.names import person
from scoracle_core.sim.truth import BoxScore, PlayerLine, TeamLine, sum_stats
from scoracle_core.sim.world import GameSpec, Phase, SimGame, SimPlayer, SimTeam, World, player_api_id

if TYPE_CHECKING:
    from scoracle_core.model import Game

__all__ = ["NflSimApi", "make_sim_api"]

SPORT = "nfl"
LEAGUE_ID = 1
DURATION = timedelta(hours=3, minutes=15)
FIRST_STATS_SEASON = 2022  # players/statistics has no data before
_MEDIA = "https://media.api-sports.io/american-football"
_COUNTRY = {"name": "USA", "code": "US", "flag": "https://media.api-sports.io/flags/us.svg"}
_LEAGUE = {"id": LEAGUE_ID, "name": "NFL", "logo": f"{_MEDIA}/leagues/1.png", "country": _COUNTRY}

# (position, group, count) — a 53-man roster.
_ROSTER = (
    ("QB", "Offense", 3),
    ("RB", "Offense", 4),
    ("WR", "Offense", 6),
    ("TE", "Offense", 3),
    ("OT", "Offense", 4),
    ("G", "Offense", 4),
    ("C", "Offense", 2),
    ("DE", "Defense", 4),
    ("DT", "Defense", 4),
    ("LB", "Defense", 6),
    ("CB", "Defense", 6),
    ("S", "Defense", 4),
    ("PK", "Special Teams", 1),
    ("P", "Special Teams", 1),
    ("LS", "Special Teams", 1),
)
_SIZE = {
    "QB": (188, 102),
    "RB": (180, 98),
    "WR": (185, 90),
    "TE": (195, 115),
    "OT": (196, 142),
    "G": (191, 143),
    "C": (190, 138),
    "DE": (193, 122),
    "DT": (191, 140),
    "LB": (188, 109),
    "CB": (180, 88),
    "S": (183, 93),
    "PK": (180, 86),
    "P": (186, 95),
    "LS": (188, 109),
}
_TACKLE_W = {"LB": 3.0, "S": 2.2, "CB": 1.5, "DE": 1.3, "DT": 1.1}

# Player game-stat groups: API group name → (lower-case id, stat names in the API's order).
GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Passing": (
        "passing",
        ("comp att", "yards", "average", "passing touch downs", "interceptions", "sacks", "rating", "two pt"),
    ),
    "Rushing": (
        "rushing",
        (
            "total rushes",
            "yards",
            "average",
            "rushing touch downs",
            "longest rush",
            "two pt",
            "kick return td",
            "exp return td",
        ),
    ),
    "Receiving": (
        "receiving",
        (
            "targets",
            "total receptions",
            "yards",
            "average",
            "receiving touch downs",
            "longest reception",
            "two pt",
        ),
    ),
    "Fumbles": ("fumbles", ("total", "lost", "rec", "rec td")),
    "Defensive": (
        "defensive",
        (
            "tackles",
            "unassisted tackles",
            "sacks",
            "tfl",
            "passes defended",
            "qb hts",
            "interceptions for touch downs",
            "blocked kicks",
            "kick return td",
            "exp return td",
            "ff",
        ),
    ),
    "Interceptions": ("interceptions", ("total interceptions", "yards", "intercepted touch downs")),
    "Kick_returns": ("kick_returns", ("total", "yards", "average", "lg", "td")),
    "Punt_returns": ("punt_returns", ("total", "yards", "average", "lg", "td")),
    "Kicking": ("kicking", ("field goals", "pct", "long", "extra point", "points")),
    "Punting": ("punting", ("total", "yards", "average", "touchbacks", "in20", "lg")),
}
_GROUP_BY_ID = {gid: name for name, (gid, _) in GROUPS.items()}

# key → (stadium, established); the catalog has neither.
_TEAM_FACTS: dict[str, tuple[str, int]] = {
    "ari": ("State Farm Stadium", 1920),
    "atl": ("Mercedes-Benz Stadium", 1966),
    "bal": ("M&T Bank Stadium", 1996),
    "buf": ("Highmark Stadium", 1960),
    "car": ("Bank of America Stadium", 1995),
    "chi": ("Soldier Field", 1920),
    "cin": ("Paycor Stadium", 1968),
    "cle": ("Huntington Bank Field", 1946),
    "dal": ("AT&T Stadium", 1960),
    "den": ("Empower Field at Mile High", 1960),
    "det": ("Ford Field", 1930),
    "gb": ("Lambeau Field", 1919),
    "hou": ("NRG Stadium", 2002),
    "ind": ("Lucas Oil Stadium", 1953),
    "jax": ("EverBank Stadium", 1995),
    "kc": ("GEHA Field at Arrowhead Stadium", 1960),
    "lv": ("Allegiant Stadium", 1960),
    "lac": ("SoFi Stadium", 1960),
    "lar": ("SoFi Stadium", 1936),
    "mia": ("Hard Rock Stadium", 1966),
    "min": ("U.S. Bank Stadium", 1961),
    "ne": ("Gillette Stadium", 1960),
    "no": ("Caesars Superdome", 1967),
    "nyg": ("MetLife Stadium", 1925),
    "nyj": ("MetLife Stadium", 1960),
    "phi": ("Lincoln Financial Field", 1933),
    "pit": ("Acrisure Stadium", 1933),
    "sf": ("Levi's Stadium", 1946),
    "sea": ("Lumen Field", 1976),
    "tb": ("Raymond James Stadium", 1976),
    "ten": ("Nissan Stadium", 1960),
    "was": ("Northwest Stadium", 1932),
}
_STATUS = {
    "NS": "Not Started",
    "Q1": "First Quarter",
    "Q2": "Second Quarter",
    "HT": "Halftime",
    "Q3": "Third Quarter",
    "Q4": "Fourth Quarter",
    "FT": "Finished",
    "PST": "Postponed",
}


class NflSimApi:
    """The simulated API-American-Football v1 host (see the module docstring)."""

    sport = SPORT
    paging = False
    texts = ApiTexts(
        docs_url="https://api-sports.io/documentation/american-football/v1",
        dashboard_url="https://dashboard.api-sports.io",
    )
    game_duration = DURATION

    def endpoints(self) -> Sequence[Endpoint]:
        """The routes of API-American-Football v1 the simulator serves."""
        return (
            Endpoint(
                path="games",
                params={"id", "date", "league", "season", "team", "h2h", "live", "timezone"},
                handler=_games,
            ),
            Endpoint(path="games/statistics/teams", params={"id", "team"}, handler=_game_team_stats),
            Endpoint(
                path="games/statistics/players",
                params={"id", "group", "team", "player"},
                handler=_game_player_stats,
            ),
            Endpoint(
                path="teams",
                params={"id", "name", "code", "league", "season", "search"},
                handler=_teams,
                needs_params=True,
            ),
            Endpoint(
                path="players",
                params={"id", "name", "team", "season", "search"},
                handler=_players,
                needs_params=True,
            ),
            Endpoint(path="players/statistics", params={"id", "team", "season"}, handler=_season_stats),
            Endpoint(path="leagues", params={"id", "season", "current"}, handler=_leagues),
            Endpoint(path="seasons", params=set(), handler=_seasons),
            Endpoint(
                path="timezone",
                params=set(),
                handler=lambda req: ["America/New_York", "Europe/London", "UTC"],
            ),
        )

    def roster(self, team: SimTeam, rng: random.Random) -> Sequence[SimPlayer]:
        """53 players: offense, defense and specialists, depth by order within a position."""
        players: list[SimPlayer] = []
        numbers = iter(rng.sample(range(1, 100), 53))
        for position, group, count in _ROSTER:
            height, weight = _SIZE[position]
            for depth in range(count):
                who = person(rng, style="us")
                born = birth_date(rng, age_low=21, age_high=35)
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
                        group=group,
                        birth_date=born,
                        height_cm=height + rng.randint(-5, 5),
                        weight_kg=weight + rng.randint(-8, 8),
                        country="USA",
                        college=who.college,
                        experience=rng.randint(0, max(0, 2024 - born.year - 22)),
                    )
                )
        return players

    def box_score(
        self, game: SimGame, home: Sequence[SimPlayer], away: Sequence[SimPlayer], rng: random.Random
    ) -> BoxScore:
        """Both offenses, then each defense from the other offense; scores from the lines."""
        offense = {game.home: _offense(home, rng), game.away: _offense(away, rng)}
        rosters = {game.home: home, game.away: away}
        opponent = {game.home: game.away, game.away: game.home}
        for team in (game.home, game.away):
            _defense(rosters[team], offense[team], offense[opponent[team]], rng)
        if _points(offense[game.home]) == _points(offense[game.away]):  # no ties: a late field goal
            kicker = offense[game.home]["kicker"]
            lines = offense[game.home]["lines"]
            lines[kicker]["kicking.field goals made"] += 1
            lines[kicker]["kicking.field goals attempts"] += 1
            offense[game.home]["events"].append(3)
            offense[game.home]["longest"].setdefault(kicker, {}).setdefault("kicking.long", 44)
        players: list[PlayerLine] = []
        teams: dict[int, TeamLine] = {}
        for team in (game.home, game.away):
            players += _player_lines(rosters[team], offense[team])
        for team in (game.home, game.away):
            teams[team] = _team_line(team, offense[team], offense[opponent[team]], players, rng)
        return BoxScore(game_id=game.api_id, home=teams[game.home], away=teams[game.away], players=players)

    def bundled_schedule(self) -> Iterable[Game | GameSpec] | None:
        """The games of the plugin's bundled schedules (``None`` when it ships none)."""
        from scoracle_nfl.formats import make_formats
        from scoracle_nfl.sport import make_sport

        return games_from_bundled(make_sport(), make_formats())


def make_sim_api() -> NflSimApi:
    """The NFL simulator API (registered by the plugin's ``register_sim_apis``)."""
    return NflSimApi()


# -- generation ---------------------------------------------------------------------------------
def _by_pos(roster: Sequence[SimPlayer], position: str) -> list[SimPlayer]:
    return sorted((p for p in roster if p.position == position), key=lambda p: p.depth)


def _pick(rng: random.Random, weights: dict[int, float]) -> int:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _offense(roster: Sequence[SimPlayer], rng: random.Random) -> dict[str, Any]:
    """One team's offense and specialists: lines by player id, plus scoring events (points each)."""
    lines: dict[int, dict[str, float]] = {}
    longest: dict[int, dict[str, int]] = {}

    def line(p: SimPlayer) -> dict[str, float]:
        return lines.setdefault(p.api_id, {})

    def add(p: SimPlayer, key: str, value: float) -> None:
        mine = line(p)
        mine[key] = mine.get(key, 0.0) + value

    def longer(p: SimPlayer, key: str, value: int) -> None:
        mine = longest.setdefault(p.api_id, {})
        mine[key] = max(mine.get(key, 0), value)

    qbs, rbs, wrs, tes = (_by_pos(roster, pos) for pos in ("QB", "RB", "WR", "TE"))
    kicker, punter = _by_pos(roster, "PK")[0], _by_pos(roster, "P")[0]
    qb = qbs[0]
    events: list[int] = []
    # Passing and receiving.
    attempts = rng.randint(24, 44)
    completions = binomial(rng, attempts, rng.uniform(0.58, 0.72))
    gains = [max(-2, int(rng.gauss(10.5, 7))) for _ in range(completions)]
    pass_yards = sum(gains)
    pass_td = rng.choices((0, 1, 2, 3, 4), weights=(15, 30, 30, 17, 8))[0] if completions else 0
    ints = rng.choices((0, 1, 2, 3), weights=(45, 35, 15, 5))[0]
    sacks = rng.choices(range(7), weights=(12, 20, 22, 18, 13, 9, 6))[0]
    sack_yards = sum(rng.randint(3, 10) for _ in range(sacks))
    for key, value in (
        ("passing.completions", completions),
        ("passing.attempts", attempts),
        ("passing.yards", pass_yards),
        ("passing.passing touch downs", pass_td),
        ("passing.interceptions", ints),
        ("passing.sacks", sacks),
        ("passing.sack yards", sack_yards),
        ("passing.two pt", 0),
    ):
        add(qb, key, value)
    targets_of = {
        p.api_id: w
        for p, w in zip([*wrs[:5], *tes[:3], *rbs[:3]], (8, 6, 4, 2, 1, 4, 1.5, 0.7, 3, 1, 0.5), strict=True)
    }
    by_id = {p.api_id: p for p in roster}
    for _ in range(attempts):
        add(by_id[_pick(rng, targets_of)], "receiving.targets", 1)
    receivers = [pid for pid in targets_of if lines.get(pid, {}).get("receiving.targets")]
    caught: dict[int, list[int]] = {pid: [] for pid in receivers}
    for gain in gains:  # each completion goes to a receiver with a target left
        open_targets = {pid: lines[pid]["receiving.targets"] - len(caught[pid]) for pid in receivers}
        caught[_pick(rng, {pid: w for pid, w in open_targets.items() if w > 0})].append(gain)
    for pid, mine in caught.items():
        p = by_id[pid]
        add(p, "receiving.total receptions", len(mine))
        add(p, "receiving.yards", sum(mine))
        add(p, "receiving.receiving touch downs", 0)
        add(p, "receiving.two pt", 0)
        if mine:
            longer(p, "receiving.longest reception", max(mine))
    scorers = [pid for pid in receivers if caught[pid]]
    for _ in range(pass_td):
        add(by_id[rng.choice(scorers)], "receiving.receiving touch downs", 1)
        events.append(6)
    # Rushing.
    rushers = {
        rbs[0].api_id: 12.0,
        rbs[1].api_id: 5.0,
        qb.api_id: 2.5,
        wrs[0].api_id: 0.6,
        rbs[2].api_id: 1.0,
    }
    rush_td = rng.choices((0, 1, 2, 3), weights=(35, 40, 18, 7))[0]
    carries: dict[int, list[int]] = {}
    for _ in range(rng.randint(18, 32)):
        carries.setdefault(_pick(rng, rushers), []).append(int(rng.gauss(4.3, 5)))
    for pid, runs in carries.items():
        p = by_id[pid]
        add(p, "rushing.total rushes", len(runs))
        add(p, "rushing.yards", sum(runs))
        for key in (
            "rushing.rushing touch downs",
            "rushing.two pt",
            "rushing.kick return td",
            "rushing.exp return td",
        ):
            add(p, key, 0)
        longer(p, "rushing.longest rush", max(max(runs), 0))
    for _ in range(rush_td):
        add(by_id[rng.choice(list(carries))], "rushing.rushing touch downs", 1)
        events.append(6)
    # Fumbles by ball carriers.
    for _ in range(rng.choices((0, 1, 2), weights=(60, 30, 10))[0]):
        carrier = by_id[rng.choice(list(carries) + scorers)]
        lost = 1 if rng.random() < 0.5 else 0
        for key, value in (
            ("fumbles.total", 1),
            ("fumbles.lost", lost),
            ("fumbles.rec", 1 - lost),
            ("fumbles.rec td", 0),
        ):
            add(carrier, key, value)
    # Kicking: extra points for the touchdowns, field goals.
    touchdowns = pass_td + rush_td
    fgm = rng.choices((0, 1, 2, 3, 4), weights=(15, 30, 30, 18, 7))[0]
    fga = fgm + (1 if rng.random() < 0.25 else 0)
    xpm = touchdowns - (1 if touchdowns and rng.random() < 0.06 else 0)
    for key, value in (
        ("kicking.field goals made", fgm),
        ("kicking.field goals attempts", fga),
        ("kicking.extra point made", xpm),
        ("kicking.extra point attempts", touchdowns),
    ):
        add(kicker, key, value)
    if fga:
        longer(kicker, "kicking.long", rng.randint(28, 56))
    events = [e + (1 if i < xpm else 0) for i, e in enumerate(events)] + [3] * fgm
    # Punting and returns.
    punts = rng.randint(1, 7)
    punt_yards = sum(rng.randint(35, 58) for _ in range(punts))
    for key, value in (
        ("punting.total", punts),
        ("punting.yards", punt_yards),
        ("punting.touchbacks", binomial(rng, punts, 0.1)),
        ("punting.in20", binomial(rng, punts, 0.35)),
    ):
        add(punter, key, value)
    longer(punter, "punting.lg", rng.randint(45, 65))
    returner = wrs[3] if len(wrs) > 3 else rbs[-1]
    for group, count in (("kick_returns", rng.randint(0, 5)), ("punt_returns", rng.randint(0, 4))):
        if count:
            gains = [rng.randint(0 if group == "punt_returns" else 12, 45) for _ in range(count)]
            add(returner, f"{group}.total", count)
            add(returner, f"{group}.yards", sum(gains))
            add(returner, f"{group}.td", 0)
            longer(returner, f"{group}.lg", max(gains))
    return {
        "lines": lines,
        "longest": longest,
        "events": events,
        "kicker": kicker.api_id,
        "qb": qb.api_id,
        "pass_td": pass_td,
        "rush_td": rush_td,
        "ints": ints,
        "sacks": sacks,
        "sack_yards": sack_yards,
        "rush_att": sum(len(g) for g in carries.values()),
        "rush_yards": sum(sum(g) for g in carries.values()),
        "completions": completions,
        "attempts": attempts,
        "pass_yards": pass_yards,
        "fumbles_lost": 0,
        "def_td": 0,
        "punts": punts,
    }


def _defense(
    roster: Sequence[SimPlayer], mine: dict[str, Any], theirs: dict[str, Any], rng: random.Random
) -> None:
    """This team's defenders' lines, from the other team's offense (their sacks, interceptions …)."""
    lines: dict[int, dict[str, float]] = mine["lines"]
    defenders = [p for p in roster if p.position in _TACKLE_W]  # deep ones tackle on special teams
    weights = [_TACKLE_W[p.position] * (1.0 if p.depth < 2 else 0.6) for p in defenders]
    plays = theirs["rush_att"] + theirs["completions"] + theirs["sacks"]
    tackles = spread(rng, int(plays * rng.uniform(0.8, 0.95)), weights)
    rushers = [i for i, p in enumerate(defenders) if p.position in ("DE", "DT", "LB")]
    cover = [i for i, p in enumerate(defenders) if p.position in ("CB", "S", "LB")]
    sacks = spread(rng, theirs["sacks"], [weights[i] if i in rushers else 0 for i in range(len(defenders))])
    picks = spread(rng, theirs["ints"], [weights[i] if i in cover else 0 for i in range(len(defenders))])
    passes_defended = spread(
        rng, rng.randint(2, 9), [weights[i] if i in cover else 0 for i in range(len(defenders))]
    )
    lost = sum(int(line.get("fumbles.lost", 0)) for line in theirs["lines"].values())
    forced = spread(rng, sum(int(line.get("fumbles.total", 0)) for line in theirs["lines"].values()), weights)
    pick_six = 1 if theirs["ints"] and rng.random() < 0.08 else 0
    for i, p in enumerate(defenders):
        total = tackles[i] + sacks[i]
        if not total and not picks[i] and not passes_defended[i] and not forced[i]:
            continue
        solo = total - binomial(rng, total, 0.3)
        line = lines.setdefault(p.api_id, {})
        line.update(
            {
                "defensive.tackles": total,
                "defensive.unassisted tackles": solo,
                "defensive.sacks": sacks[i],
                "defensive.tfl": min(total, sacks[i] + binomial(rng, tackles[i], 0.06)),
                "defensive.passes defended": passes_defended[i] + picks[i],
                "defensive.qb hts": sacks[i] + binomial(rng, 2, 0.2),
                "defensive.interceptions for touch downs": 0,
                "defensive.blocked kicks": 0,
                "defensive.kick return td": 0,
                "defensive.exp return td": 0,
                "defensive.ff": forced[i],
            }
        )
        if picks[i]:
            line.update(
                {
                    "interceptions.total interceptions": picks[i],
                    "interceptions.yards": sum(rng.randint(0, 35) for _ in range(picks[i])),
                    "interceptions.intercepted touch downs": 0,
                }
            )
    if pick_six:
        scorer = next(p for i, p in enumerate(defenders) if picks[i])
        lines[scorer.api_id]["interceptions.intercepted touch downs"] = 1
        lines[scorer.api_id]["defensive.interceptions for touch downs"] = 1
        mine["def_td"] = 1
        kicker = lines[mine["kicker"]]
        made = 1 if rng.random() < 0.94 else 0
        kicker["kicking.extra point attempts"] += 1
        kicker["kicking.extra point made"] += made
        mine["events"].append(6 + made)
    mine["fumbles_recovered"] = lost


def _points(offense: dict[str, Any]) -> int:
    return sum(offense["events"])


def _player_lines(roster: Sequence[SimPlayer], offense: dict[str, Any]) -> list[PlayerLine]:
    out = []
    for p in roster:
        stats = offense["lines"].get(p.api_id)
        if not stats:
            continue
        kick = stats.get("kicking.field goals made", 0) * 3 + stats.get("kicking.extra point made", 0)
        if "kicking.field goals made" in stats:
            stats["kicking.points"] = kick
        prefixes = {key.split(".", 1)[0] for key in stats}
        groups = tuple(name for name, (gid, _) in GROUPS.items() if gid in prefixes)
        out.append(
            PlayerLine(
                player_id=p.api_id,
                team_id=p.team_api_id,
                played=True,
                starter=p.depth == 0,
                stats=stats,
                detail={
                    "groups": groups,
                    "longest": dict(offense["longest"].get(p.api_id, {})),
                    "position": p.position,
                },
            )
        )
    return out


def _team_line(
    team: int, mine: dict[str, Any], theirs: dict[str, Any], players: Sequence[PlayerLine], rng: random.Random
) -> TeamLine:
    sums = sum_stats(p.stats for p in players if p.team_id == team)
    points = _points(mine)
    completions, attempts = mine["completions"], mine["attempts"]
    passing_fd = int(completions * rng.uniform(0.45, 0.6))
    rushing_fd = int(mine["rush_att"] * rng.uniform(0.18, 0.3))
    penalty_fd = rng.randint(0, 3)
    third_att = rng.randint(9, 16)
    fourth_att = rng.randint(0, 3)
    offensive_td = mine["pass_td"] + mine["rush_td"]
    red_att = offensive_td + rng.randint(0, 2)
    penalties = rng.randint(3, 10)
    possession = rng.randint(1500, 2100)
    stats = {
        "first_downs.total": passing_fd + rushing_fd + penalty_fd,
        "first_downs.passing": passing_fd,
        "first_downs.rushing": rushing_fd,
        "first_downs.from_penalties": penalty_fd,
        "third_down.made": binomial(rng, third_att, 0.4),
        "third_down.att": third_att,
        "fourth_down.made": binomial(rng, fourth_att, 0.5),
        "fourth_down.att": fourth_att,
        "plays.total": attempts + mine["rush_att"] + mine["sacks"],
        "yards.total": sums.get("passing.yards", 0)
        - sums.get("passing.sack yards", 0)
        + sums.get("rushing.yards", 0),
        "yards.total_drives": rng.randint(9, 13),
        "passing.total": sums.get("passing.yards", 0) - sums.get("passing.sack yards", 0),
        "passing.comp": sums.get("passing.completions", 0),
        "passing.att": sums.get("passing.attempts", 0),
        "passing.interceptions_thrown": sums.get("passing.interceptions", 0),
        "passing.sacks": sums.get("passing.sacks", 0),
        "passing.sacks_yards_lost": sums.get("passing.sack yards", 0),
        "rushings.total": sums.get("rushing.yards", 0),
        "rushings.attempts": sums.get("rushing.total rushes", 0),
        "red_zone.made": offensive_td,
        "red_zone.att": red_att,
        "penalties.total": penalties,
        "penalties.yards": sum(rng.choice((5, 5, 10, 15)) for _ in range(penalties)),
        "turnovers.lost_fumbles": sums.get("fumbles.lost", 0),
        "turnovers.interceptions": sums.get("passing.interceptions", 0),
        "posession.seconds": possession,
        "interceptions.total": sums.get("interceptions.total interceptions", 0),
        "fumbles_recovered.total": mine.get("fumbles_recovered", 0),
        "sacks.total": sums.get("defensive.sacks", 0),
        "safeties.total": 0,
        "int_touchdowns.total": sums.get("interceptions.intercepted touch downs", 0),
        "points_against.total": _points(theirs),
    }
    stats["turnovers.total"] = stats["turnovers.lost_fumbles"] + stats["turnovers.interceptions"]
    quarters = [0, 0, 0, 0]
    for event in mine["events"]:
        quarters[rng.randrange(4)] += event
    return TeamLine(team_id=team, score=points, periods=quarters, stats=stats)


# -- live views ------------------------------------------------------------------------------------
def _phase(world: World, game: SimGame) -> tuple[str, float, int]:
    """(status short, fraction of the 60 game minutes played, quarters completed)."""
    state = world.state(game)
    if state.phase == Phase.SCHEDULED:
        return "NS", 0.0, 0
    if state.phase == Phase.POSTPONED:
        return "PST", 0.0, 0
    if state.phase == Phase.FINISHED:
        return "FT", 1.0, 4
    minutes = state.elapsed.total_seconds() / 60
    # Real time: Q1 0-45, Q2 45-90, halftime 90-110, Q3 110-152.5, Q4 152.5-195 minutes.
    if 90 <= minutes < 110:
        return "HT", 0.5, 2
    played = minutes if minutes < 90 else minutes - 20
    quarter = min(4, int(played // 43.75) + 1)
    return f"Q{quarter}", min(1.0, played / 175), quarter - 1


def _scale(stats: dict[str, float], fraction: float) -> dict[str, float]:
    if fraction >= 1.0:
        return dict(stats)
    return {k: float(int(v * fraction)) for k, v in stats.items()}


# -- rendering --------------------------------------------------------------------------------------
def _team_ref(world: World, team_id: int) -> dict[str, Any]:
    team = world.team(SPORT, team_id)
    assert team is not None, team_id
    return {"id": team.api_id, "name": team.name, "logo": f"{_MEDIA}/teams/{team.api_id}.png"}


def _zone(req: SimRequest) -> ZoneInfo:
    name = req.get("timezone") or "UTC"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise req.error("timezone", "The Timezone field must contain a valid timezone.") from None


def _game_item(world: World, game: SimGame, zone: ZoneInfo) -> dict[str, Any]:
    short, fraction, done = _phase(world, game)
    home = world.team(SPORT, game.home)
    assert home is not None
    local = game.start_at.astimezone(zone)
    box = world.box_score(game.api_id) if short not in ("NS", "PST") else None

    def score(team_id: int) -> dict[str, Any]:
        quarters: list[int | None] = [None, None, None, None]
        if box is not None:
            truth = box.team(team_id).periods
            for q in range(4):
                if q < done:
                    quarters[q] = truth[q]
                elif q == done and short != "HT":
                    quarters[q] = int(truth[q] * max(0.0, fraction * 4 - done))
        total = sum(q for q in quarters if q is not None) if box is not None else None
        return {
            "quarter_1": quarters[0],
            "quarter_2": quarters[1],
            "quarter_3": quarters[2],
            "quarter_4": quarters[3],
            "overtime": None,
            "total": total,
        }

    timer = None
    if short.startswith("Q"):
        timer = str(max(0, 15 - int((fraction * 60) % 15)))
    stadium = game.venue or _TEAM_FACTS.get(home.key, (f"{home.city} Stadium", 0))[0]
    return {
        "game": {
            "id": game.api_id,
            "stage": "Regular Season",
            "week": f"Week {world.week_of(game)}",
            "date": {
                "timezone": str(zone.key),
                "date": local.date().isoformat(),
                "time": local.strftime("%H:%M"),
                "timestamp": int(game.start_at.timestamp()),
            },
            "venue": {"name": stadium, "city": home.city},
            "status": {"short": short, "long": _STATUS[short], "timer": timer},
        },
        "league": {
            "id": LEAGUE_ID,
            "name": "NFL",
            "season": str(game.season),
            "logo": _LEAGUE["logo"],
            "country": _COUNTRY,
        },
        "teams": {"home": _team_ref(world, game.home), "away": _team_ref(world, game.away)},
        "scores": {"home": score(game.home), "away": score(game.away)},
    }


def _n(stats: dict[str, float], key: str) -> int:
    return int(stats.get(key, 0.0))


def _rating(s: dict[str, float]) -> str:
    att = s.get("passing.attempts", 0.0)
    if not att:
        return "0.0"

    def clamp(x: float) -> float:
        return max(0.0, min(2.375, x))

    a = clamp((s.get("passing.completions", 0.0) / att - 0.3) * 5)
    b = clamp((s.get("passing.yards", 0.0) / att - 3) * 0.25)
    c = clamp(s.get("passing.passing touch downs", 0.0) / att * 20)
    d = clamp(2.375 - s.get("passing.interceptions", 0.0) / att * 25)
    return f"{(a + b + c + d) / 6 * 100:.1f}"


def _group_values(gid: str, s: dict[str, float], longest: dict[str, int]) -> list[str]:
    """The API's string values of one group, in the order of ``GROUPS``."""
    if gid == "passing":
        return [
            f"{_n(s, 'passing.completions')}/{_n(s, 'passing.attempts')}",
            str(_n(s, "passing.yards")),
            ratio(s.get("passing.yards", 0), s.get("passing.attempts", 0)),
            str(_n(s, "passing.passing touch downs")),
            str(_n(s, "passing.interceptions")),
            f"{_n(s, 'passing.sacks')}-{_n(s, 'passing.sack yards')}",
            _rating(s),
            str(_n(s, "passing.two pt")),
        ]
    if gid == "rushing":
        return [
            str(_n(s, "rushing.total rushes")),
            str(_n(s, "rushing.yards")),
            ratio(s.get("rushing.yards", 0), s.get("rushing.total rushes", 0)),
            str(_n(s, "rushing.rushing touch downs")),
            str(longest.get("rushing.longest rush", 0)),
            str(_n(s, "rushing.two pt")),
            str(_n(s, "rushing.kick return td")),
            str(_n(s, "rushing.exp return td")),
        ]
    if gid == "receiving":
        return [
            str(_n(s, "receiving.targets")),
            str(_n(s, "receiving.total receptions")),
            str(_n(s, "receiving.yards")),
            ratio(s.get("receiving.yards", 0), s.get("receiving.total receptions", 0)),
            str(_n(s, "receiving.receiving touch downs")),
            str(longest.get("receiving.longest reception", 0)),
            str(_n(s, "receiving.two pt")),
        ]
    if gid == "kicking":
        made, att = _n(s, "kicking.field goals made"), _n(s, "kicking.field goals attempts")
        return [
            f"{made}/{att}",
            ratio(100 * made, att),
            str(longest.get("kicking.long", 0)),
            f"{_n(s, 'kicking.extra point made')}/{_n(s, 'kicking.extra point attempts')}",
            str(3 * made + _n(s, "kicking.extra point made")),
        ]
    if gid in ("kick_returns", "punt_returns"):
        return [
            str(_n(s, f"{gid}.total")),
            str(_n(s, f"{gid}.yards")),
            ratio(s.get(f"{gid}.yards", 0), s.get(f"{gid}.total", 0)),
            str(longest.get(f"{gid}.lg", 0)),
            str(_n(s, f"{gid}.td")),
        ]
    if gid == "punting":
        return [
            str(_n(s, "punting.total")),
            str(_n(s, "punting.yards")),
            ratio(s.get("punting.yards", 0), s.get("punting.total", 0)),
            str(_n(s, "punting.touchbacks")),
            str(_n(s, "punting.in20")),
            str(longest.get("punting.lg", 0)),
        ]
    name = _GROUP_BY_ID[gid]
    return [str(_n(s, f"{gid}.{stat}")) for stat in GROUPS[name][1]]


def _team_stats(s: dict[str, float], against: int) -> dict[str, Any]:
    plays = _n(s, "plays.total")
    att = _n(s, "passing.att") + _n(s, "passing.sacks")
    return {
        "first_downs": {
            "total": _n(s, "first_downs.total"),
            "passing": _n(s, "first_downs.passing"),
            "rushing": _n(s, "first_downs.rushing"),
            "from_penalties": _n(s, "first_downs.from_penalties"),
            "third_down_efficiency": f"{_n(s, 'third_down.made')}-{_n(s, 'third_down.att')}",
            "fourth_down_efficiency": f"{_n(s, 'fourth_down.made')}-{_n(s, 'fourth_down.att')}",
        },
        "plays": {"total": plays},
        "yards": {
            "total": _n(s, "yards.total"),
            "yards_per_play": ratio(s.get("yards.total", 0), plays),
            "total_drives": str(_n(s, "yards.total_drives")),
        },
        "passing": {
            "total": _n(s, "passing.total"),
            "comp_att": f"{_n(s, 'passing.comp')}-{_n(s, 'passing.att')}",
            "yards_per_pass": ratio(s.get("passing.total", 0), att),
            "interceptions_thrown": _n(s, "passing.interceptions_thrown"),
            "sacks_yards_lost": f"{_n(s, 'passing.sacks')}-{_n(s, 'passing.sacks_yards_lost')}",
        },
        "rushings": {
            "total": _n(s, "rushings.total"),
            "attempts": _n(s, "rushings.attempts"),
            "yards_per_rush": ratio(s.get("rushings.total", 0), s.get("rushings.attempts", 0)),
        },
        "red_zone": {"made_att": f"{_n(s, 'red_zone.made')}-{_n(s, 'red_zone.att')}"},
        "penalties": {"total": f"{_n(s, 'penalties.total')}-{_n(s, 'penalties.yards')}"},
        "turnovers": {
            "total": _n(s, "turnovers.total"),
            "lost_fumbles": _n(s, "turnovers.lost_fumbles"),
            "interceptions": _n(s, "turnovers.interceptions"),
        },
        "posession": {"total": f"{_n(s, 'posession.seconds') // 60}:{_n(s, 'posession.seconds') % 60:02d}"},
        "interceptions": {"total": _n(s, "interceptions.total")},
        "fumbles_recovered": {"total": _n(s, "fumbles_recovered.total")},
        "sacks": {"total": _n(s, "sacks.total")},
        "safeties": {"total": _n(s, "safeties.total")},
        "int_touchdowns": {"total": _n(s, "int_touchdowns.total")},
        "points_against": {"total": against},
    }


def _player_ref(world: World, player_id: int) -> dict[str, Any]:
    player = world.player(SPORT, player_id)
    assert player is not None
    return {"id": player.api_id, "name": player.name, "image": f"{_MEDIA}/players/{player.api_id}.png"}


# -- handlers --------------------------------------------------------------------------------------
def _games(req: SimRequest) -> list[Any]:
    world = req.world
    req.require_any("id", "date", "league", "team", "live", "h2h")
    game_id, team, league = req.int_param("id"), req.int_param("team"), req.int_param("league")
    season, day, zone = req.season_param(), req.date_param(), _zone(req)
    live, h2h = req.get("live"), req.get("h2h")
    if live is not None and live != "all":
        raise req.error("live", "The Live field must contain the value: all.")
    pair: set[int] | None = None
    if h2h is not None:
        parts = h2h.split("-")
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            raise req.error("h2h", "The H2h field must contain two team ids separated by a dash: 1-4.")
        pair = {int(parts[0]), int(parts[1])}
    if league is not None and league != LEAGUE_ID:
        return []
    if game_id is not None:
        found = world.find_game(SPORT, game_id)
        candidates = [found] if found is not None else []
    else:
        candidates = world.games(SPORT, season=season, team=team)
    out = []
    for game in candidates:
        if season is not None and game.season != season:
            continue
        if team is not None and team not in game.teams:
            continue
        if day is not None and game.start_at.astimezone(zone).date() != day:
            continue
        if pair is not None and set(game.teams) != pair:
            continue
        if live == "all" and world.state(game).phase != Phase.LIVE:
            continue
        if game_id is not None:
            req.check_game(game)
        out.append(_game_item(world, game, zone))
    return out


def _visible_game(req: SimRequest) -> tuple[SimGame, float] | None:
    game_id = req.int_param("id", required=True)
    assert game_id is not None
    game = req.world.find_game(SPORT, game_id)
    if game is None:
        return None
    req.check_game(game)
    short, fraction, _ = _phase(req.world, game)
    if short in ("NS", "PST"):
        return None
    return game, fraction


def _game_team_stats(req: SimRequest) -> list[Any]:
    team_filter = req.int_param("team")
    visible = _visible_game(req)
    if visible is None:
        return []
    game, fraction = visible
    box = req.world.box_score(game.api_id)
    out = []
    for line, other in ((box.home, box.away), (box.away, box.home)):
        if team_filter is not None and line.team_id != team_filter:
            continue
        against = other.score if fraction >= 1.0 else int(other.score * fraction)
        out.append(
            {
                "team": _team_ref(req.world, line.team_id),
                "statistics": _team_stats(_scale(dict(line.stats), fraction), against),
            }
        )
    return out


def _game_player_stats(req: SimRequest) -> list[Any]:
    team_filter, player_filter = req.int_param("team"), req.int_param("player")
    group_filter = req.get("group")
    if group_filter is not None and group_filter.lower() not in _GROUP_BY_ID:
        raise req.error(
            "group", "The Group field must contain one of: " + ", ".join(sorted(_GROUP_BY_ID)) + "."
        )
    visible = _visible_game(req)
    if visible is None:
        return []
    game, fraction = visible
    box = req.world.box_score(game.api_id)
    out = []
    for team_id in (game.home, game.away):
        if team_filter is not None and team_id != team_filter:
            continue
        groups = []
        for name, (gid, stat_names) in GROUPS.items():
            if group_filter is not None and gid != group_filter.lower():
                continue
            players = []
            for line in box.lines_of(team_id):
                if name not in line.detail["groups"] or (
                    player_filter is not None and line.player_id != player_filter
                ):
                    continue
                stats = _scale(dict(line.stats), fraction)
                values = _group_values(gid, stats, line.detail["longest"])
                players.append(
                    {
                        "player": _player_ref(req.world, line.player_id),
                        "statistics": [
                            {"name": n, "value": v} for n, v in zip(stat_names, values, strict=True)
                        ],
                    }
                )
            if players:
                groups.append({"name": name, "players": players})
        out.append({"team": _team_ref(req.world, team_id), "groups": groups})
    return out


def _teams(req: SimRequest) -> list[Any]:
    team_id, league, season = req.int_param("id"), req.int_param("league"), req.season_param()
    name, code, search = req.get("name"), req.get("code"), req.get("search")
    if search is not None and len(search) < 3:
        raise req.error("search", "The Search field must be at least 3 characters.")
    if league is not None and league != LEAGUE_ID:
        return []
    out = []
    for team in req.world.teams(SPORT, "nfl" if season is not None else None, season):
        if (
            (team_id is not None and team.api_id != team_id)
            or (name is not None and team.name.casefold() != name.casefold())
            or (code is not None and team.code.casefold() != code.casefold())
            or (search is not None and search.casefold() not in team.name.casefold())
        ):
            continue
        rng = random.Random(f"{req.world.seed}:nfl-staff:{team.api_id}")
        stadium, established = _TEAM_FACTS.get(team.key, (f"{team.city} Stadium", 1960))
        out.append(
            {
                "id": team.api_id,
                "name": team.name,
                "code": team.code,
                "city": team.city,
                "coach": person(rng).name,
                "owner": person(rng).name,
                "stadium": stadium,
                "established": established,
                "logo": f"{_MEDIA}/teams/{team.api_id}.png",
                "country": _COUNTRY,
            }
        )
    return out


def _height(cm: int) -> str:
    inches = round(cm / 2.54)
    return f"{inches // 12}' {inches % 12}\""


def _players(req: SimRequest) -> list[Any]:
    world = req.world
    player_id, team_id, season = req.int_param("id"), req.int_param("team"), req.season_param()
    name, search = req.get("name"), req.get("search")
    if search is not None and len(search) < 3:
        raise req.error("search", "The Search field must be at least 3 characters.")
    if team_id is not None:
        team = world.team(SPORT, team_id)
        if team is None or (season is not None and not team.in_league("nfl", season)):
            return []
        pool: Iterable[SimPlayer] = world.roster(SPORT, team_id)
    else:
        pool = sorted(world.players(SPORT).values(), key=lambda p: p.api_id)
    today = req.now.date()
    out = []
    for p in pool:
        if (
            (player_id is not None and p.api_id != player_id)
            or (name is not None and p.name.casefold() != name.casefold())
            or (search is not None and search.casefold() not in p.name.casefold())
        ):
            continue
        salary = 750_000 + (p.experience * 1_250_000 + (p.api_id * 7919) % 900_000) * (
            3 if p.depth == 0 else 1
        )
        out.append(
            {
                "id": p.api_id,
                "name": p.name,
                "age": p.age_on(today),
                "height": _height(p.height_cm),
                "weight": f"{round(p.weight_kg * 2.20462)} lbs",
                "college": p.college,
                "group": p.group,
                "position": p.position,
                "number": p.number,
                "salary": f"${salary:,}",
                "experience": p.experience,
                "image": f"{_MEDIA}/players/{p.api_id}.png",
            }
        )
    return out


def _season_groups(s: dict[str, float]) -> list[dict[str, Any]]:
    """Season aggregates in the ``players/statistics`` group names (only groups with activity)."""

    def stat(name: str, value: str | int) -> dict[str, str]:
        return {"name": name, "value": str(value)}

    groups: list[dict[str, Any]] = []
    if s.get("passing.attempts"):
        att = s["passing.attempts"]
        groups.append(
            {
                "name": "Passing",
                "statistics": [
                    stat("passing attempts", _n(s, "passing.attempts")),
                    stat("completions", _n(s, "passing.completions")),
                    stat("completion pct", ratio(100 * s.get("passing.completions", 0), att)),
                    stat("yards", _n(s, "passing.yards")),
                    stat("yards per pass avg", ratio(s.get("passing.yards", 0), att)),
                    stat("passing touchdowns", _n(s, "passing.passing touch downs")),
                    stat("interceptions", _n(s, "passing.interceptions")),
                    stat("quaterback rating", _rating(s)),
                ],
            }
        )
    if s.get("rushing.total rushes"):
        groups.append(
            {
                "name": "Rushing",
                "statistics": [
                    stat("rushing attempts", _n(s, "rushing.total rushes")),
                    stat("yards", _n(s, "rushing.yards")),
                    stat("yards per rush avg", ratio(s.get("rushing.yards", 0), s["rushing.total rushes"])),
                    stat("rushing touchdowns", _n(s, "rushing.rushing touch downs")),
                ],
            }
        )
    if s.get("receiving.targets"):
        groups.append(
            {
                "name": "Receiving",
                "statistics": [
                    stat("receptions", _n(s, "receiving.total receptions")),
                    stat("receiving targets", _n(s, "receiving.targets")),
                    stat("yards", _n(s, "receiving.yards")),
                    stat(
                        "yards per reception avg",
                        ratio(s.get("receiving.yards", 0), s.get("receiving.total receptions", 0)),
                    ),
                    stat("receiving touchdowns", _n(s, "receiving.receiving touch downs")),
                ],
            }
        )
    if "defensive.tackles" in s:
        groups.append(
            {
                "name": "Defense",
                "statistics": [
                    stat("total tackles", _n(s, "defensive.tackles")),
                    stat("solo tackles", _n(s, "defensive.unassisted tackles")),
                    stat("sacks", _n(s, "defensive.sacks")),
                    stat("tackles for loss", _n(s, "defensive.tfl")),
                    stat("passes defended", _n(s, "defensive.passes defended")),
                    stat("interceptions", _n(s, "interceptions.total interceptions")),
                    stat("interception touchdowns", _n(s, "interceptions.intercepted touch downs")),
                    stat("forced fumbles", _n(s, "defensive.ff")),
                ],
            }
        )
    if "kicking.field goals attempts" in s:
        made, att = _n(s, "kicking.field goals made"), _n(s, "kicking.field goals attempts")
        groups.append(
            {
                "name": "Kicking",
                "statistics": [
                    stat("field goals made", made),
                    stat("field goals attempts", att),
                    stat("field goal pct", ratio(100 * made, att)),
                    stat("extra points made", _n(s, "kicking.extra point made")),
                    stat("extra points attempts", _n(s, "kicking.extra point attempts")),
                    stat("total points", _n(s, "kicking.points")),
                ],
            }
        )
    if s.get("punting.total"):
        groups.append(
            {
                "name": "Punting",
                "statistics": [
                    stat("punts", _n(s, "punting.total")),
                    stat("gross punting yards", _n(s, "punting.yards")),
                    stat("gross punting avg", ratio(s.get("punting.yards", 0), s["punting.total"])),
                    stat("punts inside 20", _n(s, "punting.in20")),
                    stat("touchbacks", _n(s, "punting.touchbacks")),
                ],
            }
        )
    if s.get("kick_returns.total") or s.get("punt_returns.total"):
        groups.append(
            {
                "name": "Returning",
                "statistics": [
                    stat("kick returns", _n(s, "kick_returns.total")),
                    stat("kick return yards", _n(s, "kick_returns.yards")),
                    stat("kick return touchdowns", _n(s, "kick_returns.td")),
                    stat("punt returns", _n(s, "punt_returns.total")),
                    stat("punt return yards", _n(s, "punt_returns.yards")),
                    stat("punt return touchdowns", _n(s, "punt_returns.td")),
                ],
            }
        )
    touchdowns = (
        _n(s, "rushing.rushing touch downs")
        + _n(s, "receiving.receiving touch downs")
        + _n(s, "interceptions.intercepted touch downs")
    )
    if touchdowns or s.get("kicking.points"):
        groups.append(
            {
                "name": "Scoring",
                "statistics": [
                    stat("total touchdowns", touchdowns),
                    stat("total points", 6 * touchdowns + _n(s, "kicking.points")),
                ],
            }
        )
    return groups


def _season_stats(req: SimRequest) -> list[Any]:
    world = req.world
    player_id, team_id = req.int_param("id"), req.int_param("team")
    season = req.season_param(required=True)
    req.require_any("id", "team")
    assert season is not None
    if season < FIRST_STATS_SEASON:
        return []
    if player_id is not None:
        player = world.player(SPORT, player_id)
        players = [player] if player is not None and team_id in (None, player.team_api_id) else []
    else:
        assert team_id is not None
        players = list(world.roster(SPORT, team_id)) if world.team(SPORT, team_id) is not None else []
    out = []
    for p in players:
        totals = world.truth_player_season(SPORT, p.api_id, season)
        groups = _season_groups(totals)
        if not groups:
            continue
        out.append(
            {
                "player": _player_ref(world, p.api_id),
                "teams": [{"team": _team_ref(world, p.team_api_id), "groups": groups}],
            }
        )
    return out


def _leagues(req: SimRequest) -> list[Any]:
    league, season = req.int_param("id"), req.season_param()
    if league not in (None, LEAGUE_ID):
        return []
    seasons = sorted({g.season for g in req.world.games(SPORT)} | ({season} if season is not None else set()))
    current = req.world.current_season(SPORT)
    coverage = {
        "games": {"events": True, "statistics": {"teams": True, "players": True}},
        "statistics": {"season": {"players": True}},
        "players": True,
        "injuries": True,
        "standings": True,
    }
    rows = [
        {
            "year": s,
            "start": f"{s}-08-01",
            "end": f"{s + 1}-02-09",
            "current": s == current,
            "coverage": coverage,
        }
        for s in seasons
        if season is None or s == season
    ]
    if req.get("current") == "true":
        rows = [r for r in rows if r["current"]]
    return [{"league": {k: _LEAGUE[k] for k in ("id", "name", "logo")}, "country": _COUNTRY, "seasons": rows}]


def _seasons(req: SimRequest) -> list[Any]:
    seasons = {s for team in req.world.teams(SPORT) for s in team.leagues.get("nfl", ())}
    return sorted(seasons | {g.season for g in req.world.games(SPORT)})
