"""Hostile and careless spec files: text stays as written, duplicate keys and alias bombs are
refused with their lines, and the loader never fails with anything but a SpecError."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from athenakit.errors import SpecError
from athenakit.table import render
from athenakit.table.spec import loads_spec
from athenakit.table.spec_yaml import MAX_DEPTH, MAX_VALUES

COLUMNS = "columns: [{name: id, type: bigint}]\n"


def error_of(text: str) -> str:
    with pytest.raises(SpecError) as caught:
        loads_spec(text, file="s.yaml")
    return str(caught.value)


# -- strings keep the text as written (YAML 1.1 would coerce them) ---------------------------------
# https://yaml.org/spec/1.2.2/#1032-tag-resolution : only true/false are booleans in YAML 1.2.
def test_enum_values_keep_leading_zeros_and_words() -> None:
    months = ", ".join(f"{m:02d}" for m in range(1, 13))
    table = loads_spec(f"name: t\n{COLUMNS}partitions:\n  - name: m\n    projection: "
                       f"{{type: enum, values: [{months}, 010, yes, on, 1.50, 2024-01-31]}}\n")[0]
    assert "'projection.m.values'='01,02,03,04,05,06,07,08,09,10,11,12,010,yes,on,1.50," \
           "2024-01-31'" in render.create_table(table)


def test_a_numeric_name_is_the_text_written() -> None:
    assert loads_spec(f"name: 0012\n{COLUMNS}")[0].name == "0012"


@pytest.mark.parametrize("value", ["~", "null", "Null"])
def test_null_in_a_list_of_values_is_an_error_not_the_text_none(value: str) -> None:
    text = (f"name: t\n{COLUMNS}partitions:\n  - name: m\n    projection:\n      type: enum\n"
            f"      values: [a, {value}]\n")
    assert "s.yaml:7: partitions[0].projection.values[1]: error AK001 expected a string, " \
           "got nothing" in error_of(text)


def test_null_serde_property_is_an_error() -> None:
    text = f"name: t\n{COLUMNS}storage:\n  format: csv\n  serde_properties:\n    separatorChar: ~\n"
    assert "s.yaml:6: storage.serde_properties.separatorChar: error AK001" in error_of(text)


@pytest.mark.parametrize(("value", "ok"), [("yes", False), ("on", False), ("'true'", False),
                                           ("false", True), ("False", True)])
def test_only_true_and_false_are_booleans(value: str, ok: bool) -> None:
    text = (f"name: t\n{COLUMNS}partitions: [{{name: m, projection: {{type: injected}}}}]\n"
            f"projection:\n  enabled: {value}\n")
    if ok:
        assert loads_spec(text)[0].projection.enabled is False  # type: ignore[union-attr]
    else:
        assert "s.yaml:5: projection.enabled: error AK001 expected true or false" in error_of(text)


@pytest.mark.parametrize(("value", "expected"), [("1", 1), ("0x2", 2), ("0o3", 3), ("+4", 4)])
def test_integers_are_read_where_the_schema_wants_one(value: str, expected: int) -> None:
    table = loads_spec(f"name: t\n{COLUMNS}storage: {{format: csv, header_lines: {value}}}\n")[0]
    assert table.storage.header_lines == expected


@pytest.mark.parametrize("value", ["'1'", "1.0", "one", "true"])
def test_a_non_integer_where_one_is_wanted_is_an_error_with_its_line(value: str) -> None:
    text = f"name: t\n{COLUMNS}storage:\n  header_lines: {value}\n"
    assert "s.yaml:4: storage.header_lines: error AK001 expected an integer" in error_of(text)


# -- duplicate keys, aliases, nesting -----------------------------------------------------------
def test_a_duplicate_key_names_both_lines() -> None:
    text = f"name: t\nlocation: s3://a/b/\n{COLUMNS}location: s3://c/d/\n"
    assert error_of(text) == ("s.yaml:4:1: error AK000 duplicate key 'location' (lines 2 and "
                              "4); each key may appear once")


def test_a_duplicate_key_in_json_names_both_lines() -> None:
    text = '{"name": "t",\n "columns": [{"name": "a", "type": "int",\n "type": "string"}]}\n'
    assert "(lines 2 and 3)" in error_of(text)


def test_an_alias_bomb_is_refused() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 9):
        prev = "a" if i == 1 else f"b{i - 1}"
        bomb += f"b{i}: &b{i} [" + ", ".join([f"*{prev}"] * 9) + "]\n"
    text = f"name: t\n{COLUMNS}properties:\n" + "".join(f"  {line}\n" for line in
                                                         bomb.splitlines())
    assert len(text) < 600
    assert f"expands to more than {MAX_VALUES} values" in error_of(text)


def test_a_recursive_alias_is_refused() -> None:
    assert "refers to a node that contains it" in error_of(f"name: t\n{COLUMNS}x: &a [*a]\n")


def test_deep_nesting_is_refused_with_the_limit() -> None:
    text = f"name: t\n{COLUMNS}properties: " + "[" * 200 + "]" * 200 + "\n"
    assert f"nests more than {MAX_DEPTH} levels deep" in error_of(text)


def test_aliases_and_merge_keys_still_work() -> None:
    text = (
        "tables:\n  - &t\n    name: a\n    columns: [&c {name: id, type: bigint}]\n"
        "  - <<: *t\n    name: b\n")
    assert [t.name for t in loads_spec(text)] == ["a", "b"]


# -- every error has a line ------------------------------------------------------------------------
def test_errors_from_the_table_model_carry_the_line() -> None:
    text = ("tables:\n  - name: a\n    columns:\n      - {name: id, type: bigint}\n"
            "      - {name: x, type: 'string, b int'}\n")
    assert error_of(text).startswith(
        "s.yaml:5: tables[0].columns[1].type: error AK100 'string, b int' is not one type: "
        "there is text after 'string'")


def test_the_cli_prints_the_line_and_no_traceback(tmp_path: Path) -> None:
    spec = tmp_path / "t.yaml"
    spec.write_text(f"name: t\n{COLUMNS}name: u\n")
    proc = subprocess.run([sys.executable, "-m", "athenakit", "ddl", str(spec)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr == (f"athenakit: error: {spec}:3:1: error AK000 duplicate key 'name' "
                           "(lines 1 and 3); each key may appear once\n")


# -- fuzz: the loader fails only with SpecError ------------------------------------------------------
def _load(text: str) -> None:
    try:
        loads_spec(text, file="f.yaml")
    except SpecError as err:
        assert str(err) and "Traceback" not in str(err)


@given(st.text(max_size=300))
def test_any_text_loads_or_is_a_spec_error(text: str) -> None:
    _load(text)


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=20))
KEYS = st.sampled_from(["name", "type", "columns", "partitions", "projection", "values",
                        "range", "storage", "format", "location", "database", "tables",
                        "header_lines", "serde_properties", "enabled", "comment", "x"])
DOCS = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)), max_leaves=30)


@given(DOCS)
def test_any_document_shape_loads_or_is_a_spec_error(document: object) -> None:
    _load(yaml.safe_dump(document))
