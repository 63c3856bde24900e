"""The per-entity strategies: ``boxscore``, ``roster`` and ``blanket`` (costs in ``stats.py``).

Each first makes its precondition calls (the fixture, the squads, the league's team list), then
one call (or one paged call) per entity, whose non-fatal failures land in
``GameOutcome.failed``. Entities are as in :mod:`~scoracle_football.outcomes`: a team id is the
team and its players, a player id the player. With ``SeedTarget.only`` set, only those entities
are fetched (a team: its fixture box and participants, or its squad, plus ``teams/statistics``;
a player: ``players?id=P&season&league``).

Season rows are kept to the target's two teams and league before anything is returned: rows of
other clubs (a transferred player's old club, every other team of a ``blanket`` sweep) and other
competitions are dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from datetime import timedelta
from functools import partial

import attrs

from scoracle_core.errors import ApiError, PayloadError
from scoracle_core.model import GameStatus, Player, PlayerSeasonStats, TeamSeasonStats, player_id, split_id
from scoracle_core.seeding import GameOutcome, SeedTarget
from scoracle_football._calls import Meter, describe
from scoracle_football.outcomes import (
    SPORT,
    failure,
    fixture_outcome,
    player_season_rows,
    same_teams,
    team_season_row,
    untouched,
)
from scoracle_football.transforms import (
    SeasonLine,
    parse_fixtures,
    parse_player_seasons,
    parse_squads,
    parse_team_ids,
    parse_team_season,
)

__all__ = ["blanket", "boxscore", "roster"]

_log = logging.getLogger(__name__)


@attrs.define
class _Harvest:
    """What the per-entity calls of one target produced so far."""

    target: SeedTarget
    meter: Meter
    team_season: list[TeamSeasonStats] = attrs.Factory(list)
    player_season: list[PlayerSeasonStats] = attrs.Factory(list)
    players: dict[str, Player] = attrs.Factory(dict)
    failed: list[str] = attrs.Factory(list)
    errors: list[str] = attrs.Factory(list)

    async def attempt(self, entity: str, call: Callable[[], Awaitable[None]]) -> None:
        """Run one entity's call; a non-fatal :class:`ApiError` marks the entity failed."""
        try:
            await call()
        except ApiError as exc:
            if self.meter.must_raise(exc, covers_all=False):
                raise
            _log.warning(
                "football.entity.failed game=%s entity=%s error=%s", self.target.game.id, entity, exc
            )
            self.failed.append(entity)
            self.errors.append(f"{entity}: {exc}")

    def add_players(self, lines: Iterable[SeasonLine]) -> None:
        rows, players = player_season_rows(self.target, lines)
        self.player_season.extend(rows)
        for player in players:
            self.players.setdefault(player.id, player)

    def into(self, base: GameOutcome, *, calls: int) -> GameOutcome:
        """``base`` (the fixture's outcome, or an untouched one) with the season rows added."""
        players = {p.id: p for p in base.players}
        for pid, player in self.players.items():
            players.setdefault(pid, player)
        return attrs.evolve(
            base,
            team_season=(*base.team_season, *self.team_season),
            player_season=(*base.player_season, *self.player_season),
            players=tuple(players.values()),
            failed=(*base.failed, *self.failed),
            errors=(*base.errors, *self.errors),
            calls=base.calls + calls,
        )


def _season_params(target: SeedTarget, **extra: str | int) -> dict[str, str | int]:
    return {**extra, "season": target.game.season, "league": target.league.api_id}


async def _player_season(meter: Meter, harvest: _Harvest, api_id: int) -> None:
    """``players?id=P&season&league``: one player's season row(s) for the game's teams."""
    params = _season_params(harvest.target, id=api_id)
    lines = parse_player_seasons(await meter.get("players", params), request=describe("players", params))
    harvest.add_players(line for line in lines if line.player_api_id == api_id)


async def _team_season(meter: Meter, harvest: _Harvest | None, target: SeedTarget, api_team: int) -> None:
    """``teams/statistics?league&season&team``: a team's season row (dropped when ``harvest`` is None)."""
    params: dict[str, str | int] = {
        "league": target.league.api_id,
        "season": target.game.season,
        "team": api_team,
    }
    request = describe("teams/statistics", params)
    season = parse_team_season(await meter.get("teams/statistics", params), request=request)
    if season.team_api_id != api_team:
        raise PayloadError(f"{request}: the reply is about team {season.team_api_id}", path="$.team.id")
    if harvest is not None:
        harvest.team_season.append(team_season_row(target, season))


async def _team_players(meter: Meter, harvest: _Harvest | None, target: SeedTarget, api_team: int) -> None:
    """``players?team&season&league``, every page: a team's players' season rows."""
    params = _season_params(target, team=api_team)
    lines = parse_player_seasons(await meter.pages("players", params), request=describe("players", params))
    if harvest is not None:
        harvest.add_players(line for line in lines if line.team_api_id == api_team)


async def _team(
    meter: Meter, harvest: _Harvest | None, target: SeedTarget, api_team: int, *, players: bool
) -> None:
    """A team entity: its season row, and with ``players`` its ``players?team`` pages."""
    await _team_season(meter, harvest, target, api_team)
    if players:
        await _team_players(meter, harvest, target, api_team)


def _api_player(entity: str) -> int | None:
    sport, _, key = entity.partition(":")
    return int(key) if sport == SPORT and key.isdigit() else None


def _teams_in_scope(target: SeedTarget) -> list[str]:
    """The game's team ids to fetch: both, or those ``only`` names."""
    return [t for t in target.game.team_ids if target.only is None or t in target.only]


def _players_asked(target: SeedTarget) -> dict[str, int]:
    """Player ids ``only`` names (not team ids), with their API ids."""
    asked: dict[str, int] = {}
    for entity in sorted(target.only or ()):
        if entity in target.game.team_ids:
            continue
        api_id = _api_player(entity)
        if api_id is None:
            _log.warning("football.entity.unknown game=%s entity=%s: skipped", target.game.id, entity)
        else:
            asked[entity] = api_id
    return asked


def _api_team(target: SeedTarget, team_id: str) -> int:
    return target.home_api_id if team_id == target.game.home_team_id else target.away_api_id


async def _harvest(
    meter: Meter, target: SeedTarget, teams: Iterable[str], players: Mapping[str, int], *, team_players: bool
) -> _Harvest:
    """One call (or paged call) per entity: each team's season row (with ``team_players`` its
    ``players?team`` pages too), then each player's ``players?id``."""
    harvest = _Harvest(target, meter)
    for team in teams:
        api_team = _api_team(target, team)
        await harvest.attempt(team, partial(_team, meter, harvest, target, api_team, players=team_players))
    for entity, api_id in players.items():
        await harvest.attempt(entity, partial(_player_season, meter, harvest, api_id))
    return harvest


def _skip_unplayable(target: SeedTarget) -> GameOutcome | None:
    """``roster``/``blanket`` make no fixture call: trust a cancelled/postponed status in the store."""
    if target.game.status is GameStatus.CANCELLED:
        return untouched(target, finished=True)
    if target.game.status is GameStatus.POSTPONED:
        return untouched(target, finished=False)
    return None


# -- boxscore -------------------------------------------------------------------------------


async def boxscore(meter: Meter, target: SeedTarget, fixture_id: int | None, *, alone: bool) -> GameOutcome:
    """The fixture (who played, and the game lines), then season calls for those who played.

    The fixture call is skipped only when ``only`` names players alone (``fixture_id`` None).
    Its failure raises when this is the seed's only target (``alone``), else fails the target.
    """
    teams = _teams_in_scope(target)
    base, participants = untouched(target), {}
    if teams:
        if fixture_id is None:
            raise ValueError(f"boxscore of game {target.game.id} needs its fixture id")
        params: dict[str, str | int] = {"id": fixture_id}
        request = describe("fixtures", params)
        try:
            reply = await meter.get("fixtures", params)
        except ApiError as exc:
            if meter.must_raise(exc, covers_all=alone):
                raise
            return failure(target, f"{request}: {exc}", calls=meter.take())
        report = next((r for r in parse_fixtures(reply, request=request) if r.fixture_id == fixture_id), None)
        if report is None:
            return failure(
                target, f"{request}: fixture {fixture_id} missing from the reply", calls=meter.take()
            )
        base = fixture_outcome(target, report, calls=meter.take())
        if not report.final or not same_teams(target, report):
            return base  # not over, cancelled, awarded, or another game's fixture: nothing to add
        teams = [team for team in teams if team not in base.failed]  # no box score yet: retried whole
        participants = {
            p.player_id: int(split_id(p.player_id)[1]) for p in base.participants if p.team_id in teams
        }
    harvest = await _harvest(
        meter, target, teams, {**participants, **_players_asked(target)}, team_players=False
    )
    return harvest.into(base, calls=meter.take())


# -- roster ---------------------------------------------------------------------------------


async def _squads(
    meter: Meter, target: SeedTarget, teams: Iterable[str], roster_ttl: timedelta
) -> dict[str, int]:
    """Player id → API id of the teams' squads: the roster the core passed, else ``players/squads``."""
    found: dict[str, int] = {}
    for team in teams:
        entries = [entry for entry in target.roster if entry.team_id == team]
        for entry in entries:
            known = target.players.get(entry.player_id)
            api_id = (
                known.api_id
                if known is not None and known.api_id is not None
                else _api_player(entry.player_id)
            )
            if api_id is not None:
                found.setdefault(entry.player_id, api_id)
        if entries:
            continue
        api_team = _api_team(target, team)
        params: dict[str, str | int] = {"team": api_team}
        reply = await meter.get("players/squads", params, cache_ttl=roster_ttl)
        for player in parse_squads(reply, request=describe("players/squads", params)):
            if player.team_api_id == api_team:
                found.setdefault(player_id(SPORT, player.api_id), player.api_id)
    return found


async def roster(meter: Meter, target: SeedTarget, *, alone: bool, roster_ttl: timedelta) -> GameOutcome:
    """Season rows of the teams and of every rostered player (no fixture call).

    The squads are resolved before any per-entity call; a squad call's failure raises when this
    is the seed's only target (``alone``), else fails the target.
    """
    if (skipped := _skip_unplayable(target)) is not None:
        return skipped
    teams = _teams_in_scope(target)
    try:
        squads = await _squads(meter, target, teams, roster_ttl)
    except ApiError as exc:
        if meter.must_raise(exc, covers_all=alone):
            raise
        return failure(target, f"squads: {exc}", calls=meter.take())
    harvest = await _harvest(meter, target, teams, {**squads, **_players_asked(target)}, team_players=False)
    return harvest.into(untouched(target), calls=meter.take())


# -- blanket --------------------------------------------------------------------------------


async def _sweep(meter: Meter, group: Sequence[SeedTarget], teams_ttl: timedelta) -> dict[int, _Harvest]:
    """Every team of the group's league-season, each fetched once; a harvest per game team.

    Teams outside the group's games are fetched too (that is what ``blanket`` costs) and their
    rows dropped; their failures are logged, since no game of this seed needs them.
    """
    first = group[0]
    params: dict[str, str | int] = {"league": first.league.api_id, "season": first.game.season}
    reply = await meter.get("teams", params, cache_ttl=teams_ttl)
    api_teams = parse_team_ids(reply, request=describe("teams", params))
    owners: dict[int, SeedTarget] = {}
    for target in group:
        for api in (target.home_api_id, target.away_api_id):
            owners.setdefault(api, target)
            if api not in api_teams:
                api_teams.append(api)  # a game's own team, even if the list missed it
    harvests: dict[int, _Harvest] = {}
    for api_team in api_teams:
        owner = owners.get(api_team)
        if owner is None:
            try:
                await _team(meter, None, first, api_team, players=True)
            except ApiError as exc:
                if meter.must_raise(exc, covers_all=False):
                    raise
                _log.warning(
                    "football.blanket.team_failed team=%s error=%s: not in these games", api_team, exc
                )
            continue
        harvest = harvests[api_team] = _Harvest(owner, meter)
        team = owner.team_id_for(api_team)
        await harvest.attempt(team, partial(_team, meter, harvest, owner, api_team, players=True))
    return harvests


def _share(meter: Meter, target: SeedTarget, harvests: Mapping[int, _Harvest]) -> _Harvest:
    """The target's share of a sweep: its two teams' rows and failures."""
    merged = _Harvest(target, meter)
    for api_team in (target.home_api_id, target.away_api_id):
        team, done = target.team_id_for(api_team), harvests[api_team]
        merged.team_season.extend(row for row in done.team_season if row.team_id == team)
        merged.player_season.extend(row for row in done.player_season if row.team_id == team)
        merged.players.update({pid: p for pid, p in done.players.items() if p.team_id == team})
        if team in done.failed:
            merged.failed.append(team)
            merged.errors.extend(e for e in done.errors if e.startswith(f"{team}: "))
    return merged


async def blanket(meter: Meter, targets: Sequence[SeedTarget], *, teams_ttl: timedelta) -> list[GameOutcome]:
    """Every team of each league-season (one sweep per league-season), kept to each game's teams.

    The league's team list is a precondition of the sweep: its failure raises. The sweep's calls
    are charged to the first game of its league-season. A retry (``only``) makes no sweep.
    """
    outcomes: dict[int, GameOutcome] = {}
    groups: dict[tuple[str, int], list[int]] = {}
    for index, target in enumerate(targets):
        if (skipped := _skip_unplayable(target)) is not None:
            outcomes[index] = skipped
        elif target.only is not None:
            teams, players = _teams_in_scope(target), _players_asked(target)
            harvest = await _harvest(meter, target, teams, players, team_players=True)
            outcomes[index] = harvest.into(untouched(target), calls=meter.take())
        else:
            groups.setdefault((target.league.key, target.game.season), []).append(index)
    for indexes in groups.values():
        try:
            harvests = await _sweep(meter, [targets[i] for i in indexes], teams_ttl)
        except ApiError as exc:  # the league's team list: only a spent quota may spare the others
            if meter.must_raise(exc, covers_all=True):
                raise
            calls = meter.take()
            for position, index in enumerate(indexes):
                outcomes[index] = failure(
                    targets[index], f"teams: {exc}", calls=calls if position == 0 else 0
                )
            continue
        calls = meter.take()
        for position, index in enumerate(indexes):
            share = _share(meter, targets[index], harvests)
            outcomes[index] = share.into(untouched(targets[index]), calls=calls if position == 0 else 0)
    return [outcomes[i] for i in range(len(targets))]
