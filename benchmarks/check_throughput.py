"""Throughput of ``athenakit check`` against ``sqlfluff lint --dialect athena`` on one corpus.

Run: ``python benchmarks/check_throughput.py`` (needs ``pip install sqlfluff``; it is a
benchmark-only dependency). The corpus is the statements of tests/check/corpus/ that sqlfluff
actually parses (a statement sqlfluff marks unparsable costs it little and checks nothing, so it
would flatter its rate), with sqlfluff's ``large_file_skip_byte_limit`` set to 0 (by default it
silently skips files over 20 KB). Both linters get exactly those statements, in one run:

* in-process: ``athenakit.check.check`` vs ``sqlfluff.core.Linter(...).lint_string``
  (each repeated until it has run for at least ``--seconds``);
* command line: one ``athenakit check DIR`` vs one ``sqlfluff lint DIR`` over the statements
  written to a temporary folder (one file each, with a ``.sqlfluff`` setting the dialect and
  the limit), start-up included; the folder is deleted afterwards.

Prints how many statements were kept, statements per second for each side and the ratio.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "check" / "corpus"


def _rate(work: Callable[[], None], statements: int, seconds: float) -> float:
    runs, start = 0, time.perf_counter()
    while True:
        work()
        runs += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return runs * statements / elapsed


def _cli(command: list[str], cwd: Path = ROOT) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    return time.perf_counter() - start


def _sqlfluff_parses(linter: Any, text: str) -> bool:
    """Whether sqlfluff parses the statement with no unparsable section."""
    parsed = linter.parse_string(text)
    tree = parsed.tree
    if tree is None or any(True for _ in tree.recursive_crawl("unparsable")):
        return False
    return not any(getattr(v, "rule_code", lambda: "")() == "PRS" for v in parsed.violations)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per in-process side")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from athenakit.check import check, split_statements

    try:
        from sqlfluff.core import FluffConfig, Linter
    except ImportError:
        print("sqlfluff is not installed: pip install sqlfluff", file=sys.stderr)
        return 2
    files = sorted(CORPUS.glob("*.sql"))
    everything = [s.sql for p in files for s in split_statements(p.read_text())]
    linter = Linter(config=FluffConfig(overrides={"dialect": "athena",
                                                  "large_file_skip_byte_limit": 0}))
    texts = [t for t in everything if _sqlfluff_parses(linter, t)]
    statements = len(texts)

    ours = _rate(lambda: [check(t) for t in texts], statements, args.seconds)
    theirs = _rate(lambda: [linter.lint_string(t) for t in texts], statements, args.seconds)
    print(f"corpus: {len(files)} files, {len(everything)} statements, {statements} of them "
          "parsed by sqlfluff (the others are left out of both sides)")
    print(f"in-process  athenakit check : {ours:10.1f} statements/s")
    print(f"in-process  sqlfluff lint   : {theirs:10.1f} statements/s")
    print(f"in-process  ratio           : {ours / theirs:10.1f}x")

    folder = Path(tempfile.mkdtemp(prefix="athenakit-check-bench-"))
    try:
        for i, text in enumerate(texts):
            (folder / f"s{i:04d}.sql").write_text(text.rstrip().rstrip(";") + ";\n")
        (folder / ".sqlfluff").write_text(
            "[sqlfluff]\ndialect = athena\nlarge_file_skip_byte_limit = 0\n")
        ak = _cli([sys.executable, "-m", "athenakit", "check", str(folder)])
        sf = _cli([sys.executable, "-m", "sqlfluff", "lint", str(folder)], cwd=folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"command line athenakit check: {statements / ak:10.1f} statements/s ({ak:.2f} s)")
    print(f"command line sqlfluff lint  : {statements / sf:10.1f} statements/s ({sf:.2f} s)")
    print(f"command line ratio          : {sf / ak:10.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
