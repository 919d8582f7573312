"""Athena column types: the scalar fast path, nested types, DDL/DML spellings and errors.

https://docs.aws.amazon.com/athena/latest/ug/data-types.html
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from athenakit.sql.quoting import Engine, needs_quoting
from athenakit.table.types import SCALAR_TYPES, ColumnType, TypeError_, _parse_complex, parse_type


# -- the scalar table agrees with sqlglot --------------------------------------------------------
@pytest.mark.parametrize("name", sorted(SCALAR_TYPES))
def test_scalar_fast_path_agrees_with_sqlglot(name: str) -> None:
    assert _parse_complex(name) == SCALAR_TYPES[name]
    assert _parse_complex(name.upper()) == SCALAR_TYPES[name]


@pytest.mark.parametrize("name", sorted(SCALAR_TYPES))
def test_scalar_types_are_case_and_space_insensitive(name: str) -> None:
    assert parse_type(f"  {name.upper()} ") == ColumnType(SCALAR_TYPES[name])


@pytest.mark.parametrize("name", sorted(set(SCALAR_TYPES.values())))
def test_canonical_scalars_survive_the_dml_round_trip(name: str) -> None:
    column_type = parse_type(name)
    # a bare decimal is Hive's decimal(10,0), spelled out for Trino (whose bare DECIMAL is
    # decimal(38,0)): https://cwiki.apache.org/confluence/display/Hive/LanguageManual+Types
    expected = parse_type("decimal(10,0)") if name == "decimal" else column_type
    assert parse_type(column_type.dml) == expected


def test_a_bare_decimal_is_hives_decimal_10_0_in_dml() -> None:
    assert parse_type("decimal").dml == "DECIMAL(10, 0)"
    assert parse_type("array<decimal>").dml == "ARRAY(DECIMAL(10, 0))"


# -- nested and parameterized types ----------------------------------------------------------------
@pytest.mark.parametrize("text,ddl,dml", [
    ("decimal(10,2)", "decimal(10,2)", "DECIMAL(10, 2)"),
    ("DECIMAL(38)", "decimal(38)", "DECIMAL(38)"),
    ("varchar(255)", "varchar(255)", "VARCHAR(255)"),
    ("char(1)", "char(1)", "CHAR(1)"),
    ("array<string>", "array<string>", "ARRAY(VARCHAR)"),
    ("ARRAY<Struct<a: INTEGER>>", "array<struct<a:int>>", "ARRAY(ROW(a INTEGER))"),
    ("map<string,array<int>>", "map<string,array<int>>", "MAP(VARCHAR, ARRAY(INTEGER))"),
    ("struct<a:int, b:struct<c:double>>", "struct<a:int,b:struct<c:double>>",
     "ROW(a INTEGER, b ROW(c DOUBLE))"),
    ("struct<`date`:date,`x-y`:string>", "struct<`date`:date,`x-y`:string>",
     'ROW("date" DATE, "x-y" VARCHAR)'),
    ("array(varchar)", "array<string>", "ARRAY(VARCHAR)"),
    ("row(a integer, b real)", "struct<a:int,b:float>", "ROW(a INTEGER, b REAL)"),
    ("map(varchar, bigint)", "map<string,bigint>", "MAP(VARCHAR, BIGINT)"),
    ("varchar", "string", "VARCHAR"),
])
def test_nested_type_spellings(text: str, ddl: str, dml: str) -> None:
    column_type = parse_type(text)
    assert column_type.ddl == ddl
    assert column_type.dml == dml
    assert parse_type(dml) == column_type


@pytest.mark.parametrize("text,base,primitive,is_string", [
    ("string", "string", True, True),
    ("varchar(10)", "varchar", True, True),
    ("char(3)", "char", True, True),
    ("decimal(10,2)", "decimal", True, False),
    ("array<int>", "array", False, False),
    ("map<string,int>", "map", False, False),
    ("struct<a:int>", "struct", False, False),
])
def test_type_properties(text: str, base: str, primitive: bool, is_string: bool) -> None:
    column_type = parse_type(text)
    assert (column_type.base, column_type.is_primitive, column_type.is_string) == (
        base, primitive, is_string)
    assert str(column_type) == column_type.ddl


# -- errors -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,message", [
    ("", "empty"),
    ("strng", "did you mean 'string'"),
    ("bigintt", "did you mean 'bigint'"),
    ("array<int", "missing a closing '>'"),
    ("struct<a:int>>", "unmatched '>'"),
    ("decimal(10,2", "missing a closing ')'"),
    ("map<array<int>,string>", "map keys must be a primitive type"),
    ("map<int>", "map takes 2 type parameter"),
    ("array<int,int>", "array takes 1 type parameter"),
    ("decimal(39,2)", "precision must be 1..38"),
    ("decimal(10,11)", "scale must be 0..precision"),
    ("char(256)", "length must be 1..255"),
    ("varchar(0)", "length must be 1..65535"),
    ("varchar(65536)", "length must be 1..65535"),
    ("array<varchar>", "varchar needs a length"),
    ("struct<>", "at least one field"),
    ("struct<a:int,A:string>", "appears twice"),
    ("json", "not an Athena DDL type"),
    ("int(11)", "not an Athena DDL type"),
])
def test_invalid_types_are_rejected_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(TypeError_, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_type(text)


def test_type_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_type("nonsense<")


@pytest.mark.parametrize("text,quoted", [
    ("time", "'time' is not"),                      # the Hive generator says TIMESTAMP
    ("timestamp(3)", "'timestamp(3)' is not"),      # ... and drops the precision
    ("array<time>", "'time' is not"),
    ("decimal(a,b)", "(in 'decimal(a,b)')"),        # sqlglot upper-cases the parameters
    ("Array<Decimal(x,2)>", "(in 'Array<Decimal(x,2)>')"),
])
def test_type_errors_quote_what_the_user_wrote(text: str, quoted: str) -> None:
    with pytest.raises(TypeError_) as err:
        parse_type(text)
    assert quoted in str(err.value)
    assert "TIMESTAMP" not in str(err.value) and "'A'" not in str(err.value)


# -- random nested types round-trip between spellings ------------------------------------------------
_PRIMITIVES = ["boolean", "tinyint", "smallint", "int", "bigint", "float", "double", "string",
               "binary", "date", "timestamp", "decimal(10,2)", "varchar(20)", "char(5)"]
# Names that need no backticks, so the generated text is already canonical.
_FIELD = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(
    lambda name: not needs_quoting(name, Engine.HIVE))


def _struct(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    fields = st.lists(st.tuples(_FIELD, children), min_size=1, max_size=3,
                      unique_by=lambda f: f[0])
    return fields.map(lambda fs: "struct<" + ",".join(f"{n}:{t}" for n, t in fs) + ">")


DDL_TYPES = st.recursive(
    st.sampled_from(_PRIMITIVES),
    lambda children: st.one_of(
        children.map(lambda t: f"array<{t}>"),
        st.tuples(st.sampled_from(_PRIMITIVES), children).map(lambda kv: f"map<{kv[0]},{kv[1]}>"),
        _struct(children),
    ),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(DDL_TYPES)
def test_random_types_are_canonical_and_round_trip_through_dml(text: str) -> None:
    column_type = parse_type(text)
    assert column_type.ddl == text  # generated text is already canonical
    assert parse_type(column_type.dml) == column_type
    assert parse_type(text.replace("array<", "ARRAY<").replace("map<", "Map<")) == column_type
