"""Killing the process mid-seed and running again leaves no duplicate or half-written stats.

A child process replays two NBA days into a store (its own simulator, fixed seed, virtual clock,
and 100 ms of real latency per request so that seeding takes seconds). Once a few games are
seeded, the parent freezes it (SIGSTOP) while it holds leased tasks, then kills it (SIGKILL);
a re-run of the same replay on the same store (``prepare=False``) reclaims the dead worker's
expired leases on its virtual clock and seeds what is left. Then every game must be seeded
exactly once, with complete and correct stats.
"""

from __future__ import annotations

import math
import signal
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import anyio
import pytest

from scoracle_core.model import TaskStatus
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.replay import Replay, areplay
from scoracle_core.store import open_store
from scoracle_core.store.base import Store, TaskQuery

pytestmark = [
    pytest.mark.anyio,
    pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals (SIGSTOP, SIGKILL)"),
]

START, END = date(2024, 10, 28), date(2024, 10, 30)  # 14 NBA games
SEED = 11
SEEDED_BEFORE_KILL = 3
CHILD_TIMEOUT_S = 30.0

CHILD = """
import sys
from datetime import date, timedelta

import anyio

from scoracle_core.sim import Faults
from scoracle_core.store import open_store
from scoracle_core.replay import areplay
from scoracle_core.worker import WorkerConfig


async def main(url: str, start: str, end: str, seed: str) -> None:
    store = await open_store(url)
    try:
        await areplay(
            store,
            start=date.fromisoformat(start),
            end=date.fromisoformat(end),
            only=("nba",),
            seed=int(seed),
            faults=Faults(latency=0.1),
            worker=WorkerConfig(batch=3, poll=timedelta(days=1)),
        )
    finally:
        await store.close()


anyio.run(main, *sys.argv[1:])
"""


@pytest.fixture(scope="module")
def sports() -> Sports:
    """The installed plugins, loaded once."""
    return load_plugins()


async def _kill_mid_seed(store: Store, url: str, workdir: Path) -> dict[TaskStatus, int]:
    """Run the child replay and SIGKILL it while it holds leased tasks, after a few games were
    seeded; return the task counts it left behind."""
    script, errors = workdir / "replay_child.py", workdir / "child.err"
    script.write_text(CHILD, encoding="utf-8")
    with errors.open("wb") as err:
        child = await anyio.open_process(
            [sys.executable, str(script), url, START.isoformat(), END.isoformat(), str(SEED)],
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    try:
        with anyio.fail_after(CHILD_TIMEOUT_S):
            while True:
                assert child.returncode is None, f"the child exited early: {errors.read_text()}"
                counts = await store.count_tasks("nba")
                if counts[TaskStatus.COMPLETED] >= SEEDED_BEFORE_KILL:
                    child.send_signal(signal.SIGSTOP)  # frozen: what we count is what it leaves
                    counts = await store.count_tasks("nba")
                    if counts[TaskStatus.RUNNING]:
                        child.kill()
                        await child.wait()
                        return counts
                    child.send_signal(signal.SIGCONT)  # between two batches: let it claim the next
                await anyio.sleep(0.02)
    finally:
        if child.returncode is None:
            child.kill()
        with anyio.move_on_after(10, shield=True):
            await child.wait()
        await child.aclose()


async def _rerun(store: Store, sports: Sports) -> Replay:
    """The same replay again on the same store: nothing re-ingested or reset, same truth."""
    return await areplay(store, start=START, end=END, sports=sports, only=("nba",), seed=SEED, prepare=False)


async def _check_seeded_once_and_whole(store: Store, replay: Replay, left: dict[TaskStatus, int]) -> None:
    games = {g.id: g for g in replay.games}
    assert len(games) == sum(left.values()) == 14
    # Every task completed; the re-run did exactly what the dead child had not committed.
    tasks = await store.find_tasks(TaskQuery(sport="nba"))
    assert sorted(t.game_id for t in tasks) == sorted(games)
    assert {t.status for t in tasks} == {TaskStatus.COMPLETED}
    assert replay.run.done == len(games) - left[TaskStatus.COMPLETED]
    assert replay.run.count("lost") == replay.run.failed == 0
    # No duplicate rows (the primary keys should make them impossible).
    players = await store.get_player_game_stats()
    teams = await store.get_team_game_stats()
    assert Counter((r.game_id, r.player_id) for r in players).most_common(1)[0][1] == 1
    assert Counter((r.game_id, r.team_id) for r in teams).most_common(1)[0][1] == 1
    # Nothing half-written: a game has stats iff its task completed, and then all of them, with
    # exactly one sync-log row (a second one would mean it was seeded twice).
    assert {r.game_id for r in players} == {r.game_id for r in teams} == set(games)
    for game_id, game in games.items():
        runs = await store.find_sync_runs(game_id=game_id)
        assert [r.status for r in runs] == ["completed"], f"game {game_id}: sync log {runs}"
        assert {r.team_id for r in teams if r.game_id == game_id} == {game.home_team_id, game.away_team_id}
    # And what was written is the truth.
    for game_id, game in games.items():
        api_id = replay.world.game_id_for(
            "nba", game.league, game.season, game.home_team_id, game.away_team_id, game.start_at
        )
        assert api_id is not None
        box = replay.world.box_score(api_id)
        played = {f"nba:{line.player_id}": line.stats for line in box.players if line.played}
        lines = {r.player_id: r.stats for r in players if r.game_id == game_id}
        assert set(lines) == set(played), f"game {game_id}"
        for player_id, truth in played.items():
            assert all(math.isclose(lines[player_id][k], v) for k, v in truth.items()), player_id
        boxes = {r.team_id: r.stats for r in teams if r.game_id == game_id}
        for team_id, line in ((game.home_team_id, box.home), (game.away_team_id, box.away)):
            assert all(math.isclose(boxes[team_id][k], v) for k, v in line.stats.items()), team_id


async def test_killed_mid_seed_then_rerun_leaves_each_game_seeded_once_and_whole(
    tmp_path: Path, sports: Sports
) -> None:
    """SQLite file: after SIGKILL mid-seed and a re-run, every game is seeded once, whole, as the truth."""
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    store = await open_store(url)  # created and migrated before the child opens it
    try:
        left = await _kill_mid_seed(store, url, tmp_path)
        replay = await _rerun(store, sports)
        await _check_seeded_once_and_whole(store, replay, left)
    finally:
        await store.close()


@pytest.mark.postgres
async def test_killed_mid_seed_then_rerun_on_postgres_leaves_each_game_seeded_once_and_whole(
    tmp_path: Path, sports: Sports, pg_url: str, pg_store: Store
) -> None:
    """PostgreSQL: after SIGKILL mid-seed and a re-run, every game is seeded once, whole, as the truth."""
    left = await _kill_mid_seed(pg_store, pg_url, tmp_path)
    replay = await _rerun(pg_store, sports)
    await _check_seeded_once_and_whole(pg_store, replay, left)
