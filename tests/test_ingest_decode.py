"""Reading schedule bytes safely: encodings, binary files, empty and oversized files; format detection."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from scoracle_core.ingest.decode import decode_schedule, read_schedule
from scoracle_core.ingest.detect import available_formats, detect_format
from scoracle_core.ingest.formats import Problem, RawGame
from scoracle_core.ingest.templates import TEMPLATE_CSV, TEMPLATE_JSON
from scoracle_core.plugins import load_plugins

HEADER = "date,time,home_team,away_team\n"


def test_utf8_with_bom_decodes_without_the_bom() -> None:
    """Excel's UTF-8 BOM is dropped."""
    decoded = decode_schedule(b"\xef\xbb\xbf" + HEADER.encode(), source="f")
    assert decoded.text == HEADER
    assert decoded.encoding == "utf-8"
    assert not decoded.problems


def test_utf16_with_bom_decodes() -> None:
    """Excel's "Unicode text" (UTF-16 with BOM) is read."""
    decoded = decode_schedule(HEADER.encode("utf-16"), source="f")
    assert decoded.text == HEADER


def test_windows_1252_is_read_with_a_warning() -> None:
    """A cp1252 file is read (Köln survives) and a warning names the first non-UTF-8 line."""
    decoded = decode_schedule((HEADER + "2024-09-01,15:30,1. FC Köln,Hertha\n").encode("cp1252"), source="f")
    assert decoded.text is not None
    assert "Köln" in decoded.text
    (warning,) = decoded.problems
    assert warning.severity == "warning"
    assert warning.where == "2"
    assert "cp1252" in warning.message


def test_undecodable_bytes_are_an_error_naming_the_line() -> None:
    """Bytes that are neither UTF-8 nor cp1252 reject the file, naming the line."""
    decoded = decode_schedule(HEADER.encode() + b"2024-09-01,\x81\x8d\x90\n", source="f")
    assert decoded.text is None
    (problem,) = decoded.problems
    assert problem.code == "encoding"
    assert problem.where == "2"
    assert "not UTF-8" in problem.message


def test_binary_file_is_refused() -> None:
    """NUL bytes mean binary data."""
    (problem,) = decode_schedule(b"\x00\x01\x02garbage", source="f").problems
    assert problem.code == "binary"


def test_xlsx_workbook_is_refused_with_advice() -> None:
    """An .xlsx (a ZIP) is named as such, with the fix."""
    (problem,) = decode_schedule(b"PK\x03\x04rest-of-zip", source="f").problems
    assert "export the sheet as CSV" in problem.message


def test_empty_file_is_refused() -> None:
    """An empty (or blank) file is one problem."""
    for data in (b"", b"  \r\n\n"):
        (problem,) = decode_schedule(data, source="f").problems
        assert problem.code == "empty"


def test_file_over_the_size_cap_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    """A file larger than the cap is refused."""
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 2048)
    (problem,) = read_schedule(path, source="big.csv", limit=1024).problems
    assert problem.code == "too-large"


def test_missing_file_is_a_problem(tmp_path: Path) -> None:
    """A path that does not exist is reported, not raised."""
    (problem,) = read_schedule(tmp_path / "nope.csv", source="nope.csv").problems
    assert problem.code == "unreadable"


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2048))
def test_decoding_never_raises(data: bytes) -> None:
    """Any bytes decode to text or to problems."""
    decoded = decode_schedule(data, source="f")
    assert decoded.text is not None or decoded.problems


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000))
def test_template_formats_never_raise(text: str) -> None:
    """Any text parses into raw games and problems, never an exception."""
    for fmt in (TEMPLATE_CSV, TEMPLATE_JSON):
        for item in fmt.parse(text, source="f"):
            assert isinstance(item, RawGame | Problem)
        assert 0.0 <= fmt.sniff(text, "f") <= 1.0


def test_detection_picks_the_template_csv() -> None:
    """A template CSV is detected among every installed format."""
    detection = detect_format(
        HEADER + "2026-01-15,19:30,Lakers,Warriors\n", "x.csv", available_formats(load_plugins())
    )
    assert detection.format is TEMPLATE_CSV


def test_detection_without_a_confident_format_lists_the_names() -> None:
    """Text that no format recognises is a problem listing the --format names."""
    detection = detect_format("hello world\n", "x.txt", available_formats(None))
    assert detection.format is None
    assert detection.problem is not None
    assert "--format" in detection.problem.message
    assert "template-csv" in detection.problem.message


def test_detection_tie_is_an_error_naming_both() -> None:
    """Two formats equally confident are not guessed between."""

    class Copy:
        name = "copy-of-csv"
        sport = None
        description = "same sniff as the template"
        sniff = TEMPLATE_CSV.sniff
        parse = TEMPLATE_CSV.parse

    detection = detect_format(HEADER, "x.csv", [TEMPLATE_CSV, Copy()])
    assert detection.format is None
    assert detection.problem is not None
    assert "copy-of-csv" in detection.problem.message
    assert "template-csv" in detection.problem.message


def test_sport_restriction_keeps_neutral_and_own_formats() -> None:
    """Formats of other sports are left out when the sport is known."""
    names = {f.sport for f in available_formats(load_plugins(), "nba")}
    assert names <= {None, "nba"}
