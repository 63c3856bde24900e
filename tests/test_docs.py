"""Docs stay in step with the code: every hook documented and tested; README examples run."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from scoracle_core import hookspecs

ROOT = Path(__file__).resolve().parents[1]
HOOKS = sorted(
    name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("register_")
)


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_docs_section(hook: str) -> None:
    """docs/plugins.md has a '### <hook>' section for each hookspec."""
    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert re.search(rf"^### {hook}$", text, re.MULTILINE), f"docs/plugins.md lacks a section for {hook}"


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_exercised_by_a_test(hook: str) -> None:
    """Some test (core or plugin) calls or implements each hook."""
    tests = [*ROOT.glob("tests/test_*.py"), *ROOT.glob("plugins/*/tests/test_*.py")]
    assert any(hook in p.read_text(encoding="utf-8") for p in tests if p.name != "test_docs.py")


def test_readme_names_the_commands_ci_runs() -> None:
    """The README's two commands are the Makefile targets .ci/run uses."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make demo" in readme
    assert "make test" in readme
    assert "make test" in ci


def test_readme_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's Python example runs as written (in an empty directory)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    assert blocks, "README has no python example"
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {"__name__": "readme_example"})
