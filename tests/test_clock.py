"""Clocks: the virtual clock replays time without waiting, and never strands a sleeper."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import anyio
import pytest

from scoracle_core.clock import SystemClock, VirtualClock
from scoracle_core.errors import ModelError

pytestmark = pytest.mark.anyio

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def test_virtual_clock_rejects_a_naive_start() -> None:
    """A virtual clock starts at an aware instant."""
    with pytest.raises(ModelError):
        VirtualClock(datetime(2025, 1, 1))


async def test_auto_clock_jumps_to_the_wake_up_time() -> None:
    """A lone sleeper moves the clock to its wake-up time at once."""
    clock = VirtualClock(T0)
    with anyio.fail_after(2):
        await clock.sleep_until(T0 + timedelta(days=30))
    assert clock.now() == T0 + timedelta(days=30)


async def test_two_sleepers_wake_in_order_and_none_is_stranded() -> None:
    """A later sleeper that started first is still woken after an earlier one moved the clock."""
    clock = VirtualClock(T0)
    woke: list[tuple[str, datetime]] = []

    async def sleeper(name: str, delay: timedelta, checkpoints: int) -> None:
        for _ in range(checkpoints):
            await anyio.lowlevel.checkpoint()
        await clock.sleep_until(T0 + delay)
        woke.append((name, clock.now()))

    with anyio.fail_after(2):
        async with anyio.create_task_group() as group:
            group.start_soon(sleeper, "late", timedelta(seconds=10), 0)
            group.start_soon(sleeper, "early", timedelta(seconds=5), 2)
    assert woke == [("early", T0 + timedelta(seconds=5)), ("late", T0 + timedelta(seconds=10))]


async def test_manual_clock_waits_for_advance() -> None:
    """Without auto mode only advance() wakes a sleeper."""
    clock = VirtualClock(T0, auto=False)
    done = anyio.Event()

    async def sleeper() -> None:
        await clock.sleep_until(T0 + timedelta(hours=1))
        done.set()

    async with anyio.create_task_group() as group:
        group.start_soon(sleeper)
        for _ in range(20):
            await anyio.lowlevel.checkpoint()
        assert not done.is_set()
        clock.advance(timedelta(hours=1))
        with anyio.fail_after(1):
            await done.wait()


async def test_past_times_return_at_once() -> None:
    """Sleeping until a time already passed does not wait, and the clock never goes back."""
    clock = VirtualClock(T0)
    await clock.sleep_until(T0 - timedelta(days=1))
    clock.set(T0 - timedelta(days=1))
    assert clock.now() == T0


async def test_system_clock_is_aware_utc() -> None:
    """The system clock tells aware UTC time and sleeps only for the remaining delay."""
    clock = SystemClock()
    now = clock.now()
    assert now.tzinfo == UTC
    with anyio.fail_after(1):
        await clock.sleep_until(now - timedelta(seconds=5))
