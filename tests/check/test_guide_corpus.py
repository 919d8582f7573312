"""Every statement form of the Athena User Guide, written fresh: DDL imports and re-renders to
an equivalent statement; everything else passes ``check`` with no finding.

The corpus files under ``guide/`` name the guide page above each group of statements.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlglot
from sqlglot import exp

from athenakit.check import check, split_statements
from athenakit.table.importer import import_ddl
from athenakit.table.render import create_table

GUIDE = Path(__file__).parent / "guide"
DDL = [s for s in split_statements((GUIDE / "ddl_tables.sql").read_text())]
STATEMENTS = [(f.name, s) for f in sorted(GUIDE.glob("statements_*.sql"))
              for s in split_statements(f.read_text())]

# STORED AS <format> implies these classes (https://docs.aws.amazon.com/athena/latest/ug/
# supported-serdes.html); a statement and its re-rendering may spell the same table either way.
_TEXT_IO = ("org.apache.hadoop.mapred.TextInputFormat",
            "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat")
_STORED_AS = {
    "TEXTFILE": ("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", *_TEXT_IO),
    "PARQUET": ("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"),
    "ORC": ("org.apache.hadoop.hive.ql.io.orc.OrcSerde",
            "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
            "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat"),
    "AVRO": ("org.apache.hadoop.hive.serde2.avro.AvroSerDe",
             "org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat",
             "org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat"),
    # https://docs.aws.amazon.com/athena/latest/ug/ion-serde-using-create-table.html
    "ION": ("com.amazon.ionhiveserde.IonHiveSerDe",
            "com.amazon.ionhiveserde.formats.IonInputFormat",
            "com.amazon.ionhiveserde.formats.IonOutputFormat"),
}
# Names for one meaning: Athena takes write.compression on Parquet and ORC tables as well as
# their own keys, and compression names in any case
# (https://docs.aws.amazon.com/athena/latest/ug/compression-support-zstd-levels.html).
_COMPRESSION_KEYS = {"write.compression", "parquet.compression", "orc.compress",
                     "write_compression"}
_DELIMITED = {"fields": "field.delim", "escaped": "escape.delim",
              "collection_items": "collection.delim", "map_keys": "mapkey.delim",
              "lines": "line.delim", "null": "serialization.null.format"}


def facts(sql: str) -> dict[str, Any]:
    """What a CREATE TABLE says, read with sqlglot alone, in one spelling per meaning."""
    tree = sqlglot.parse_one(sql, read="athena")
    assert isinstance(tree, exp.Create)
    schema = tree.this  # a Delta Lake table has no column list: the name alone
    name = schema.this if isinstance(schema, exp.Schema) else schema
    out: dict[str, Any] = {
        "name": ".".join(p.name.lower() for p in name.parts).split("."),
        "columns": [(c.name.lower(), _plain(c.args["kind"])) for c in schema.expressions]
        if isinstance(schema, exp.Schema) else [],
        "tblproperties": {}, "serde_properties": {}, "classes": [None, None, None],
    }
    stored_as = None
    for prop in tree.args["properties"].expressions:
        if type(prop) is exp.Property:
            key, value = prop.this.name, prop.args["value"].name
            if key in _COMPRESSION_KEYS:
                key, value = "compression", value.upper()
            out["tblproperties"][key] = value
        elif isinstance(prop, exp.LocationProperty):
            out["location"] = prop.this.name
        elif isinstance(prop, exp.PartitionedByProperty):
            out["partitions"] = _plain(prop.this)
        elif isinstance(prop, exp.ClusteredByProperty):
            out["buckets"] = prop.sql("hive")
        elif isinstance(prop, exp.SchemaCommentProperty):
            out["comment"] = prop.this.name
        elif isinstance(prop, exp.RowFormatSerdeProperty):
            out["classes"][0] = prop.this.name
            props = prop.args.get("serde_properties")
            for p in props.expressions if props else []:
                out["serde_properties"][p.this.name] = p.args["value"].name
        elif isinstance(prop, exp.RowFormatDelimitedProperty):
            for key, name in _DELIMITED.items():
                if prop.args.get(key) is not None:
                    out["serde_properties"][name] = prop.args[key].name
        elif isinstance(prop, exp.FileFormatProperty):
            fmt = prop.this
            if isinstance(fmt, exp.InputOutputFormat):
                out["classes"][1:] = [fmt.args["input_format"].name,
                                      fmt.args["output_format"].name]
            else:
                stored_as = fmt.name.upper()
    implied = _STORED_AS.get(stored_as or "TEXTFILE", (None, None, None))
    out["classes"] = [given or implied[i] for i, given in enumerate(out["classes"])]
    if out["classes"][0] != _STORED_AS["TEXTFILE"][0]:
        out["serde_properties"].pop("serialization.format", None)
    return out


def _plain(node: exp.Expr) -> str:
    """A type or partition list without spaces and quotes (`year` and year are one name)."""
    return node.sql("hive").lower().replace(" ", "").replace("`", "")


def _ids(statements: list[Any]) -> list[str]:
    return [f"line{s.line}" for s in statements]


@pytest.mark.parametrize("stmt", DDL, ids=_ids(DDL))
def test_guide_ddl_imports_and_renders_an_equivalent_statement(stmt: Any) -> None:
    [table] = import_ddl(stmt.sql)
    rendered = create_table(table)
    [again] = import_ddl(rendered)
    assert again == table
    assert facts(rendered) == facts(stmt.sql) | {"tblproperties": facts(rendered)[
        "tblproperties"]}
    original = facts(stmt.sql)["tblproperties"]
    if original.get("table_type", "").upper() == "DELTA":
        # the table type is one word in any case; the renderer writes Athena's own spelling
        # (https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables-getting-started.html)
        original["table_type"] = "DELTA"
    if original.get("table_type", "").upper() == "ICEBERG":
        # Parquet is the Iceberg default; the renderer states it
        # (https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-creating-tables.html)
        original.setdefault("format", "parquet")
    assert facts(rendered)["tblproperties"] == original


@pytest.mark.parametrize("stmt", DDL, ids=_ids(DDL))
def test_guide_ddl_has_no_check_error(stmt: Any) -> None:
    assert [str(d) for d in check(stmt.sql) if d.is_error] == []


@pytest.mark.parametrize(("name", "stmt"), STATEMENTS,
                         ids=[f"{n}:{s.line}" for n, s in STATEMENTS])
def test_guide_statement_is_check_clean(name: str, stmt: Any) -> None:
    assert [str(d) for d in check(stmt.sql)] == []


INVALID = GUIDE / "invalid.sql"
MARK = "-- <<<"


def _invalid_cases() -> list[tuple[int, int, str]]:
    """(statement index, marked line, first line of text) for every invalid statement."""
    text = INVALID.read_text()
    lines = text.split("\n")
    cases = []
    for stmt in split_statements(text):
        span = range(stmt.line, stmt.line + stmt.text.count("\n") + 1)
        # a statement's own mark may sit after its ';' on the last line
        marked = [n for n in range(stmt.line, span[-1] + 2)
                  if n <= len(lines) and MARK in lines[n - 1] and n >= stmt.line]
        cases.append((stmt.index, marked[0] if marked else -1, lines[stmt.line - 1].strip()))
    return cases


INVALID_CASES = _invalid_cases()


@pytest.fixture(scope="module")
def invalid_findings() -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = {}
    for d in check(INVALID.read_text()):
        if d.is_error and d.statement is not None:
            found.setdefault(d.statement, []).append(d)
    return found


def test_the_invalid_corpus_is_large_and_every_statement_is_marked() -> None:
    assert len(INVALID_CASES) >= 80
    assert [c for c in INVALID_CASES if c[1] == -1] == []


@pytest.mark.parametrize(("index", "line", "first"), INVALID_CASES,
                         ids=[f"line{c[1]}" for c in INVALID_CASES])
def test_invalid_statement_is_flagged_at_its_line(
        index: int, line: int, first: str, invalid_findings: dict[int, list[Any]]) -> None:
    errors = invalid_findings.get(index, [])
    assert errors, f"no error for: {first}"
    assert min(d.line for d in errors) == line, [str(d) for d in errors]
