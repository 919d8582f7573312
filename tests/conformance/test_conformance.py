"""Athena engine v3 / Trino answers, checked against the local engine.

Each case in ``cases/*.yaml`` holds ``sql``, the rows Trino returns (``rows``, as Trino prints
them; ``value`` for a single value), the error it fails with (``error``, a part of Trino's
message, e.g. ``NUMERIC_VALUE_OUT_OF_RANGE: ...``), or ``unsupported``: the construct the local
engine refuses by name because it cannot give Trino's answer (each listed in docs/local.md);
optionally ``ordered: true`` and ``types``. Every case cites where Trino asserts it: ``doc``
(a Trino documentation page) or ``trino`` (the test class and method in trinodb/trino,
core/trino-main/src/test/java/io/trino/...). Values compare by meaning: a timestamp text such as
``2012-10-30 18:00:00.000 America/Los_Angeles`` matches the same wall-clock time, an interval
text (``6-3``, ``-5 23:59:57.000``) the same length, decimals and doubles compare numerically.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from athenakit.local.engine import LocalEngine

CASES = Path(__file__).parent / "cases"


def _load() -> list[Any]:
    out = []
    for file in sorted(CASES.glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load(file.read_text(encoding="utf-8"))):
            if "value" in case:
                case["rows"] = [[case["value"]]]
            out.append(pytest.param(case, id=f"{file.stem}-{i}"))
    return out


def _timestamp(text: str) -> dt.datetime:
    """Trino's printed timestamp; with a zone (``... America/Los_Angeles``, ``... +07:09``)
    it is that instant."""
    parts = text.split(" ")
    stamp = dt.datetime.fromisoformat(" ".join(parts[:2]))
    if len(parts) < 3:
        return stamp
    zone = parts[2]
    if zone[:1] in "+-":
        hours, _, minutes = zone[1:].partition(":")
        delta = dt.timedelta(hours=int(hours), minutes=int(minutes or 0))
        return stamp.replace(tzinfo=dt.timezone(delta if zone[0] == "+" else -delta))
    return stamp.replace(tzinfo=ZoneInfo(zone))


def _interval(text: str) -> tuple[int, int]:
    """Trino's printed interval (``6-3`` year to month, ``-5 23:59:57.000`` day to second) as
    (months, nanoseconds)."""
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("-")
    if " " not in body:
        years, _, months = body.partition("-")
        return sign * (int(years) * 12 + int(months)), 0
    days, _, clock = body.partition(" ")
    hours, minutes, seconds = clock.split(":")
    total = (int(days) * 86400 + int(hours) * 3600 + int(minutes) * 60) * 10**9
    return 0, sign * (total + round(Decimal(seconds) * 10**9))


def same(actual: Any, expected: Any) -> bool:
    """True when a local value means the same as Trino's printed value."""
    if expected is None or actual is None:
        return expected is None and actual is None
    if hasattr(actual, "nanoseconds") and isinstance(expected, str):  # an interval
        length = actual.days * 86400 * 10**9 + actual.nanoseconds
        return (actual.months, length) == _interval(expected)
    if isinstance(actual, bool) or isinstance(expected, bool):
        return actual is expected or actual == expected
    if isinstance(actual, dt.datetime):
        want = _timestamp(str(expected))
        if actual.tzinfo is None:
            return actual == want.replace(tzinfo=None)
        return actual == (want if want.tzinfo else want.replace(tzinfo=dt.timezone.utc))
    if isinstance(actual, dt.date):
        return actual == dt.date.fromisoformat(str(expected))
    if isinstance(actual, float) or isinstance(expected, float):
        if isinstance(expected, str) and expected in ("NaN", "Infinity", "-Infinity"):
            want = float(expected.replace("Infinity", "inf"))
            return (math.isnan(want) and math.isnan(float(actual))) or float(actual) == want
        if isinstance(expected, str):
            return str(actual) == expected
        return math.isclose(float(actual), float(expected), rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(actual, Decimal):
        return actual == Decimal(str(expected))
    if isinstance(actual, list):
        return isinstance(expected, list) and len(actual) == len(expected) and all(
            same(a, e) for a, e in zip(actual, expected))
    if isinstance(actual, dict):
        if isinstance(expected, list):  # a row given positionally
            return same(list(actual.values()), expected)
        return isinstance(expected, dict) and len(actual) == len(expected) and all(
            any((same(k, ek) or str(k) == str(ek) or _printed(k) == ek)
                and same(v, expected[ek]) for ek in expected)
            for k, v in actual.items())
    if isinstance(actual, bytes):
        return actual.hex().upper() == str(expected).replace(" ", "").upper()
    return bool(actual == expected)


def _printed(key: Any) -> str:
    """A map key as Trino prints it: an array key (a tuple in Python) as ``[a, b]``."""
    if isinstance(key, tuple):
        return "[" + ", ".join(_printed(k) for k in key) + "]"
    return str(key)


def _rows_match(actual: list[Any], expected: list[Any], ordered: bool) -> bool:
    if len(actual) != len(expected):
        return False
    if ordered:
        return all(same(list(a), e) for a, e in zip(actual, expected))
    remaining = list(expected)
    for row in actual:
        hit = next((i for i, e in enumerate(remaining) if same(list(row), e)), None)
        if hit is None:
            return False
        remaining.pop(hit)
    return True


@pytest.fixture(scope="module")
def engine() -> Any:
    with LocalEngine() as e:
        yield e


@pytest.mark.parametrize("case", _load())
def test_local_engine_returns_trinos_answer(engine: LocalEngine, case: dict[str, Any]) -> None:
    source = case.get("doc") or case.get("trino")
    assert source, f"{case['sql']}: cite the Trino test or doc page"
    case["doc"] = source
    if "unsupported" in case:  # the local engine cannot give Trino's answer: it must say so
        from athenakit.local.errors import UnsupportedLocally

        with pytest.raises(UnsupportedLocally) as refused:
            engine.run(case["sql"])
        assert case["unsupported"] in str(refused.value), case["sql"]
        return
    if "error" in case:  # Trino fails: the local engine must fail too, not return an answer
        from athenakit.errors import QueryError

        with pytest.raises(QueryError) as info:
            engine.run(case["sql"])
        assert case["error"] in str(info.value), f"{case['sql']}\n doc {case['doc']}"
        return
    result = engine.run(case["sql"])
    rows = [list(r) for r in result.rows]
    # Trino prints a json value as its text; rows carry it parsed, as the Athena runner does
    json_columns = {i for i, c in enumerate(result.columns) if c.type == "json"}
    want = [[json.loads(v) if i in json_columns and isinstance(v, str) else v
             for i, v in enumerate(row)] if isinstance(row, list) else row
            for row in case["rows"]]
    assert _rows_match(rows, want, bool(case.get("ordered"))), (
        f"{case['sql']}\n got {rows}\nwant {case['rows']}\n doc {case['doc']}")
    if "types" in case:
        assert [c.type for c in result.columns] == case["types"]


def test_there_are_at_least_600_cases() -> None:
    assert len(_load()) >= 600


def test_every_refusal_is_listed_in_the_docs() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "local.md").read_text(encoding="utf-8")
    refused = {p.values[0]["unsupported"] for p in _load() if "unsupported" in p.values[0]}
    assert not [r for r in refused if f"`{r}`" not in docs]
