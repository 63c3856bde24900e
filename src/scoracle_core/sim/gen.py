"""Random building blocks for the sport plugins' stat generators (all driven by a given RNG)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

__all__ = ["binomial", "birth_date", "split_total", "spread"]


def binomial(rng: random.Random, n: int, p: float) -> int:
    """Successes in ``n`` trials of probability ``p``."""
    return sum(1 for _ in range(max(0, n)) if rng.random() < p)


def spread(rng: random.Random, total: int, weights: Sequence[float], *, cap: int | None = None) -> list[int]:
    """Share ``total`` units among ``len(weights)`` slots, each unit drawn by weight.

    With ``cap``, no slot gets more than ``cap`` (units that fit nowhere are dropped). Slots with
    weight 0 get nothing.
    """
    counts = [0] * len(weights)
    live = [max(0.0, w) for w in weights]
    if not any(live) or total <= 0:
        return counts
    if cap is None:
        for i in rng.choices(range(len(live)), weights=live, k=total):
            counts[i] += 1
        return counts
    for _ in range(total):
        if not any(live):
            break
        i = rng.choices(range(len(live)), weights=live)[0]
        counts[i] += 1
        if cap is not None and counts[i] >= cap:
            live[i] = 0.0
    return counts


def split_total(
    rng: random.Random, total: int, parts: int, *, low: float = 0.8, high: float = 1.2
) -> list[int]:
    """Split ``total`` into ``parts`` integers that add up exactly (each share ×``low``..``high``)."""
    shares = [rng.uniform(low, high) for _ in range(parts)]
    scale = total / sum(shares)
    values = [int(s * scale) for s in shares]
    for i in range(total - sum(values)):
        values[i % parts] += 1
    return values


def birth_date(rng: random.Random, *, age_low: int, age_high: int, on: date = date(2024, 9, 1)) -> date:
    """A birth date giving an age within ``age_low``..``age_high`` on ``on``."""
    days = rng.randint(age_low * 365 + 1, age_high * 365 + 360)
    return on - timedelta(days=days)
