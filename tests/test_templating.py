"""The Jinja environment: compiled templates are cached, and a bad cache only costs speed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from athenakit.sql import templating

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "csv_quoted.yaml"


def _ddl(cache: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ATHENAKIT_CACHE_DIR": cache}
    return subprocess.run([sys.executable, "-m", "athenakit", "ddl", str(EXAMPLE)], env=env,
                          capture_output=True, text=True, check=False)


def test_compiled_templates_are_cached_and_a_cached_run_prints_the_same_ddl(
        tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _ddl(str(cache))
    entries = sorted(p.name for p in cache.iterdir())
    second = _ddl(str(cache))
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert entries and all(name.endswith(".jinja") for name in entries)
    assert sorted(p.name for p in cache.iterdir()) == entries  # reused, not rewritten aside
    assert second.stdout == first.stdout and "CREATE EXTERNAL TABLE" in first.stdout


def test_a_cache_directory_that_cannot_be_created_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    done = _ddl(str(blocker / "cache"))
    assert done.returncode == 0, done.stderr
    assert "CREATE EXTERNAL TABLE" in done.stdout and done.stderr == ""


def test_a_corrupt_cache_entry_is_compiled_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    good = _ddl(str(cache)).stdout
    for entry in cache.iterdir():
        entry.write_bytes(b"j2 garbage")
    again = _ddl(str(cache))
    assert again.returncode == 0, again.stderr
    assert again.stdout == good


@pytest.mark.parametrize(("env", "expected"), [
    ({"ATHENAKIT_CACHE_DIR": ""}, None),
    ({"ATHENAKIT_CACHE_DIR": "/x/y"}, Path("/x/y")),
    ({"XDG_CACHE_HOME": "/xdg"}, Path("/xdg/athenakit")),
])
def test_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch,
                                           env: dict[str, str], expected: Path | None) -> None:
    monkeypatch.delenv("ATHENAKIT_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert templating.cache_dir() == expected
