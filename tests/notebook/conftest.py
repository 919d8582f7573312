"""Fixtures: an IPython shell with ``%load_ext athenakit``, and moto's server (real HTTP on
127.0.0.1, through the runner tests' harness) with a fault-injecting proxy in front."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "runner"))

from moto_harness import _FAKE_ENV, BUCKET, AthenaProxy, MotoServer, s3_client

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


@pytest.fixture(scope="session")
def notebook_moto_server() -> Iterator[MotoServer]:
    """moto's standalone server on a free 127.0.0.1 port, with fake credentials set."""
    saved = {k: os.environ.get(k) for k in [*_FAKE_ENV, "AWS_PROFILE", "AWS_REGION"]}
    os.environ.update(_FAKE_ENV)
    for name in ("AWS_PROFILE", "AWS_REGION"):
        os.environ.pop(name, None)
    server = MotoServer()
    try:
        yield server
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="session")
def notebook_proxy_server(notebook_moto_server: MotoServer) -> Iterator[AthenaProxy]:
    proxy = AthenaProxy(notebook_moto_server.url)
    yield proxy
    proxy.stop()


@pytest.fixture
def moto(notebook_moto_server: MotoServer) -> Iterator[MotoServer]:
    """The moto server, reset, with the result bucket created."""
    notebook_moto_server.reset()
    s3_client(notebook_moto_server.url).create_bucket(Bucket=BUCKET)
    yield notebook_moto_server
    notebook_moto_server.release_queries()


@pytest.fixture
def proxy(notebook_proxy_server: AthenaProxy, moto: MotoServer) -> AthenaProxy:
    """The fault-injecting proxy, cleared of earlier rules."""
    notebook_proxy_server.reset()
    return notebook_proxy_server
