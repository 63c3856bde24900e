"""A value that must never be shown: the API key.

:class:`Secret` masks itself in ``repr``/``str``/f-strings, so an attrs repr, a log line or an
exception message that accidentally includes it shows ``***``. The real value is only read with
:meth:`Secret.reveal`, in the one place that builds the request headers.
"""

from __future__ import annotations

import os
from typing import Final

__all__ = ["API_KEY_ENV", "Secret"]

API_KEY_ENV: Final = "API_SPORTS_KEY"


class Secret:
    """A masked string; equality compares the hidden values."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    @classmethod
    def from_env(cls, name: str = API_KEY_ENV) -> Secret | None:
        """The secret held in the environment variable ``name``, or ``None`` if unset/empty."""
        value = os.environ.get(name, "").strip()
        return cls(value) if value else None

    def reveal(self) -> str:
        """The real value. Call it only where the value leaves the process (request headers)."""
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "Secret('***')"

    def __str__(self) -> str:
        return "***"

    def __format__(self, spec: str) -> str:
        return "***"
