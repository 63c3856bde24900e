"""Fault injection: error statuses, latency, hangs and broken bodies, drawn from a seeded RNG.

A :class:`Faults` value says how often each fault happens; :func:`parse_faults` reads the CLI
spelling::

    "500=0.02,429=0.01,timeout=0.01,malformed=0.01,latency=20ms±10ms"

Keys: ``204``, ``429``, ``499``, ``500`` (rates of those answers), ``timeout`` (the answer is held
back for ``hang``, longer than a client's time-out), ``malformed`` (a broken or truncated JSON
body with status 200), ``latency`` (``MEAN±JITTER`` added to every data request, uniformly
within the jitter; ``+-`` works too), ``hang`` (``30s``), ``ratelimit429`` and ``quota429``
(probability that a per-minute / daily limit error comes as HTTP 429 instead of 200).

A draw is a pure function of the seed and the request's sequence number, so a run of requests
sees the same faults every time.
"""

from __future__ import annotations

import re
from typing import Literal

import attrs

from scoracle_core.errors import ConfigError
from scoracle_core.sim.rng import derive_rng

__all__ = ["FaultDraw", "FaultKind", "Faults", "draw_fault", "parse_faults"]

FaultKind = Literal["http204", "http429", "http499", "http500", "timeout", "malformed"]

_ORDER: tuple[FaultKind, ...] = ("http204", "http429", "http499", "http500", "timeout", "malformed")


def _rate(value: float) -> float:
    value = float(value)
    if not 0.0 <= value <= 1.0:
        raise ConfigError(f"a fault rate must be within 0..1, got {value}")
    return value


def _non_negative(value: float) -> float:
    value = float(value)
    if value < 0:
        raise ConfigError(f"a duration must not be negative, got {value}")
    return value


@attrs.frozen(kw_only=True)
class Faults:
    """Fault rates (probabilities per data request) and timings (seconds). Default: none."""

    http204: float = attrs.field(default=0.0, converter=_rate)
    http429: float = attrs.field(default=0.0, converter=_rate)
    http499: float = attrs.field(default=0.0, converter=_rate)
    http500: float = attrs.field(default=0.0, converter=_rate)
    timeout: float = attrs.field(default=0.0, converter=_rate)
    malformed: float = attrs.field(default=0.0, converter=_rate)
    latency: float = attrs.field(default=0.0, converter=_non_negative)  # mean, seconds
    jitter: float = attrs.field(default=0.0, converter=_non_negative)  # ± seconds around the mean
    hang: float = attrs.field(default=30.0, converter=_non_negative)  # how long a time-out holds the answer
    ratelimit429: float = attrs.field(default=0.0, converter=_rate)
    quota429: float = attrs.field(default=0.0, converter=_rate)

    def __attrs_post_init__(self) -> None:
        total = sum(getattr(self, kind) for kind in _ORDER)
        if total > 1.0:
            raise ConfigError(f"fault rates add up to {total:.3f}, more than 1")

    def rate(self, kind: FaultKind) -> float:
        """The rate of one fault kind."""
        value: float = getattr(self, kind)
        return value

    def __str__(self) -> str:
        parts = [f"{kind.removeprefix('http')}={self.rate(kind):g}" for kind in _ORDER if self.rate(kind)]
        if self.latency or self.jitter:
            parts.append(f"latency={self.latency * 1000:g}ms±{self.jitter * 1000:g}ms")
        if self.timeout:
            parts.append(f"hang={self.hang:g}s")
        for name in ("ratelimit429", "quota429"):
            if getattr(self, name):
                parts.append(f"{name}={getattr(self, name):g}")
        return ",".join(parts) or "none"


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$")


def _seconds(text: str, *, default_unit: str = "ms") -> float:
    match = _DURATION.match(text)
    if match is None:
        raise ConfigError(f"not a duration: {text!r} (e.g. 20ms, 1.5s)")
    value, unit = float(match.group(1)), match.group(2) or default_unit
    return value / 1000 if unit == "ms" else value * 60 if unit == "m" else value


def parse_faults(text: str) -> Faults:
    """Read ``"500=0.02,429=0.01,timeout=0.01,malformed=0.01,latency=20ms±10ms"`` into :class:`Faults`.

    An empty string or ``"none"`` gives no faults. Unknown keys and bad values raise
    :class:`~scoracle_core.errors.ConfigError` naming them.
    """
    values: dict[str, float] = {}
    text = text.strip()
    if not text or text.lower() == "none":
        return Faults()
    for item in text.split(","):
        name, sep, raw = item.partition("=")
        name, raw = name.strip().lower(), raw.strip()
        if not sep or not raw:
            raise ConfigError(f"fault {item.strip()!r} needs a value, e.g. 500=0.02")
        try:
            if name in {"204", "429", "499", "500"}:
                values[f"http{name}"] = float(raw)
            elif name in {"timeout", "malformed", "ratelimit429", "quota429"}:
                values[name] = float(raw)
            elif name == "latency":
                mean, *jitter = re.split(r"±|\+/-|\+-", raw, maxsplit=1)
                values["latency"] = _seconds(mean)
                values["jitter"] = _seconds(jitter[0]) if jitter else 0.0
            elif name == "hang":
                values["hang"] = _seconds(raw, default_unit="s")
            else:
                raise ConfigError(
                    f"unknown fault {name!r}; known: 204, 429, 499, 500, timeout, malformed, latency, hang, "
                    "ratelimit429, quota429"
                )
        except ValueError as exc:
            raise ConfigError(f"bad value for fault {name!r}: {raw!r}") from exc
    return Faults(**values)


@attrs.frozen(kw_only=True)
class FaultDraw:
    """What happens to one request: an optional fault and the latency to add (seconds)."""

    kind: FaultKind | None
    delay: float
    truncate: bool = False  # malformed: a cut-off body (True) or garbage (False)


def draw_fault(faults: Faults, *, seed: int, sequence: int) -> FaultDraw:
    """The fault of the ``sequence``-th data request under ``seed`` (pure, deterministic)."""
    rng = derive_rng(seed, "fault", sequence)
    roll = rng.random()
    kind: FaultKind | None = None
    edge = 0.0
    for candidate in _ORDER:
        edge += faults.rate(candidate)
        if roll < edge:
            kind = candidate
            break
    delay = max(0.0, faults.latency + (rng.uniform(-faults.jitter, faults.jitter) if faults.jitter else 0.0))
    if kind == "timeout":
        delay += faults.hang
    return FaultDraw(kind=kind, delay=delay, truncate=rng.random() < 0.5)
