"""Deterministic randomness: every random choice of the simulator derives from the seed.

A generator is derived from the world seed and the *identity* of what it generates (a team's
roster, a game's box score, the n-th request's fault draw), never from the order in which
things are asked for, so a body is the same whichever request comes first.
"""

from __future__ import annotations

import hashlib
import random

__all__ = ["derive_rng", "stable_int"]


def stable_int(*parts: object, bits: int = 64) -> int:
    """A stable non-negative integer from ``parts`` (same parts → same number, on every run)."""
    text = "\x1f".join(repr(p) for p in parts).encode("utf-8")
    digest = hashlib.sha256(text).digest()
    return int.from_bytes(digest[: (bits + 7) // 8], "big") >> ((8 - bits % 8) % 8)


def derive_rng(seed: int, *parts: object) -> random.Random:
    """A fresh :class:`random.Random` seeded from ``seed`` and ``parts``."""
    return random.Random(stable_int(seed, *parts))
