import time

import boto3


def daily_revenue(database: str, day: str, workgroup: str) -> list[tuple[str, float]]:
    """The ETL step under test: plain boto3, unchanged for production."""
    athena = boto3.client("athena")
    query_id = athena.start_query_execution(
        QueryString="SELECT region, sum(amount) FROM orders WHERE dt = ? "
                    "GROUP BY region ORDER BY region",
        ExecutionParameters=[f"'{day}'"], WorkGroup=workgroup,
        QueryExecutionContext={"Database": database})["QueryExecutionId"]
    while True:
        status = athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]["Status"]
        if status["State"] not in ("QUEUED", "RUNNING"):
            break
        time.sleep(0.1)
    assert status["State"] == "SUCCEEDED", status.get("StateChangeReason")
    rows = athena.get_query_results(QueryExecutionId=query_id)["ResultSet"]["Rows"][1:]
    return [(r["Data"][0]["VarCharValue"], float(r["Data"][1]["VarCharValue"])) for r in rows]


def test_daily_revenue(local_athena, tmp_path):
    day = tmp_path / "shop-data" / "orders" / "dt=2024-05-01"
    day.mkdir(parents=True)
    (day / "part-0.csv").write_text("eu,10.5\nus,3\neu,1.5\n")
    local_athena.load_data(tmp_path)
    local_athena.query("CREATE DATABASE IF NOT EXISTS shop")
    local_athena.query("CREATE EXTERNAL TABLE IF NOT EXISTS shop.orders "
                       "(region string, amount double) PARTITIONED BY (dt string) "
                       "ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' "
                       "LOCATION 's3://shop-data/orders/'")
    local_athena.query("MSCK REPAIR TABLE shop.orders")
    assert daily_revenue("shop", "2024-05-01", local_athena.workgroup) == [
        ("eu", 12.0), ("us", 3.0)]
