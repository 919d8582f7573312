"""awswrangler, unmodified, against ``athenakit serve`` (Athena, S3 and Glue on one URL)."""

from __future__ import annotations

from typing import Any

import pytest

from athenakit.testing import LocalAthena, local_athena, local_athena_endpoint  # noqa: F401

wr = pytest.importorskip("awswrangler")

QUERY = "SELECT n, n * 1.5e0 AS half_more, 'k' || CAST(n AS varchar) AS k " \
        "FROM UNNEST(sequence(1, 4)) AS t(n) ORDER BY n"


def local_rows() -> list[tuple[Any, ...]]:
    from athenakit.connect import connect

    with connect("local") as engine:
        return [tuple(row) for row in engine.run(QUERY).rows]


def frame_rows(frame: Any) -> list[tuple[Any, ...]]:
    return [(int(n), float(h), str(k)) for n, h, k in
            frame.sort_values("n")[["n", "half_more", "k"]].itertuples(index=False)]


@pytest.mark.parametrize("approach", [{"ctas_approach": False}, {"ctas_approach": True},
                                      {"ctas_approach": False, "unload_approach": True}],
                         ids=["api-csv", "ctas", "unload"])
def test_read_sql_query_matches_the_local_engine(local_athena: LocalAthena,  # noqa: F811
                                                 approach: dict[str, Any]) -> None:
    extra = {"s3_output": f"s3://{local_athena.bucket}/unload/"} \
        if approach.get("unload_approach") else {}
    frame = wr.athena.read_sql_query(QUERY, database="default", workgroup=local_athena.workgroup,
                                     **approach, **extra)
    assert frame_rows(frame) == local_rows()


def test_to_parquet_dataset_then_query(local_athena: LocalAthena) -> None:  # noqa: F811
    import pandas as pd

    wr.catalog.create_database("serve_wr", exist_ok=True)
    wr.s3.to_parquet(pd.DataFrame({"id": [1, 2, 3], "city": ["Oslo", "Lima", "Oslo"],
                                   "dt": ["2024-01-01", "2024-01-01", "2024-01-02"]}),
                     path=f"s3://{local_athena.bucket}/datasets/people/", dataset=True,
                     database="serve_wr", table="people", partition_cols=["dt"])
    assert "people" in wr.catalog.tables(database="serve_wr")["Table"].tolist()
    assert wr.catalog.get_table_types(database="serve_wr", table="people") == {
        "id": "bigint", "city": "string", "dt": "string"}
    frame = wr.athena.read_sql_query(
        "SELECT dt, count(*) AS n FROM people GROUP BY dt ORDER BY dt", database="serve_wr",
        workgroup=local_athena.workgroup, ctas_approach=False)
    assert frame.values.tolist() == [["2024-01-01", 2], ["2024-01-02", 1]]


def test_start_query_execution_and_wait_query(local_athena: LocalAthena) -> None:  # noqa: F811
    query_id = wr.athena.start_query_execution("SELECT 1", workgroup=local_athena.workgroup)
    assert wr.athena.wait_query(query_id)["Status"]["State"] == "SUCCEEDED"
    failed = wr.athena.start_query_execution("SELECT nope FROM (SELECT 1 AS a)",
                                             workgroup=local_athena.workgroup)
    with pytest.raises(wr.exceptions.QueryFailed, match="COLUMN_NOT_FOUND"):
        wr.athena.wait_query(failed)


def test_create_parquet_table_then_query(local_athena: LocalAthena) -> None:  # noqa: F811
    import pandas as pd

    path = f"s3://{local_athena.bucket}/datasets/scores/"
    wr.s3.to_parquet(pd.DataFrame({"player": ["ann", "bob"], "score": [3.5, 4.0]}),
                     path=f"{path}part-0.parquet")
    wr.catalog.create_database("serve_wr2", exist_ok=True)
    wr.catalog.create_parquet_table(database="serve_wr2", table="scores", path=path,
                                    columns_types={"player": "string", "score": "double"})
    frame = wr.athena.read_sql_query("SELECT player, score FROM scores ORDER BY player",
                                     database="serve_wr2", workgroup=local_athena.workgroup,
                                     ctas_approach=False)
    assert frame.values.tolist() == [["ann", 3.5], ["bob", 4.0]]
    assert wr.catalog.does_table_exist(database="serve_wr2", table="scores")
