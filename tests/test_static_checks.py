"""The package stays type-checked (mypy --strict, from pyproject) and lint-clean (ruff)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(module: str) -> list[str]:
    pytest.importorskip(module)
    return [sys.executable, "-m", module]


@pytest.mark.slow
def test_mypy_strict_finds_no_errors_in_the_package(tmp_path: Path) -> None:
    done = subprocess.run([*_tool("mypy"), "--cache-dir", str(tmp_path), "athenakit"],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_ruff_finds_nothing_in_the_package_tests_and_benchmarks() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    if ruff is None:
        pytest.skip("ruff is not installed")
    done = subprocess.run([ruff, "check", "--no-cache", "athenakit", "tests", "benchmarks"],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-4000:]
