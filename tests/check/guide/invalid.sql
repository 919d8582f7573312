-- Invalid Athena SQL. Each statement's error is on the line marked "-- <<<"; check must report
-- its first error of the statement on exactly that line. Many of these run in another dialect.

-- DuckDB: FROM-first queries, a doubled FROM, trailing commas, list and struct literals
FROM sales.orders  -- <<<
SELECT order_id;
SELECT order_id, total
FROM FROM sales.orders;  -- <<<
SELECT order_id,
       total,  -- <<<
FROM sales.orders;
SELECT order_id
FROM sales.orders,  -- <<<
;
SELECT *
FROM 'orders.parquet';  -- <<<
SELECT [1, 2, 3] AS items  -- <<<
FROM sales.orders;
SELECT {'id': 1, 'name': 'x'} AS s;  -- <<<
SELECT * EXCLUDE (total)  -- <<<
FROM sales.orders;
SELECT * REPLACE (total * 2 AS total)  -- <<<
FROM sales.orders;
SELECT customer, count(*)
FROM sales.orders
GROUP BY ALL;  -- <<<
SELECT order_id FROM sales.orders
UNION BY NAME  -- <<<
SELECT order_id FROM sales.returns;
SELECT * FROM sales.orders
USING SAMPLE 10;  -- <<<
SELECT order_id
FROM sales.orders
WHERE total == 10;  -- <<<
SELECT order_id
FROM sales.orders
WHERE customer GLOB 'a*';  -- <<<
SELECT order_id FROM sales.orders ASOF JOIN sales.prices  -- <<<
  ON orders.ts >= prices.ts;
SELECT COLUMNS('tot.*')  -- <<<
FROM sales.orders;
SELECT * FROM read_parquet('s3://b/x.parquet');  -- <<<
-- Postgres: casts, DISTINCT ON, ILIKE, JSON operators, RETURNING, $n parameters, SIMILAR TO
SELECT total::integer  -- <<<
FROM sales.orders;
SELECT DISTINCT ON (customer) customer, total  -- <<<
FROM sales.orders;
SELECT order_id FROM sales.orders
WHERE customer ILIKE 'ann%';  -- <<<
SELECT payload ->> 'id'  -- <<<
FROM events.raw;
SELECT payload -> 'id'  -- <<<
FROM events.raw;
INSERT INTO sales.orders (order_id) VALUES (1)
RETURNING order_id;  -- <<<
SELECT order_id FROM sales.orders
WHERE customer = $1;  -- <<<
SELECT order_id FROM sales.orders
WHERE customer SIMILAR TO 'a%';  -- <<<
SELECT order_id FROM sales.orders
WHERE total BETWEEN SYMMETRIC 10 AND 1;  -- <<<
SELECT string_agg(customer, ',')  -- <<<
FROM sales.orders;
SELECT $$a string$$;  -- <<<
-- MySQL: LIMIT offset, count; <=>; REGEXP; WITH ROLLUP; @variables; STRAIGHT_JOIN; IFNULL
SELECT order_id FROM sales.orders
LIMIT 10, 20;  -- <<<
SELECT order_id FROM sales.orders
WHERE customer <=> NULL;  -- <<<
SELECT order_id FROM sales.orders
WHERE customer REGEXP '^a';  -- <<<
SELECT customer, count(*) FROM sales.orders
GROUP BY customer WITH ROLLUP;  -- <<<
SELECT order_id FROM sales.orders
WHERE total > @min_total;  -- <<<
SELECT o.order_id FROM sales.orders o
STRAIGHT_JOIN sales.customers c ON o.customer = c.id;  -- <<<
SELECT ifnull(customer, 'none')  -- <<<
FROM sales.orders;
SELECT order_id FROM sales.orders
WHERE created > now() - INTERVAL 1 DAY;  -- <<<
SELECT order_id FROM sales.orders PARTITION (p2024);  -- <<<
-- Spark / Hive queries: LATERAL VIEW, RLIKE, SORT/CLUSTER/DISTRIBUTE BY, SEMI/ANTI JOIN, STRING casts
SELECT sensor, tag
FROM iot.readings
LATERAL VIEW explode(tags) t AS tag;  -- <<<
SELECT order_id FROM sales.orders
WHERE customer RLIKE '^a';  -- <<<
SELECT order_id FROM sales.orders
SORT BY order_id;  -- <<<
SELECT order_id FROM sales.orders
CLUSTER BY order_id;  -- <<<
SELECT order_id FROM sales.orders
DISTRIBUTE BY customer;  -- <<<
SELECT o.order_id FROM sales.orders o
LEFT SEMI JOIN sales.customers c ON o.customer = c.id;  -- <<<
SELECT o.order_id FROM sales.orders o
LEFT ANTI JOIN sales.customers c ON o.customer = c.id;  -- <<<
SELECT CAST(order_id AS STRING)  -- <<<
FROM sales.orders;
SELECT named_struct('a', 1)
FROM sales.orders
WHERE STRUCT(1, 2) IS NOT NULL;  -- <<<
INSERT OVERWRITE TABLE sales.orders  -- <<<
SELECT * FROM sales.orders_staging;
INSERT INTO sales.orders PARTITION (dt = '2024-05-01')  -- <<<
SELECT order_id FROM sales.staging;
-- T-SQL and others: TOP, CROSS APPLY, SELECT INTO, table hints, QUALIFY, PIVOT, MINUS
SELECT TOP 10 order_id  -- <<<
FROM sales.orders;
SELECT o.order_id FROM sales.orders o
CROSS APPLY fn_items(o.order_id);  -- <<<
SELECT order_id
INTO sales.orders_copy  -- <<<
FROM sales.orders;
SELECT order_id FROM sales.orders WITH (NOLOCK);  -- <<<
SELECT customer, total FROM sales.orders
QUALIFY row_number() OVER (PARTITION BY customer ORDER BY total) = 1;  -- <<<
SELECT * FROM sales.orders
PIVOT (sum(total) FOR region IN ('eu', 'us'));  -- <<<
SELECT order_id FROM sales.orders
MINUS  -- <<<
SELECT order_id FROM sales.returns;
SELECT iif(total > 0, 'paid', 'free')  -- <<<
FROM sales.orders;
SELECT order_id FROM sales.orders
ORDER BY order_id
LIMIT 10 OFFSET 20;  -- <<<
SELECT order_id FROM sales.orders
ARRAY JOIN items;  -- <<<
-- Quoting: backticks in queries, double quotes in DDL, reserved words bare
SELECT `customer`  -- <<<
FROM sales.orders;
CREATE VIEW sales.v AS
SELECT `total` FROM sales.orders;  -- <<<
CREATE EXTERNAL TABLE sales.t1 (
  "customer" string  -- <<<
) LOCATION 's3://example-bucket/t1/';
CREATE EXTERNAL TABLE sales.t2 (
  id string,
  date string  -- <<<
) LOCATION 's3://example-bucket/t2/';
CREATE EXTERNAL TABLE sales.t3 (
  id string,
  _hidden string  -- <<<
) LOCATION 's3://example-bucket/t3/';
SELECT id, first  -- <<<
FROM sales.orders;
SELECT select  -- <<<
FROM sales.orders;
SELECT 1st_place  -- <<<
FROM sales.results;
CREATE EXTERNAL TABLE sales.t4 (
  s struct<from:string>  -- <<<
) LOCATION 's3://example-bucket/t4/';
-- DDL Athena does not support or rejects
CREATE TABLE sales.t5 (  -- <<<
  id string
) LOCATION 's3://example-bucket/t5/';
CREATE TABLE sales.t6 LIKE sales.t5;  -- <<<
ALTER DATABASE sales RENAME TO sales2;  -- <<<
ALTER TABLE sales.orders SET SERDEPROPERTIES ('field.delim' = '|');  -- <<<
ALTER TABLE sales.orders ADD PARTITION (dt = '2024-05-01'),  -- <<<
  PARTITION (dt = '2024-05-02');
CREATE EXTERNAL TABLE sales.t7 (
  id string
)
LOCATION 'https://example-bucket.s3.amazonaws.com/t7/';  -- <<<
CREATE EXTERNAL TABLE sales.t8 (
  id string,
  amount deciml(10,2)  -- <<<
) LOCATION 's3://example-bucket/t8/';
MSCK REPAIR TABLE sales.orders SYNC PARTITIONS;  -- <<<
-- CTAS, UNLOAD, OPTIMIZE, VACUUM, prepared statements
CREATE TABLE sales.c1
WITH (Format = 'PARQUET')  -- <<<
AS SELECT 1 AS a;
CREATE TABLE sales.c2
WITH (format = 'CSV')  -- <<<
AS SELECT 1 AS a;
CREATE TABLE sales.c3
WITH (partitioned_by = ARRAY['dt'])  -- <<<
AS SELECT 'x' AS dt, 1 AS a;
UNLOAD (SELECT 1 AS a)
TO 'https://example-bucket/out/'  -- <<<
WITH (format = 'JSON');
OPTIMIZE sales.iceberg_orders REWRITE DATA;  -- <<<
VACUUM sales.iceberg_orders RETAIN 7 DAYS;  -- <<<
PREPARE q1  -- <<<
SELECT * FROM sales.orders WHERE customer = ?;
SELECT ?  -- <<<
FROM sales.orders WHERE customer = ?;
EXPLAIN SELECT order_id FROM  -- <<<
;
FROBNICATE TABLE sales.orders;  -- <<<
ALTER VIEW reporting.v ADD DIALECT AS
SELECT a, FROM FROM t;  -- <<<
CREATE PROTECTED MULTI DIALECT VIEW reporting.v2
AS SELECT a FROM t LIMIT 1, 2;  -- <<<
SHOW EVERYTHING;  -- <<<
SELECT order_id FROM sales.orders WHERE  -- <<<
;
-- Statements and clauses of other engines that parse but that Athena does not run
USE sales;  -- <<<
SET SESSION query_max_run_time = '10m';  -- <<<
TRUNCATE TABLE sales.orders;  -- <<<
GRANT SELECT ON sales.orders TO analyst;  -- <<<
COMMENT ON TABLE sales.orders IS 'orders';  -- <<<
REFRESH TABLE sales.orders;  -- <<<
CREATE INDEX orders_customer ON sales.orders (customer);  -- <<<
CREATE TEMPORARY TABLE scratch (a int);  -- <<<
CREATE EXTERNAL TABLE sales.t9 (
  id bigint,
  order_id bigint PRIMARY KEY  -- <<<
) LOCATION 's3://example-bucket/t9/';
CREATE EXTERNAL TABLE sales.t10 (
  id bigint NOT NULL  -- <<<
) LOCATION 's3://example-bucket/t10/';
CREATE EXTERNAL TABLE sales.t11 (id bigint)
PARTITIONED BY (dt)  -- <<<
LOCATION 's3://example-bucket/t11/';
ALTER TABLE sales.orders ALTER COLUMN total TYPE double;  -- <<<
INSERT INTO TABLE sales.orders  -- <<<
SELECT * FROM sales.staging;
DELETE sales.iceberg_orders  -- <<<
WHERE order_id = 1;
UPDATE sales.iceberg_orders SET amount = s.amount
FROM sales.updates s  -- <<<
WHERE iceberg_orders.order_id = s.order_id;
MERGE INTO sales.iceberg_orders t USING sales.updates s ON t.order_id = s.order_id
WHEN MATCHED THEN UPDATE SET *;  -- <<<
CREATE OR REPLACE TABLE sales.snapshot AS  -- <<<
SELECT * FROM sales.orders
;
-- delta-lake-tables-getting-started.html: only LOCATION and table_type on a Delta Lake table
CREATE EXTERNAL TABLE lake.d1 (
  id bigint  -- <<<
)
LOCATION 's3://example-lake/d1/'
TBLPROPERTIES ('table_type'='DELTA');
CREATE EXTERNAL TABLE lake.d2
PARTITIONED BY (dt string)  -- <<<
LOCATION 's3://example-lake/d2/'
TBLPROPERTIES ('table_type'='DELTA');
CREATE EXTERNAL TABLE lake.d3
STORED AS PARQUET  -- <<<
LOCATION 's3://example-lake/d3/'
TBLPROPERTIES ('table_type'='DELTA');
CREATE EXTERNAL TABLE lake.d4
LOCATION 's3://example-lake/d4/'
TBLPROPERTIES ('table_type'='DELTA', 'delta.appendOnly'='true');  -- <<<
CREATE EXTERNAL TABLE lake.d5
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'  -- <<<
LOCATION 's3://example-lake/d5/'
TBLPROPERTIES ('table_type'='DELTA');
CREATE EXTERNAL TABLE lake.d6
COMMENT 'customer changes'  -- <<<
LOCATION 's3://example-lake/d6/'
TBLPROPERTIES ('table_type'='DELTA');
CREATE TABLE lake.d7  -- <<<
LOCATION 's3://example-lake/d7/'
TBLPROPERTIES ('table_type'='DELTA');
CREATE EXTERNAL TABLE lake.d8  -- <<<
TBLPROPERTIES ('table_type'='DELTA')
;
INSERT INTO lake.d4  -- <<<
SELECT 1;
ALTER TABLE lake.d1 ADD COLUMNS (note string);  -- <<<
DELETE FROM lake.d6  -- <<<
WHERE id = 1
