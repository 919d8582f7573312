"""Fixtures: an IPython shell with ``%load_ext athenakit`` and local-engine options over a copy
of the sample data; moto's server and its proxy come from tests/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parent.parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def local(tmp_path: Path) -> str:
    """``%%athena`` options for the local engine over a copy of the sample data (CTAS
    statements write their files under the s3 root, so the shipped data stays untouched)."""
    import shutil

    root = tmp_path / "s3"
    shutil.copytree(EXAMPLES / "data" / "athenakit-examples" / "csv_quoted",
                    root / "athenakit-examples" / "csv_quoted")
    return f"--local --tables {EXAMPLES / 'csv_quoted.yaml'} --s3-root {root}"


@pytest.fixture
def shell() -> Iterator[Any]:
    """IPython's own InteractiveShell with the extension loaded the way users load it."""
    from IPython.core.interactiveshell import InteractiveShell

    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "athenakit")
    ip.magics_manager.registry["AthenaMagics"].rich = False
    try:
        yield ip
    finally:
        ip.run_line_magic("unload_ext", "athenakit")
        for name in [n for n in ip.user_ns if n.startswith("nb_")]:
            del ip.user_ns[name]
