"""`scoracle ingest-schedule`, `scoracle formats` and `scoracle query games`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from scoracle_core.cli import cli

ROWS = ["2025-01-15,19:30,Lakers,Warriors", "2025-01-15,20:00,Celtics,Heat", "2025-01-16,19:00,Knicks,Nets"]


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """A fresh SQLite store file."""
    return f"sqlite:///{tmp_path}/cli.db"


def schedule(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "nba.csv"
    path.write_text("\n".join(["date,time,home_team,away_team", *rows]) + "\n", encoding="utf-8")
    return path


def run(store_url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--store", store_url, *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_ingest_prints_the_counts(store_url: str, tmp_path: Path) -> None:
    """A good file is stored; the table shows the inserted count; exit status 0."""
    code, out, _ = run(
        store_url, "ingest-schedule", "--file", str(schedule(tmp_path, *ROWS)), "--sport", "nba"
    )
    assert code == 0
    assert re.search(r"inserted\s*│\s*3\s*│", out)


def test_rejected_file_prints_every_problem_and_exits_1(store_url: str, tmp_path: Path) -> None:
    """Each problem is printed as file:line: message; exit status 1; nothing stored."""
    path = schedule(tmp_path, *ROWS, "2025-01-17,19:30,Bulls,Bulls", "2025-02-30,19:30,Suns,Jazz")
    code, _, err = run(
        store_url, "ingest-schedule", "--file", str(path), "--sport", "nba", "--season", "2024-25"
    )
    assert code == 1
    assert f"{path}:5: home and away are the same team" in err
    assert f"{path}:6: impossible date '2025-02-30'" in err
    assert "nothing stored" in err
    _, out, _ = run(store_url, "query", "games", "--sport", "nba", "--json")
    assert json.loads(out) == []


def test_json_report_is_one_object(store_url: str, tmp_path: Path) -> None:
    """--json prints the report as JSON, with accepted=true."""
    code, out, _ = run(
        store_url, "ingest-schedule", "--file", str(schedule(tmp_path, *ROWS)), "--sport", "nba", "--json"
    )
    data = json.loads(out)
    assert code == 0
    assert (data["accepted"], data["inserted"], data["format"]) == (True, 3, "template-csv")


def test_json_report_of_a_rejected_file(store_url: str, tmp_path: Path) -> None:
    """--json on a rejected file prints accepted=false with the problems, exit status 1."""
    path = schedule(tmp_path, "2025-01-17,19:30,Bulls,Bulls")
    code, out, _ = run(store_url, "ingest-schedule", "--file", str(path), "--sport", "nba", "--json")
    data = json.loads(out)
    assert code == 1
    assert data["accepted"] is False
    assert data["problems"][0]["code"] == "same-team"


def test_skip_invalid_stores_the_rest(store_url: str, tmp_path: Path) -> None:
    """--skip-invalid exits 0, stores the good rows and still prints the bad one."""
    path = schedule(tmp_path, *ROWS, "2025-01-17,19:30,Bulls,Bulls")
    code, out, err = run(
        store_url, "ingest-schedule", "--file", str(path), "--sport", "nba", "--skip-invalid"
    )
    assert code == 0
    assert f"{path}:5:" in err
    assert "rejected" in out


def test_dry_run_stores_nothing(store_url: str, tmp_path: Path) -> None:
    """--dry-run reports and writes nothing."""
    code, out, _ = run(
        store_url, "ingest-schedule", "--file", str(schedule(tmp_path, *ROWS)), "--sport", "nba", "--dry-run"
    )
    assert code == 0
    assert "dry run" in out
    _, out, _ = run(store_url, "query", "games", "--sport", "nba", "--json")
    assert json.loads(out) == []


def test_format_list_and_formats_command(store_url: str) -> None:
    """`--format list` and `scoracle formats` list the template formats and the plugins'."""
    code, out, _ = run(store_url, "ingest-schedule", "--format", "list", "--json")
    names = {row["name"] for row in json.loads(out)}
    assert code == 0
    assert {"template-csv", "template-json"} <= names
    _, out, _ = run(store_url, "formats", "--sport", "nba", "--json")
    assert {row["sport"] for row in json.loads(out)} <= {"any", "nba"}


def test_query_games_filters_by_utc_date_and_shows_local_time(store_url: str, tmp_path: Path) -> None:
    """--date is a UTC date: 19:30 New York on Jan 15 is Jan 16 UTC; local time is shown too."""
    run(store_url, "ingest-schedule", "--file", str(schedule(tmp_path, *ROWS)), "--sport", "nba")
    _, out, _ = run(store_url, "query", "games", "--sport", "nba", "--date", "2025-01-16", "--json")
    games = json.loads(out)
    assert [(g["home_team"], g["local_start"]) for g in games] == [
        ("Los Angeles Lakers", "2025-01-15 19:30 EST"),
        ("Boston Celtics", "2025-01-15 20:00 EST"),
    ]


def test_query_games_table(store_url: str, tmp_path: Path) -> None:
    """Without --json the games are a table with UTC and local times."""
    run(store_url, "ingest-schedule", "--file", str(schedule(tmp_path, *ROWS)), "--sport", "nba")
    code, out, _ = run(store_url, "query", "games", "--sport", "nba", "--season", "2024", "--team", "Knicks")
    assert code == 0
    assert "New York Knicks" in out
    assert "2025-01-17 00:00" in out
    assert "2025-01-16 19:00 EST" in out
