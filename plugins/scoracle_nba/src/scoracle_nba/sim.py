"""API-NBA v2 in the simulator: rosters, box scores and the endpoints the strategies use.

Endpoints: ``/games`` (id, date, live, league, season, team, h2h), ``/games/statistics`` (id),
``/players/statistics`` (game | id [+ season] | team [+ season] | season), ``/players`` (id,
name, team, season, country, search), ``/teams`` (id, name, code, league, conference,
division, search), ``/teams/statistics`` (id + season [+ stage]), ``/seasons``, ``/leagues``.
``/players/statistics`` by player or team lists the lines of **finished** games only, so a
season's sums are the sums of its finished games.

Truth (:class:`~scoracle_core.sim.truth.PlayerLine` ``stats``), named as the API does:
``min`` (minutes, 36.2 = 36:12), ``points``, ``fgm``, ``fga``, ``ftm``, ``fta``, ``tpm``, ``tpa``,
``offReb``, ``defReb``, ``totReb``, ``assists``, ``pFouls``, ``steals``, ``turnovers``,
``blocks``, ``plusMinus``; ``detail``: ``pos``, ``seconds``, ``comment`` (DNP lines: all zeros,
``"0:00"``, a ``"DNP - …"`` comment). Team lines sum the player lines, ``plusMinus`` is the
margin, and the advanced fields (``fastBreakPoints`` … ``longestRun``) are drawn per game.
Status: 1 Scheduled → 2 In Play (quarters, halftime) → 3 Finished 2 h 30 after tip-off; 4
Postponed.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from scoracle_core.sim.api import ApiTexts, Endpoint, SimRequest
from scoracle_core.sim.bundled import games_from_bundled
from scoracle_core.sim.fmt import iso_ms_z, mmss, pct, signed
from scoracle_core.sim.gen import binomial, birth_date, split_total, spread
from scoracle_core.sim.names import person
from scoracle_core.sim.truth import BoxScore, PlayerLine, TeamLine, sum_stats
from scoracle_core.sim.world import GameSpec, Phase, SimGame, SimPlayer, SimTeam, World, player_api_id

if TYPE_CHECKING:
    from scoracle_core.model import Game

__all__ = ["NbaSimApi", "make_sim_api"]

SPORT = "nba"
LEAGUE = "standard"
DURATION = timedelta(hours=2, minutes=30)
COUNTING = (
    "points",
    "fgm",
    "fga",
    "ftm",
    "fta",
    "tpm",
    "tpa",
    "offReb",
    "defReb",
    "totReb",
    "assists",
    "pFouls",
    "steals",
    "turnovers",
    "blocks",
)
ADVANCED = (
    "fastBreakPoints",
    "pointsInPaint",
    "biggestLead",
    "secondChancePoints",
    "pointsOffTurnovers",
    "longestRun",
)
_POSITIONS = ("PG", "SG", "SF", "PF", "C")
_SHORT_POS = {"PG": "G", "SG": "G", "SF": "F", "PF": "F", "C": "C"}
_HEIGHT = {"PG": (185, 194), "SG": (190, 199), "SF": (198, 206), "PF": (203, 211), "C": (208, 218)}
_THREE_RATE = {"PG": 0.48, "SG": 0.52, "SF": 0.46, "PF": 0.38, "C": 0.18}
_REB = {"PG": 0.8, "SG": 1.0, "SF": 1.5, "PF": 2.4, "C": 3.0}
_AST = {"PG": 3.0, "SG": 1.6, "SF": 1.3, "PF": 1.0, "C": 0.8}
_BLK = {"PG": 0.3, "SG": 0.5, "SF": 1.0, "PF": 2.0, "C": 3.5}
_DNP = ("DNP - Coach's Decision", "DNP - Coach's Decision", "DNP - Coach's Decision", "DNP - Injury/Illness")
_OFFICIALS = (
    "Scott Foster",
    "Tony Brothers",
    "Kane Fitzgerald",
    "Marc Davis",
    "Zach Zarba",
    "James Williams",
    "Ed Malloy",
    "John Goble",
    "Sean Wright",
    "Bill Kennedy",
    "Courtney Kirkland",
    "Josh Tiven",
)

# key → (conference, division, arena, state, country); the catalog has no arenas.
_TEAM_FACTS: dict[str, tuple[str, str, str, str, str]] = {
    "atl": ("East", "Southeast", "State Farm Arena", "GA", "USA"),
    "bos": ("East", "Atlantic", "TD Garden", "MA", "USA"),
    "bkn": ("East", "Atlantic", "Barclays Center", "NY", "USA"),
    "cha": ("East", "Southeast", "Spectrum Center", "NC", "USA"),
    "chi": ("East", "Central", "United Center", "IL", "USA"),
    "cle": ("East", "Central", "Rocket Mortgage FieldHouse", "OH", "USA"),
    "dal": ("West", "Southwest", "American Airlines Center", "TX", "USA"),
    "den": ("West", "Northwest", "Ball Arena", "CO", "USA"),
    "det": ("East", "Central", "Little Caesars Arena", "MI", "USA"),
    "gsw": ("West", "Pacific", "Chase Center", "CA", "USA"),
    "hou": ("West", "Southwest", "Toyota Center", "TX", "USA"),
    "ind": ("East", "Central", "Gainbridge Fieldhouse", "IN", "USA"),
    "lac": ("West", "Pacific", "Intuit Dome", "CA", "USA"),
    "lal": ("West", "Pacific", "Crypto.com Arena", "CA", "USA"),
    "mem": ("West", "Southwest", "FedExForum", "TN", "USA"),
    "mia": ("East", "Southeast", "Kaseya Center", "FL", "USA"),
    "mil": ("East", "Central", "Fiserv Forum", "WI", "USA"),
    "min": ("West", "Northwest", "Target Center", "MN", "USA"),
    "nop": ("West", "Southwest", "Smoothie King Center", "LA", "USA"),
    "nyk": ("East", "Atlantic", "Madison Square Garden", "NY", "USA"),
    "okc": ("West", "Northwest", "Paycom Center", "OK", "USA"),
    "orl": ("East", "Southeast", "Kia Center", "FL", "USA"),
    "phi": ("East", "Atlantic", "Wells Fargo Center", "PA", "USA"),
    "phx": ("West", "Pacific", "Footprint Center", "AZ", "USA"),
    "por": ("West", "Northwest", "Moda Center", "OR", "USA"),
    "sac": ("West", "Pacific", "Golden 1 Center", "CA", "USA"),
    "sas": ("West", "Southwest", "Frost Bank Center", "TX", "USA"),
    "tor": ("East", "Atlantic", "Scotiabank Arena", "ON", "Canada"),
    "uta": ("West", "Northwest", "Delta Center", "UT", "USA"),
    "was": ("East", "Southeast", "Capital One Arena", "DC", "USA"),
}


class NbaSimApi:
    """The simulated API-NBA v2 host (see the module docstring)."""

    sport = SPORT
    paging = False
    texts = ApiTexts(
        docs_url="https://api-sports.io/documentation/nba/v2", dashboard_url="https://dashboard.api-sports.io"
    )
    game_duration = DURATION

    def endpoints(self) -> Sequence[Endpoint]:
        """The routes of API-NBA v2 the simulator serves."""
        return (
            Endpoint(
                path="games",
                params={"id", "date", "live", "league", "season", "team", "h2h"},
                handler=_games,
                needs_params=True,
            ),
            Endpoint(path="games/statistics", params={"id"}, handler=_games_statistics),
            Endpoint(
                path="players/statistics",
                params={"id", "game", "team", "season"},
                handler=_players_statistics,
                needs_params=True,
            ),
            Endpoint(
                path="players",
                params={"id", "name", "team", "season", "country", "search"},
                handler=_players,
                needs_params=True,
            ),
            Endpoint(
                path="teams",
                params={"id", "name", "code", "league", "conference", "division", "search"},
                handler=_teams,
            ),
            Endpoint(path="teams/statistics", params={"id", "season", "stage"}, handler=_teams_statistics),
            Endpoint(path="seasons", params=set(), handler=_seasons),
            Endpoint(
                path="leagues",
                params=set(),
                handler=lambda req: ["africa", "orlando", "sacramento", "standard", "utah", "vegas"],
            ),
        )

    def roster(self, team: SimTeam, rng: random.Random) -> Sequence[SimPlayer]:
        """15 players: three per position, depth 0-2."""
        players: list[SimPlayer] = []
        numbers = rng.sample(range(100), 15)
        for depth in range(3):
            for pos in _POSITIONS:
                slot = len(players) + 1
                who = person(rng, style="us")
                low, high = _HEIGHT[pos]
                height = rng.randint(low, high)
                born = birth_date(rng, age_low=20, age_high=36)
                players.append(
                    SimPlayer(
                        sport=SPORT,
                        api_id=player_api_id(team.api_id, slot),
                        team_api_id=team.api_id,
                        first_name=who.first,
                        last_name=who.last,
                        position=pos,
                        number=numbers[slot - 1],
                        depth=depth,
                        birth_date=born,
                        height_cm=height,
                        weight_kg=int(height * 0.5 + rng.randint(-6, 12)),
                        country=who.country,
                        college=who.college,
                        experience=rng.randint(0, max(0, 2024 - born.year - 20)),
                    )
                )
        return players

    def box_score(
        self, game: SimGame, home: Sequence[SimPlayer], away: Sequence[SimPlayer], rng: random.Random
    ) -> BoxScore:
        """A full game: 10-13 players per side, 240 minutes, no tie."""
        home_lines = _team_lines(home, rng)
        away_lines = _team_lines(away, rng)
        home_pts, away_pts = _points(home_lines), _points(away_lines)
        if home_pts == away_pts:  # basketball has no ties: one more free throw
            top = max(home_lines, key=lambda ln: ln["points"])
            top["fta"] += 1
            top["ftm"] += 1
            top["points"] += 1
            home_pts += 1
        margin = home_pts - away_pts
        players = [*_finish(home_lines, margin, rng), *_finish(away_lines, -margin, rng)]
        home_team = _team_line(
            game.home, home_pts, [p for p in players if p.team_id == game.home], margin, rng
        )
        away_team = _team_line(
            game.away, away_pts, [p for p in players if p.team_id == game.away], -margin, rng
        )
        detail = {
            "officials": tuple(rng.sample(_OFFICIALS, 3)),
            "timesTied": rng.randint(0, 12),
            "leadChanges": rng.randint(0, 15),
            "duration_min": rng.randint(125, 145),
        }
        return BoxScore(game_id=game.api_id, home=home_team, away=away_team, players=players, detail=detail)

    def bundled_schedule(self) -> Iterable[Game | GameSpec] | None:
        """The games of the plugin's bundled schedules (``None`` when it ships none)."""
        from scoracle_nba.formats import make_formats
        from scoracle_nba.sport import make_sport

        return games_from_bundled(make_sport(), make_formats())


def make_sim_api() -> NbaSimApi:
    """The NBA simulator API (registered by the plugin's ``register_sim_apis``)."""
    return NbaSimApi()


# -- generation ---------------------------------------------------------------------------------
def _team_lines(roster: Sequence[SimPlayer], rng: random.Random) -> list[dict[str, Any]]:
    """Raw counting stats for every roster player (``seconds`` 0 for a DNP)."""
    order = sorted(roster, key=lambda p: (p.depth, rng.random()))
    playing = order[: rng.randint(10, 13)]
    if rng.random() < 0.3:  # a rotation player sits out
        sitting = rng.choice(playing[5:])
        playing = [p for p in playing if p is not sitting]
    weights = [
        rng.uniform(30, 38) if p.depth == 0 else rng.uniform(14, 24) if i < 8 else rng.uniform(3, 12)
        for i, p in enumerate(playing)
    ]
    total_w = sum(weights)
    seconds = [int(w / total_w * 14400) for w in weights]
    for i in range(14400 - sum(seconds)):
        seconds[i % len(seconds)] += 1
    usage = [
        s * rng.uniform(0.6, 1.4) * (1.3 if p.depth == 0 else 1.0)
        for p, s in zip(playing, seconds, strict=True)
    ]
    fga = spread(rng, rng.randint(83, 96), usage)
    fta = spread(rng, rng.randint(16, 28), usage)
    lines: list[dict[str, Any]] = []
    minutes_w = [s / 2880 for s in seconds]
    off = spread(
        rng, rng.randint(7, 14), [w * _REB[p.position] for p, w in zip(playing, minutes_w, strict=True)]
    )
    dfn = spread(
        rng, rng.randint(30, 40), [w * _REB[p.position] for p, w in zip(playing, minutes_w, strict=True)]
    )
    stl = spread(rng, rng.randint(5, 11), minutes_w)
    blk = spread(
        rng, rng.randint(3, 8), [w * _BLK[p.position] for p, w in zip(playing, minutes_w, strict=True)]
    )
    tov = spread(rng, rng.randint(10, 17), usage)
    fouls = spread(rng, rng.randint(15, 23), minutes_w, cap=6)
    for i, p in enumerate(playing):
        tpa = binomial(rng, fga[i], _THREE_RATE[p.position])
        tpm = binomial(rng, tpa, rng.uniform(0.33, 0.40))
        fgm = tpm + binomial(rng, fga[i] - tpa, rng.uniform(0.50, 0.58))
        ftm = binomial(rng, fta[i], 0.78)
        lines.append(
            {
                "player": p,
                "seconds": seconds[i],
                "fgm": fgm,
                "fga": fga[i],
                "ftm": ftm,
                "fta": fta[i],
                "tpm": tpm,
                "tpa": tpa,
                "offReb": off[i],
                "defReb": dfn[i],
                "assists": 0,
                "pFouls": fouls[i],
                "steals": stl[i],
                "turnovers": tov[i],
                "blocks": blk[i],
                "points": 2 * fgm + tpm + ftm,
            }
        )
    team_fgm = sum(ln["fgm"] for ln in lines)
    assists = spread(
        rng,
        int(team_fgm * rng.uniform(0.55, 0.68)),
        [w * _AST[p.position] for p, w in zip(playing, minutes_w, strict=True)],
    )
    for line, ast in zip(lines, assists, strict=True):
        line["assists"] = ast
    played = {id(p) for p in playing}
    for p in order:
        if id(p) not in played:
            lines.append(
                {"player": p, "seconds": 0, "comment": rng.choice(_DNP), **dict.fromkeys(COUNTING, 0)}
            )
    by_roster = {id(p): i for i, p in enumerate(roster)}
    return sorted(lines, key=lambda ln: (ln["seconds"] == 0, by_roster[id(ln["player"])]))


def _points(lines: Sequence[dict[str, Any]]) -> int:
    return sum(int(ln["points"]) for ln in lines)


def _finish(lines: list[dict[str, Any]], margin: int, rng: random.Random) -> list[PlayerLine]:
    result: list[PlayerLine] = []
    starters = {id(ln["player"]) for ln in lines[:5]}
    for ln in lines:
        p: SimPlayer = ln["player"]
        played = ln["seconds"] > 0
        stats = {k: float(ln[k]) for k in COUNTING if k != "totReb"}
        stats["totReb"] = float(ln["offReb"] + ln["defReb"])
        stats["min"] = ln["seconds"] / 60
        stats["plusMinus"] = float(round(margin * ln["seconds"] / 2880 + rng.gauss(0, 4))) if played else 0.0
        result.append(
            PlayerLine(
                player_id=p.api_id,
                team_id=p.team_api_id,
                played=played,
                starter=id(p) in starters,
                stats=stats,
                detail={"pos": p.position, "seconds": ln["seconds"], "comment": ln.get("comment")},
            )
        )
    return result


def _team_line(
    team_id: int, points: int, players: Sequence[PlayerLine], margin: int, rng: random.Random
) -> TeamLine:
    sums = sum_stats(p.stats for p in players)
    stats = {k: sums.get(k, 0.0) for k in COUNTING}
    stats["min"] = 240.0
    stats["plusMinus"] = float(margin)
    stats["fastBreakPoints"] = float(rng.randint(6, 22))
    stats["pointsInPaint"] = float(2 * round(points * rng.uniform(0.38, 0.5) / 2))
    stats["biggestLead"] = float(max(margin, 0) + rng.randint(2, 12) if margin > 0 else rng.randint(0, 10))
    stats["secondChancePoints"] = float(rng.randint(6, 20))
    stats["pointsOffTurnovers"] = float(rng.randint(10, 25))
    stats["longestRun"] = float(rng.randint(6, 14))
    return TeamLine(
        team_id=team_id, score=points, periods=split_total(rng, points, 4, low=0.85, high=1.15), stats=stats
    )


# -- live views ------------------------------------------------------------------------------------
def _scaled(line: PlayerLine, fraction: float) -> dict[str, float]:
    """A player's line ``fraction`` of the way through the game (counting stats floored)."""
    if fraction >= 1.0:
        return dict(line.stats)
    out = {k: float(int(line.stats.get(k, 0.0) * fraction)) for k in COUNTING}
    out["totReb"] = out["offReb"] + out["defReb"]
    out["points"] = 2 * out["fgm"] + out["tpm"] + out["ftm"]
    out["plusMinus"] = float(int(line.stats.get("plusMinus", 0.0) * fraction))
    out["min"] = int(line.detail["seconds"] * fraction) / 60
    return out


def _game_clock(world: World, game: SimGame) -> tuple[Phase, float, int, bool, str | None]:
    """(phase, fraction of the 48 game minutes played, current period, halftime, clock text)."""
    state = world.state(game)
    if state.phase != Phase.LIVE:
        done = 1.0 if state.phase == Phase.FINISHED else 0.0
        return state.phase, done, 4 if done else 0, False, None
    minutes = state.elapsed.total_seconds() / 60
    # Real time: Q1 0-33, Q2 33-66, halftime 66-84, Q3 84-117, Q4 117-150 minutes after tip-off.
    if 66 <= minutes < 84:
        return state.phase, 0.5, 2, True, None
    played_real = minutes if minutes < 66 else minutes - 18
    period = min(4, int(played_real // 33) + 1)
    in_period = min(1.0, (played_real - 33 * (period - 1)) / 33)
    fraction = min(1.0, ((period - 1) + in_period) / 4)
    remaining = round(12 * 60 * (1 - in_period))
    return state.phase, fraction, period, False, mmss(remaining)


def _visible_lines(world: World, game: SimGame) -> list[tuple[PlayerLine, dict[str, float]]]:
    """The lines an API call shows now: none before tip-off, scaled while live, final after."""
    phase, fraction, *_ = _game_clock(world, game)
    if phase in (Phase.SCHEDULED, Phase.POSTPONED):
        return []
    box = world.box_score(game.api_id)
    ordered = [*box.lines_of(game.away), *box.lines_of(game.home)]
    return [(line, _scaled(line, fraction)) for line in ordered]


# -- rendering --------------------------------------------------------------------------------------
def _logo(team_id: int) -> str:
    return f"https://media.api-sports.io/basketball/teams/{team_id}.png"


def _team_ref(team: SimTeam) -> dict[str, Any]:
    return {
        "id": team.api_id,
        "name": team.name,
        "nickname": team.short_name,
        "code": team.code,
        "logo": _logo(team.api_id),
    }


def _team(world: World, team_id: int) -> SimTeam:
    team = world.team(SPORT, team_id)
    assert team is not None, team_id
    return team


def _status(phase: Phase, halftime: bool, clock: str | None) -> dict[str, Any]:
    short, long = {
        Phase.SCHEDULED: (1, "Scheduled"),
        Phase.LIVE: (2, "In Play"),
        Phase.FINISHED: (3, "Finished"),
        Phase.POSTPONED: (4, "Postponed"),
    }[phase]
    return {"clock": clock, "halftime": halftime, "short": short, "long": long}


def _game_item(world: World, game: SimGame) -> dict[str, Any]:
    phase, fraction, period, halftime, clock = _game_clock(world, game)
    home, away = _team(world, game.home), _team(world, game.away)
    facts = _TEAM_FACTS.get(home.key, ("", "", f"{home.city} Arena", "", "USA"))
    started = phase in (Phase.LIVE, Phase.FINISHED)
    box = world.box_score(game.api_id) if started else None
    end = duration = None
    if box is not None and phase == Phase.FINISHED:
        minutes = int(box.detail["duration_min"])
        end = iso_ms_z(game.start_at + timedelta(minutes=minutes))
        duration = f"{minutes // 60}:{minutes % 60:02d}"

    def side(team_id: int) -> dict[str, Any]:
        wins, losses, _ = world.record(game, team_id)
        linescore: list[str] = []
        points: int | None = None
        if box is not None:
            quarters = box.team(team_id).periods
            done = 4 if phase == Phase.FINISHED else period - 1 if not halftime else 2
            linescore = [str(q) for q in quarters[:done]]
            if phase == Phase.LIVE and not halftime and done < 4:
                in_period = fraction * 4 - done
                linescore.append(str(int(quarters[done] * max(0.0, in_period))))
            points = sum(int(x) for x in linescore)
        return {
            "win": wins,
            "loss": losses,
            "series": {"win": 0, "loss": 0},
            "linescore": linescore,
            "points": points,
        }

    return {
        "id": game.api_id,
        "league": LEAGUE,
        "season": game.season,
        "date": {"start": iso_ms_z(game.start_at), "end": end, "duration": duration},
        "stage": 2,
        "status": _status(phase, halftime, clock),
        "periods": {"current": period, "total": 4, "endOfPeriod": False},
        "arena": {"name": game.venue or facts[2], "city": home.city, "state": facts[3], "country": facts[4]},
        "teams": {"visitors": _team_ref(away), "home": _team_ref(home)},
        "scores": {"visitors": side(game.away), "home": side(game.home)},
        "officials": list(box.detail["officials"]) if box is not None else [],
        "timesTied": box.detail["timesTied"] if box is not None and phase == Phase.FINISHED else None,
        "leadChanges": box.detail["leadChanges"] if box is not None and phase == Phase.FINISHED else None,
        "nugget": None,
    }


def _box_fields(stats: dict[str, float]) -> dict[str, Any]:
    s = {k: int(stats.get(k, 0.0)) for k in COUNTING}
    return {
        "points": s["points"],
        "fgm": s["fgm"],
        "fga": s["fga"],
        "fgp": pct(s["fgm"], s["fga"]),
        "ftm": s["ftm"],
        "fta": s["fta"],
        "ftp": pct(s["ftm"], s["fta"]),
        "tpm": s["tpm"],
        "tpa": s["tpa"],
        "tpp": pct(s["tpm"], s["tpa"]),
        "offReb": s["offReb"],
        "defReb": s["defReb"],
        "totReb": s["totReb"],
        "assists": s["assists"],
        "pFouls": s["pFouls"],
        "steals": s["steals"],
        "turnovers": s["turnovers"],
        "blocks": s["blocks"],
    }


def _player_line_item(
    world: World, game: SimGame, line: PlayerLine, stats: dict[str, float]
) -> dict[str, Any]:
    player = world.player(SPORT, line.player_id)
    assert player is not None
    fields = _box_fields(stats)
    points = fields.pop("points")
    return {
        "player": {"id": player.api_id, "firstname": player.first_name, "lastname": player.last_name},
        "team": _team_ref(_team(world, line.team_id)),
        "game": {"id": game.api_id},
        "points": points,
        "pos": line.detail["pos"],
        "min": mmss(round(stats.get("min", 0.0) * 60)),
        **fields,
        "plusMinus": signed(int(stats.get("plusMinus", 0.0))),
        "comment": line.detail.get("comment"),
    }


def _player_item(player: SimPlayer, season: int) -> dict[str, Any]:
    inches_total = round(player.height_cm / 2.54)
    return {
        "id": player.api_id,
        "firstname": player.first_name,
        "lastname": player.last_name,
        "birth": {"date": player.birth_date.isoformat(), "country": player.country},
        "nba": {"start": season - player.experience, "pro": player.experience},
        "height": {
            "feets": str(inches_total // 12),
            "inches": str(inches_total % 12),
            "meters": f"{player.height_cm / 100:.2f}",
        },
        "weight": {"pounds": str(round(player.weight_kg * 2.20462)), "kilograms": f"{player.weight_kg:.1f}"},
        "college": player.college,
        "affiliation": f"{player.college}/{player.country}",
        "leagues": {
            "standard": {"jersey": player.number, "active": True, "pos": _SHORT_POS[player.position]}
        },
    }


# -- handlers --------------------------------------------------------------------------------------
def _games(req: SimRequest) -> list[Any]:
    world = req.world
    game_id = req.int_param("id")
    team = req.int_param("team")
    season = req.season_param()
    day = req.date_param()
    league = req.get("league")
    h2h = req.get("h2h")
    live = req.get("live")
    if live is not None and live != "all":
        raise req.error("live", "The Live field must contain the value: all.")
    pair: set[int] | None = None
    if h2h is not None:
        parts = h2h.split("-")
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            raise req.error("h2h", "The H2h field must contain two team ids separated by a dash: 1-4.")
        pair = {int(parts[0]), int(parts[1])}
    if game_id is not None:
        found = world.find_game(SPORT, game_id)
        candidates = [found] if found is not None else []
    else:
        candidates = world.games(SPORT, season=season, team=team)
    games = []
    for game in candidates:
        if league is not None and league != LEAGUE:
            continue
        if season is not None and game.season != season:
            continue
        if team is not None and team not in game.teams:
            continue
        if day is not None and game.start_at.date() != day:
            continue
        if pair is not None and set(game.teams) != pair:
            continue
        if live == "all" and world.state(game).phase != Phase.LIVE:
            continue
        games.append(game)
    if game_id is not None:
        for game in games:
            req.check_game(game)
    return [_game_item(world, g) for g in games]


def _games_statistics(req: SimRequest) -> list[Any]:
    game_id = req.int_param("id", required=True)
    assert game_id is not None
    game = req.world.find_game(SPORT, game_id)
    if game is None:
        return []
    req.check_game(game)
    visible = _visible_lines(req.world, game)
    if not visible:
        return []
    box = req.world.box_score(game.api_id)
    items = []
    for team_id in (game.away, game.home):
        mine = [stats for line, stats in visible if line.team_id == team_id]
        sums = sum_stats(mine)
        truth = box.team(team_id).stats
        final = req.world.finished(game)
        stats: dict[str, Any] = {k: (int(truth[k]) if final else None) for k in ADVANCED}
        stats.update(_box_fields(sums))
        margin = int(truth["plusMinus"]) if final else int(sum(s.get("plusMinus", 0.0) for s in mine) / 5)
        stats["plusMinus"] = signed(margin)
        stats["min"] = mmss(round(sums.get("min", 0.0) * 60))
        items.append({"team": _team_ref(_team(req.world, team_id)), "statistics": [stats]})
    return items


def _players_statistics(req: SimRequest) -> list[Any]:
    world = req.world
    game_id = req.int_param("game")
    player_id = req.int_param("id")
    team_id = req.int_param("team")
    season = req.season_param()
    if game_id is not None:
        game = world.find_game(SPORT, game_id)
        if game is None:
            return []
        req.check_game(game)
        rows = _visible_lines(world, game)
        return [
            _player_line_item(world, game, line, stats)
            for line, stats in rows
            if (player_id is None or line.player_id == player_id)
            and (team_id is None or line.team_id == team_id)
        ]
    if player_id is not None:
        player = world.player(SPORT, player_id)
        if player is None:
            return []
        team_id = player.team_api_id if team_id is None or team_id == player.team_api_id else -1
    games = (
        world.games(SPORT, season=season, team=team_id)
        if team_id is not None
        else world.games(SPORT, season=season)
    )
    out: list[Any] = []
    for game in games:
        if not world.finished(game):
            continue
        box = world.box_score(game.api_id)
        for line in [*box.lines_of(game.away), *box.lines_of(game.home)]:
            if (player_id is None or line.player_id == player_id) and (
                team_id is None or line.team_id == team_id
            ):
                out.append(_player_line_item(world, game, line, dict(line.stats)))
    return out


def _players(req: SimRequest) -> list[Any]:
    world = req.world
    player_id = req.int_param("id")
    team_id = req.int_param("team")
    season = req.season_param()
    name, search, country = req.get("name"), req.get("search"), req.get("country")
    if search is not None and len(search) < 3:
        raise req.error("search", "The Search field must be at least 3 characters.")
    shown_season = season if season is not None else world.current_season(SPORT)
    if team_id is not None:
        team = world.team(SPORT, team_id)
        if team is None or (season is not None and not team.in_league(LEAGUE, season)):
            return []
        pool: Iterable[SimPlayer] = world.roster(SPORT, team_id)
    else:
        pool = sorted(world.players(SPORT).values(), key=lambda p: p.api_id)
    found = []
    for p in pool:
        if player_id is not None and p.api_id != player_id:
            continue
        if name is not None and p.last_name.casefold() != name.casefold():
            continue
        if search is not None and search.casefold() not in p.name.casefold():
            continue
        if country is not None and p.country.casefold() != country.casefold():
            continue
        found.append(_player_item(p, shown_season))
    return found


def _teams(req: SimRequest) -> list[Any]:
    team_id = req.int_param("id")
    name, code, league = req.get("name"), req.get("code"), req.get("league")
    conference, division, search = req.get("conference"), req.get("division"), req.get("search")
    if search is not None and len(search) < 3:
        raise req.error("search", "The Search field must be at least 3 characters.")
    if league is not None and league != LEAGUE:
        return []
    out = []
    for team in req.world.teams(SPORT):
        conf, div, *_ = _TEAM_FACTS.get(team.key, ("", "", "", "", ""))
        if (
            (team_id is not None and team.api_id != team_id)
            or (name is not None and team.name.casefold() != name.casefold())
            or (code is not None and team.code.casefold() != code.casefold())
            or (conference is not None and conf.casefold() != conference.casefold())
            or (division is not None and div.casefold() != division.casefold())
            or (search is not None and search.casefold() not in team.name.casefold())
        ):
            continue
        out.append(
            {
                "id": team.api_id,
                "name": team.name,
                "nickname": team.short_name,
                "code": team.code,
                "city": team.city,
                "logo": _logo(team.api_id),
                "allStar": False,
                "nbaFranchise": True,
                "leagues": {
                    "standard": {"conference": conf, "division": div},
                    "vegas": {"conference": "summer", "division": None},
                },
            }
        )
    return out


def _teams_statistics(req: SimRequest) -> list[Any]:
    team_id = req.int_param("id")
    season = req.season_param()
    req.require("id", "season")
    stage = req.int_param("stage")
    assert team_id is not None
    assert season is not None
    if req.world.team(SPORT, team_id) is None or stage not in (None, 2):
        return []
    games = req.world.finished_games(SPORT, season, team=team_id)
    totals = req.world.truth_team_season(SPORT, team_id, season)
    item: dict[str, Any] = {"games": len(games)}
    item.update({k: int(totals.get(k, 0.0)) for k in ADVANCED})
    item.update(_box_fields(totals))
    item["plusMinus"] = int(totals.get("plusMinus", 0.0))
    return [item]


def _seasons(req: SimRequest) -> list[Any]:
    seasons = {s for team in req.world.teams(SPORT) for s in team.leagues.get(LEAGUE, ())}
    seasons |= {g.season for g in req.world.games(SPORT)}
    return sorted(seasons)
