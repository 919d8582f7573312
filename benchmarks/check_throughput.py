"""Throughput of ``athenakit check`` against ``sqlfluff lint --dialect athena`` on one corpus.

Run: ``python benchmarks/check_throughput.py`` (needs ``pip install sqlfluff``; it is a
benchmark-only dependency). Both linters read the same files of tests/check/corpus/, in one run:

* in-process: ``athenakit.check.check`` vs ``sqlfluff.core.Linter(dialect="athena").lint_string``
  (each repeated until it has run for at least ``--seconds``);
* command line: one ``athenakit check DIR`` vs one ``sqlfluff lint --dialect athena DIR``,
  start-up included.

Prints statements per second for each side and the ratio.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

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


def _cli(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per in-process side")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from athenakit.check import check, split_statements

    try:
        from sqlfluff.core import Linter
    except ImportError:
        print("sqlfluff is not installed: pip install sqlfluff", file=sys.stderr)
        return 2
    texts = [p.read_text() for p in sorted(CORPUS.glob("*.sql"))]
    statements = sum(len(split_statements(t)) for t in texts)
    linter = Linter(dialect="athena")

    ours = _rate(lambda: [check(t) for t in texts], statements, args.seconds)
    theirs = _rate(lambda: [linter.lint_string(t) for t in texts], statements, args.seconds)
    print(f"corpus: {len(texts)} files, {statements} statements")
    print(f"in-process  athenakit check : {ours:10.1f} statements/s")
    print(f"in-process  sqlfluff lint   : {theirs:10.1f} statements/s")
    print(f"in-process  ratio           : {ours / theirs:10.1f}x")

    ak = _cli([sys.executable, "-m", "athenakit", "check", str(CORPUS)])
    sf = _cli([sys.executable, "-m", "sqlfluff", "lint", "--dialect", "athena", str(CORPUS)])
    print(f"command line athenakit check: {statements / ak:10.1f} statements/s ({ak:.2f} s)")
    print(f"command line sqlfluff lint  : {statements / sf:10.1f} statements/s ({sf:.2f} s)")
    print(f"command line ratio          : {sf / ak:10.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
