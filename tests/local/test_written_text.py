"""CTAS writes TEXTFILE and JSON rows as Athena's writers spell them.

LazySimpleSerDe (https://docs.aws.amazon.com/athena/latest/ug/lazy-simple-serde.html): fields
separated by \\001, a column's collection items (array elements, map entries, row fields) by
\\002, a map's key and value by \\003, deeper levels by \\004...; NULL is \\N. Values as Trino's
hive-formats encodings write them: a double by Java's Double.toString, a timestamp by
HiveFormatUtils.formatHiveTimestamp (the fraction's significant digits only). JSON as Trino's
JsonSerializer writes it (Jackson, compact; a decimal as a number, a row keyed by its names).
"""

from __future__ import annotations

from pathlib import Path

from athenakit.local.engine import LocalEngine

_SELECT = ("SELECT 1 AS x, CAST(NULL AS VARCHAR) AS s, true AS b, 1e-7 AS d, DECIMAL '1.50' AS m, "
           "TIMESTAMP '2020-01-01 10:00:00.120' AS ts, MAP(ARRAY['k'], ARRAY[1]) AS mp, "
           "CAST(ROW(1, 'x') AS ROW(a INTEGER, b VARCHAR)) AS r, ARRAY[ARRAY[1, 2], ARRAY[3]] AS aa")


def _written(tmp_path: Path, fmt: str) -> bytes:
    engine = LocalEngine([], s3_root=tmp_path)
    engine.run(f"CREATE TABLE c WITH (format = '{fmt}', external_location = 's3://b/c/') AS "
               + _SELECT)
    (data,) = [p for p in (tmp_path / "b" / "c").rglob("*") if p.is_file()]
    return data.read_bytes()


def test_textfile_rows_use_hive_separators_per_nesting_level(tmp_path: Path) -> None:
    assert _written(tmp_path, "TEXTFILE") == (
        b"1\x01\\N\x01true\x011.0E-7\x011.50\x012020-01-01 10:00:00.12\x01k\x031"
        b"\x011\x02x\x011\x032\x023\n")


def test_json_rows_are_written_as_jackson_writes_them(tmp_path: Path) -> None:
    assert _written(tmp_path, "JSON") == (
        b'{"x":1,"s":null,"b":true,"d":1.0E-7,"m":1.50,"ts":"2020-01-01 10:00:00.12",'
        b'"mp":{"k":1},"r":{"a":1,"b":"x"},"aa":[[1,2],[3]]}\n')
