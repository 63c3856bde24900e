"""`scoracle demo`: the main job runs from a fresh directory and reports what the issue asks for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def test_demo_json_report_from_a_fresh_directory(tmp_path: Path) -> None:
    """A week of the demo: every sport seeded, calls per game far below blanket, JSON as documented."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "scoracle_core.cli",
            "demo",
            "--json",
            "--weeks",
            "1",
            "--start",
            "2024-11-01",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert set(report["sports"]) == {"nba", "nfl", "football"}
    for sport, figures in report["sports"].items():
        assert set(figures) >= {"games", "seeded", "api_calls", "calls_per_game", "blanket_calls"}, sport
        assert figures["games"] > 0, sport
        assert figures["seeded"] == figures["games"], sport
        assert figures["api_calls"] < figures["blanket_calls"] / 5, sport
    # per game, schedule discovery included: NBA and NFL 2 + a shared daily listing; football ≤ 1
    assert report["sports"]["nba"]["calls_per_game"] <= 3
    assert report["sports"]["nfl"]["calls_per_game"] <= 3
    assert report["sports"]["football"]["calls_per_game"] <= 1
    assert report["failed"] == 0
    assert {"retries", "latency_p50_s", "latency_p99_s"} <= set(report)
    assert (tmp_path / "scoracle-demo.db").exists()
