"""The API-Sports response envelope and the error bodies (API_FACTS §1.2-1.3).

::

    {"get": "games", "parameters": [] | {"date": "2024-11-06"}, "errors": [] | {topic: message},
     "results": 2, "paging": {"current": 1, "total": 1}, "response": [...] | {...}}

``paging`` is written when ``paging=True`` (API-Football always; the other APIs only on
``/status``). ``results`` is ``len(response)``, or the number of keys of an object response.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

__all__ = ["MESSAGE_BODY", "dumps", "envelope", "error_envelope"]

#: The body of the provider's 499 and 500 answers.
MESSAGE_BODY = {"message": "Something went wrong while fetching details. Try again later."}


def envelope(
    *,
    get: str,
    params: Mapping[str, str],
    response: list[Any] | dict[str, Any],
    errors: Mapping[str, str] | None = None,
    paging: bool,
    page: int = 1,
    pages: int = 1,
    results: int | None = None,
) -> dict[str, Any]:
    """One response body. ``params`` are echoed as strings (``[]`` when there are none)."""
    body: dict[str, Any] = {
        "get": get,
        "parameters": {k: str(v) for k, v in params.items()} if params else [],
        "errors": dict(errors) if errors else [],
        "results": len(response) if results is None else results,
    }
    if paging:
        body["paging"] = {"current": page, "total": pages}
    body["response"] = response
    return body


def error_envelope(
    *, get: str, params: Mapping[str, str], errors: Mapping[str, str], paging: bool, page: int = 1
) -> dict[str, Any]:
    """An error answer: ``errors`` set, ``results`` 0, ``response`` ``[]``."""
    return envelope(get=get, params=params, response=[], errors=errors, paging=paging, page=page)


def dumps(body: Any) -> bytes:
    """Serialise a body the same way every time (key order kept, UTF-8, compact)."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
