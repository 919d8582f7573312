"""Packaging: the built wheel ships the templates, and an installed athenakit renders DDL from them.

Builds the wheel without network (``python -m build --wheel --no-isolation``, which needs
hatchling in the test environment), installs it with ``--no-deps`` into a fresh venv that sees the
test environment's dependencies, and runs the installed ``athenakit`` from outside the repository.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "csv_quoted.yaml"

pytestmark = pytest.mark.slow


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip("hatchling is needed to build the wheel offline (dev extra)")
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out),
          str(ROOT)], cwd=out)
    [built] = out.glob("athenakit-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; dependencies come from the test environment."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=venv)
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
          "--no-deps", "--no-index", str(wheel)], cwd=venv)
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(_run([str(python), "-c", purelib], cwd=venv).strip())
    # Dependencies (jinja2, PyYAML, sqlglot) from the environment running the tests, after the
    # venv's own site-packages so the installed athenakit wins over any editable install.
    deps = sysconfig.get_paths()["purelib"]
    (site / "zz_test_deps.pth").write_text(deps + "\n", encoding="utf-8")
    return venv


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PYTHONNOUSERSITE"] = "1"
    return env


def test_wheel_contains_the_templates_and_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "athenakit/templates/create_table.sql.j2" in names
    assert "athenakit/templates/_macros.sql.j2" in names
    assert "athenakit/data/reserved_words.json" in names
    assert "athenakit/py.typed" in names
    assert not any(n.startswith(("tests/", "examples/")) for n in names)


def test_installed_cli_renders_an_example_from_outside_the_repo(installed: Path,
                                                                 tmp_path: Path) -> None:
    spec = tmp_path / EXAMPLE.name
    spec.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    out = _run([str(installed / "bin" / "athenakit"), "ddl", spec.name], cwd=tmp_path,
               env=_clean_env())
    assert out.startswith("CREATE EXTERNAL TABLE csv_quoted (\n")
    assert "ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'" in out
    assert "'escapeChar'='\\\\'" in out
    assert "'skip.header.line.count'='1'" in out
    assert out.rstrip().endswith(";")


def test_installed_render_uses_the_templates_inside_site_packages(installed: Path,
                                                                  tmp_path: Path) -> None:
    code = (
        "import athenakit.table.render as r, athenakit.sql.templating as tp, athenakit, sysconfig\n"
        "from athenakit.table.spec import load_spec\n"
        f"[t] = load_spec({str(EXAMPLE)!r})\n"
        "print(sysconfig.get_paths()['purelib'])\n"
        "print(athenakit.__file__)\n"
        "print(tp.templates_dir())\n"
        "print(r.create_table(t), end='')\n"
    )
    site, module, templates, ddl = _run([str(installed / "bin" / "python"), "-c", code],
                                        cwd=tmp_path, env=_clean_env()).split("\n", 3)
    assert Path(module).is_relative_to(site)
    assert Path(templates) == Path(site) / "athenakit" / "templates"
    assert (Path(templates) / "create_table.sql.j2").is_file()
    assert not Path(templates).is_relative_to(ROOT)
    assert ddl.startswith("CREATE EXTERNAL TABLE csv_quoted (")
    assert "LOCATION 's3://athenakit-examples/csv_quoted/'" in ddl
