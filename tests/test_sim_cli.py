"""``scoracle sim serve``: starts, prints its base URLs, serves, and stops cleanly on Ctrl-C."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import urllib.request

from click.testing import CliRunner

from scoracle_core.cli.app import cli


def test_serve_prints_base_urls_serves_and_stops_on_ctrl_c() -> None:
    """The server announces /nba, /nfl, /football, answers /status, and exits 0 on SIGINT."""
    command = [
        sys.executable,
        "-c",
        "from scoracle_core.cli import main; main()",
        "sim",
        "serve",
        "--port",
        "0",
        "--schedule",
        "none",
        "--key",
        "k-123",
        "--plan",
        "ultra",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        lines = []
        for line in process.stdout:
            lines.append(line)
            if "Ctrl-C" in line:
                break
        output = "".join(lines)
        port = re.search(r"http://127\.0\.0\.1:(\d+)", output)
        assert port is not None, output
        for sport in ("nba", "nfl", "football"):
            assert f"http://127.0.0.1:{port.group(1)}/{sport}" in output
        assert "k-123" not in output
        request = urllib.request.Request(
            f"http://127.0.0.1:{port.group(1)}/nba/status", headers={"x-apisports-key": "k-123"}
        )
        with urllib.request.urlopen(request, timeout=10) as reply:
            body = json.loads(reply.read())
        assert body["response"]["subscription"]["plan"] == "Ultra"
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "simulator stopped" in err


def test_serve_refuses_a_bad_fault_spec() -> None:
    """A --faults string that does not parse is a usage error naming the fault."""
    result = CliRunner().invoke(cli, ["sim", "serve", "--faults", "501=0.1"])
    assert result.exit_code == 2
    assert "501" in result.output
