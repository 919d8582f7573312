"""EXPLAIN and EXPLAIN ANALYZE run locally: DuckDB's plan, clearly marked as DuckDB's.

Athena answers EXPLAIN with one ``varchar`` column ``Query Plan``, a row per line of the plan
(as its results are shown in the EXPLAIN examples of the Athena User Guide), and EXPLAIN (TYPE
VALIDATE) with one ``boolean`` column ``Valid``. EXPLAIN ANALYZE takes no TYPE option. The local engine keeps those shapes; the plan
text is the plan DuckDB runs for the translated query, under a first line saying so, since a
Trino plan (fragments, exchanges, cost estimates) cannot be reproduced. EXPLAIN ANALYZE runs
the query, as Athena does, and shows DuckDB's timings per operator.

https://docs.aws.amazon.com/athena/latest/ug/athena-explain-statement.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlglot import exp

from athenakit.local import failures
from athenakit.local.answers import Answer
from athenakit.local.errors import UnsupportedLocally
from athenakit.query.result import ResultColumn

if TYPE_CHECKING:
    from athenakit.local.statements import StatementRunner

_OPTION = r"\s*(?:TYPE\s+\w+|FORMAT\s+\w+)\s*"
_EXPLAIN = re.compile(
    rf"^\s*EXPLAIN(?P<analyze>\s+ANALYZE)?(?P<verbose>\s+VERBOSE)?"
    rf"(?:\s*\((?P<options>{_OPTION}(?:,{_OPTION})*)\))?\s+(?P<body>.*?)\s*;?\s*$",
    re.IGNORECASE | re.DOTALL)
HEADER = "DuckDB plan of the local engine (athenakit), not Athena's Trino plan"


@dataclass(frozen=True)
class Explain:
    """EXPLAIN [ANALYZE] [VERBOSE] [(TYPE ..., FORMAT ...)] <query>."""

    body: str
    analyze: bool
    validate: bool
    tree: exp.Expression | None = None  # the parsed body, set by the engine


def parse(sql: str) -> Explain | None:
    """Recognise an EXPLAIN statement; None for any other statement.

    Raises:
        UnsupportedLocally: TYPE IO, FORMAT JSON / GRAPHVIZ (no DuckDB equivalent).
    """
    found = _EXPLAIN.match(sql)
    if not found:
        return None
    options = {k.upper(): v.upper() for k, v in
               (o.split() for o in (found.group("options") or "").split(",") if o.strip())}
    if found.group("analyze") and "TYPE" in options:
        # https://docs.aws.amazon.com/athena/latest/ug/athena-explain-statement.html
        raise failures.athena_error("SYNTAX_ERROR", "EXPLAIN ANALYZE does not take a TYPE option")
    kind, fmt = options.get("TYPE", "LOGICAL"), options.get("FORMAT", "TEXT")
    if kind not in ("LOGICAL", "DISTRIBUTED", "VALIDATE") or fmt != "TEXT":
        raise UnsupportedLocally(f"EXPLAIN (TYPE {kind}, FORMAT {fmt})",
                                 hint="the local plan is DuckDB's, as text")
    return Explain(found.group("body"), bool(found.group("analyze")), kind == "VALIDATE")


def run(runner: StatementRunner, explain: Explain, query_id: str) -> tuple[Answer, int]:
    """Plan (or, for ANALYZE, run) the parsed body of ``explain``.

    Returns:
        The answer and the bytes of data files the plan reads.

    Raises:
        UnsupportedLocally: the body is not a query.
    """
    from athenakit.local import session

    tree = explain.tree
    if not isinstance(tree, exp.Query):
        what = tree.key.upper() if tree is not None else "nothing"
        raise UnsupportedLocally(f"EXPLAIN of {what}", hint="EXPLAIN a query")
    sql, state = runner.translate_query(tree)
    prefix = "EXPLAIN ANALYZE " if explain.analyze and not explain.validate else "EXPLAIN "
    cursor = session.run(runner.con, prefix + state.inline(sql), query_id=query_id)
    plans = [row[1] for row in cursor.fetchall()]
    if explain.validate:
        return Answer((ResultColumn("Valid", "boolean"),), [(True,)]), 0
    lines = "\n".join([HEADER, *plans]).rstrip("\n").splitlines()
    scanned = state.scanned_bytes if explain.analyze else 0
    return Answer((ResultColumn("Query Plan", "varchar"),), [(line,) for line in lines]), scanned
