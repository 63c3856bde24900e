"""The Store contract suite: every store implementation runs it against itself.

Usage in a store's tests::

    import pytest
    from scoracle_core.testing.store_contract import StoreContract

    class TestMyStore(StoreContract):
        @pytest.fixture
        async def store(self):
            store = await MyStore.open("my://…")
            try:
                yield store
            finally:
                await store.close()

The ``store`` fixture must give each test an empty, migrated store. The tests are async and run
under anyio's pytest plugin (provide an ``anyio_backend`` fixture returning ``"asyncio"``).
Each test checks one behaviour of :class:`~scoracle_core.store.base.Store`, named for it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import anyio
import anyio.abc
import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoracle_core.errors import ModelError, NotFound, StoreError
from scoracle_core.model import (
    ApiCall,
    Game,
    GameStatus,
    Player,
    PlayerGameStats,
    PlayerSeasonStats,
    RosterEntry,
    RosterSource,
    SeedTask,
    Strategy,
    SyncRun,
    TaskStatus,
    Team,
    TeamGameStats,
    TeamSeasonStats,
    WorkerInfo,
)
from scoracle_core.store.base import GameQuery, Store, TaskOutcome, TaskQuery, TaskUpsertResult

__all__ = ["StoreContract"]

T0 = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
LEASE = timedelta(minutes=5)
WORKER = "worker-1"
OTHER_WORKER = "worker-2"


class Boom(Exception):
    """Raised inside a transaction block to make it roll back."""


# -- values ---------------------------------------------------------------------------------


def team(key: str = "bos", *, sport: str = "nba", **kw: Any) -> Team:
    return Team(id=f"{sport}:{key}", sport=sport, name=f"Team {key.upper()}", **kw)


def player(num: int = 1, *, team_key: str | None = "bos", sport: str = "nba", **kw: Any) -> Player:
    return Player(
        id=f"{sport}:{num}",
        sport=sport,
        name=f"Player {num}",
        api_id=num,
        team_id=None if team_key is None else f"{sport}:{team_key}",
        **kw,
    )


def game(home: str = "bos", away: str = "nyk", *, start: datetime = T0, **kw: Any) -> Game:
    values: dict[str, Any] = {"sport": "nba", "league": "standard", "season": 2024}
    values.update(kw)
    return Game(home_team_id=f"nba:{home}", away_team_id=f"nba:{away}", start_at=start, **values)


def task_for(g: Game, *, due: datetime | None = None, **kw: Any) -> SeedTask:
    assert g.id is not None
    return SeedTask(
        game_id=g.id,
        sport=g.sport,
        league=g.league,
        season=g.season,
        due_at=due or g.start_at + 3 * HOUR,
        **kw,
    )


def line(g: Game, num: int = 1, *, team_key: str = "bos", **stats: float) -> PlayerGameStats:
    assert g.id is not None
    return PlayerGameStats(
        sport="nba",
        game_id=g.id,
        player_id=f"nba:{num}",
        team_id=f"nba:{team_key}",
        stats=stats or {"pts": 10},
    )


def box(g: Game, team_key: str = "bos", **stats: float) -> TeamGameStats:
    assert g.id is not None
    return TeamGameStats(sport="nba", game_id=g.id, team_id=f"nba:{team_key}", stats=stats or {"pts": 100})


def unstamped(value: Any) -> Any:
    """``value`` without the ``updated_at`` the store sets."""
    return attrs.evolve(value, updated_at=None)


async def add_games(store: Store, count: int, *, start: datetime = T0, **kw: Any) -> list[Game]:
    """``count`` distinct games (one home team each)."""
    return await store.upsert_games([game(f"h{i}", start=start, **kw) for i in range(count)])


async def add_tasks(store: Store, dues: Sequence[datetime], **kw: Any) -> list[SeedTask]:
    """One pending task per due time (each on its own game), in the order given."""
    games = await add_games(store, len(dues))
    await store.upsert_tasks([task_for(g, due=due, **kw) for g, due in zip(games, dues, strict=True)])
    by_game = {t.game_id: t for t in await store.find_tasks(TaskQuery())}
    return [by_game[g.id] for g in games if g.id is not None]


async def claim_one(store: Store, *, worker: str = WORKER, now: datetime = T0) -> SeedTask:
    [claimed] = await store.claim_tasks(worker_id=worker, now=now, lease=LEASE)
    return claimed


async def stored_task(store: Store, task_id: int | None) -> SeedTask:
    assert task_id is not None
    found = await store.get_task(task_id)
    assert found is not None
    return found


def fixed_offset(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


# -- the suite ------------------------------------------------------------------------------


class StoreContract:
    """Checks a store against the :class:`~scoracle_core.store.base.Store` contract."""

    pytestmark = pytest.mark.anyio

    # -- lifecycle ---------------------------------------------------------------------

    async def test_store_satisfies_protocol(self, store: Store) -> None:
        """The store is a Store (runtime-checkable protocol)."""
        assert isinstance(store, Store)

    async def test_migrate_is_idempotent(self, store: Store) -> None:
        """Migrating an up-to-date store changes nothing and reports its version."""
        version = await store.schema_version()
        assert version >= 1
        assert await store.migrate() == version
        assert await store.schema_version() == version

    async def test_closed_store_refuses_calls(self, store: Store) -> None:
        """After close (which may be called twice), calls raise StoreError."""
        await store.close()
        await store.close()
        with pytest.raises(StoreError):
            await store.list_teams()

    # -- teams and players ---------------------------------------------------------------

    async def test_upsert_teams_twice_equals_once(self, store: Store) -> None:
        """Writing the same teams twice leaves them as after the first write."""
        teams = [team("bos"), team("nyk", short_name="Knicks", abbreviation="NYK", api_id=24)]
        await store.upsert_teams(teams)
        await store.upsert_teams(teams)
        assert await store.list_teams() == teams

    async def test_upsert_teams_updates_changed_fields(self, store: Store) -> None:
        """A team written again with other values is updated in place."""
        await store.upsert_teams([team("bos")])
        renamed = team("bos", short_name="Celtics", api_id=2)
        await store.upsert_teams([renamed])
        assert await store.get_team("nba:bos") == renamed

    async def test_get_team_returns_none_when_missing(self, store: Store) -> None:
        """Asking for an unknown team gives None."""
        assert await store.get_team("nba:nope") is None

    async def test_list_teams_filters_by_sport_in_id_order(self, store: Store) -> None:
        """list_teams keeps one sport when asked and orders by id."""
        await store.upsert_teams([team("nyk"), team("ars", sport="football"), team("bos")])
        assert [t.id for t in await store.list_teams("nba")] == ["nba:bos", "nba:nyk"]
        assert [t.id for t in await store.list_teams()] == ["football:ars", "nba:bos", "nba:nyk"]

    async def test_team_seed_marks_never_move_backwards(self, store: Store) -> None:
        """An older or missing last_seeded_at/last_game_date does not overwrite a newer one."""
        await store.upsert_teams([team("bos", last_seeded_at=T0, last_game_date=date(2025, 1, 14))])
        await store.upsert_teams([team("bos", last_seeded_at=T0 - HOUR, last_game_date=date(2025, 1, 1))])
        await store.upsert_teams([team("bos")])
        stored = await store.get_team("nba:bos")
        assert stored is not None
        assert (stored.last_seeded_at, stored.last_game_date) == (T0, date(2025, 1, 14))

    async def test_upsert_players_twice_equals_once(self, store: Store) -> None:
        """Writing the same players twice leaves them as after the first write."""
        players = [player(1, position="G"), player(2, team_key=None)]
        await store.upsert_players(players)
        await store.upsert_players(players)
        assert await store.list_players() == players

    async def test_player_seed_marks_never_move_backwards(self, store: Store) -> None:
        """Player seed marks follow the same forward-only rule as teams'."""
        await store.upsert_players([player(1, last_seeded_at=T0, last_game_date=date(2025, 1, 14))])
        await store.upsert_players([player(1, last_seeded_at=T0 - HOUR, last_game_date=date(2025, 1, 1))])
        [stored] = await store.get_players(["nba:1"])
        assert (stored.last_seeded_at, stored.last_game_date) == (T0, date(2025, 1, 14))

    async def test_player_seed_mark_moves_forward_on_upsert(self, store: Store) -> None:
        """A newer seed mark in an upsert replaces the older one."""
        await store.upsert_players([player(1, last_seeded_at=T0)])
        await store.upsert_players([player(1, last_seeded_at=T0 + HOUR)])
        [stored] = await store.get_players(["nba:1"])
        assert stored.last_seeded_at == T0 + HOUR

    async def test_get_players_returns_only_existing_in_id_order(self, store: Store) -> None:
        """get_players skips unknown ids and orders by id."""
        await store.upsert_players([player(3), player(1)])
        assert [p.id for p in await store.get_players(["nba:3", "nba:9", "nba:1"])] == ["nba:1", "nba:3"]

    async def test_list_players_filters_by_team(self, store: Store) -> None:
        """list_players keeps one team's players when asked."""
        await store.upsert_players([player(1), player(2, team_key="nyk"), player(3)])
        assert [p.id for p in await store.list_players(team_id="nba:bos")] == ["nba:1", "nba:3"]

    async def test_mark_seeded_moves_marks_forward_only(self, store: Store) -> None:
        """mark_seeded sets newer marks and keeps newer ones already there."""
        await store.upsert_teams([team("bos", last_seeded_at=T0 + HOUR), team("nyk")])
        await store.upsert_players([player(1)])
        await store.mark_seeded(
            team_ids=["nba:bos", "nba:nyk"], player_ids=["nba:1"], at=T0, game_date=date(2025, 1, 15)
        )
        bos, nyk = await store.list_teams()
        [p1] = await store.get_players(["nba:1"])
        assert bos.last_seeded_at == T0 + HOUR
        assert nyk.last_seeded_at == T0
        assert (p1.last_seeded_at, p1.last_game_date) == (T0, date(2025, 1, 15))

    async def test_mark_seeded_ignores_unknown_ids(self, store: Store) -> None:
        """Marking teams and players that do not exist creates nothing."""
        await store.mark_seeded(
            team_ids=["nba:zzz"], player_ids=["nba:999"], at=T0, game_date=date(2025, 1, 15)
        )
        assert await store.list_teams() == []
        assert await store.list_players() == []

    async def test_empty_batches_are_noops(self, store: Store) -> None:
        """Every batch write accepts an empty sequence and does nothing."""
        await store.upsert_teams([])
        await store.upsert_players([])
        assert await store.upsert_games([]) == []
        await store.upsert_roster_entries([])
        assert await store.upsert_tasks([]) == TaskUpsertResult()
        await store.upsert_player_game_stats([])
        await store.upsert_team_game_stats([])
        await store.upsert_player_season_stats([])
        await store.upsert_team_season_stats([])
        await store.record_api_calls([])
        await store.mark_seeded(team_ids=[], player_ids=[], at=T0, game_date=date(2025, 1, 15))
        assert await store.cancel_tasks([], reason="none", at=T0) == 0
        await store.recompute_season_stats(
            sport="nba", league="standard", season=2024, player_ids=[], team_ids=[]
        )
        assert await store.list_teams() == []

    # -- games -------------------------------------------------------------------------

    async def test_upsert_games_returns_ids_in_input_order(self, store: Store) -> None:
        """upsert_games returns the games in input order, each with its id."""
        inputs = [game("bos"), game("lal", "gsw"), game("mia")]
        stored = await store.upsert_games(inputs)
        assert [unstamped(attrs.evolve(g, id=None)) for g in stored] == inputs
        assert len({g.id for g in stored}) == 3
        assert all(g.id is not None and g.updated_at is not None for g in stored)

    async def test_upsert_games_twice_equals_once(self, store: Store) -> None:
        """Ingesting the same games twice keeps one row each, with the same ids."""
        inputs = [game("bos"), game("lal", "gsw")]
        first = await store.upsert_games(inputs)
        second = await store.upsert_games(inputs)
        assert second == first
        assert await store.find_games(GameQuery()) == first

    async def test_game_with_same_natural_key_is_updated_not_duplicated(self, store: Store) -> None:
        """A game with the same teams and UTC date updates the row (e.g. a new start time)."""
        [first] = await store.upsert_games([game(start=T0)])
        [moved] = await store.upsert_games([game(start=T0 + 2 * HOUR, venue="TD Garden")])
        assert moved.id == first.id
        assert (moved.start_at, moved.venue) == (T0 + 2 * HOUR, "TD Garden")
        assert len(await store.find_games(GameQuery())) == 1

    async def test_game_is_matched_by_external_id_when_rescheduled(self, store: Store) -> None:
        """A game moved to another date is matched on (sport, external_id)."""
        [first] = await store.upsert_games([game(start=T0, external_id="9001")])
        [moved] = await store.upsert_games([game(start=T0 + 48 * HOUR, external_id="9001")])
        assert moved.id == first.id
        assert moved.start_at == T0 + 48 * HOUR
        assert len(await store.find_games(GameQuery())) == 1

    async def test_games_on_other_dates_are_distinct(self, store: Store) -> None:
        """The same pairing on two UTC dates is two games."""
        stored = await store.upsert_games([game(start=T0), game(start=T0 + 24 * HOUR)])
        assert stored[0].id != stored[1].id

    async def test_game_with_id_updates_that_row(self, store: Store) -> None:
        """A game with its id set updates that row, even its natural key."""
        [first] = await store.upsert_games([game(start=T0)])
        [moved] = await store.upsert_games([attrs.evolve(first, start_at=T0 + 72 * HOUR, week=3)])
        assert moved.id == first.id
        assert (moved.start_at, moved.week) == (T0 + 72 * HOUR, 3)
        assert len(await store.find_games(GameQuery())) == 1

    async def test_upsert_game_with_unknown_id_raises_not_found(self, store: Store) -> None:
        """Updating a game by an id that does not exist raises NotFound and writes nothing."""
        with pytest.raises(NotFound):
            await store.upsert_games([game("lal"), game(id=424242)])
        assert await store.find_games(GameQuery()) == []

    async def test_game_updated_at_moves_only_on_change(self, store: Store) -> None:
        """updated_at stays put when a game is rewritten unchanged and moves when it changes."""
        [first] = await store.upsert_games([game()])
        [same] = await store.upsert_games([game()])
        await anyio.sleep(0.002)
        [changed] = await store.upsert_games([game(venue="TD Garden")])
        assert first.updated_at is not None
        assert changed.updated_at is not None
        assert same.updated_at == first.updated_at
        assert changed.updated_at > first.updated_at

    async def test_same_game_twice_in_one_batch_is_one_row(self, store: Store) -> None:
        """Two inputs with one natural key in a batch give one row; the last one wins."""
        stored = await store.upsert_games([game(venue="old"), game(venue="new")])
        assert stored[0].id == stored[1].id
        [only] = await store.find_games(GameQuery())
        assert only.venue == "new"

    async def test_batch_sees_a_game_moved_earlier_in_it(self, store: Store) -> None:
        """A game moved by id, then a game with its old key, in one batch: the second is new."""
        [first] = await store.upsert_games([game(start=T0)])
        moved, fresh = await store.upsert_games(
            [attrs.evolve(first, start_at=T0 + 48 * HOUR), game(start=T0, venue="again")]
        )
        assert moved.id == first.id
        assert fresh.id != first.id
        assert len(await store.find_games(GameQuery())) == 2

    async def test_upsert_games_without_returning_writes_the_same(self, store: Store) -> None:
        """returning=False writes what the default call writes (without reading it back)."""
        kept, _ = await store.upsert_games([game("bos"), game("lal", "gsw", external_id="9001")])
        inputs = [
            attrs.evolve(kept, venue="TD Garden"),
            game("lal", "gsw", start=T0 + 48 * HOUR, external_id="9001"),
            game("mia"),
        ]
        await store.upsert_games(inputs, returning=False)
        stored = await store.find_games(GameQuery())
        assert [(g.home_team_id, g.start_at, g.venue) for g in stored] == [
            ("nba:bos", T0, "TD Garden"),
            ("nba:mia", T0, ""),
            ("nba:lal", T0 + 48 * HOUR, ""),
        ]

    async def test_insert_games_stores_new_games(self, store: Store) -> None:
        """insert_games writes what upsert_games would for games that are new."""
        await store.insert_games([game("bos", venue="TD Garden"), game("lal", "gsw", external_id="9001")])
        stored = await store.find_games(GameQuery())
        assert [(g.home_team_id, g.venue, g.external_id) for g in stored] == [
            ("nba:bos", "TD Garden", None),
            ("nba:lal", "", "9001"),
        ]
        assert all(g.id is not None and g.updated_at is not None for g in stored)

    async def test_insert_games_matches_games_stored_after_all(self, store: Store) -> None:
        """A game that is stored already (natural key, or external id) is updated, not doubled."""
        kept = await store.upsert_games([game("bos"), game("lal", "gsw", external_id="9001")])
        await store.insert_games(
            [
                game("bos", venue="TD Garden"),
                game("lal", "gsw", start=T0 + 48 * HOUR, external_id="9001"),
                game("mia"),
            ]
        )
        stored = {g.home_team_id: g for g in await store.find_games(GameQuery())}
        assert len(stored) == 3
        assert (stored["nba:bos"].id, stored["nba:bos"].venue) == (kept[0].id, "TD Garden")
        assert (stored["nba:lal"].id, stored["nba:lal"].start_at) == (kept[1].id, T0 + 48 * HOUR)

    async def test_insert_games_inside_a_rolled_back_transaction_leaves_nothing(self, store: Store) -> None:
        """insert_games joins the caller's transaction, clash or not."""
        await store.upsert_games([game("bos")])
        with contextlib.suppress(Boom):
            async with store.transaction():
                await store.insert_games([game("bos", venue="TD Garden"), game("mia")])
                raise Boom
        stored = await store.find_games(GameQuery())
        assert [(g.home_team_id, g.venue) for g in stored] == [("nba:bos", "")]

    async def test_seasons_with_games(self, store: Store) -> None:
        """Only the asked (league, season) pairs of the sport that have a stored game."""
        assert await store.seasons_with_games("nba", [("standard", 2024)]) == set()
        await store.upsert_games([game(), game(season=2023, start=T0 - 365 * 24 * HOUR)])
        await store.upsert_games([game(sport="nfl", league="nfl", season=2022)])
        asked = [
            ("standard", 2024),
            ("standard", 2022),
            ("nfl", 2022),
            ("standard", 2023),
            ("standard", 2024),
        ]
        assert await store.seasons_with_games("nba", asked) == {("standard", 2024), ("standard", 2023)}
        assert await store.seasons_with_games("nfl", asked) == {("nfl", 2022)}
        assert await store.seasons_with_games("nba", []) == set()

    async def test_get_game_returns_none_when_missing(self, store: Store) -> None:
        """Asking for an unknown game gives None."""
        assert await store.get_game(424242) is None

    async def test_find_games_orders_by_start_then_id(self, store: Store) -> None:
        """find_games orders by start time, then id."""
        late, early, tie = await store.upsert_games(
            [game("a", start=T0 + HOUR), game("b", start=T0), game("c", start=T0 + HOUR)]
        )
        assert [g.id for g in await store.find_games(GameQuery())] == [early.id, late.id, tie.id]

    async def test_find_games_date_range_is_half_open(self, store: Store) -> None:
        """start_from is inclusive and start_before exclusive."""
        _before, at_start, _at_end = await store.upsert_games(
            [game("a", start=T0 - MINUTE), game("b", start=T0), game("c", start=T0 + HOUR)]
        )
        found = await store.find_games(GameQuery(start_from=T0, start_before=T0 + HOUR))
        assert [g.id for g in found] == [at_start.id]

    async def test_find_games_by_team_matches_home_or_away(self, store: Store) -> None:
        """team_id finds a team's home and away games."""
        home, away, _other = await store.upsert_games(
            [game("bos", "nyk"), game("lal", "bos", start=T0 + HOUR), game("lal", "gsw")]
        )
        assert [g.id for g in await store.find_games(GameQuery(team_id="nba:bos"))] == [home.id, away.id]

    async def test_find_games_filters_by_status_week_season_and_ids(self, store: Store) -> None:
        """statuses, week, season and ids each narrow the result."""
        g1, g2, g3 = await store.upsert_games(
            [
                game("a", week=1),
                game("b", week=2, status=GameStatus.POSTPONED),
                game("c", week=2, season=2025),
            ]
        )
        assert [g.id for g in await store.find_games(GameQuery(statuses=(GameStatus.POSTPONED,)))] == [g2.id]
        assert [g.id for g in await store.find_games(GameQuery(week=2, season=2024))] == [g2.id]
        assert g1.id is not None
        assert g3.id is not None
        assert [g.id for g in await store.find_games(GameQuery(ids=(g3.id, g1.id)))] == [g1.id, g3.id]
        assert await store.find_games(GameQuery(ids=())) == []

    async def test_find_games_limit(self, store: Store) -> None:
        """limit keeps the first games in order."""
        games = await add_games(store, 5)
        assert await store.find_games(GameQuery(limit=2)) == games[:2]

    async def test_set_game_status_updates_status_and_scores(self, store: Store) -> None:
        """set_game_status records the status and the scores given."""
        [g] = await store.upsert_games([game()])
        assert g.id is not None
        await store.set_game_status(g.id, GameStatus.COMPLETED, home_score=101, away_score=99)
        stored = await store.get_game(g.id)
        assert stored is not None
        assert (stored.status, stored.home_score, stored.away_score) == (GameStatus.COMPLETED, 101, 99)

    async def test_set_game_status_keeps_scores_not_given(self, store: Store) -> None:
        """Scores not passed to set_game_status are left as they were."""
        [g] = await store.upsert_games([game(home_score=50, away_score=48, status=GameStatus.IN_PROGRESS)])
        assert g.id is not None
        await store.set_game_status(g.id, GameStatus.COMPLETED)
        stored = await store.get_game(g.id)
        assert stored is not None
        assert (stored.status, stored.home_score, stored.away_score) == (GameStatus.COMPLETED, 50, 48)

    async def test_set_game_status_of_unknown_game_raises_not_found(self, store: Store) -> None:
        """Setting the status of a game that does not exist raises NotFound."""
        with pytest.raises(NotFound):
            await store.set_game_status(424242, GameStatus.COMPLETED)

    # -- time ----------------------------------------------------------------------------

    async def test_datetimes_with_offsets_come_back_equal_in_utc(self, store: Store) -> None:
        """Datetimes written with non-UTC offsets come back equal, in UTC."""
        eastern = datetime(2025, 1, 15, 19, 30, 0, 123456, tzinfo=fixed_offset(-5 * 60))
        adelaide = datetime(2025, 1, 16, 14, 0, tzinfo=fixed_offset(10 * 60 + 30))
        [g] = await store.upsert_games([game(start=eastern)])
        await store.upsert_tasks([task_for(g, due=adelaide)])
        [t] = await store.find_tasks(TaskQuery())
        assert g.id is not None
        stored = await store.get_game(g.id)
        assert stored is not None
        for value, expected in ((stored.start_at, eastern), (t.due_at, adelaide)):
            assert value == expected
            assert value.utcoffset() == timedelta(0)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        when=st.datetimes(
            min_value=datetime(1971, 1, 1),
            max_value=datetime(2099, 12, 31),
            timezones=st.integers(-14 * 60, 14 * 60).map(fixed_offset),
        )
    )
    async def test_any_aware_datetime_round_trips_as_utc(self, store: Store, when: datetime) -> None:
        """Any aware datetime (any fixed offset, microseconds) round-trips equal, in UTC."""
        [g] = await store.upsert_games([game(start=when)])
        assert g.id is not None
        stored = await store.get_game(g.id)
        assert stored is not None
        assert stored.start_at == when
        assert stored.start_at.utcoffset() == timedelta(0)

    async def test_naive_datetime_argument_raises_model_error(self, store: Store) -> None:
        """A naive datetime passed to a method is rejected with ModelError."""
        naive = datetime(2025, 1, 15, 12, 0)
        with pytest.raises(ModelError):
            await store.claim_tasks(worker_id=WORKER, now=naive, lease=LEASE)
        with pytest.raises(ModelError):
            await store.find_games(GameQuery(start_from=naive))

    # -- rosters -----------------------------------------------------------------------

    async def test_roster_upsert_twice_equals_once(self, store: Store) -> None:
        """Writing the same roster entries twice leaves one of each."""
        [g] = await store.upsert_games([game()])
        assert g.id is not None
        entries = [
            RosterEntry(game_id=g.id, player_id="nba:1", team_id="nba:bos", is_starter=True),
            RosterEntry(game_id=g.id, player_id="nba:2", team_id="nba:nyk"),
        ]
        await store.upsert_roster_entries(entries)
        await store.upsert_roster_entries(entries)
        assert await store.get_roster(g.id) == entries

    async def test_roster_entry_is_updated_on_game_and_player(self, store: Store) -> None:
        """An entry for the same game and player replaces the earlier one."""
        [g] = await store.upsert_games([game()])
        assert g.id is not None
        await store.upsert_roster_entries([RosterEntry(game_id=g.id, player_id="nba:1", team_id="nba:bos")])
        seen = RosterEntry(
            game_id=g.id, player_id="nba:1", team_id="nba:bos", source=RosterSource.BOXSCORE, status="dnp"
        )
        await store.upsert_roster_entries([seen])
        assert await store.get_roster(g.id) == [seen]

    async def test_get_roster_filters_by_source_in_team_player_order(self, store: Store) -> None:
        """get_roster orders by (team, player) and can keep one source."""
        [g] = await store.upsert_games([game()])
        assert g.id is not None
        entries = [
            RosterEntry(game_id=g.id, player_id="nba:3", team_id="nba:nyk"),
            RosterEntry(game_id=g.id, player_id="nba:2", team_id="nba:bos", source=RosterSource.BOXSCORE),
            RosterEntry(game_id=g.id, player_id="nba:1", team_id="nba:bos"),
        ]
        await store.upsert_roster_entries(entries)
        assert [e.player_id for e in await store.get_roster(g.id)] == ["nba:1", "nba:2", "nba:3"]
        assert [e.player_id for e in await store.get_roster(g.id, RosterSource.ROSTER)] == ["nba:1", "nba:3"]

    # -- tasks: planning ---------------------------------------------------------------

    async def test_upsert_tasks_reports_inserted(self, store: Store) -> None:
        """New tasks are counted as inserted and stored pending."""
        games = await add_games(store, 2)
        result = await store.upsert_tasks([task_for(g) for g in games])
        assert result == TaskUpsertResult(inserted=2)
        assert {t.status for t in await store.find_tasks(TaskQuery())} == {TaskStatus.PENDING}

    async def test_upsert_tasks_twice_reports_unchanged(self, store: Store) -> None:
        """Planning the same tasks again changes nothing and says so."""
        games = await add_games(store, 2)
        await store.upsert_tasks([task_for(g) for g in games])
        before = await store.find_tasks(TaskQuery())
        assert await store.upsert_tasks([task_for(g) for g in games]) == TaskUpsertResult(unchanged=2)
        assert await store.find_tasks(TaskQuery()) == before

    async def test_one_task_per_game(self, store: Store) -> None:
        """Two tasks for one game are stored as one."""
        [g] = await add_games(store, 1)
        await store.upsert_tasks([task_for(g), task_for(g, due=T0 + 5 * HOUR)])
        assert len(await store.find_tasks(TaskQuery())) == 1

    async def test_pending_task_plan_change_is_applied(self, store: Store) -> None:
        """A pending task takes the new strategy, priority and max_attempts."""
        [g] = await add_games(store, 1)
        await store.upsert_tasks([task_for(g)])
        replanned = task_for(g, strategy=Strategy.BOXSCORE, priority=3, max_attempts=9)
        assert await store.upsert_tasks([replanned]) == TaskUpsertResult(updated=1)
        [stored] = await store.find_tasks(TaskQuery())
        assert (stored.strategy, stored.priority, stored.max_attempts) == (Strategy.BOXSCORE, 3, 9)

    async def test_pending_task_due_change_resets_next_attempt(self, store: Store) -> None:
        """Moving a pending task's due time moves its next attempt to the new due time."""
        [g] = await add_games(store, 1)
        await store.upsert_tasks([task_for(g, due=T0, next_attempt_at=T0 + HOUR)])
        await store.upsert_tasks([task_for(g, due=T0 + 2 * HOUR)])
        [stored] = await store.find_tasks(TaskQuery())
        assert stored.due_at == T0 + 2 * HOUR
        assert stored.eligible_at == T0 + 2 * HOUR

    async def test_running_task_is_left_alone_by_upsert(self, store: Store) -> None:
        """Re-planning a running task does not touch it."""
        [pending] = await add_tasks(store, [T0])
        claimed = await claim_one(store)
        [g] = await store.find_games(GameQuery())
        result = await store.upsert_tasks([task_for(g, due=T0 + HOUR, priority=7)])
        assert result == TaskUpsertResult(unchanged=1)
        assert await stored_task(store, pending.id) == claimed

    async def test_finished_task_is_left_alone_by_upsert(self, store: Store) -> None:
        """Re-planning a completed task does not touch it."""
        await add_tasks(store, [T0])
        claimed = await claim_one(store)
        assert claimed.id is not None
        done = TaskOutcome(status=TaskStatus.COMPLETED, finished_at=T0 + MINUTE)
        assert await store.finish_task(claimed.id, worker_id=WORKER, outcome=done)
        before = await stored_task(store, claimed.id)
        [g] = await store.find_games(GameQuery())
        assert await store.upsert_tasks([task_for(g, due=T0 + HOUR)]) == TaskUpsertResult(unchanged=1)
        assert await stored_task(store, claimed.id) == before

    async def test_task_for_unknown_game_is_rejected(self, store: Store) -> None:
        """A task must belong to a stored game."""
        orphan = SeedTask(game_id=424242, sport="nba", league="standard", season=2024, due_at=T0)
        with pytest.raises(StoreError):
            await store.upsert_tasks([orphan])

    async def test_find_tasks_filters_by_status_and_due_range(self, store: Store) -> None:
        """statuses and the half-open due range narrow find_tasks."""
        early, mid, late = await add_tasks(store, [T0 - HOUR, T0, T0 + HOUR])
        await claim_one(store, now=T0 - HOUR)  # early is now running
        pending = await store.find_tasks(TaskQuery(statuses=(TaskStatus.PENDING,)))
        assert [t.id for t in pending] == [mid.id, late.id]
        in_range = await store.find_tasks(TaskQuery(due_from=T0 - HOUR, due_before=T0 + HOUR))
        assert [t.id for t in in_range] == [early.id, mid.id]

    async def test_find_tasks_filters_by_game_ids_and_sport(self, store: Store) -> None:
        """game_ids and sport narrow find_tasks."""
        _first, second = await add_tasks(store, [T0, T0 + HOUR])
        assert [t.id for t in await store.find_tasks(TaskQuery(game_ids=(second.game_id,)))] == [second.id]
        assert await store.find_tasks(TaskQuery(sport="nfl")) == []
        assert len(await store.find_tasks(TaskQuery(sport="nba", league="standard", season=2024))) == 2

    async def test_find_tasks_updated_since(self, store: Store) -> None:
        """updated_since keeps the tasks changed at or after that moment."""
        first, _second = await add_tasks(store, [T0, T0 + HOUR])
        await anyio.sleep(0.002)
        mark = datetime.now(UTC)
        await anyio.sleep(0.002)
        await claim_one(store)
        assert [t.id for t in await store.find_tasks(TaskQuery(updated_since=mark))] == [first.id]

    async def test_find_tasks_orders_by_due_then_id_with_limit(self, store: Store) -> None:
        """find_tasks orders by (due_at, id) and applies limit."""
        late, early, tie = await add_tasks(store, [T0 + HOUR, T0, T0 + HOUR])
        assert [t.id for t in await store.find_tasks(TaskQuery())] == [early.id, late.id, tie.id]
        assert [t.id for t in await store.find_tasks(TaskQuery(limit=2))] == [early.id, late.id]

    async def test_cancel_tasks_cancels_only_pending(self, store: Store) -> None:
        """cancel_tasks cancels pending tasks, counts them, and leaves running ones."""
        running, pending = await add_tasks(store, [T0, T0 + HOUR])
        await claim_one(store)
        cancelled = await store.cancel_tasks(
            [running.game_id, pending.game_id], reason="game postponed", at=T0 + MINUTE
        )
        assert cancelled == 1
        assert (await stored_task(store, running.id)).status == TaskStatus.RUNNING
        stored = await stored_task(store, pending.id)
        assert (stored.status, stored.last_error) == (TaskStatus.CANCELLED, "game postponed")

    async def test_reset_task_puts_failed_task_back_to_pending(self, store: Store) -> None:
        """A failed task is reset to pending, due at the given time, with attempts reset."""
        await add_tasks(store, [T0])
        claimed = await claim_one(store)
        assert claimed.id is not None
        failed = TaskOutcome(status=TaskStatus.FAILED, finished_at=T0 + MINUTE, last_error="quota")
        await store.finish_task(claimed.id, worker_id=WORKER, outcome=failed)
        reset = await store.reset_task(claimed.id, at=T0 + HOUR)
        assert (reset.status, reset.due_at, reset.attempts) == (TaskStatus.PENDING, T0 + HOUR, 0)
        assert reset.eligible_at == T0 + HOUR
        assert await stored_task(store, claimed.id) == reset

    async def test_reset_completed_task_needs_force(self, store: Store) -> None:
        """A completed task stays completed unless the reset is forced."""
        await add_tasks(store, [T0])
        claimed = await claim_one(store)
        assert claimed.id is not None
        done = TaskOutcome(status=TaskStatus.COMPLETED, finished_at=T0 + MINUTE)
        await store.finish_task(claimed.id, worker_id=WORKER, outcome=done)
        assert (await store.reset_task(claimed.id, at=T0 + HOUR)).status == TaskStatus.COMPLETED
        assert (await store.reset_task(claimed.id, at=T0 + HOUR, force=True)).status == TaskStatus.PENDING

    async def test_reset_task_leaves_running_task_alone(self, store: Store) -> None:
        """Resetting a running task returns it unchanged, even with force."""
        await add_tasks(store, [T0])
        claimed = await claim_one(store)
        assert claimed.id is not None
        assert await store.reset_task(claimed.id, at=T0 + HOUR, force=True) == claimed

    async def test_reset_unknown_task_raises_not_found(self, store: Store) -> None:
        """Resetting a task that does not exist raises NotFound."""
        with pytest.raises(NotFound):
            await store.reset_task(424242, at=T0)

    async def test_count_tasks_lists_every_status(self, store: Store) -> None:
        """count_tasks has every status, zeros included."""
        await add_tasks(store, [T0, T0 + HOUR])
        await claim_one(store)
        counts = await store.count_tasks()
        assert counts == {
            TaskStatus.PENDING: 1,
            TaskStatus.RUNNING: 1,
            TaskStatus.COMPLETED: 0,
            TaskStatus.FAILED: 0,
            TaskStatus.CANCELLED: 0,
        }

    async def test_count_tasks_filters_by_sport(self, store: Store) -> None:
        """count_tasks of another sport counts nothing."""
        await add_tasks(store, [T0])
        assert sum((await store.count_tasks("nfl")).values()) == 0
        assert (await store.count_tasks("nba"))[TaskStatus.PENDING] == 1

    # -- tasks: the queue --------------------------------------------------------------

    async def test_claim_takes_only_due_tasks(self, store: Store) -> None:
        """Only pending tasks eligible at or before now are claimed."""
        due, _future = await add_tasks(store, [T0, T0 + MINUTE])
        claimed = await store.claim_tasks(worker_id=WORKER, now=T0, lease=LEASE, limit=10)
        assert [t.id for t in claimed] == [due.id]

    async def test_claim_orders_by_eligible_time_then_priority_then_id(self, store: Store) -> None:
        """Claims come earliest eligible first, then higher priority, then lower id."""
        games = await add_games(store, 5)
        plans = [
            task_for(games[0], due=T0),
            task_for(games[1], due=T0, priority=5),
            task_for(games[2], due=T0 - HOUR),
            task_for(games[3], due=T0, next_attempt_at=T0 - 2 * HOUR),
            task_for(games[4], due=T0),
        ]
        await store.upsert_tasks(plans)
        claimed = await store.claim_tasks(worker_id=WORKER, now=T0, lease=LEASE, limit=5)
        assert [t.game_id for t in claimed] == [games[i].id for i in (3, 2, 1, 0, 4)]

    async def test_claim_sets_lease_and_counts_the_attempt(self, store: Store) -> None:
        """A claimed task is running, leased to the worker until now + lease, one attempt more."""
        await add_tasks(store, [T0])
        claimed = await claim_one(store, now=T0 + MINUTE)
        assert claimed.status == TaskStatus.RUNNING
        assert (claimed.lease_owner, claimed.lease_expires_at) == (WORKER, T0 + MINUTE + LEASE)
        assert (claimed.attempts, claimed.started_at) == (1, T0 + MINUTE)
        assert await stored_task(store, claimed.id) == claimed

    async def test_claim_respects_limit(self, store: Store) -> None:
        """No more than limit tasks are claimed at once."""
        await add_tasks(store, [T0, T0, T0])
        assert len(await store.claim_tasks(worker_id=WORKER, now=T0, lease=LEASE, limit=2)) == 2
        assert len(await store.claim_tasks(worker_id=WORKER, now=T0, lease=LEASE, limit=2)) == 1

    async def test_claim_filters_by_sport(self, store: Store) -> None:
        """A claim for one sport leaves the others' tasks."""
        await add_tasks(store, [T0])
        assert await store.claim_tasks(worker_id=WORKER, now=T0, lease=LEASE, sport="nfl") == []
        assert len(await store.claim_tasks(worker_id=WORKER, now=T0, lease=LEASE, sport="nba")) == 1

    async def test_claim_filters_by_game(self, store: Store) -> None:
        """A claim for given games takes only their tasks, even when others are due first."""
        _earlier, second = await add_tasks(store, [T0 - HOUR, T0])
        claimed = await store.claim_tasks(
            worker_id=WORKER, now=T0, lease=LEASE, limit=10, game_ids=[second.game_id]
        )
        assert [t.id for t in claimed] == [second.id]
        assert await store.claim_tasks(worker_id=WORKER, now=T0, lease=LEASE, game_ids=[]) == []

    async def test_claimed_task_is_not_claimed_again(self, store: Store) -> None:
        """A running task is not handed to a second claimer."""
        await add_tasks(store, [T0])
        await claim_one(store)
        assert await store.claim_tasks(worker_id=OTHER_WORKER, now=T0 + HOUR, lease=LEASE) == []

    async def test_claim_waits_for_next_attempt_at(self, store: Store) -> None:
        """A task with a later next_attempt_at is not due before it."""
        [g] = await add_games(store, 1)
        await store.upsert_tasks([task_for(g, due=T0, next_attempt_at=T0 + HOUR)])
        assert await store.claim_tasks(worker_id=WORKER, now=T0 + MINUTE, lease=LEASE) == []
        assert len(await store.claim_tasks(worker_id=WORKER, now=T0 + HOUR, lease=LEASE)) == 1

    async def test_next_eligible_at_is_earliest_pending(self, store: Store) -> None:
        """next_eligible_at is the earliest eligible time of pending tasks (None without any)."""
        assert await store.next_eligible_at() is None
        [g1, g2] = await add_games(store, 2)
        await store.upsert_tasks(
            [task_for(g1, due=T0 + HOUR), task_for(g2, due=T0 + 2 * HOUR, next_attempt_at=T0 + 30 * MINUTE)]
        )
        assert await store.next_eligible_at() == T0 + 30 * MINUTE
        assert await store.next_eligible_at(sport="nfl") is None

    async def test_extend_lease_by_holder_moves_it(self, store: Store) -> None:
        """The worker holding a lease can extend it."""
        await add_tasks(store, [T0])
        claimed = await claim_one(store)
        assert claimed.id is not None
        assert await store.extend_lease(claimed.id, worker_id=WORKER, until=T0 + HOUR)
        assert (await stored_task(store, claimed.id)).lease_expires_at == T0 + HOUR

    async def test_extend_lease_by_other_worker_fails(self, store: Store) -> None:
        """A worker that does not hold the lease cannot extend it."""
        await add_tasks(store, [T0])
        claimed = await claim_one(store)
        assert claimed.id is not None
        assert not await store.extend_lease(claimed.id, worker_id=OTHER_WORKER, until=T0 + HOUR)
        assert (await stored_task(store, claimed.id)).lease_expires_at == T0 + LEASE

    async def test_finish_task_records_outcome_and_clears_lease(self, store: Store) -> None:
        """finish_task writes status, times, error and counts, and clears the lease."""
        await add_tasks(store, [T0])
        claimed = await claim_one(store)
        assert claimed.id is not None
        outcome = TaskOutcome(
            status=TaskStatus.FAILED, finished_at=T0 + MINUTE, last_error="plan", api_calls=3, duration_s=1.5
        )
        assert await store.finish_task(claimed.id, worker_id=WORKER, outcome=outcome)
        stored = await stored_task(store, claimed.id)
        assert (stored.status, stored.finished_at, stored.last_error) == (
            TaskStatus.FAILED,
            T0 + MINUTE,
            "plan",
        )
        assert (stored.api_calls, stored.duration_s) == (3, 1.5)
        assert (stored.lease_owner, stored.lease_expires_at) == (None, None)

    async def test_finish_task_adds_totals_and_merges_entities(self, store: Store) -> None:
        """Totals add up over attempts; entities_done is a union, entities_failed the latest."""
        await add_tasks(store, [T0])
        first = await claim_one(store)
        assert first.id is not None
        retry = TaskOutcome(
            status=TaskStatus.PENDING,
            finished_at=T0 + MINUTE,
            api_calls=2,
            duration_s=1.0,
            entities_done=("nba:1", "nba:2"),
            entities_failed=("nba:3",),
        )
        await store.finish_task(first.id, worker_id=WORKER, outcome=retry)
        second = await claim_one(store, now=T0 + 2 * MINUTE)
        done = TaskOutcome(
            status=TaskStatus.COMPLETED,
            finished_at=T0 + 3 * MINUTE,
            api_calls=1,
            duration_s=0.5,
            entities_done=("nba:3", "nba:1"),
        )
        await store.finish_task(first.id, worker_id=WORKER, outcome=done)
        stored = await stored_task(store, first.id)
        assert (stored.api_calls, stored.duration_s, stored.attempts) == (3, 1.5, second.attempts)
        assert sorted(stored.entities_done) == ["nba:1", "nba:2", "nba:3"]
        assert stored.entities_failed == ()

    async def test_finish_task_with_lost_lease_writes_nothing(self, store: Store) -> None:
        """A worker that no longer holds the lease cannot record an outcome."""
        await add_tasks(store, [T0])
        claimed = await claim_one(store)
        assert claimed.id is not None
        outcome = TaskOutcome(status=TaskStatus.COMPLETED, finished_at=T0 + MINUTE, api_calls=4)
        assert not await store.finish_task(claimed.id, worker_id=OTHER_WORKER, outcome=outcome)
        assert await stored_task(store, claimed.id) == claimed

    async def test_finish_task_pending_schedules_retry(self, store: Store) -> None:
        """A PENDING outcome puts the task back, eligible at next_attempt_at."""
        await add_tasks(store, [T0])
        claimed = await claim_one(store)
        assert claimed.id is not None
        retry = TaskOutcome(
            status=TaskStatus.PENDING,
            finished_at=T0 + MINUTE,
            next_attempt_at=T0 + 10 * MINUTE,
            last_error="503",
        )
        await store.finish_task(claimed.id, worker_id=WORKER, outcome=retry)
        stored = await stored_task(store, claimed.id)
        assert (stored.status, stored.eligible_at, stored.attempts) == (
            TaskStatus.PENDING,
            T0 + 10 * MINUTE,
            1,
        )
        assert await store.claim_tasks(worker_id=WORKER, now=T0 + 5 * MINUTE, lease=LEASE) == []
        assert len(await store.claim_tasks(worker_id=WORKER, now=T0 + 10 * MINUTE, lease=LEASE)) == 1

    async def test_finish_task_refund_does_not_count_the_attempt(self, store: Store) -> None:
        """A snooze with refund_attempt gives the attempt back."""
        await add_tasks(store, [T0])
        claimed = await claim_one(store)
        assert claimed.id is not None
        snooze = TaskOutcome(
            status=TaskStatus.PENDING, finished_at=T0, next_attempt_at=T0 + HOUR, refund_attempt=True
        )
        await store.finish_task(claimed.id, worker_id=WORKER, outcome=snooze)
        assert (await stored_task(store, claimed.id)).attempts == 0

    async def test_release_task_returns_it_untouched(self, store: Store) -> None:
        """A released task is pending again, eligible at the given time, attempt refunded."""
        await add_tasks(store, [T0])
        claimed = await claim_one(store)
        assert claimed.id is not None
        assert await store.release_task(claimed.id, worker_id=WORKER, at=T0 + MINUTE)
        stored = await stored_task(store, claimed.id)
        assert (stored.status, stored.attempts, stored.eligible_at) == (TaskStatus.PENDING, 0, T0 + MINUTE)
        assert (stored.lease_owner, stored.lease_expires_at) == (None, None)

    async def test_release_task_not_held_returns_false(self, store: Store) -> None:
        """Releasing a task another worker holds does nothing."""
        await add_tasks(store, [T0])
        claimed = await claim_one(store)
        assert claimed.id is not None
        assert not await store.release_task(claimed.id, worker_id=OTHER_WORKER, at=T0)
        assert await stored_task(store, claimed.id) == claimed

    async def test_reclaim_expired_returns_only_expired_leases(self, store: Store) -> None:
        """Tasks whose lease expired go back to pending, eligible now; live leases stay."""
        await add_tasks(store, [T0, T0])
        short = await claim_one(store)
        [long] = await store.claim_tasks(worker_id=OTHER_WORKER, now=T0, lease=HOUR)
        assert await store.reclaim_expired(now=T0 + 10 * MINUTE) == [short.id]
        reclaimed = await stored_task(store, short.id)
        assert (reclaimed.status, reclaimed.lease_owner, reclaimed.eligible_at) == (
            TaskStatus.PENDING,
            None,
            T0 + 10 * MINUTE,
        )
        assert (await stored_task(store, long.id)).status == TaskStatus.RUNNING

    async def test_old_owner_cannot_finish_reclaimed_task(self, store: Store) -> None:
        """After a reclaim and a new claim, the first worker's lease is lost."""
        await add_tasks(store, [T0])
        claimed = await claim_one(store)
        assert claimed.id is not None
        await store.reclaim_expired(now=T0 + HOUR)
        await claim_one(store, worker=OTHER_WORKER, now=T0 + HOUR)
        done = TaskOutcome(status=TaskStatus.COMPLETED, finished_at=T0 + HOUR)
        assert not await store.finish_task(claimed.id, worker_id=WORKER, outcome=done)
        assert not await store.extend_lease(claimed.id, worker_id=WORKER, until=T0 + 2 * HOUR)
        assert (await stored_task(store, claimed.id)).lease_owner == OTHER_WORKER

    # -- transactions ------------------------------------------------------------------

    async def test_transaction_commits_on_normal_exit(self, store: Store) -> None:
        """Writes made in a block that ends normally are kept."""
        async with store.transaction():
            [g] = await store.upsert_games([game()])
            await store.upsert_tasks([task_for(g)])
        assert len(await store.find_tasks(TaskQuery())) == 1

    async def test_transaction_rolls_back_whole_on_error(self, store: Store) -> None:
        """A block that raises leaves nothing it wrote: games, tasks, stats."""

        async def write_then_fail() -> None:
            async with store.transaction():
                [g] = await store.upsert_games([game()])
                await store.upsert_tasks([task_for(g)])
                await store.upsert_player_game_stats([line(g)])
                await store.upsert_teams([team()])
                raise Boom

        with pytest.raises(Boom):
            await write_then_fail()
        assert await store.find_games(GameQuery()) == []
        assert await store.find_tasks(TaskQuery()) == []
        assert await store.get_player_game_stats() == []
        assert await store.list_teams() == []

    async def test_block_errors_propagate_unchanged(self, store: Store) -> None:
        """An error raised by the block itself (even an OSError) comes out as it is, not as a store error."""

        async def time_out_in_a_block() -> None:
            async with store.transaction():
                await store.upsert_teams([team()])
                raise TimeoutError("the API did not answer")

        with pytest.raises(TimeoutError, match="the API did not answer"):
            await time_out_in_a_block()
        assert await store.list_teams() == []

    async def test_reads_inside_transaction_see_its_writes(self, store: Store) -> None:
        """Calls inside a block see what the block wrote before it commits."""
        async with store.transaction():
            await store.upsert_teams([team()])
            assert await store.get_team("nba:bos") == team()

    async def test_nested_transaction_rolls_back_inner_block_only(self, store: Store) -> None:
        """An inner block that raises undoes only its own writes."""

        async def inner_write_then_fail() -> None:
            async with store.transaction():
                await store.upsert_teams([team("nyk")])
                raise Boom

        async with store.transaction():
            await store.upsert_teams([team("bos")])
            with pytest.raises(Boom):
                await inner_write_then_fail()
            await store.upsert_teams([team("lal")])
        assert [t.id for t in await store.list_teams()] == ["nba:bos", "nba:lal"]

    async def test_nested_transaction_is_undone_with_outer(self, store: Store) -> None:
        """A committed inner block is still rolled back when the outer block fails."""

        async def commit_inner_then_fail() -> None:
            async with store.transaction():
                async with store.transaction():
                    await store.upsert_teams([team("nyk")])
                raise Boom

        with pytest.raises(Boom):
            await commit_inner_then_fail()
        assert await store.list_teams() == []

    async def test_swallowed_failure_inside_transaction_rolls_it_back(self, store: Store) -> None:
        """A block that swallows a failed call does not commit half its work."""
        orphan = SeedTask(game_id=424242, sport="nba", league="standard", season=2024, due_at=T0)

        async def swallow_a_failure() -> None:
            async with store.transaction():
                await store.upsert_teams([team()])
                with contextlib.suppress(StoreError):
                    await store.upsert_tasks([orphan])

        with pytest.raises(StoreError, match="rolled back"):
            await swallow_a_failure()
        assert await store.list_teams() == []

    async def test_other_tasks_do_not_join_the_transaction(self, store: Store) -> None:
        """A write by another task is not undone when the transaction rolls back."""

        async def write_spawn_then_fail(tg: anyio.abc.TaskGroup) -> None:
            async with store.transaction():
                await store.upsert_teams([team("bos")])
                tg.start_soon(store.upsert_teams, [team("nyk")])
                await anyio.sleep(0.01)
                raise Boom

        async with anyio.create_task_group() as tg:
            with pytest.raises(Boom):
                await write_spawn_then_fail(tg)
        assert [t.id for t in await store.list_teams()] == ["nba:nyk"]

    async def test_cancelled_transaction_is_rolled_back(self, store: Store) -> None:
        """A block cancelled midway leaves nothing it wrote."""
        with anyio.CancelScope() as scope:
            async with store.transaction():
                await store.upsert_teams([team("bos")])
                scope.cancel()
                await anyio.sleep(1)
        assert await store.list_teams() == []

    async def test_calls_cancelled_at_any_point_leave_the_store_usable(self, store: Store) -> None:
        """Calls and blocks cancelled at arbitrary points leave no transaction open behind them."""
        games = [game(f"c{i}") for i in range(20)]
        for step in range(25):
            with anyio.move_on_after(step * 0.0004):
                await store.upsert_games(games)
                async with store.transaction():
                    await store.upsert_teams([team("bos")])
        async with store.transaction():
            await store.upsert_teams([team("nyk")])
        assert "nba:nyk" in [t.id for t in await store.list_teams()]

    async def test_failed_batch_outside_transaction_writes_nothing(self, store: Store) -> None:
        """A batch with one bad row is atomic: none of its rows is written."""
        [g] = await add_games(store, 1)
        orphan = SeedTask(game_id=424242, sport="nba", league="standard", season=2024, due_at=T0)
        with pytest.raises(StoreError):
            await store.upsert_tasks([task_for(g), orphan])
        assert await store.find_tasks(TaskQuery()) == []

    # -- stats -------------------------------------------------------------------------

    async def test_player_game_stats_upsert_replaces_line(self, store: Store) -> None:
        """A line for the same game and player replaces the earlier one; twice equals once."""
        [g] = await add_games(store, 1)
        await store.upsert_player_game_stats([line(g, pts=10, reb=3)])
        corrected = line(g, pts=12)
        await store.upsert_player_game_stats([corrected])
        await store.upsert_player_game_stats([corrected])
        assert await store.get_player_game_stats() == [corrected]

    async def test_team_game_stats_upsert_replaces_box(self, store: Store) -> None:
        """A box for the same game and team replaces the earlier one; twice equals once."""
        [g] = await add_games(store, 1)
        await store.upsert_team_game_stats([box(g, pts=98)])
        corrected = box(g, pts=101, ast=25)
        await store.upsert_team_game_stats([corrected, corrected])
        assert await store.get_team_game_stats(game_id=g.id) == [corrected]

    async def test_get_player_game_stats_filters_in_order(self, store: Store) -> None:
        """Lines come ordered by (game, player) and filter by game and/or player."""
        g1, g2 = await add_games(store, 2)
        await store.upsert_player_game_stats([line(g2, 1), line(g1, 2), line(g1, 1)])
        assert [(s.game_id, s.player_id) for s in await store.get_player_game_stats()] == [
            (g1.id, "nba:1"),
            (g1.id, "nba:2"),
            (g2.id, "nba:1"),
        ]
        assert [s.game_id for s in await store.get_player_game_stats(player_id="nba:1")] == [g1.id, g2.id]
        assert len(await store.get_player_game_stats(game_id=g2.id, player_id="nba:2")) == 0

    async def test_season_stats_upserts_twice_equal_once(self, store: Store) -> None:
        """Season totals are replaced on their key; writing twice equals once."""
        p_row = PlayerSeasonStats(
            sport="nba",
            league="standard",
            season=2024,
            player_id="nba:1",
            team_id="nba:bos",
            games=2,
            stats={"pts": 20},
        )
        t_row = TeamSeasonStats(
            sport="nba", league="standard", season=2024, team_id="nba:bos", games=2, stats={"w": 2}
        )
        for _ in range(2):
            await store.upsert_player_season_stats([p_row])
            await store.upsert_team_season_stats([t_row])
        assert [unstamped(r) for r in await store.get_player_season_stats(sport="nba", season=2024)] == [
            p_row
        ]
        assert [unstamped(r) for r in await store.get_team_season_stats(sport="nba", season=2024)] == [t_row]

    async def test_recompute_sums_game_lines_per_stat(self, store: Store) -> None:
        """Season totals are per-stat sums of the game lines, games = number of lines."""
        g1, g2 = await add_games(store, 2)
        await store.upsert_player_game_stats([line(g1, pts=10, reb=4), line(g2, pts=25.5, ast=7)])
        await store.recompute_season_stats(
            sport="nba", league="standard", season=2024, player_ids=["nba:1"], team_ids=[]
        )
        [totals] = await store.get_player_season_stats(sport="nba", season=2024, player_id="nba:1")
        assert (totals.team_id, totals.games) == ("nba:bos", 2)
        assert dict(totals.stats) == {"pts": 35.5, "reb": 4.0, "ast": 7.0}

    async def test_recompute_counts_only_that_league_and_season(self, store: Store) -> None:
        """Lines from games of another season or league are not summed."""
        [this] = await add_games(store, 1)
        [last_season] = await add_games(store, 1, season=2023)
        [cup] = await add_games(store, 1, league="cup")
        await store.upsert_player_game_stats(
            [line(this, pts=10), line(last_season, pts=99), line(cup, pts=50)]
        )
        await store.recompute_season_stats(
            sport="nba", league="standard", season=2024, player_ids=["nba:1"], team_ids=[]
        )
        [totals] = await store.get_player_season_stats(sport="nba", season=2024)
        assert (totals.league, totals.games, dict(totals.stats)) == ("standard", 1, {"pts": 10.0})

    async def test_recompute_keeps_one_row_per_team_played_for(self, store: Store) -> None:
        """A player traded mid-season has one season row per team."""
        g1, g2 = await add_games(store, 2)
        await store.upsert_player_game_stats(
            [line(g1, team_key="bos", pts=10), line(g2, team_key="nyk", pts=20)]
        )
        await store.recompute_season_stats(
            sport="nba", league="standard", season=2024, player_ids=["nba:1"], team_ids=[]
        )
        rows = await store.get_player_season_stats(sport="nba", season=2024)
        assert [(r.team_id, r.games, dict(r.stats)) for r in rows] == [
            ("nba:bos", 1, {"pts": 10.0}),
            ("nba:nyk", 1, {"pts": 20.0}),
        ]

    async def test_recompute_drops_totals_left_without_lines(self, store: Store) -> None:
        """A season row of a recomputed player with no game line left is removed."""
        [g] = await add_games(store, 1)
        stale = PlayerSeasonStats(
            sport="nba",
            league="standard",
            season=2024,
            player_id="nba:1",
            team_id="nba:old",
            games=3,
            stats={},
        )
        await store.upsert_player_season_stats([stale])
        await store.upsert_player_game_stats([line(g, team_key="bos")])
        await store.recompute_season_stats(
            sport="nba", league="standard", season=2024, player_ids=["nba:1"], team_ids=[]
        )
        assert [r.team_id for r in await store.get_player_season_stats(sport="nba", season=2024)] == [
            "nba:bos"
        ]

    async def test_recompute_team_season_stats(self, store: Store) -> None:
        """Team season totals are sums of the team's boxes."""
        g1, g2 = await add_games(store, 2)
        await store.upsert_team_game_stats(
            [box(g1, pts=100), box(g2, pts=110, reb=40), box(g2, "nyk", pts=90)]
        )
        await store.recompute_season_stats(
            sport="nba", league="standard", season=2024, player_ids=[], team_ids=["nba:bos"]
        )
        [totals] = await store.get_team_season_stats(sport="nba", season=2024)
        assert (totals.team_id, totals.games, dict(totals.stats)) == (
            "nba:bos",
            2,
            {"pts": 210.0, "reb": 40.0},
        )

    async def test_recompute_is_idempotent(self, store: Store) -> None:
        """Recomputing twice gives the same totals."""
        [g] = await add_games(store, 1)
        await store.upsert_player_game_stats([line(g, pts=10)])
        await store.upsert_team_game_stats([box(g)])
        args: dict[str, Any] = {
            "sport": "nba",
            "league": "standard",
            "season": 2024,
            "player_ids": ["nba:1"],
            "team_ids": ["nba:bos"],
        }
        await store.recompute_season_stats(**args)
        first = await store.get_player_season_stats(sport="nba", season=2024)
        await store.recompute_season_stats(**args)
        assert await store.get_player_season_stats(sport="nba", season=2024) == first

    # -- sync log, api usage -------------------------------------------------------------

    async def test_add_sync_run_assigns_ids(self, store: Store) -> None:
        """Each appended sync run gets its own id and is stored as given."""
        run = SyncRun(sport="nba", seeding_type="game", started_at=T0, finished_at=T0 + MINUTE, api_calls=2)
        first = await store.add_sync_run(run)
        second = await store.add_sync_run(run)
        assert first.id is not None
        assert second.id is not None
        assert first.id != second.id
        assert attrs.evolve(first, id=None) == run

    async def test_find_sync_runs_newest_first(self, store: Store) -> None:
        """Sync runs come newest first."""
        old = await store.add_sync_run(
            SyncRun(sport="nba", seeding_type="game", started_at=T0, finished_at=T0)
        )
        new = await store.add_sync_run(
            SyncRun(
                sport="nba", seeding_type="roster", started_at=T0 + HOUR, finished_at=T0 + HOUR, error="x"
            )
        )
        assert await store.find_sync_runs() == [new, old]

    async def test_find_sync_runs_filters_by_game_since_and_limit(self, store: Store) -> None:
        """since, game_id and limit narrow the sync log."""
        runs = [
            await store.add_sync_run(
                SyncRun(
                    sport="nba",
                    seeding_type="game",
                    started_at=T0 + i * HOUR,
                    finished_at=T0 + i * HOUR,
                    game_id=i,
                )
            )
            for i in range(4)
        ]
        assert await store.find_sync_runs(since=T0 + 2 * HOUR) == [runs[3], runs[2]]
        assert await store.find_sync_runs(game_id=1) == [runs[1]]
        assert await store.find_sync_runs(limit=1) == [runs[3]]

    async def test_record_and_find_api_calls_oldest_first(self, store: Store) -> None:
        """Recorded API calls come back oldest first, as recorded."""
        calls = [
            ApiCall(at=T0 + MINUTE, sport="nba", endpoint="/games", params="date=2025-01-15", status=200),
            ApiCall(at=T0, sport="nba", endpoint="/players", status=None, error_class="TransientApiError"),
        ]
        await store.record_api_calls(calls)
        found = await store.find_api_calls()
        assert [attrs.evolve(c, id=None) for c in found] == [calls[1], calls[0]]
        assert all(c.id is not None for c in found)

    async def test_find_api_calls_filters_by_sport_and_since(self, store: Store) -> None:
        """since and sport narrow the usage records."""
        await store.record_api_calls(
            [
                ApiCall(at=T0, sport="nba", endpoint="/a"),
                ApiCall(at=T0 + HOUR, sport="nba", endpoint="/b"),
                ApiCall(at=T0 + HOUR, sport="nfl", endpoint="/c"),
            ]
        )
        assert [c.endpoint for c in await store.find_api_calls(since=T0 + HOUR, sport="nba")] == ["/b"]

    async def test_count_api_calls_excludes_cache_hits(self, store: Store) -> None:
        """Cache hits are not counted against the quota by default."""
        await store.record_api_calls(
            [
                ApiCall(at=T0, sport="nba", endpoint="/a"),
                ApiCall(at=T0, sport="nba", endpoint="/a", cached=True),
                ApiCall(at=T0 - HOUR, sport="nba", endpoint="/a"),
                ApiCall(at=T0, sport="nfl", endpoint="/a"),
            ]
        )
        assert await store.count_api_calls(since=T0, sport="nba") == 1
        assert await store.count_api_calls(since=T0) == 2

    async def test_count_api_calls_counts_cache_hits_when_asked(self, store: Store) -> None:
        """cached=True counts cache hits too."""
        await store.record_api_calls(
            [
                ApiCall(at=T0, sport="nba", endpoint="/a"),
                ApiCall(at=T0, sport="nba", endpoint="/a", cached=True),
            ]
        )
        assert await store.count_api_calls(since=T0, cached=True) == 2

    # -- workers, scheduler state -------------------------------------------------------

    async def test_heartbeat_upserts_worker(self, store: Store) -> None:
        """A worker's heartbeats update one row."""
        first = WorkerInfo(id=WORKER, host="h1", pid=10, started_at=T0, heartbeat_at=T0, info={"v": 1})
        later = attrs.evolve(first, heartbeat_at=T0 + MINUTE, status="stopping", info={"v": 1, "tasks": 3})
        await store.heartbeat(first)
        await store.heartbeat(later)
        assert await store.list_workers() == [later]

    async def test_list_workers_most_recent_first(self, store: Store) -> None:
        """Workers come by latest heartbeat first."""
        stale = WorkerInfo(id="a", started_at=T0, heartbeat_at=T0)
        fresh = WorkerInfo(id="b", started_at=T0, heartbeat_at=T0 + MINUTE)
        await store.heartbeat(stale)
        await store.heartbeat(fresh)
        assert [w.id for w in await store.list_workers()] == ["b", "a"]

    async def test_get_state_of_unknown_key_is_none(self, store: Store) -> None:
        """An unset state key reads as None."""
        assert await store.get_state("scheduler.paused") is None

    async def test_set_state_upserts_json(self, store: Store) -> None:
        """A state key holds the last JSON value set."""
        await store.set_state("scheduler.paused", True)
        await store.set_state("scheduler.paused", {"paused": False, "by": ["cli", 1]})
        assert await store.get_state("scheduler.paused") == {"paused": False, "by": ["cli", 1]}

    # -- cache -------------------------------------------------------------------------

    async def test_cache_round_trips_json(self, store: Store) -> None:
        """A cached value comes back equal before it expires."""
        value = {"players": [{"id": 1, "name": "Jayson Tatum"}], "n": 1.5}
        await store.cache_put("roster:nba:bos", value, expires_at=T0 + HOUR)
        assert await store.cache_get("roster:nba:bos", now=T0) == value

    async def test_cache_entry_expires(self, store: Store) -> None:
        """A cached value is gone at and after its expiry."""
        await store.cache_put("roster:nba:bos", [1], expires_at=T0 + HOUR)
        assert await store.cache_get("roster:nba:bos", now=T0 + HOUR) is None

    async def test_cache_entry_without_expiry_persists(self, store: Store) -> None:
        """A value cached without expiry stays until invalidated; a put replaces it."""
        await store.cache_put("profile:nba:1", {"v": 1}, expires_at=None)
        await store.cache_put("profile:nba:1", {"v": 2}, expires_at=None)
        assert await store.cache_get("profile:nba:1", now=T0 + 1000 * HOUR) == {"v": 2}

    async def test_cache_invalidate_drops_prefix_only(self, store: Store) -> None:
        """Invalidation drops keys starting with the prefix, taken literally (no wildcards)."""
        for key in ("roster:nba:1", "roster:nba:2", "rosterX", "ros_er", "profile:1"):
            await store.cache_put(key, key, expires_at=None)
        assert await store.cache_invalidate("roster:") == 2
        assert await store.cache_invalidate("ros_") == 1
        assert await store.cache_invalidate("%") == 0
        assert await store.cache_get("rosterX", now=T0) == "rosterX"
        assert await store.cache_get("profile:1", now=T0) == "profile:1"

    # -- team alias overrides ----------------------------------------------------------

    async def test_add_team_alias_upserts(self, store: Store) -> None:
        """Adding an alias again points it at the new team."""
        await store.add_team_alias(sport="nba", alias="LA Clipers", team_id="nba:lal")
        await store.add_team_alias(sport="nba", alias="LA Clipers", team_id="nba:lac")
        assert await store.list_team_aliases("nba") == [("LA Clipers", "nba:lac", None)]

    async def test_list_team_aliases_by_sport_with_leagues(self, store: Store) -> None:
        """Aliases are kept per sport and league, in alias order."""
        await store.add_team_alias(sport="football", alias="Spurs", team_id="football:tot", league="epl")
        await store.add_team_alias(sport="football", alias="Spurs", team_id="football:sa", league=None)
        await store.add_team_alias(sport="football", alias="Gunners", team_id="football:ars")
        await store.add_team_alias(sport="nba", alias="Spurs", team_id="nba:sas")
        assert await store.list_team_aliases("football") == [
            ("Gunners", "football:ars", None),
            ("Spurs", "football:sa", None),
            ("Spurs", "football:tot", "epl"),
        ]
