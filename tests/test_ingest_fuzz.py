"""Bad files never produce a traceback or a partial write: only a report or a ScheduleError."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoracle_core.errors import ScheduleError
from scoracle_core.ingest import IngestReport, ScheduleRejected, aingest_schedule
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.store import GameQuery, Store

pytestmark = pytest.mark.anyio

FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HEADER = "date,time,home_team,away_team,venue"
TEAMS = ["Lakers", "Warriors", "Celtics", "Heat", "Knicks", "Nets", "Bulls", "Suns"]


@pytest.fixture(params=["sqlite_store", pytest.param("pg_store", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Store:
    """Tests about writes run against SQLite and PostgreSQL."""
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


@pytest.fixture
def sqlite(sqlite_store: Store) -> Store:
    """Tests about reading bad input need one store only: nothing they do depends on its kind."""
    return sqlite_store


@pytest.fixture(scope="module")
def sports() -> Sports:
    """The installed sport plugins (loaded once)."""
    return load_plugins()


def good_rows(n: int) -> list[str]:
    """``n`` valid, distinct games on consecutive days of January 2025."""
    return [
        f"2025-01-{day + 1:02d},19:30,{TEAMS[day % 4]},{TEAMS[4 + day % 4]},Arena {day}" for day in range(n)
    ]


async def outcome(store: Store, sports: Sports, data: bytes, name: str = "fuzz.csv") -> IngestReport | None:
    """Ingest ``data``; return the report, or ``None`` when rejected (then nothing was written)."""
    before = len(await store.find_games(GameQuery()))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            return await aingest_schedule(store, path, sport="nba", sports=sports)
        except ScheduleError as exc:
            problems = exc.problems
    assert problems, "a rejection always lists its problems"
    assert len(await store.find_games(GameQuery())) == before
    return None


@FUZZ
@given(data=st.binary(max_size=4096))
async def test_garbage_bytes_are_rejected_cleanly(sqlite: Store, sports: Sports, data: bytes) -> None:
    """Random bytes give a report or a ScheduleError, nothing else."""
    await outcome(sqlite, sports, data)


@FUZZ
@given(text=st.text(max_size=2000))
async def test_garbage_text_under_a_template_header_is_rejected_cleanly(
    sqlite: Store, sports: Sports, text: str
) -> None:
    """Random text after a valid header gives a report or a ScheduleError."""
    await outcome(sqlite, sports, f"{HEADER}\n{text}".encode())


@st.composite
def corruptions(draw: st.DrawFn) -> str:
    """One way a row can be broken."""
    row = draw(st.sampled_from(good_rows(1)))
    kind = draw(st.sampled_from(["truncate", "huge", "date", "team", "control", "same", "extra"]))
    if kind == "truncate":
        return row[: draw(st.integers(min_value=1, max_value=row.rindex(",") - 1))]
    if kind == "huge":
        return row.replace("Lakers", "L" * draw(st.integers(min_value=1_001, max_value=300_000)))
    if kind == "date":
        return row.replace("2025-01-01", draw(st.sampled_from(["2025-02-30", "01/01/2025", "tomorrow", ""])))
    if kind == "team":
        return row.replace("Lakers", draw(st.sampled_from(["Lakerz FC", "Xyzzy", "LA"])))
    if kind == "control":
        return row.replace("Lakers", "Lak\x01ers")
    if kind == "same":
        return row.replace("Knicks", "Lakers")
    return row + ",surplus"


@FUZZ
@given(
    bad=corruptions(),
    position=st.integers(min_value=0, max_value=20),
    n=st.integers(min_value=1, max_value=20),
)
async def test_one_broken_row_means_nothing_is_written(
    store: Store, sports: Sports, bad: str, position: int, n: int
) -> None:
    """A file with one broken row among good ones is rejected whole, wherever the row is."""
    rows = good_rows(n)
    rows.insert(min(position, n), bad)
    assert await outcome(store, sports, "\n".join([HEADER, *rows]).encode()) is None


@FUZZ
@given(
    encoding=st.sampled_from(["utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252", "shift_jis", "utf-7"]),
    n=st.integers(min_value=1, max_value=5),
)
async def test_other_encodings_never_crash(sqlite: Store, sports: Sports, encoding: str, n: int) -> None:
    """A valid schedule in another encoding is read with a warning or rejected, never a traceback."""
    text = "\n".join([HEADER, *good_rows(n)]).replace("Arena", "Aréna")
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode(encoding, errors="replace")
    await outcome(sqlite, sports, data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)


@FUZZ
@given(
    games=st.lists(
        st.dictionaries(
            st.sampled_from(
                ["date", "time", "home_team", "away_team", "timezone", "season", "week", "status"]
            ),
            json_values,
        ),
        max_size=5,
    ),
    season=json_values,
)
async def test_odd_json_values_never_crash(
    sqlite: Store, sports: Sports, games: list[object], season: object
) -> None:
    """Template JSON with values of every type gives a report or a ScheduleError."""
    doc = {"sport": "nba", "season": season, "games": games}
    await outcome(sqlite, sports, json.dumps(doc).encode(), name="fuzz.json")


async def test_truncated_file_is_rejected(store: Store, sports: Sports) -> None:
    """A file cut off in the middle of a row (a broken download) is rejected whole."""
    data = "\n".join([HEADER, *good_rows(10)]).encode()
    assert await outcome(store, sports, data[: len(data) - 12]) is None


async def test_rejection_reports_every_row_of_a_bad_file(store: Store, sports: Sports) -> None:
    """ScheduleRejected carries one problem per bad row."""
    data = "\n".join([HEADER, "x,y,z,w,v", "2025-01-01,19:30,Lakers", "2025-01-02,99:99,Heat,Nets,"]).encode()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bad.csv"
        path.write_bytes(data)
        with pytest.raises(ScheduleRejected) as info:
            await aingest_schedule(store, path, sport="nba", sports=sports)
    assert [p.where for p in info.value.report.errors] == ["2", "3", "4"]
