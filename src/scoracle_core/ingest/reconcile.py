"""Match a file's games with the games already stored, so that re-ingesting is safe.

Pure: it gets the candidates of one file and the stored games of the league-seasons they belong
to (one query each), and says what to write; a game is only ever matched within its own league
and season. A candidate is the same game as a stored one when, in this order:

1. it has the stored game's ``source_id`` (same league and season) or ``external_id``, and the
   same two teams (guarding against two sources that both number their games 1, 2, 3 …);
2. it has the stored game's natural key: league, season, home, away, UTC start date;
3. otherwise it is a **moved** game when a stored game of the same league, season, home and away
   team is matched by no other row of the file, lies within the dates this file covers for that
   league and season give or take a week (a partial file says nothing about the games of other
   weeks, so a second meeting there is a new game), and is not over (a finished game cannot move;
   two sources may still disagree on its time by up to 36 hours); the nearest such game is taken.

Merging keeps what the file does not know: a date-only row does not replace a known time on the
same local date; an empty venue, id or score keeps the stored one; the first source's
``source_id`` is kept; a plain "scheduled" row does not undo a completed or running game.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import attrs

from scoracle_core.ingest.report import Action, Change
from scoracle_core.ingest.timing import zone
from scoracle_core.ingest.validate import Candidate
from scoracle_core.model import Game, GameStatus

__all__ = ["Reconciliation", "reconcile"]

_STOPPED = (GameStatus.POSTPONED, GameStatus.CANCELLED)
_OVER = (GameStatus.COMPLETED, GameStatus.IN_PROGRESS)
_PairKey = tuple[str, int, str, str]
#: A game that is over cannot have moved, but two sources may disagree on its time by this much.
_SAME_GAME = timedelta(hours=36)
#: How far beyond its first and last dates a file is taken to speak for the stored games.
_COVER_MARGIN = timedelta(days=7)


@attrs.frozen(kw_only=True)
class Reconciliation:
    """What to write for one file, and why."""

    writes: tuple[Game, ...]  # to upsert: new games (no id) and changed games (with id)
    counts: Counter[Action]
    moved: int
    changes: tuple[Change, ...]
    rescheduled: tuple[Game, ...]  # merged games whose start changed (their pending task is re-planned)
    stopped: tuple[Game, ...]  # games newly postponed or cancelled (their pending task is cancelled)
    resumed: tuple[Game, ...]  # games back on the schedule (a cancelled task is restored)
    before: Mapping[int, Game] = attrs.field(factory=dict)  # game id → the stored game, for changed games


def _pair(game: Game) -> frozenset[str]:
    return frozenset(game.team_ids)


def _pair_key(game: Game) -> _PairKey:
    return (game.league, game.season, game.home_team_id, game.away_team_id)


def _stamp(game: Game) -> str:
    return game.start_at.strftime("%Y-%m-%d %H:%MZ") + (" (time TBD)" if game.time_tbd else "")


def merge(old: Game, cand: Candidate) -> Game:
    """The stored game ``old`` updated with what row ``cand`` knows (see the module docstring)."""
    new = cand.game
    start_at, time_tbd = new.start_at, new.time_tbd
    if (
        new.time_tbd
        and not old.time_tbd
        and old.start_at.astimezone(zone(cand.league.timezone)).date() == cand.local_day
    ):
        start_at, time_tbd = old.start_at, False
    status = old.status if new.status == GameStatus.SCHEDULED and old.status in _OVER else new.status
    return attrs.evolve(
        old,
        league=new.league,
        season=new.season,
        home_team_id=new.home_team_id,
        away_team_id=new.away_team_id,
        start_at=start_at,
        time_tbd=time_tbd,
        status=status,
        external_id=new.external_id or old.external_id,
        source_id=old.source_id or new.source_id,
        venue=new.venue or old.venue,
        week=new.week if new.week is not None else old.week,
        game_type=new.game_type,
        home_score=new.home_score if new.home_score is not None else old.home_score,
        away_score=new.away_score if new.away_score is not None else old.away_score,
    )


def _describe(old: Game, new: Game) -> str:
    parts = []
    if old.start_at != new.start_at or old.time_tbd != new.time_tbd:
        parts.append(f"start {_stamp(old)} → {_stamp(new)}")
    if old.status != new.status:
        parts.append(f"status {old.status} → {new.status}")
    if old.team_ids != new.team_ids:
        parts.append(
            f"teams {old.home_team_id} v {old.away_team_id} → {new.home_team_id} v {new.away_team_id}"
        )
    for field in ("venue", "week", "game_type", "external_id", "source_id", "home_score", "away_score"):
        before, after = getattr(old, field), getattr(new, field)
        if before != after:
            parts.append(f"{field} {before!r} → {after!r}")
    return "; ".join(parts)


class _Matcher:
    def __init__(self, existing: Sequence[Game], candidates: Sequence[Candidate]) -> None:
        self.claimed: set[int] = set()
        self.by_source: dict[tuple[str, int, str], Game] = {}
        self.by_external: dict[str, Game] = {}
        self.by_key: dict[tuple[str, int, str, str, date], Game] = {}
        self.by_pair: dict[_PairKey, list[Game]] = defaultdict(list)
        for game in existing:
            if game.id is None:
                continue
            if game.source_id:
                self.by_source.setdefault((game.league, game.season, game.source_id), game)
            if game.external_id:
                self.by_external.setdefault(game.external_id, game)
            self.by_key.setdefault((*_pair_key(game), game.start_date), game)
            self.by_pair[_pair_key(game)].append(game)
        self.span: dict[tuple[str, int], tuple[date, date]] = {}
        for cand in candidates:
            scope = (cand.game.league, cand.game.season)
            day = cand.game.start_date
            low, high = self.span.get(scope, (day, day))
            self.span[scope] = (min(low, day), max(high, day))

    def _free(self, game: Game | None, cand: Candidate, *, same_pair: bool) -> Game | None:
        if game is None or game.id in self.claimed:
            return None
        if same_pair and _pair(game) != _pair(cand.game):
            return None
        return game

    def exact(self, cand: Candidate) -> Game | None:
        g = cand.game
        found = None
        if g.source_id:
            found = self._free(self.by_source.get((g.league, g.season, g.source_id)), cand, same_pair=True)
        if found is None and g.external_id:
            found = self._free(self.by_external.get(g.external_id), cand, same_pair=True)
        if found is None:
            found = self._free(self.by_key.get((*_pair_key(g), g.start_date)), cand, same_pair=False)
        return found

    def moved(self, cand: Candidate) -> Game | None:
        g = cand.game
        low, high = self.span[(g.league, g.season)]
        low, high = low - _COVER_MARGIN, high + _COVER_MARGIN
        pool = [
            old
            for old in self.by_pair.get(_pair_key(g), ())
            if old.id not in self.claimed
            and low <= old.start_date <= high
            and (old.status not in _OVER or abs(old.start_at - g.start_at) <= _SAME_GAME)
        ]
        if not pool:
            return None
        return min(pool, key=lambda old: (abs(old.start_at - g.start_at), old.start_at))

    def claim(self, game: Game) -> None:
        if game.id is not None:
            self.claimed.add(game.id)


def reconcile(candidates: Sequence[Candidate], existing: Sequence[Game]) -> Reconciliation:
    """Decide, for every candidate, insert / update / unchanged / postponed / cancelled."""
    if not existing:  # a first ingestion: nothing to match
        return Reconciliation(
            writes=tuple(c.game for c in candidates),
            counts=Counter({"inserted": len(candidates)}),
            moved=0,
            changes=(),
            rescheduled=(),
            stopped=(),
            resumed=(),
        )
    matcher = _Matcher(existing, candidates)
    matches: list[Game | None] = []
    for cand in candidates:
        found = matcher.exact(cand)
        if found is not None:
            matcher.claim(found)
        matches.append(found)
    for index, cand in enumerate(candidates):
        if matches[index] is None:
            found = matcher.moved(cand)
            if found is not None:
                matcher.claim(found)
                matches[index] = found

    writes: list[Game] = []
    counts: Counter[Action] = Counter()
    changes: list[Change] = []
    rescheduled: list[Game] = []
    stopped: list[Game] = []
    resumed: list[Game] = []
    before: dict[int, Game] = {}
    moved = 0
    for cand, old in zip(candidates, matches, strict=True):
        if old is None:
            writes.append(cand.game)
            counts["inserted"] += 1
            continue
        new = merge(old, cand)
        if new == old:
            counts["unchanged"] += 1
            continue
        writes.append(new)
        if old.id is not None:
            before[old.id] = old
        action: Action = "updated"
        if new.status in _STOPPED and old.status != new.status:
            action = "postponed" if new.status == GameStatus.POSTPONED else "cancelled"
            stopped.append(new)
        else:
            if old.status in _STOPPED and new.status == GameStatus.SCHEDULED:
                resumed.append(new)
            if new.start_at != old.start_at:
                rescheduled.append(new)
            local = zone(cand.league.timezone)
            if old.start_at.astimezone(local).date() != new.start_at.astimezone(local).date():
                moved += 1
        counts[action] += 1
        changes.append(Change(where=cand.where, action=action, game_id=old.id, detail=_describe(old, new)))
    return Reconciliation(
        writes=tuple(writes),
        counts=counts,
        moved=moved,
        changes=tuple(changes),
        rescheduled=tuple(rescheduled),
        stopped=tuple(stopped),
        resumed=tuple(resumed),
        before=before,
    )
