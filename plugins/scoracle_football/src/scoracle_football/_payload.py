"""Path-aware reading of API-Football ``response`` values.

A :class:`Node` is a JSON value plus the path it was found at (``$[0].fixture.status.short``,
``$`` being the envelope's ``response``). Every accessor either returns a value of the expected
type or raises :class:`~scoracle_core.errors.PayloadError` naming the path and the request, so a
reply of an unexpected shape is reported where it goes wrong instead of as a ``KeyError``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from scoracle_core.errors import PayloadError

__all__ = ["Node"]


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


class Node:
    """A JSON value at a path of one request's ``response``."""

    __slots__ = ("path", "request", "value")

    def __init__(self, value: Any, *, request: str, path: str = "$") -> None:
        self.value = value
        self.request = request  # "fixtures?id=1208123": said in every error
        self.path = path

    def fail(self, expected: str) -> PayloadError:
        """The error for a value that is not what was expected here."""
        shown = repr(self.value)
        shown = shown if len(shown) <= 60 else shown[:59] + "…"
        return PayloadError(
            f"{self.request}: expected {expected}, got {_kind(self.value)} {shown}", path=self.path
        )

    def __getitem__(self, key: str) -> Node:
        """The member ``key`` of an object (``null`` when absent)."""
        if not isinstance(self.value, Mapping):
            raise self.fail(f"an object with {key!r}")
        return Node(self.value.get(key), request=self.request, path=f"{self.path}.{key}")

    def has(self, key: str) -> bool:
        """Whether this is an object with a (possibly null) member ``key``."""
        return isinstance(self.value, Mapping) and key in self.value

    @property
    def has_members(self) -> bool:
        """True for a JSON object."""
        return isinstance(self.value, Mapping)

    @property
    def is_null(self) -> bool:
        """True for JSON ``null`` (or an absent member)."""
        return self.value is None

    def items(self) -> Iterator[Node]:
        """The elements of a list."""
        if not isinstance(self.value, list):
            raise self.fail("a list")
        for index, item in enumerate(self.value):
            yield Node(item, request=self.request, path=f"{self.path}[{index}]")

    def members(self) -> Iterator[tuple[str, Node]]:
        """The members of an object, in document order."""
        if not isinstance(self.value, Mapping):
            raise self.fail("an object")
        for key, item in self.value.items():
            yield str(key), Node(item, request=self.request, path=f"{self.path}.{key}")

    def as_int(self) -> int:
        """An integer (a JSON number without fraction; booleans refused)."""
        value = self.value
        if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value:
            raise self.fail("an integer")
        return int(value)

    def opt_int(self) -> int | None:
        """An integer or ``null``."""
        return None if self.value is None else self.as_int()

    def as_str(self) -> str:
        """A string."""
        if not isinstance(self.value, str):
            raise self.fail("a string")
        return self.value

    def opt_str(self) -> str | None:
        """A string or ``null``."""
        return None if self.value is None else self.as_str()

    def opt_bool(self) -> bool | None:
        """A boolean or ``null``."""
        if self.value is None or isinstance(self.value, bool):
            return self.value
        raise self.fail("a boolean")
