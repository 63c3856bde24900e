"""The one cattrs converter: model values to and from JSON-ready data.

Use :func:`to_data` / :func:`from_data` rather than cattrs' global converter. Decoding errors
come back as :class:`~scoracle_core.errors.PayloadError` naming the path (``$.games[3].start_at``).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar

import cattrs
from cattrs.errors import ClassValidationError, IterableValidationError
from cattrs.v import transform_error

from scoracle_core.errors import ModelError, PayloadError
from scoracle_core.model import ensure_utc

__all__ = ["dumps", "from_data", "make_converter", "to_data"]

T = TypeVar("T")


def make_converter() -> cattrs.Converter:
    """A fresh converter that knows the model's datetimes, dates and mappings."""
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_unstructure_hook(datetime, lambda v: ensure_utc(v).isoformat())
    conv.register_structure_hook(datetime, _structure_datetime)
    conv.register_unstructure_hook(date, lambda v: v.isoformat())
    conv.register_structure_hook(date, lambda v, _: v if isinstance(v, date) else date.fromisoformat(v))
    return conv


def _structure_datetime(value: Any, _: type) -> datetime:
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return ensure_utc(parsed)


@cache
def _converter() -> cattrs.Converter:
    return make_converter()


def to_data(value: Any) -> Any:
    """Unstructure a model value into plain JSON-ready data."""
    return _converter().unstructure(value)


def from_data(data: Any, cls: type[T]) -> T:
    """Structure plain data into ``cls``; errors become :class:`PayloadError` with a path."""
    try:
        return _converter().structure(data, cls)
    except (ClassValidationError, IterableValidationError) as exc:
        messages = transform_error(exc)
        raise PayloadError("; ".join(messages), path="$") from exc
    except (ModelError, ValueError, TypeError, KeyError) as exc:
        raise PayloadError(str(exc)) from exc


def dumps(value: Any) -> str:
    """JSON text of a model value (or of plain data holding model values)."""
    return json.dumps(to_data(value), ensure_ascii=False, sort_keys=True)
