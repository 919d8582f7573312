"""Every rule: statements that hit it and statements that must not."""

from __future__ import annotations

import pytest

from athenakit.check import RULES, KnownTable, check, fix
from athenakit.check.catalog import from_model
from athenakit.table.spec import loads_spec

EVENTS = KnownTable("events", "db", ("id", "user_id", "payload"), ("dt", "region"))
TENANTS = KnownTable("tenants", "db", ("id", "amount"), ("customer",),
                     injected=frozenset({"customer"}))
USERS = KnownTable("users", "db", ("id", "name"), serde="org.openx.data.jsonserde.JsonSerDe")
ICE = KnownTable("orders", "db", ("id", "ts"), iceberg=True)
DELTA = KnownTable("changes", "db", delta=True)

# 30 years of hourly partitions: 262,992 projected partitions
HOURLY = from_model(loads_spec(
    "name: hourly\ndatabase: logs\nlocation: s3://b/hourly/\ncolumns: [{name: m, type: string}]\n"
    "partitions: [{name: hour, type: string, projection: {type: date, range: [1995/01/01/00, "
    "2024/12/31/23], format: yyyy/MM/dd/HH, interval: 1, interval_unit: HOURS}}]")[0])

TABLES = [EVENTS, TENANTS, USERS, ICE, HOURLY, DELTA]


def codes(sql: str) -> list[str]:
    return [d.code for d in check(sql, TABLES)]


HITS = [
    # syntax and statement shape (ddl-reference)
    ("AK300", "SELECT FROM WHERE"),
    ("AK300", "SELECT 'unterminated"),
    ("AK300", "EXPLAIN SELECT FROM"),
    ("AK301", "FROB the thing"),
    ("AK302", "SELECT '" + "x" * 262_200 + "'"),
    ("AK303", "MSCK REPAIR TABLE t extra"),
    ("AK303", "UNLOAD (SELECT 1) TO 'https://example.com/' WITH (format = 'JSON')"),
    ("AK303", "OPTIMIZE db.orders REWRITE DATA"),
    ("AK303", "VACUUM db.orders now"),
    ("AK303", "SHOW NONSENSE"),
    ("AK303", "PREPARE p SELECT 1"),
    ("AK303", "DEALLOCATE p"),
    ("AK303", "ALTER TABLE t ADD PARTITION (a='1'), PARTITION (a='2')"),
    # syntax of other dialects that sqlglot reads and Trino does not (select.html)
    ("AK305", "SELECT a, b FROM FROM t"),
    ("AK305", "FROM t SELECT a"),
    ("AK305", "SELECT a::int FROM t"),
    # quoting (reserved-words, tables-databases-columns-names)
    ("AK310", "SELECT `id` FROM db.events WHERE dt = '1'"),
    ("AK311", 'CREATE EXTERNAL TABLE "t" (a string) LOCATION \'s3://b/t/\''),
    ("AK311", "CREATE EXTERNAL TABLE t (\"a\" string) LOCATION 's3://b/t/'"),
    ("AK312", "SELECT first FROM x"),
    ("AK312", "CREATE EXTERNAL TABLE t (date string) LOCATION 's3://b/t/'"),
    ("AK312", ("CREATE EXTERNAL TABLE t (a string) PARTITIONED BY (timestamp string) "
              "LOCATION 's3://b/t/'")),
    ("AK313", "SELECT 1abc FROM x"),
    ("AK314", "CREATE EXTERNAL TABLE t (_a string) LOCATION 's3://b/t/'"),
    ("AK315", "CREATE EXTERNAL TABLE t (`a-b` string) LOCATION 's3://b/t/'"),
    ("AK315", 'CREATE TABLE n WITH (format = \'ORC\') AS SELECT 1 AS "my col"'),
    ("AK316", "SELECT " + "a" * 256 + " FROM x"),
    ("AK317", "CREATE EXTERNAL TABLE t (a string, A int) LOCATION 's3://b/t/'"),
    ("AK317", "CREATE TABLE n AS SELECT 1 AS x, 2 AS X"),
    # struct field names in DDL (reserved-words)
    ("AK318", "CREATE EXTERNAL TABLE t (s struct<date:string>) LOCATION 's3://b/t/'"),
    ("AK318", "CREATE EXTERNAL TABLE t (s array<struct<a:int, _b:int>>) LOCATION 's3://b/t/'"),
    ("AK318", "CREATE EXTERNAL TABLE t (s map<string,struct<1a:int>>) LOCATION 's3://b/t/'"),
    ("AK318", "ALTER TABLE t ADD COLUMNS (s struct<a:struct<from:int>>)"),
    ("AK315", "CREATE EXTERNAL TABLE t (s struct<`a-b`:int>) LOCATION 's3://b/t/'"),
    # DDL (unsupported-ddl, create-table)
    ("AK321", "CREATE TABLE t2 LIKE t"),
    ("AK322", "INSERT OVERWRITE TABLE db.users SELECT * FROM db.users"),
    ("AK323", "ALTER TABLE db.users RENAME TO db.people"),
    ("AK324", "ALTER TABLE db.users SET SERDEPROPERTIES ('a' = 'b')"),
    ("AK325", "ALTER TABLE db.users REPLACE COLUMNS (id int)"),
    ("AK326", "ALTER TABLE db.users ADD COLUMNS (born date)"),
    # partition-projection-setting-up: projection of a column the table does not have
    ("AK327", "ALTER TABLE db.events SET TBLPROPERTIES ('projection.hour.type'='integer')"),
    # https://docs.aws.amazon.com/athena/latest/ug/delta-lake-tables.html: read only
    ("AK328", "INSERT INTO db.changes SELECT id FROM db.users"),
    ("AK153", ("CREATE EXTERNAL TABLE t (a string) PARTITIONED BY (dt string) "
              "LOCATION 's3://b/t/' TBLPROPERTIES ('projection.enabled'='true', "
              "'projection.dt.type'='injected', 'storage.location.template'='s3://b/t/${x}/')")),
    # CTAS / UNLOAD (create-table-as, unload)
    ("AK330", "CREATE TABLE n WITH (Format = 'ORC') AS SELECT 1 AS a"),
    ("AK331", "CREATE TABLE n WITH (format = 'CSV') AS SELECT 1 AS a"),
    ("AK331", ("CREATE TABLE n WITH (table_type = 'ICEBERG', is_external = false, "
              "location = 's3://b/n/', format = 'JSON') AS SELECT 1 AS a")),
    ("AK332", "CREATE TABLE n WITH (partitioned_by = ARRAY['a']) AS SELECT 1 AS a, 2 AS b"),
    ("AK332", ("UNLOAD (SELECT 1 AS a, 2 AS b) TO 's3://b/u/' "
              "WITH (format = 'PARQUET', partitioned_by = ARRAY['a'])")),
    ("AK333", ("CREATE TABLE n WITH (table_type = 'ICEBERG', location = 's3://b/n/') "
              "AS SELECT 1 AS a")),
    ("AK334", ("CREATE TABLE n WITH (table_type = 'ICEBERG', is_external = false) "
              "AS SELECT 1 AS a")),
    ("AK335", ("CREATE TABLE n WITH (table_type = 'ICEBERG', is_external = false, "
              "location = 's3://b/n/', external_location = 's3://b/x/') AS SELECT 1 AS a")),
    ("AK335", "CREATE TABLE n WITH (partitioning = ARRAY['a']) AS SELECT 1 AS a"),
    ("AK336", "CREATE TABLE n AS SELECT id FROM db.users ORDER BY id"),
    ("AK337", "UNLOAD (SELECT 1 AS a) TO 's3://b/u/' WITH (compression = 'GZIP')"),
    ("AK338", "CREATE TABLE n WITH (formats = 'ORC') AS SELECT 1 AS a"),
    # queries against known tables (partitions, partition-projection-supported-types)
    ("AK340", "SELECT * FROM db.nowhere"),
    ("AK341", "SELECT nope FROM db.users"),
    ("AK341", "SELECT u.nope FROM db.users AS u"),
    ("AK342", "SELECT id FROM db.events"),
    ("AK342", "SELECT id FROM db.events WHERE user_id = 1"),
    ("AK343", "SELECT id FROM db.tenants"),
    ("AK343", "SELECT id FROM db.tenants WHERE customer LIKE 'a%'"),
    ("AK344", ("SELECT id FROM db.events WHERE dt = (SELECT max(dt) FROM db.events "
              "WHERE dt > '1' AND region = 'eu') AND region = 'eu'")),
    ("AK344", ("SELECT id FROM db.events WHERE user_id IN (SELECT user_id FROM db.events "
              "WHERE dt = '1' AND region = 'eu')")),
    ("AK345", "PREPARE p FROM SELECT ? AS x FROM db.users WHERE id = ?"),
    # partition-projection: 20 years of hours (175,320 partitions) pass the filter
    ("AK346", "SELECT m FROM logs.hourly WHERE hour >= '2005/01/01/00'"),
    ("AK345", "PREPARE p FROM SELECT id FROM db.users WHERE id = 1 LIMIT ?"),
]

MISSES = [
    ("AK305", "SELECT a FROM t WHERE a IS DISTINCT FROM 'x' ORDER BY a OFFSET 1 LIMIT 2"),
    ("AK305", "SELECT transform(ARRAY[1], x -> x + 1), m['k'], ARRAY[1][1] FROM t"),
    ("AK305", "SELECT trim(LEADING FROM ' x'), CAST(a AS varchar), glob, minus FROM t"),
    ("AK327", "ALTER TABLE db.events SET TBLPROPERTIES ('projection.dt.type'='date')"),
    ("AK328", "INSERT INTO db.users SELECT id, any_column FROM db.changes"),
    ("AK300", "SELECT 'a;b' AS x; SELECT 2"),
    ("AK301", "SHOW TABLES IN db"),
    ("AK303", "MSCK REPAIR TABLE db.events"),
    ("AK303", "ALTER TABLE t ADD PARTITION (a='1') LOCATION 's3://b/a=1/' PARTITION (a='2')"),
    ("AK310", 'SELECT "id" FROM db.users'),
    ("AK311", ("CREATE EXTERNAL TABLE t (a string) ROW FORMAT SERDE "
              "'org.apache.hadoop.hive.serde2.OpenCSVSerde' WITH SERDEPROPERTIES "
              "(\"separatorChar\" = \",\") LOCATION 's3://b/t/'")),
    ("AK312", "SELECT date FROM x"),
    ("AK312", "CREATE EXTERNAL TABLE t (first string) LOCATION 's3://b/t/'"),
    ("AK313", "SELECT 1 AS a, 0x1F AS b, 1e3 AS c"),
    ("AK314", "SELECT _a FROM x"),
    ("AK315", 'SELECT "a-b" FROM x'),
    ("AK316", "SELECT " + "a" * 255 + " FROM x"),
    ("AK317", "CREATE EXTERNAL TABLE t (a string, b int) LOCATION 's3://b/t/'"),
    ("AK318", ("CREATE EXTERNAL TABLE t (s struct<`date`:string, first:int, Ab:int>) "
              "COMMENT 'a:b' LOCATION 's3://b/t/'")),
    ("AK318", "CREATE TABLE n AS SELECT CAST(ROW(1) AS ROW(\"date\" int)) AS s"),
    ("AK315", "CREATE EXTERNAL TABLE t (s struct<`a_b`:int>) LOCATION 's3://b/t/'"),
    ("AK321", "CREATE EXTERNAL TABLE t (a string) LOCATION 's3://b/t/'"),
    ("AK322", "INSERT INTO db.users SELECT * FROM db.users"),
    ("AK323", "ALTER TABLE db.orders RENAME TO db.orders2"),
    ("AK325", "ALTER TABLE db.unknown REPLACE COLUMNS (id int)"),
    ("AK326", "ALTER TABLE db.users ADD COLUMNS (born timestamp)"),
    ("AK330", "CREATE TABLE n WITH (format = 'ORC') AS SELECT 1 AS a"),
    ("AK332", "CREATE TABLE n WITH (partitioned_by = ARRAY['b']) AS SELECT 1 AS a, 2 AS b"),
    ("AK333", ("CREATE TABLE n WITH (table_type = 'ICEBERG', is_external = false, "
              "location = 's3://b/n/') AS SELECT 1 AS a")),
    ("AK336", "SELECT id FROM db.users ORDER BY id"),
    ("AK337", "UNLOAD (SELECT 1 AS a) TO 's3://b/u/' WITH (format = 'JSON')"),
    ("AK340", "WITH c AS (SELECT 1 AS a) SELECT a FROM c"),
    ("AK341", "SELECT id AS k FROM db.users ORDER BY k"),
    ("AK342", "SELECT id FROM db.events WHERE dt = '2024-01-01'"),
    ("AK342", ("SELECT e.id FROM db.events AS e JOIN db.users AS u ON e.user_id = u.id "
              "WHERE e.region = 'eu'")),
    ("AK343", "SELECT id FROM db.tenants WHERE customer = 'acme'"),
    ("AK343", "SELECT id FROM db.tenants WHERE customer IN ('a', 'b') AND amount > 1"),
    ("AK344", ("SELECT id FROM db.events WHERE dt = '1' AND user_id IN "
              "(SELECT id FROM db.users)")),
    ("AK345", "PREPARE p FROM SELECT id FROM db.users WHERE id = ? AND name IN (?, ?)"),
    ("AK346", "SELECT m FROM logs.hourly WHERE hour BETWEEN '2024/02/29/00' AND '2024/02/29/23'"),
]


@pytest.mark.parametrize(("code", "sql"), HITS, ids=[f"{c}-{i}" for i, (c, _) in enumerate(HITS)])
def test_rule_reports_the_mistake(code: str, sql: str) -> None:
    assert code in codes(sql)


@pytest.mark.parametrize(("code", "sql"), MISSES,
                         ids=[f"{c}-{i}" for i, (c, _) in enumerate(MISSES)])
def test_rule_stays_quiet_on_valid_sql(code: str, sql: str) -> None:
    assert code not in codes(sql)


def test_every_rule_has_a_failing_example_and_a_doc_link() -> None:
    hit = {code for code, _ in HITS}
    # AK360 needs data files to estimate: tests/estimate/test_estimate_cli.py
    untested = {c for c in RULES if c not in hit and c not in ("AK320", "AK304", "AK360")}
    assert untested == set()
    assert all(r.doc.startswith("https://docs.aws.amazon.com/athena/") for r in RULES.values())


def test_diagnostics_carry_position_statement_and_doc() -> None:
    [d] = check("SELECT 1;\n\nSELECT\n  `a` FROM t", file="q.sql")
    assert (d.file, d.line, d.column, d.statement) == ("q.sql", 4, 3, 1)
    assert d.doc is not None and d.doc.endswith("reserved-words.html")


def test_model_validation_finding_points_at_its_clause() -> None:
    sql = ("CREATE EXTERNAL TABLE t (a string)\nPARTITIONED BY (dt string)\n"
           "LOCATION 's3://b/t/'\nTBLPROPERTIES ('projection.enabled'='true', "
           "'projection.dt.type'='injected', 'storage.location.template'='s3://b/t/${x}/')")
    found = [d for d in check(sql) if d.code == "AK153"]
    assert found and found[0].line == 4 and found[0].path.startswith("projection")


def test_ignore_comment_suppresses_one_code_for_one_statement() -> None:
    sql = ("-- athenakit: ignore[AK310]\nSELECT `a` FROM t;\n"
           "SELECT `b` FROM t")
    found = check(sql)
    assert [(d.code, d.statement) for d in found] == [("AK310", 1)]


def test_ignore_without_codes_suppresses_everything() -> None:
    assert check("SELECT `a`, first FROM t -- athenakit: ignore[]") == []


def test_struct_field_findings_point_at_the_field_and_fix_quotes_it() -> None:
    sql = ("CREATE EXTERNAL TABLE t (\n  s struct<a:int, date:string, _b:struct<`x y`:int>>)"
           " LOCATION 's3://b/t/'")
    found = [(d.code, d.line, d.column) for d in check(sql)]
    assert found == [("AK318", 2, 19), ("AK318", 2, 32), ("AK315", 2, 42)]
    assert fix(sql) == sql.replace("date:", "`date`:").replace("_b:", "`_b`:")


def test_create_table_in_the_file_makes_the_table_known() -> None:
    sql = ("CREATE EXTERNAL TABLE t (a string) PARTITIONED BY (dt string) "
           "LOCATION 's3://b/t/';\nSELECT a FROM t")
    assert [d.code for d in check(sql)] == ["AK342"]
