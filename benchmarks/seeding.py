"""Benchmark: the plan's "API call reduction", measured against the simulator, not estimated.

Real schedule windows (the plugins' bundled files) are replayed once per seeding strategy
(``game``, ``boxscore``, ``roster``, ``blanket``) per sport, each into a fresh in-memory SQLite
store against a fresh simulator (same seed, no faults) on a virtual clock, with
:func:`scoracle_core.replay.areplay`. For each run it prints the games seeded, the API
calls the simulator answered (its request log: discovery, rosters, everything), the calls per
seeded game, and the ratio to ``blanket``'s calls per game measured in the same run. Football's
``game`` strategy is also measured with and without ``fixtures?ids`` batching.

``blanket`` sweeps every team and player of a league for each game day (thousands of calls a
day), so it is measured on the window's first few game days only (7; ``--quick``: 1): its calls
per game on those days is the baseline. Figures, not assertions.

    python benchmarks/seeding.py [--quick] [--json] [--sports nba,nfl,football]

Windows: NBA November 2024 (a full month), NFL and football the four weeks from 2 November
2024; ``--quick`` (under a minute): one busy day of the weekend of 9-10 November 2024 (NBA and
football Saturday, NFL Sunday).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import attrs

from scoracle_core.model import Game, Strategy, TaskStatus
from scoracle_core.plan import PlanConfig
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.replay import abundled_games, areplay
from scoracle_core.store import open_store
from scoracle_core.store.base import TaskQuery
from scoracle_core.worker import WorkerConfig

SEED = 7
STRATEGIES = (Strategy.GAME, Strategy.BOXSCORE, Strategy.ROSTER, Strategy.BLANKET)
FULL = {
    "nba": (date(2024, 11, 1), date(2024, 12, 1)),
    "nfl": (date(2024, 11, 2), date(2024, 11, 30)),
    "football": (date(2024, 11, 2), date(2024, 11, 30)),
}
QUICK = {
    "nba": (date(2024, 11, 9), date(2024, 11, 10)),  # Saturday: 14 games
    "nfl": (date(2024, 11, 10), date(2024, 11, 11)),  # Sunday: 12 games
    "football": (date(2024, 11, 9), date(2024, 11, 10)),  # Saturday: 23 fixtures, six leagues
}
BLANKET_DAYS = {"full": 7, "quick": 1}
#: The listing call of each sport's daily discovery (shared by the day's games).
DISCOVERY = {"nba": "games", "nfl": "games", "football": "fixtures"}


@attrs.frozen(kw_only=True)
class Variant:
    """One measured run: a strategy, and how it is planned and claimed."""

    label: str
    strategy: Strategy
    plan: PlanConfig = attrs.field(factory=PlanConfig)
    worker: WorkerConfig = attrs.field(factory=lambda: WorkerConfig(batch=20, poll=timedelta(days=1)))


def variants(sport: str) -> list[Variant]:
    """Every strategy; football's ``game`` three ways (ids batching off, default, 1-day slots)."""
    found = [Variant(label=str(s), strategy=s, plan=PlanConfig(strategy=s)) for s in STRATEGIES]
    if sport == "football":
        found[1:1] = [
            Variant(
                label="game, no ids batching",
                strategy=Strategy.GAME,
                plan=PlanConfig(strategy=Strategy.GAME),
                # One task a claim: each fixture is fetched alone with fixtures?id=.
                worker=WorkerConfig(batch=1, poll=timedelta(days=1)),
            ),
            Variant(
                label="game, ids, 1-day slots",
                strategy=Strategy.GAME,
                plan=PlanConfig(strategy=Strategy.GAME, batch_slot=timedelta(days=1)),
            ),
        ]
        found[0] = attrs.evolve(found[0], label="game, ids, 3-h slots")
    return found


def first_game_days(games: Sequence[Game], days: int) -> tuple[date, date]:
    """The window ``[first game day, day after the days-th game day)``."""
    dates = sorted({g.start_date for g in games})[:days]
    return dates[0], dates[-1] + timedelta(days=1)


async def measure(
    sports: Sports, sport: str, games: Sequence[Game], start: date, end: date, variant: Variant
) -> dict[str, Any]:
    """Replay one window with one variant and read the figures off the simulator's log."""
    began = time.perf_counter()
    store = await open_store("sqlite:///:memory:")
    try:
        replay = await areplay(
            store,
            start=start,
            end=end,
            sports=sports,
            only=(sport,),
            games=games,
            plan=variant.plan,
            worker=variant.worker,
            seed=SEED,
        )
        tasks = await store.find_tasks(TaskQuery(sport=sport))
    finally:
        await store.close()
    seeded = sum(1 for t in tasks if t.status is TaskStatus.COMPLETED)
    log = replay.log.select(sport=sport)
    discovery = sum(1 for e in log if e.endpoint == DISCOVERY[sport] and "date" in e.params)
    return {
        "sport": sport,
        "strategy": str(variant.strategy),
        "variant": variant.label,
        "start": start.isoformat(),
        "end": (end - timedelta(days=1)).isoformat(),
        "games": len(replay.games),
        "seeded": seeded,
        "calls": len(log),
        "discovery_calls": discovery,
        "failed_requests": sum(1 for e in log if not e.ok),
        "calls_per_game": round(len(log) / seeded, 3) if seeded else None,
        "endpoints": dict(sorted(replay.log.by_endpoint(sport=sport).items())),
        "elapsed_s": round(time.perf_counter() - began, 2),
    }


async def bench(sports: Sports, keys: Sequence[str], quick: bool) -> dict[str, Any]:
    windows = QUICK if quick else FULL
    blanket_days = BLANKET_DAYS["quick" if quick else "full"]
    rows: list[dict[str, Any]] = []
    for sport in keys:
        start, end = windows[sport]
        games = await abundled_games(sports, start=start, end=end, only=(sport,))
        if not games:
            continue
        for variant in variants(sport):
            window = (
                first_game_days(games, blanket_days) if variant.strategy is Strategy.BLANKET else (start, end)
            )
            row = await measure(sports, sport, games, *window, variant)
            rows.append(row)
            print(f"  measured {sport} {variant.label}: {row['elapsed_s']} s", file=sys.stderr, flush=True)
        blanket = next(r for r in rows if r["sport"] == sport and r["strategy"] == "blanket")
        for row in rows:
            if row["sport"] == sport and row["calls_per_game"] and blanket["calls_per_game"]:
                row["ratio_to_blanket"] = round(row["calls_per_game"] / blanket["calls_per_game"], 4)
    return {
        "mode": "quick" if quick else "full",
        "seed": SEED,
        "sim_plan": "pro",
        "blanket_game_days": blanket_days,
        "counted": (
            "every request the simulator answered for the sport, discovery and roster calls included; "
            "calls_per_game = calls / games seeded; ratio_to_blanket = calls_per_game / blanket's "
            f"calls_per_game, blanket measured on the window's first {blanket_days} game days"
        ),
        "rows": rows,
    }


def print_table(out: dict[str, Any]) -> None:
    print(f"API calls per seeded game, measured on the simulator ({out['mode']} windows, seed {out['seed']})")
    head = (
        f"{'sport':<9} {'strategy':<24} {'window':<23} {'games':>5} {'seeded':>6} {'calls':>7} "
        f"{'discov.':>7} {'calls/game':>10} {'× blanket':>9} {'saved':>7}"
    )
    print(head)
    print("-" * len(head))
    for r in out["rows"]:
        ratio = r.get("ratio_to_blanket")
        per_game = f"{r['calls_per_game']:.2f}" if r["calls_per_game"] is not None else "-"
        print(
            f"{r['sport']:<9} {r['variant']:<24} {r['start'] + '…' + r['end']:<23} {r['games']:>5} "
            f"{r['seeded']:>6} {r['calls']:>7,} {r['discovery_calls']:>7} {per_game:>10} "
            f"{(f'{ratio:.4f}' if ratio is not None else '-'):>9} "
            f"{(f'{1 - ratio:.1%}' if ratio is not None else '-'):>7}"
        )
    print()
    print(f"Counted: {out['counted']}.")
    print(
        f"blanket is measured on the first {out['blanket_game_days']} game days of each window only "
        "(it sweeps a whole league per game day); its calls per game there is the baseline."
    )
    print("football 'game, no ids batching': one task claimed at a time, each fixture a fixtures?id call.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one busy day per sport (under a minute)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--sports", default="nba,nfl,football", help="comma-separated sport keys")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    sports = load_plugins()
    keys = [key.strip() for key in args.sports.split(",") if key.strip()]
    began = time.perf_counter()
    out = asyncio.run(bench(sports, keys, args.quick))
    out["elapsed_s"] = round(time.perf_counter() - began, 1)
    if args.json:
        print(json.dumps(out))
    else:
        print_table(out)
        print(f"({out['elapsed_s']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
