"""Golden DDL of the example specs: rendered text is stable, and every golden file parses back.

Regenerate after a deliberate rendering change with ``python tests/regen_golden.py``.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
import sqlglot
from sqlglot import exp

from athenakit.sql.quoting import Engine, hive_unescape, quote_literal
from athenakit.table.model import Table
from athenakit.table.spec import load_spec


def _load_regen() -> ModuleType:
    path = Path(__file__).with_name("regen_golden.py")
    spec = importlib.util.spec_from_file_location("athenakit_tests_regen_golden", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


regen = _load_regen()
SPECS = regen.example_specs()
EXPECTED_EXAMPLES = {
    "alb_logs", "cloudtrail", "vpc_flow_logs", "cloudfront_logs", "s3_access_logs",
    "csv_quoted", "json_events", "iceberg_orders",
}


def _ids(specs: list[Path]) -> list[str]:
    return [s.stem for s in specs]


def _golden(spec: Path) -> str:
    path = regen.golden_path(spec)
    assert path.exists(), f"{path} is missing: run python tests/regen_golden.py"
    return str(path.read_text(encoding="utf-8"))


def test_every_documented_example_exists_and_has_a_golden_file() -> None:
    assert {s.stem for s in SPECS} >= EXPECTED_EXAMPLES
    assert {p.stem for p in regen.GOLDEN_DIR.glob("*.sql")} == {s.stem for s in SPECS}


@pytest.mark.parametrize("spec", SPECS, ids=_ids(SPECS))
def test_rendered_example_matches_its_golden_file(spec: Path) -> None:
    assert regen.render_example(spec) == _golden(spec), (
        "rendering changed: review and run python tests/regen_golden.py"
    )


@pytest.mark.parametrize("spec", SPECS, ids=_ids(SPECS))
def test_example_specs_load_without_warnings(spec: Path) -> None:
    tables = load_spec(spec)
    assert tables
    for table in tables:
        assert table.warnings == (), [str(w) for w in table.warnings]
        assert table.location is not None
        assert table.location.startswith(f"s3://athenakit-examples/{spec.stem}/")


def _create_statements(text: str) -> list[exp.Create]:
    statements = [s for s in sqlglot.parse(text, read="athena") if s is not None]
    for statement in statements:
        # exp.Command means sqlglot gave up and kept the text: the DDL would be unchecked.
        assert isinstance(statement, exp.Create), type(statement).__name__
    return statements  # type: ignore[return-value]


def _partition_count(create: exp.Create) -> int | None:
    for prop in create.find_all(exp.PartitionedByProperty):
        target = prop.this
        return len(target.expressions) if isinstance(target, exp.Schema) else 1
    return None


def _check_table_statement(create: exp.Create, table: Table) -> None:
    assert create.args.get("kind") == "TABLE"
    schema = create.this
    assert isinstance(schema, exp.Schema)
    name = schema.this
    assert isinstance(name, exp.Table)
    assert name.name == table.name
    assert (name.db or None) == table.database
    assert len(schema.expressions) == len(table.columns)
    assert [c.name for c in schema.expressions] == [c.name for c in table.columns]
    if table.is_iceberg:
        assert _partition_count(create) == (len(table.partitioning) or None)
    else:
        assert _partition_count(create) == (len(table.partitions) or None)


@pytest.mark.parametrize("spec", SPECS, ids=_ids(SPECS))
def test_golden_file_parses_back_as_create_statements(spec: Path) -> None:
    tables = load_spec(spec)
    databases = list(dict.fromkeys(t.database for t in tables if t.database))
    statements = _create_statements(_golden(spec))
    assert len(statements) == len(databases) + len(tables)
    for create, database in zip(statements, databases):
        assert create.args.get("kind") == "DATABASE"
        assert create.this.name == database
    for create, table in zip(statements[len(databases):], tables):
        _check_table_statement(create, table)


def _serde_cases() -> list[tuple[Path, str, str]]:
    cases = []
    for spec in SPECS:
        for table in load_spec(spec):
            for key, value in table.storage.serde_properties.items():
                cases.append((spec, key, value))
    return cases


SERDE_CASES = _serde_cases()


@pytest.mark.parametrize("spec,key,value", SERDE_CASES,
                         ids=[f"{s.stem}:{k}" for s, k, _ in SERDE_CASES])
def test_serde_property_appears_hive_escaped_byte_for_byte(spec: Path, key: str,
                                                           value: str) -> None:
    golden = _golden(spec)
    literal = quote_literal(value, Engine.HIVE)
    assert f"{quote_literal(key, Engine.HIVE)}={literal}" in golden
    # What Hive stores after reading the literal is exactly the spec's value.
    assert hive_unescape(literal[1:-1]) == value


REGEX_SPECS = [s for s in SPECS
               if any("input.regex" in t.storage.serde_properties for t in load_spec(s))]


@pytest.mark.parametrize("spec", REGEX_SPECS, ids=_ids(REGEX_SPECS))
def test_regex_examples_have_one_capture_group_per_column(spec: Path) -> None:
    for table in load_spec(spec):
        pattern = re.compile(table.storage.serde_properties["input.regex"])
        assert pattern.groups == len(table.columns)
        # A regex with \s or \[ must reach the DDL with the backslash doubled.
        golden = _golden(spec)
        assert "\\\\" in golden
        assert re.search(r"[^\\]\\[s\[]", golden) is None


def test_regex_examples_include_alb_and_s3_access_logs() -> None:
    assert {s.stem for s in REGEX_SPECS} >= {"alb_logs", "s3_access_logs"}
