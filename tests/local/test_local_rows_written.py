"""The rows a CTAS / INSERT INTO wrote, reported by the local engine as Athena's UpdateCount.

https://docs.aws.amazon.com/athena/latest/APIReference/API_GetQueryResults.html : UpdateCount,
"the number of rows inserted with a CREATE TABLE AS SELECT, INSERT INTO, or UPDATE statement".
"""

from __future__ import annotations

from pathlib import Path

from athenakit.connect import connect


def test_rows_written_by_ctas_and_insert(tmp_path: Path) -> None:
    with connect("local", s3_root=tmp_path) as engine:
        ctas = engine.run("CREATE TABLE w WITH (format = 'PARQUET', external_location = "
                          "'s3://b/w/', partitioned_by = ARRAY['p']) AS "
                          "SELECT x, x % 2 AS p FROM UNNEST(sequence(1, 5)) AS t(x)")
        assert ctas.stats.rows_written == 5
        insert = engine.run("INSERT INTO w SELECT 9, 1")
        assert insert.stats.rows_written == 1
        none = engine.run("INSERT INTO w SELECT x, p FROM w WHERE x > 100")
        assert none.stats.rows_written == 0
        assert engine.run("SELECT count(*) FROM w").rows == [(6,)]
        assert engine.run("SELECT 1").stats.rows_written is None
