"""Trino's function signatures (``athenakit.local.signatures``): every call a signature takes
is answered, every call none takes fails with ``FUNCTION_NOT_FOUND`` before DuckDB runs, and a
value passed through a subquery (whose type only DuckDB knows) never gets another answer than
the same value written in place.

Which values go to which parameter follows Trino's type coercion
(https://trino.io/docs/current/language/types.html): an integer to a bigint, decimal, real or
double; a decimal or real to a double; a date to a timestamp, a timestamp to one with a time
zone; nothing from varchar to a number or back, nor from a double or decimal to an integer.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlglot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from athenakit.errors import QueryError
from athenakit.local.engine import LocalEngine
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.failures import AthenaFailure
from athenakit.local.functions import is_trino_function
from athenakit.local.signatures import SIGNATURES, call_of, expand

# values of each kind, written as literals, and the signature codes that take each kind
# (the coercion table above)
_VALUES: dict[str, list[str]] = {
    "integer": ["BIGINT '3'", "BIGINT '2'"],
    "decimal": ["1.5", "DECIMAL '2.25'"],
    "double": ["2e0", "REAL '1.5'"],
    "text": ["'abc'", "CAST('ab' AS CHAR(3))"],
    "binary": ["X'0102'", "to_utf8('a')"],
    "boolean": ["true"],
    "date": ["DATE '2020-01-02'"],
    "timestamp": ["TIMESTAMP '2020-01-02 03:04:05'"],
    "zoned": ["TIMESTAMP '2020-01-02 03:04:05 UTC'"],
    "time": ["TIME '03:04:05'"],
    "array": ["ARRAY[1, 2]"],
    "texts": ["ARRAY['a', 'b']"],
    "map": ["MAP(ARRAY['k'], ARRAY[1])"],
}
_TAKES: dict[str, set[str]] = {
    "integer": {"i", "n", "v"},  # (a bigint is no "I")
    "decimal": {"n", "v"},
    "double": {"n", "v"},
    "text": {"s", "j"},
    "binary": {"b"},
    "boolean": {"B"},
    "date": {"D", "T", "Z", "t", "Y", "W"},
    "timestamp": {"T", "Z", "t", "c", "Y", "W", "C"},
    "zoned": {"Z", "t", "c", "Y", "W", "C"},
    "time": {"t", "c", "C"},
    "interval": {"v", "d", "W", "C"},  # day to second
    "ym_interval": {"v", "Y"},  # year to month
    "array": {"a"},
    "texts": {"a", "S"},
    "map": {"m"},
    "lambda": {"f"},
    "small": {"i", "I", "n", "v"},
}
_ANY = set("*ek")  # any value (an element, a key: checked against the first)
# an element of ARRAY[1, 2], a key of MAP(ARRAY['k'], ...), a lambda
_MEMBERS = {"e": ["integer", "decimal", "double"], "k": ["text"], "f": ["lambda"],
            "d": ["interval"]}
_VALUES["lambda"] = ["x -> x"]
_VALUES["interval"] = ["INTERVAL '1' DAY", "INTERVAL '2' HOUR"]
_VALUES["ym_interval"] = ["INTERVAL '14' MONTH", "INTERVAL '1' YEAR"]
_VALUES["small"] = ["2", "TINYINT '1'"]  # an integer or narrower


def test_every_function_in_the_table_is_one_trino_has() -> None:
    assert [name for name in SIGNATURES if not is_trino_function(name)] == []


def test_every_signature_is_written_in_the_tables_codes() -> None:
    codes = set("iInvdYWCsbBDTZtcjJamSekf*")
    assert [(n, s) for n, sigs in SIGNATURES.items() for s in sigs
            if not set(s.rstrip("+")) <= codes] == []


# sqlglot reads these calls into its own nodes; the check sees them in Trino's order
@pytest.mark.parametrize(("sql", "name", "arguments"), [
    ("date_add('day', 1, d)", "date_add", ["'day'", "1", "d"]),
    ("date_diff('hour', a, b)", "date_diff", ["'hour'", "a", "b"]),
    ("strpos(s, 'b', 2)", "strpos", ["s", "'b'", "2"]),
    ("position('b' IN s)", "strpos", ["s", "'b'"]),
    ("substring(s FROM 2 FOR 3)", "substr", ["s", "2", "3"]),
    ("trim(LEADING 'x' FROM s)", "ltrim", ["s", "'x'"]),
    ("bitwise_and(a, b)", "bitwise_and", ["a", "b"]),
    ("sha512(b)", "sha512", ["b"]),
    ("element_at(a, 1)", "element_at", ["a", "1"]),
])
def test_a_call_is_read_in_trinos_argument_order(sql: str, name: str,
                                                 arguments: list[str]) -> None:
    node = sqlglot.parse_one(f"SELECT {sql}", read="trino").expressions[0]
    found = call_of(node)
    assert found is not None
    # (sqlglot keeps a unit upper-cased: 'DAY'; its length is what the message spells)
    assert (found[0], [a.sql(dialect="trino").lower() for a in found[1]]) == (name, arguments)


# functions whose signature is narrower than its codes: flatten takes an array of arrays,
# codepoint a varchar(1)
_NARROWER = {"flatten", "codepoint"}


def _kinds_for(code: str) -> list[str]:
    if code == "I":
        return ["small"]
    if code == "a":  # ARRAY[1, 2]: the elements ("e") drawn with it are numbers
        return ["array"]
    return _MEMBERS.get(code) or sorted(k for k, codes in _TAKES.items()
                                        if code in codes or code == "*" and k != "lambda")


@st.composite
def _call(draw: Any, fitting: bool) -> tuple[str, int, str] | None:
    """A call of a function of the table: each argument of a kind its signature takes, but
    (``fitting`` False) one argument of a kind no signature of that arity takes there."""
    name = draw(st.sampled_from(sorted(SIGNATURES)))
    signature = draw(st.sampled_from(SIGNATURES[name]))
    codes = expand(signature, len(signature.rstrip("+")))
    if not codes:
        return None
    values = [draw(st.sampled_from(_VALUES[draw(st.sampled_from(_kinds_for(c)))]))
              for c in codes]
    position = draw(st.integers(0, len(codes) - 1))
    if not fitting:
        same = [expand(s, len(codes)) for s in SIGNATURES[name]]
        taken = {k for k, takes in _TAKES.items() for s in same if s is not None
                 and (s[position] in takes or s[position] in _ANY)}
        others = sorted(set(_VALUES) - taken)
        if not others:
            return None
        values[position] = draw(st.sampled_from(_VALUES[draw(st.sampled_from(others))]))
    return f"SELECT {name}({', '.join(values)})", position, name


@pytest.fixture(scope="module")
def engine() -> LocalEngine:
    return LocalEngine()


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_call(fitting=False))
def test_an_argument_no_signature_takes_fails_as_trino_fails(
        engine: LocalEngine, found: tuple[str, int, str] | None) -> None:
    if found is None:
        return
    sql = found[0]
    with pytest.raises(QueryError) as failure:  # failed as Trino does, or refused: not answered
        engine.run(sql)
    assert isinstance(failure.value, AthenaFailure | UnsupportedLocally), sql


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_call(fitting=True))
def test_arguments_a_signature_takes_pass_the_signature_check(
        engine: LocalEngine, found: tuple[str, int, str] | None) -> None:
    if found is None or found[2] in _NARROWER:
        return
    sql, _, name = found
    try:
        engine.run(sql)
    except QueryError as err:  # a bad value, or refused: not the types
        assert "Unexpected parameters" not in str(err) or f"function {name}" not in str(err)


def _outcome(engine: LocalEngine, sql: str) -> tuple[str, Any]:
    try:
        return "rows", engine.run(sql).rows
    except UnsupportedLocally:
        return "refused", None
    except QueryError:
        return "failed", None


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(SIGNATURES)), st.data())
def test_a_value_through_a_subquery_gets_the_inline_answer_or_a_refusal(
        engine: LocalEngine, name: str, data: Any) -> None:
    signature = data.draw(st.sampled_from(SIGNATURES[name]))
    count = len(signature.rstrip("+"))
    kinds = sorted(set(_VALUES) - {"lambda"})  # (a column holds no function)
    values = [data.draw(st.sampled_from(_VALUES[data.draw(st.sampled_from(kinds))]))
              for _ in range(count)]
    inline = _outcome(engine, f"SELECT {name}({', '.join(values)})")
    columns = ", ".join(f"{v} AS c{i}" for i, v in enumerate(values))
    through = _outcome(engine, f"SELECT {name}({', '.join(f'c{i}' for i in range(count))}) "
                               f"FROM (SELECT {columns})")
    assert through[0] == "refused" or repr(inline) == repr(through) or (
        inline[0] != "rows" and through[0] != "rows"), (name, values, inline, through)
