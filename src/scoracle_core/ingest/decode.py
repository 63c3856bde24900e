"""Bytes to text: read a schedule file safely, whatever is in it.

A schedule may come from Excel, a scraper or a corrupted download. Reading never raises: every
way a file can be unreadable becomes a :class:`Problem` for the file as a whole (``where=""``),
so the caller reports it like any other problem.

Decisions:

* UTF-8 (with or without BOM) is the expected encoding; UTF-16 with a BOM (Excel's "Unicode text")
  is accepted too.
* Anything else that decodes cleanly as Windows-1252 is accepted **with a warning** (that is what
  a Latin-1/Windows export of "Köln" looks like); binary data is an error.
* Files larger than :data:`MAX_FILE_BYTES` are refused before they are read whole.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import attrs

from scoracle_core.ingest.formats import Problem

__all__ = ["MAX_FILE_BYTES", "Decoded", "decode_schedule", "read_schedule"]

#: The largest schedule accepted: a whole league's decade of games is a few MiB.
MAX_FILE_BYTES = 128 * 1024 * 1024

_MAGIC = {
    b"PK\x03\x04": "a ZIP archive (an .xlsx workbook?); export the sheet as CSV",
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "an old Excel/Office document; export the sheet as CSV",
    b"\x1f\x8b": "a gzip archive; decompress it first",
    b"\x89PNG": "a PNG image",
    b"SQLite format 3\x00": "an SQLite database",
}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


@attrs.frozen(kw_only=True)
class Decoded:
    """The outcome of reading a file: the text (``None`` when unreadable) and what was noticed."""

    text: str | None
    encoding: str = ""
    problems: tuple[Problem, ...] = ()


def _fatal(message: str, source: str, code: str, where: str = "") -> Decoded:
    return Decoded(text=None, problems=(Problem(where=where, message=message, source=source, code=code),))


def read_schedule(path: Path, *, source: str, limit: int = MAX_FILE_BYTES) -> Decoded:
    """Read and decode the file at ``path`` (see :func:`decode_schedule`)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        return _fatal(f"cannot read the file: {exc.strerror or exc}", source, "unreadable")
    if len(data) > limit:
        return _fatal(f"file larger than {limit // (1024 * 1024)} MiB; split it", source, "too-large")
    return decode_schedule(data, source=source)


def _line_of(data: bytes, offset: int) -> str:
    return str(data.count(b"\n", 0, offset) + 1)


def decode_schedule(data: bytes, *, source: str) -> Decoded:
    """Decode schedule bytes to text, or explain why they are not a text schedule."""
    if not data.strip():
        return _fatal("empty file: no schedule in it", source, "empty")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return _fatal(f"not a text schedule: this is {what}", source, "binary")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _checked(data.decode("utf-16"), "utf-16", source)
        except UnicodeDecodeError as exc:
            return _fatal(f"broken UTF-16 text: {exc.reason}", source, "encoding")
    if b"\x00" in data:
        return _fatal(
            "not a text schedule: binary data (NUL bytes)",
            source,
            "binary",
            _line_of(data, data.index(b"\x00")),
        )
    try:
        return _checked(data.decode("utf-8-sig"), "utf-8", source)
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        bad = data[utf8_error.start]
        return _fatal(
            f"not UTF-8 text: byte 0x{bad:02x} cannot be decoded; save the file as UTF-8",
            source,
            "encoding",
            _line_of(data, utf8_error.start),
        )
    decoded = _checked(text, "cp1252", source)
    if decoded.text is None:
        return decoded
    warning = Problem(
        where=_line_of(data, utf8_error.start),
        message="not UTF-8: read as Windows-1252 (cp1252); check accented names, or save the file as UTF-8",
        source=source,
        severity="warning",
        code="encoding",
    )
    return attrs.evolve(decoded, problems=(warning, *decoded.problems))


def _checked(text: str, encoding: str, source: str) -> Decoded:
    """Refuse text that is mostly control characters (binary data that happened to decode)."""
    if not text.strip():
        return _fatal("empty file: no schedule in it", source, "empty")
    controls = len(_CONTROL.findall(text, 0, 65536))
    if controls > max(8, min(len(text), 65536) // 100):
        return _fatal("not a text schedule: binary data (control characters)", source, "binary")
    return Decoded(text=text, encoding=encoding)
