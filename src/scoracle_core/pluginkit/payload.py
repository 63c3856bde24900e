"""Reading API-Sports JSON defensively: typed accessors that fail with a JSON path.

Every accessor takes the value and the path it was found at (``$.response[2].team.id``) and raises
:class:`ShapeError` — a :class:`~scoracle_core.errors.PayloadError` — when the value is not what
the API documents, so a changed or corrupted body never surfaces as a ``KeyError`` or
``TypeError``. :func:`reading` adds the request to the message.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from scoracle_core.errors import PayloadError

__all__ = [
    "ROOT",
    "ShapeError",
    "as_dict",
    "as_list",
    "clock_seconds",
    "describe",
    "field",
    "int_field",
    "number",
    "opt_dict",
    "opt_int_field",
    "opt_str_field",
    "reading",
]

#: Where a ``Fetch`` answer sits in the envelope.
ROOT = "$.response"

_CLOCK = re.compile(r"(\d+)(?::([0-5]?\d))?")
_NO_VALUE = frozenset({"", "-", "--"})


class ShapeError(PayloadError):
    """A body without the documented shape; ``detail`` is the message without the path."""

    def __init__(self, detail: str, *, path: str) -> None:
        super().__init__(detail, path=path)
        self.detail = detail


def describe(value: object) -> str:
    """A short description of an unexpected value, for error messages."""
    if value is None:
        return "null"
    text = repr(value)
    return f"{type(value).__name__} {text[:40]}{'…' if len(text) > 40 else ''}"


def as_list(value: object, path: str) -> list[object]:
    """``value`` as a JSON array."""
    if not isinstance(value, list):
        raise ShapeError(f"expected an array, got {describe(value)}", path=path)
    return value


def as_dict(value: object, path: str) -> Mapping[str, object]:
    """``value`` as a JSON object."""
    if not isinstance(value, dict):
        raise ShapeError(f"expected an object, got {describe(value)}", path=path)
    return value


def opt_dict(obj: Mapping[str, object], key: str, path: str) -> Mapping[str, object] | None:
    """An optional nested object (absent or null → ``None``)."""
    value = obj.get(key)
    return None if value is None else as_dict(value, f"{path}.{key}")


def field(obj: Mapping[str, object], key: str, path: str) -> object:
    """A required key (its value may be null)."""
    if key not in obj:
        raise ShapeError(f"missing key {key!r}", path=path)
    return obj[key]


def _as_int(value: object, path: str) -> int:
    if isinstance(value, bool):
        raise ShapeError(f"expected an integer, got {describe(value)}", path=path)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    raise ShapeError(f"expected an integer, got {describe(value)}", path=path)


def int_field(obj: Mapping[str, object], key: str, path: str) -> int:
    """A required integer (a digit string is accepted: the APIs echo some ids as text)."""
    return _as_int(field(obj, key, path), f"{path}.{key}")


def opt_int_field(obj: Mapping[str, object], key: str, path: str) -> int | None:
    """An optional integer (absent or null → ``None``)."""
    value = obj.get(key)
    return None if value is None else _as_int(value, f"{path}.{key}")


def opt_str_field(obj: Mapping[str, object], key: str, path: str) -> str | None:
    """An optional string (absent or null → ``None``)."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ShapeError(f"expected a string, got {describe(value)}", path=f"{path}.{key}")
    return value


def number(value: object, path: str) -> float | None:
    """A stat value: a JSON number or a numeric string (``"52.6"``, ``"-3"``); null/"" → ``None``."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ShapeError(f"expected a number, got {describe(value)}", path=path)
    if isinstance(value, int | float):
        result = float(value)
    elif isinstance(value, str):
        text = value.strip().removesuffix("%")
        if text in _NO_VALUE:
            return None
        try:
            result = float(text)
        except ValueError:
            raise ShapeError(f"expected a number, got {describe(value)}", path=path) from None
    else:
        raise ShapeError(f"expected a number, got {describe(value)}", path=path)
    if not math.isfinite(result):
        raise ShapeError(f"expected a finite number, got {describe(value)}", path=path)
    return result


def clock_seconds(value: object, path: str) -> int | None:
    """A ``"MM:SS"`` (or ``"MM"``) duration in seconds; null, "" and "--" → ``None``."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if text in _NO_VALUE:
            return None
        match = _CLOCK.fullmatch(text)
        if match:
            return int(match.group(1)) * 60 + int(match.group(2) or 0)
    raise ShapeError(f"expected minutes as 'MM:SS', got {describe(value)}", path=path)


@contextmanager
def reading(request: str) -> Iterator[None]:
    """Name the request in any :class:`ShapeError` raised while reading its answer."""
    try:
        yield
    except ShapeError as exc:
        raise PayloadError(f"{exc.detail} (in the answer to {request})", path=exc.path) from exc
