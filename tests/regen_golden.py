"""Regenerate the golden DDL files in ``tests/golden/`` from the specs in ``examples/``.

Run from the repository root after a deliberate change to rendering::

    python tests/regen_golden.py          # or: python -m tests.regen_golden
    git diff tests/golden/                # review every changed line before committing

Golden files are never edited by hand: ``tests/test_golden.py`` renders each example again and
compares it byte for byte with its file here, then parses the file back with sqlglot.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES_DIR = ROOT / "examples"
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"


def example_specs() -> list[Path]:
    """Every example spec file, sorted by name."""
    return sorted(EXAMPLES_DIR.glob("*.yaml"))


def render_example(spec: Path) -> str:
    """The golden text of one example: CREATE DATABASE (when set), then each CREATE TABLE.

    Statements are separated the way ``athenakit ddl --database`` separates them: a semicolon
    and a blank line, with a final semicolon.
    """
    from athenakit.table.render import create_database, create_table
    from athenakit.table.spec import load_spec

    tables = load_spec(spec)
    statements: list[str] = []
    for db in dict.fromkeys(t.database for t in tables if t.database):
        statements.append(create_database(db))
    statements.extend(create_table(t) for t in tables)
    return ";\n\n".join(s.rstrip("\n") for s in statements) + ";\n"


def golden_path(spec: Path) -> Path:
    return GOLDEN_DIR / f"{spec.stem}.sql"


def main() -> int:
    GOLDEN_DIR.mkdir(exist_ok=True)
    written = 0
    for spec in example_specs():
        target = golden_path(spec)
        text = render_example(spec)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            print(f"updated {target.relative_to(ROOT)}")
            written += 1
    stale = {p.stem for p in GOLDEN_DIR.glob("*.sql")} - {s.stem for s in example_specs()}
    for name in sorted(stale):
        (GOLDEN_DIR / f"{name}.sql").unlink()
        print(f"removed tests/golden/{name}.sql (no example left)")
    print(f"{written} golden file(s) changed, {len(stale)} removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
