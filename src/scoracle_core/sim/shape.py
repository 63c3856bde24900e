"""Compare the *shape* of two JSON documents: keys, nesting and value types, not values.

Used by the tests to check the simulator's bodies against the real example bodies, and handy
for a client's tests too::

    >>> shape_diff({"a": 1, "b": [{"c": "x"}]}, {"a": 2, "b": [{"c": "y"}]})
    []
    >>> shape_diff({"a": 1}, {"a": "1"})
    ['$.a: int in the reference, str here']
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

__all__ = ["same_shape", "shape_diff"]


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "float" if isinstance(value, float) else "int"
    return type(value).__name__


def shape_diff(
    reference: Any, candidate: Any, *, path: str = "$", nullable: bool = True, ignore: Collection[str] = ()
) -> list[str]:
    """Where ``candidate`` differs in shape from ``reference`` (empty when they agree).

    Objects must have the same keys; lists are compared item by item against the reference's
    items (each candidate item must match the first reference item of the same kind);
    ``null`` matches anything when ``nullable`` (the real APIs put ``null`` where a value is
    missing), and ``int`` matches ``float``.
    """
    ref_kind, cand_kind = _kind(reference), _kind(candidate)
    if nullable and "null" in (ref_kind, cand_kind):
        return []
    if path in ignore:
        return (
            []
            if {ref_kind, cand_kind} <= {"dict", "list"} or ref_kind == cand_kind
            else [f"{path}: {ref_kind} in the reference, {cand_kind} here"]
        )
    if {ref_kind, cand_kind} <= {"int", "float"}:
        return []
    if ref_kind != cand_kind:
        return [f"{path}: {ref_kind} in the reference, {cand_kind} here"]
    problems: list[str] = []
    if isinstance(reference, dict):
        problems += [f"{path}: missing key {k!r}" for k in reference if k not in candidate]
        problems += [f"{path}: unexpected key {k!r}" for k in candidate if k not in reference]
        for k in reference:
            if k in candidate:
                problems += shape_diff(
                    reference[k], candidate[k], path=f"{path}.{k}", nullable=nullable, ignore=ignore
                )
        return problems
    if isinstance(reference, list):
        if not reference:
            return problems
        for i, item in enumerate(candidate):
            same_kind = [r for r in reference if _kind(r) == _kind(item)] or reference
            best = min(
                (shape_diff(r, item, path=f"{path}[{i}]", nullable=nullable) for r in same_kind), key=len
            )
            problems += best
        return problems
    return []


def same_shape(
    reference: Any, candidate: Any, *, nullable: bool = True, ignore: Collection[str] = ()
) -> bool:
    """Whether ``candidate`` has the shape of ``reference`` (see :func:`shape_diff`)."""
    return not shape_diff(reference, candidate, nullable=nullable, ignore=ignore)
