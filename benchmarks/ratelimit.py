"""Rate limiter benchmark: how close to a plan's per-minute rate the client runs, without refusals.

Against the simulator on loopback with a custom plan of N requests a minute, clients call as fast
as they can for a fixed window of real time:

* ``1 client``   — one ApiClient, one call at a time;
* ``4 clients``  — four ApiClients (own sessions) sharing one LocalRateLimiter;
* ``baseline``   — one ApiClient whose limiter never waits (what an unpaced client gets).

Printed per scenario: the sustained rate (calls after the first minute, whose burst would flatter
the figure) divided by the allowed rate (target >= 0.95), and the rate-limit refusals the server
sent (target 0). The simulator and the clients share one clock; ``--quick`` runs it ``speed``
times faster than the wall clock (a simulated minute in a few real seconds) so the whole run
finishes within a minute. ``--json`` prints the figures as one JSON object. Benchmarks print;
they do not assert.

    python benchmarks/ratelimit.py [--quick] [--json] [--per-minute N] [--minutes M] [--speed S]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio

from scoracle_core.client import (
    ApiClient,
    ClientConfig,
    LocalRateLimiter,
    RateLimiter,
    RateLimits,
    RetryPolicy,
)
from scoracle_core.clock import Clock
from scoracle_core.errors import ApiError, RateLimited
from scoracle_core.sim import Plan, SimConfig, Simulator
from scoracle_core.sim.clocks import ShiftedClock
from scoracle_core.sim.testing import FakeSport, fake_world

KEY = "bench-key"
QUERY = {"season": 2024}


class UnpacedLimiter:
    """A limiter that lets everything through at once (the baseline)."""

    async def acquire(self, sport: str) -> None:
        await anyio.lowlevel.checkpoint()

    def release(self, sport: str) -> None:
        pass

    def observe(self, sport: str, headers: Mapping[str, str], now: datetime) -> None:
        pass

    def pause(self, sport: str, until: datetime) -> None:
        pass

    def exhaust(self, sport: str, resets_at: datetime) -> None:
        pass


async def scenario(
    name: str, *, clients: int, paced: bool, per_minute: int, minutes: int, speed: float
) -> dict[str, Any]:
    """Run ``clients`` clients for ``minutes`` simulated minutes; return the figures."""
    # Start a few seconds into a minute, as a real process would (the server's window is fixed).
    clock: Clock = ShiftedClock(datetime(2024, 11, 5, 20, 0, 5, tzinfo=UTC), speed=speed)
    plan = Plan(name="Bench", per_day=10_000_000, per_minute=per_minute)
    world = fake_world(seed=1, clock=clock)
    limiter: RateLimiter = (
        LocalRateLimiter(RateLimits(per_minute=per_minute, per_second=None), clock=clock)
        if paced
        else UnpacedLimiter()
    )
    config = ClientConfig(retry=RetryPolicy(attempts=1), flush_interval=None, total_timeout=10.0)
    start = clock.now()
    end = start + timedelta(minutes=minutes)
    refused_seen = 0

    async with Simulator(SimConfig(seed=1, plan=plan, keys=(KEY,), clock=clock), world=world) as sim:

        async def run_client() -> None:
            nonlocal refused_seen
            async with ApiClient(
                [FakeSport()],
                config=config,
                api_key=KEY,
                base_urls=sim.base_urls,
                clock=clock,
                limiter=limiter,
            ) as client:
                while clock.now() < end:
                    try:
                        await client.get("fake", "games", QUERY)
                    except RateLimited:
                        refused_seen += 1
                    except ApiError:
                        pass

        wall = time.perf_counter()
        with anyio.move_on_after(minutes * 60 / speed + 5):
            async with anyio.create_task_group() as tg:
                for _ in range(clients):
                    tg.start_soon(run_client)
        wall = time.perf_counter() - wall
        entries = list(sim.log)

    ok = [e for e in entries if e.ok and e.at < end]
    refusals = sum(1 for e in entries if e.error in {"rateLimit", "http429"})
    sustained_from = start + timedelta(minutes=1)
    sustained = sum(1 for e in ok if e.at >= sustained_from)
    sustained_minutes = max(minutes - 1, 1e-9)
    return {
        "scenario": name,
        "clients": clients,
        "allowed_per_minute": per_minute,
        "calls_ok": len(ok),
        "sustained_per_minute": round(sustained / sustained_minutes, 2),
        "ratio": round(sustained / sustained_minutes / per_minute, 4),
        "overall_ratio": round(len(ok) / minutes / per_minute, 4),
        "rate_limit_errors": refusals,
        "client_saw_rate_limited": refused_seen,
        "simulated_minutes": minutes,
        "wall_seconds": round(wall, 2),
    }


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    common = {"per_minute": args.per_minute, "minutes": args.minutes, "speed": args.speed}
    results = [
        await scenario("1 client", clients=1, paced=True, **common),
        await scenario("4 clients, shared limiter", clients=4, paced=True, **common),
        await scenario("baseline: unpaced", clients=1, paced=False, **{**common, "minutes": 2}),
    ]
    return {
        "benchmark": "ratelimit",
        "target": {"ratio_min": 0.95, "rate_limit_errors": 0},
        "speed": args.speed,
        "results": results,
    }


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="finish within a minute (clock sped up)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--per-minute", type=int, default=120, help="the plan's requests per minute")
    parser.add_argument("--minutes", type=int, default=None, help="simulated minutes per scenario")
    parser.add_argument("--speed", type=float, default=None, help="clock speed-up (1 = real time)")
    args = parser.parse_args(argv)
    if args.minutes is None:
        args.minutes = 3
    if args.speed is None:
        args.speed = 12.0 if args.quick else 1.0
    return args


def report(figures: dict[str, Any]) -> None:
    allowed = figures["results"][0]["allowed_per_minute"]
    print(f"rate limiter vs a plan of {allowed}/minute (clock speed x{figures['speed']:g})")
    widths = (-28, 6, 8, 6, 8, 14, 7)
    header = ("scenario", "calls", "per min", "ratio", "overall", "429/rateLimit", "wall s")
    print(" ".join(f"{h:{'<' if w < 0 else '>'}{abs(w)}}" for h, w in zip(header, widths, strict=True)))
    for r in figures["results"]:
        print(
            f"{r['scenario']:28} {r['calls_ok']:>6} {r['sustained_per_minute']:>8} {r['ratio']:>6.3f} "
            f"{r['overall_ratio']:>8.3f} {r['rate_limit_errors']:>14} {r['wall_seconds']:>7}"
        )
    print("target: ratio >= 0.95 and 0 rate-limit errors for the paced scenarios")


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    # The baseline is refused thousands of times; each refusal is a warning we need not print.
    logging.getLogger("scoracle_core.client").setLevel(logging.ERROR)
    figures = anyio.run(main_async, args)
    if args.json:
        print(json.dumps(figures))
    else:
        report(figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
