"""OpenCSVSerDe lines split through the local engine as Athena splits them.

Athena engine v3 splits OpenCSV lines with Trino's ``line.csv.CsvDeserializer`` (trinodb/trino,
lib/trino-hive-formats), "bug for bug compatible with OpenCSVSerde"; each expected row below is
an assertion of its test, TestCsvFormat.testCsv, never athenakit's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from athenakit.local.engine import LocalEngine
from athenakit.table.model import Column, Table
from athenakit.table.storage import Storage

# TestCsvFormat.testCsv: (line, the three fields)
CSV_LINES = [
    ("", [None, None, None]),
    (" ", [" ", None, None]),
    ("a,b,", ["a", "b", ""]),
    ("a,", ["a", "", None]),
    ("  a  ,  b  ,  c  ", ["  a  ", "  b  ", "  c  "]),
    ('"a\\"a","b\\,b","c\\\\c"', ['a"a', "b,b", "c\\c"]),
    ('"a\\xa","b\\yb","c\\zc"', ["axa", "byb", "czc"]),
    ('"a""a",b,c', ['a"a', "b", "c"]),
    ('"a,a",b,c', ["a,a", "b", "c"]),
    ('"a,b,c', [None, None, None]),
    ('a,b,"c', ["a", "b", None]),
    ('a,b,c,anything can go here , " \\', ["a", "b", "c"]),
    ('a\\"a,b\\\\b,c', ['a"a', "b\\b", "c"]),
    ("a\\,a,b,c", ["a", "a", "b"]),
    ('12x"a"x,x"b"x,x"c"x', ['12x"a"x', 'x"b"x', 'x"c"x']),
    ('12x"a",x"b",x"c"', ['12x"a', 'x"b', 'x"c']),
    ('12x"ax,x"bx,x"cx', ['12x"ax,x"bx', None, None]),
    (' "a",  "b",  "c"', [" a", "b", "c"]),
    ('   "a",  "b",  "c"', ["a", "b", "c"]),
    ('"a"  ,  "b"  ,  "c"  ', ["a  ", 'b"  ', 'c"  ']),
]


def _rows(tmp_path: Path, lines: list[str], **props: str) -> list[list[str | None]]:
    folder = tmp_path / "b" / "c"
    folder.mkdir(parents=True)
    (folder / "data.csv").write_text("".join(line + "\n" for line in lines))
    table = Table(name="c", location="s3://b/c/", storage=Storage(format="csv",
                  serde_properties=props),
                  columns=tuple(Column(name, "string") for name in ("a", "b", "c")))
    return [list(row) for row in LocalEngine([table], s3_root=tmp_path).run(
        "SELECT a, b, c FROM c").rows]


def test_opencsv_lines_split_as_trino_csv_deserializer(tmp_path: Path) -> None:
    rows = _rows(tmp_path, [line for line, _ in CSV_LINES])
    assert sorted(map(str, rows)) == sorted(str(fields) for _, fields in CSV_LINES)


def test_escape_set_to_the_quote_reads_as_a_backslash(tmp_path: Path) -> None:
    # TestCsvFormat.testCsv: "If the escape character is double quote (char 34) Hive will change
    # the escape character to backslash (char 92)"
    assert _rows(tmp_path, ["*a*|*b\\|b*|*c*"], separatorChar="|", quoteChar="*",
                 escapeChar='"') == [["a", "b|b", "c"]]


@pytest.mark.parametrize("line", ['"a', 'x,"b\nc",d'])
def test_a_quoted_value_never_spans_lines(tmp_path: Path, line: str) -> None:
    # https://docs.aws.amazon.com/athena/latest/ug/csv-serde.html: "does not support embedded
    # line breaks"; CsvDeserializer reads one line: an unterminated quoted field is NULL
    rows = _rows(tmp_path, [line])
    assert all(len(row) == 3 for row in rows) and len(rows) == line.count("\n") + 1
