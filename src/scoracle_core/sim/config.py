"""Simulator settings: subscription plans and :class:`SimConfig`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

import attrs

from scoracle_core.clock import Clock
from scoracle_core.errors import ConfigError
from scoracle_core.sim.faults import Faults

__all__ = ["PLANS", "Plan", "QuotaScope", "ScheduleSource", "SimConfig", "plan_named"]

#: Where the standalone world's games come from (see :mod:`scoracle_core.sim.schedule`).
ScheduleSource = Literal["none", "synthetic", "bundled", "auto"]

#: Whether each sport (host) keeps its own daily counter per key, or one counter spans them all.
QuotaScope = Literal["sport", "key"]


@attrs.frozen(kw_only=True)
class Plan:
    """An API-Sports subscription plan (API_FACTS §1.5)."""

    name: str  # as /status writes it: "Free", "Pro", "Ultra", "Mega"
    per_day: int
    per_minute: int

    @property
    def free(self) -> bool:
        """Free plans are gated: no current season, dates within ±1 day, no ``ids``/``last``."""
        return self.name.lower() == "free"


PLANS: Mapping[str, Plan] = {
    "free": Plan(name="Free", per_day=100, per_minute=10),
    "pro": Plan(name="Pro", per_day=7_500, per_minute=300),
    "ultra": Plan(name="Ultra", per_day=75_000, per_minute=450),
    "mega": Plan(name="Mega", per_day=150_000, per_minute=900),
}


def plan_named(name: str | Plan) -> Plan:
    """A plan by name (``"pro"``, case-insensitive); a :class:`Plan` passes through."""
    if isinstance(name, Plan):
        return name
    try:
        return PLANS[name.lower()]
    except KeyError:
        raise ConfigError(f"unknown plan {name!r}; known: {', '.join(PLANS)}") from None


def _plan(value: str | Plan) -> Plan:
    return plan_named(value)


def _plans(value: Mapping[str, str | Plan]) -> Mapping[str, Plan]:
    return {key: plan_named(plan) for key, plan in value.items()}


def _keys(value: tuple[str, ...] | list[str] | str) -> tuple[str, ...]:
    keys = (value,) if isinstance(value, str) else tuple(value)
    if not keys or not all(isinstance(k, str) and k for k in keys):
        raise ConfigError("the simulator needs at least one non-empty API key")
    return keys


def _seasons(value: Iterable[int]) -> tuple[int, ...]:
    return tuple(int(v) for v in value)


@attrs.frozen(kw_only=True)
class SimConfig:
    """How a simulator behaves. Every field has a sensible default for tests.

    * ``seed`` drives every generated value and every fault draw;
    * ``keys`` are the accepted API keys (any other gets the wrong-key error); ``plan`` applies
      to all of them unless ``key_plans`` names another one for a key;
    * ``quota_scope``: ``"sport"`` (default) counts each host separately, as the real hosts
      each have their own ``/status``; ``"key"`` shares one daily/minute budget across hosts;
    * ``clock`` tells the world's time: game status, quotas' day and minute windows, free-plan
      windows (latency and hangs are real time, since clients time out in real time);
    * ``schedule`` fills the world at start (``"none"``: only the games you add).
    """

    seed: int = 0
    plan: Plan = attrs.field(default=PLANS["pro"], converter=_plan)
    keys: tuple[str, ...] = attrs.field(default=("demo",), converter=_keys)
    key_plans: Mapping[str, Plan] = attrs.field(factory=dict, converter=_plans)
    quota_scope: QuotaScope = "sport"
    faults: Faults = attrs.field(factory=Faults)
    clock: Clock | None = None  # None: the world's clock (a SystemClock unless the world has another)
    schedule: ScheduleSource = "none"
    seasons: tuple[int, ...] = attrs.field(default=(), converter=_seasons)  # synthetic schedules; (): current

    def plan_of(self, key: str) -> Plan:
        """The plan of an accepted key."""
        return self.key_plans.get(key, self.plan)

    def __repr__(self) -> str:  # keys are secrets: never shown
        return (
            f"SimConfig(seed={self.seed}, plan={self.plan.name}, keys=<{len(self.keys)} hidden>, "
            f"quota_scope={self.quota_scope!r}, faults={self.faults}, clock={self.clock!r}, "
            f"schedule={self.schedule!r})"
        )
