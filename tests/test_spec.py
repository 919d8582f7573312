"""Spec files: how YAML/JSON is read into tables, and how every mistake is reported.

Each error names the file, the field path (``tables[1].partitions[0].projection.format``) or,
for YAML syntax errors, the line and column.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from athenakit.errors import Diagnostic, SpecError
from athenakit.table.model import TableType
from athenakit.table.projection import DateProjection, EnumProjection, IntegerProjection
from athenakit.table.spec import load_spec, load_specs, loads_spec, spec_files

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def errors_of(text: str, file: str | None = "spec.yaml") -> list[Diagnostic]:
    with pytest.raises(SpecError) as info:
        loads_spec(textwrap.dedent(text), file=file)
    return list(info.value.diagnostics)


def one_error(text: str) -> Diagnostic:
    found = errors_of(text)
    assert len(found) == 1, [str(d) for d in found]
    return found[0]


TWO_TABLES = """\
    database: db
    tables:
      - name: a
        columns: [{name: id, type: int}]
      - name: b
        columns: [{name: id, type: int}]
        partitions:
          - name: dt
            projection: {PROJECTION}
    """


def two_tables(projection: str) -> str:
    return TWO_TABLES.replace("{PROJECTION}", projection)


# -- unknown keys: did you mean ---------------------------------------------------------------
@pytest.mark.parametrize("text,path,hint", [
    ("name: t\ncolumns: [{name: id, type: int}]\nlocaton: s3://b/t/\n", "locaton", "location"),
    ("name: t\ncolumns: [{name: id, tpye: int}]\n", "columns[0].tpye", "type"),
    ("name: t\ncolumns: [{name: id, type: int}]\nstorage: {fromat: csv}\n", "storage.fromat",
     "format"),
    (("name: t\ncolumns: [{name: id, type: int}]\npartitions: [{name: dt, projection: "
     "{type: date, range: [NOW, NOW], fromat: yyyy}}]\n"),
     "partitions[0].projection.fromat", "format"),
])
def test_unknown_key_is_reported_with_did_you_mean(text: str, path: str, hint: str) -> None:
    found = [d for d in errors_of(text) if d.code == "AK002"]
    assert [d.path for d in found] == [path]
    assert f"did you mean '{hint}'?" in found[0].message
    assert found[0].file == "spec.yaml"


def test_misspelled_tables_key_suggests_tables() -> None:
    found = errors_of("database: d\ntabels: []\n")
    assert [(d.code, d.path) for d in found] == [("AK002", "tabels"), ("AK003", "tables")]
    assert "did you mean 'tables'?" in found[0].message


def test_a_table_without_a_name_is_still_read_as_one_table() -> None:
    assert [(d.code, d.path) for d in errors_of("columns: [{name: id, type: int}]\n")] == [
        ("AK003", "name")]


def test_unknown_key_without_a_close_match_has_no_hint() -> None:
    [diag] = [d for d in errors_of("name: t\ncolumns: [{name: id, type: int}]\nzzz: 1\n")]
    assert (diag.code, diag.path) == ("AK002", "zzz")
    assert "did you mean" not in diag.message


def test_missing_required_key_is_reported() -> None:
    found = errors_of("name: t\n")
    assert [(d.code, d.path) for d in found] == [("AK003", "columns")]


# -- YAML syntax errors carry the line ---------------------------------------------------------
@pytest.mark.parametrize("text,line", [
    ("name: t\ncolumns: [\n  a: b: c\n", 3),
    ("name: t\n  bad indent: 1\ncolumns: []\n", 2),
    ("name: 't\ncolumns: []\n", 1),                 # unterminated quote: where it opens
    ("name: t\ncolumns: [{name: id, type: int}\n", 2),
])
def test_yaml_syntax_error_names_the_line(text: str, line: int) -> None:
    diag = one_error(text)
    assert diag.code == "AK000"
    assert diag.line == line
    assert diag.column is not None
    assert diag.message.startswith("invalid YAML")
    assert str(diag).startswith(f"spec.yaml:{line}:")


def test_json_syntax_error_names_the_line() -> None:
    diag = one_error('{"name": "t",\n "columns": [}\n')
    assert (diag.code, diag.line) == ("AK000", 2)


# -- error paths inside multi-table files -------------------------------------------------------
def test_key_that_does_not_apply_names_the_full_path() -> None:
    diag = one_error(two_tables("{type: enum, values: [a], format: yyyy}"))
    assert (diag.code, diag.path) == ("AK004", "tables[1].partitions[0].projection.format")


def test_model_validation_errors_are_moved_under_the_table_path() -> None:
    diag = one_error(two_tables("{type: date, range: [2024/01/01, NOW], format: yyyy-MM-dd}"))
    assert (diag.code, diag.path) == ("AK128", "tables[1].partitions[0].projection.range[0]")
    assert str(diag).startswith("spec.yaml:9: tables[1].partitions[0].projection.range[0]: error")


@pytest.mark.parametrize("text,code,path", [
    ("name: t\ncolumns: [{name: id, type: strng}]\n", "AK100", "columns[0].type"),
    ("name: t\ncolumns: [{name: id, type: int}]\nlocation: s3a://b/t/\n", "AK110", "location"),
    (("name: t\ntable_type: iceberg\nlocation: s3://b/t/\ncolumns: [{name: id, type: int}]\n"
     "partitioning: [id, 'week(id)']\n"), "AK160", "partitioning[1]"),
    (("name: t\ncolumns: [{name: id, type: int}]\npartitions: [{name: dt, projection: "
     "{type: enumm}}]\n"), "AK001", "partitions[0].projection.type"),
    (("name: t\ncolumns: [{name: id, type: int}]\npartitions: [{name: dt, projection: "
     "{type: integer, range: [1, 2, 3]}}]\n"), "AK001", "partitions[0].projection.range"),
    ("name: t\ncolumns: [{name: id, type: int}]\ntable_type: hudi\n", "AK001", "table_type"),
    ("name: t\ncolumns: [{name: id, type: int}]\nstorage: {format: text, header_lines: one}\n",
     "AK001", "storage.header_lines"),
    ("name: t\ncolumns: [{name: id, type: int}]\nproperties: {a: [1, 2]}\n", "AK001",
     "properties.a"),
    ("name: t\ncolumns: {id: int}\n", "AK001", "columns"),
    ("name: t\ncolumns: [id]\n", "AK001", "columns[0]"),
    ("name: [t]\ncolumns: [{name: id, type: int}]\n", "AK001", "name"),
    ("name: t\ncolumns: [{name: id, type: int}]\nprojection: {enabled: sometimes}\n", "AK001",
     "projection.enabled"),
    ("name: t\ncolumns: [{name: id, type: int}]\ncompression_level: high\n", "AK001",
     "compression_level"),
    ("- name: t\n", "AK001", ""),
    ("", "AK001", ""),
])
def test_bad_field_is_reported_at_its_path(text: str, code: str, path: str) -> None:
    found = errors_of(text)
    assert (code, path) in [(d.code, d.path) for d in found], [str(d) for d in found]


def test_all_errors_of_a_file_are_reported_together() -> None:
    text = """\
    tables:
      - name: a
        columns: [{name: id, type: strng}]
      - name: b
        colums: []
    """
    found = {(d.code, d.path) for d in errors_of(text)}
    assert found >= {("AK100", "tables[0].columns[0].type"), ("AK002", "tables[1].colums"),
                     ("AK003", "tables[1].columns")}


# -- what a valid spec reads as -----------------------------------------------------------------
def test_file_database_applies_to_tables_and_a_table_may_override_it() -> None:
    text = """\
    database: analytics
    tables:
      - {name: a, columns: [{name: id, type: int}]}
      - {name: b, database: raw, columns: [{name: id, type: int}]}
    """
    a, b = loads_spec(textwrap.dedent(text))
    assert (a.database, b.database) == ("analytics", "raw")


def test_projection_settings_read_from_yaml_scalars() -> None:
    text = """\
    name: t
    columns: [{name: id, type: int}]
    partitions:
      - {name: region, projection: {type: enum, values: 'us-east-1,eu-west-1'}}
      - {name: year, type: int, projection: {type: integer, range: '2020,2030', digits: 4}}
      - name: day
        projection: {type: date, range: [2024-01-01, NOW], format: yyyy-MM-dd}
    """
    [table] = loads_spec(textwrap.dedent(text))
    region, year, day = (p.projection for p in table.partitions)
    assert region == EnumProjection(("us-east-1", "eu-west-1"))
    assert year == IntegerProjection(("2020", "2030"), digits="4")
    # YAML reads 2024-01-01 as a date; the spec keeps it as the text Athena needs.
    assert day == DateProjection(("2024-01-01", "NOW"), format="yyyy-MM-dd")
    assert table.projection_enabled  # projections imply projection.enabled


def test_serde_property_scalars_become_strings() -> None:
    text = """\
    name: t
    columns: [{name: id, type: int}]
    storage:
      format: openx_json
      serde_properties: {case.insensitive: false, ignore.malformed.json: true, mapping.id: 42}
    """
    [table] = loads_spec(textwrap.dedent(text))
    assert dict(table.storage.serde_properties) == {
        "case.insensitive": "false", "ignore.malformed.json": "true", "mapping.id": "42"}


def test_json_spec_reads_like_yaml() -> None:
    spec = {"name": "t", "table_type": "iceberg", "location": "s3://b/t/",
            "columns": [{"name": "id", "type": "bigint"}, {"name": "ts", "type": "timestamp"}],
            "partitioning": ["day(ts)", "bucket(8, id)"]}
    [table] = loads_spec(json.dumps(spec))
    assert table.table_type is TableType.ICEBERG
    assert [p.to_spec() for p in table.partitioning] == ["day(ts)", "bucket(8, id)"]


# -- files and directories -----------------------------------------------------------------------
def test_load_specs_reads_a_directory_sorted(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text("name: b\ncolumns: [{name: id, type: int}]\n")
    (tmp_path / "a.json").write_text('{"name": "a", "columns": [{"name": "id", "type": "int"}]}')
    (tmp_path / "notes.txt").write_text("not a spec")
    assert [p.name for p in spec_files([tmp_path])] == ["a.json", "b.yaml"]
    assert [t.name for t in load_specs([tmp_path])] == ["a", "b"]


def test_load_specs_collects_errors_from_every_file(tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_text("name: a\ncolumns: [{name: id, type: strng}]\n")
    (tmp_path / "two.yaml").write_text("name: b\n")
    with pytest.raises(SpecError) as info:
        load_specs([tmp_path])
    where = {(Path(d.file or "").name, d.code) for d in info.value.diagnostics}
    assert where == {("one.yaml", "AK100"), ("two.yaml", "AK003")}


def test_missing_spec_file_is_a_one_line_spec_error(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as info:
        load_specs([tmp_path / "nope.yaml"])
    assert "nope.yaml" in str(info.value)
    assert "\n" not in str(info.value)
    with pytest.raises(SpecError):
        load_spec(tmp_path / "nope.yaml")


def test_undecodable_spec_file_is_a_spec_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"name: caf\xe9\n")
    with pytest.raises(SpecError) as info:
        load_spec(path)
    assert info.value.diagnostics[0].file == str(path)


def test_examples_directory_loads_as_one_set() -> None:
    names = [t.name for t in load_specs([EXAMPLES])]
    assert len(names) == len(set(names)) >= 8


def test_a_spec_directory_skips_hidden_and_underscore_entries(tmp_path: Path) -> None:
    good = "name: t\ncolumns: [{name: id, type: int}]\nlocation: s3://b/t/\n"
    (tmp_path / "t.yaml").write_text(good)
    for hidden in (".git/x.yaml", "_drafts/y.yaml", "_scratch.json"):
        (tmp_path / hidden).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / hidden).write_text("not: [a spec")
    assert [t.name for t in load_specs([tmp_path])] == ["t"]


# -- docs/spec.md stays true ---------------------------------------------------------------------
DOC = EXAMPLES.parent / "docs" / "spec.md"
DOC_BLOCKS = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


@pytest.mark.parametrize("block", DOC_BLOCKS, ids=[f"block{i}" for i in range(len(DOC_BLOCKS))])
def test_every_yaml_example_in_the_spec_docs_loads_and_renders(block: str) -> None:
    from athenakit.table.render import create_table

    tables = loads_spec(block, file="docs/spec.md")
    assert tables
    for table in tables:
        assert table.warnings == (), [str(w) for w in table.warnings]
        assert create_table(table).startswith("CREATE ")


def test_spec_docs_have_an_example_for_every_storage_format() -> None:
    from athenakit.table.storage import FORMAT_NAMES

    formats = {t.storage.format for block in DOC_BLOCKS for t in loads_spec(block)}
    assert formats >= set(FORMAT_NAMES)


def test_spec_docs_list_every_rule_code_and_every_schema_key() -> None:
    from athenakit.table import schema

    text = DOC.read_text(encoding="utf-8")
    sources = (EXAMPLES.parent / "athenakit").glob("*.py")
    codes = {c for p in sources for c in re.findall(r'"(AK\d{3})"', p.read_text("utf-8"))}
    assert {c for c in codes if f"| {c} |" not in text} == set()
    keys = set(schema.FILE_KEYS) | set(schema.TABLE["properties"]) \
        | set(schema.COLUMN["properties"]) | set(schema.PARTITION["properties"]) \
        | set(schema.PROJECTION["properties"]) | set(schema.STORAGE["properties"]) \
        | set(schema.TABLE["properties"]["bucketing"]["properties"]) \
        | set(schema.TABLE["properties"]["projection"]["properties"])
    assert {k for k in keys if f"`{k}`" not in text} == set()


def test_a_file_that_is_not_a_spec_gets_a_short_error(tmp_path: Path) -> None:
    text = "root:x:0:0:root:/root:/bin/bash\n" * 50
    [diag] = errors_of(text)
    assert diag.code == "AK001" and "expected a mapping" in diag.message
    assert len(diag.message) < 120


def test_a_directory_without_spec_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a spec")
    with pytest.raises(SpecError, match="no spec files"):
        load_specs([tmp_path])
