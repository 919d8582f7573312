-- Trino-side statements that write or manage data.

-- create-table-as.html: Hive CTAS variants
CREATE TABLE reporting.orders_by_region
WITH (
  format = 'PARQUET',
  write_compression = 'SNAPPY',
  external_location = 's3://example-reports/orders-by-region/',
  partitioned_by = ARRAY['region']
) AS
SELECT customer, sum(total) AS total, region
FROM sales.orders_text
WHERE dt = '2024-05-01'
GROUP BY customer, region;
CREATE TABLE reporting.orders_bucketed
WITH (format = 'ORC', bucketed_by = ARRAY['customer'], bucket_count = 8) AS
SELECT order_id, customer FROM sales.orders_text WHERE dt >= '2024-01-01';
CREATE TABLE reporting.orders_csv
WITH (format = 'TEXTFILE', field_delimiter = ',') AS
SELECT order_id, customer FROM sales.orders_text WHERE dt = '2024-05-01';
CREATE TABLE reporting.orders_json WITH (format = 'JSON') AS
SELECT * FROM sales.orders_text WHERE dt = '2024-05-01' WITH NO DATA;
CREATE TABLE reporting.orders_zstd
WITH (format = 'PARQUET', write_compression = 'ZSTD', compression_level = 9) AS
SELECT order_id FROM sales.orders_text WHERE dt = '2024-05-01';
-- create-table-as.html: Iceberg CTAS
CREATE TABLE analytics.orders_iceberg
WITH (
  table_type = 'ICEBERG',
  is_external = false,
  location = 's3://example-lake/iceberg/orders-ctas/',
  format = 'PARQUET',
  partitioning = ARRAY['day(ordered_at)', 'bucket(customer_id, 8)']
) AS
SELECT order_id, customer_id, amount, ordered_at FROM analytics.iceberg_orders;
-- insert-into.html
INSERT INTO reporting.orders_by_region
SELECT customer, sum(total), region FROM sales.orders_text
WHERE dt = '2024-05-02' GROUP BY customer, region;
INSERT INTO analytics.iceberg_orders (order_id, customer_id, amount, ordered_at, category)
VALUES (1, 'c-1', 10.50, TIMESTAMP '2024-05-01 10:00:00', 'books'),
       (2, 'c-2', 99.00, TIMESTAMP '2024-05-01 11:30:00', 'games');
-- unload.html
UNLOAD (SELECT order_id, customer, total FROM sales.orders_text WHERE dt = '2024-05-01')
TO 's3://example-exports/orders/2024-05-01/'
WITH (format = 'PARQUET', compression = 'SNAPPY');
UNLOAD (SELECT customer, total, region FROM sales.orders_text WHERE dt = '2024-05-01')
TO 's3://example-exports/orders-by-region/'
WITH (format = 'TEXTFILE', field_delimiter = '|', partitioned_by = ARRAY['region']);
UNLOAD (SELECT * FROM sales.orders_text WHERE dt = '2024-05-01')
TO 's3://example-exports/orders-json/' WITH (format = 'JSON', compression = 'GZIP');
-- merge-into-statement.html, update-statement.html, delete-statement.html (Iceberg)
MERGE INTO analytics.iceberg_orders AS t
USING analytics.order_updates AS s
ON t.order_id = s.order_id
WHEN MATCHED AND s.deleted THEN DELETE
WHEN MATCHED THEN UPDATE SET amount = s.amount, category = s.category
WHEN NOT MATCHED THEN INSERT (order_id, customer_id, amount, ordered_at, category)
  VALUES (s.order_id, s.customer_id, s.amount, s.ordered_at, s.category);
UPDATE analytics.iceberg_orders SET category = 'media' WHERE category IN ('books', 'music');
DELETE FROM analytics.iceberg_orders WHERE ordered_at < TIMESTAMP '2020-01-01 00:00:00';
-- optimize-statement.html, vacuum-statement.html
OPTIMIZE analytics.iceberg_orders REWRITE DATA USING BIN_PACK;
OPTIMIZE analytics.iceberg_orders REWRITE DATA USING BIN_PACK
  WHERE category = 'books';
VACUUM analytics.iceberg_orders;
-- create-view.html, drop-view.html
CREATE VIEW reporting.daily_revenue AS
SELECT dt, sum(total) AS revenue FROM sales.orders_text GROUP BY dt;
CREATE OR REPLACE VIEW reporting.daily_revenue AS
SELECT dt, region, sum(total) AS revenue FROM sales.orders_text GROUP BY dt, region;
DROP VIEW IF EXISTS reporting.old_view;
-- views-glue.html, alter-view-dialect.html: Data Catalog views
CREATE PROTECTED MULTI DIALECT VIEW reporting.orders_by_day
SECURITY DEFINER
AS SELECT dt, sum(total) AS revenue FROM sales.orders_text GROUP BY dt;
CREATE OR REPLACE PROTECTED MULTI DIALECT VIEW IF NOT EXISTS reporting.orders_by_day SHOW VIEW JSON
AS SELECT dt, count(*) AS orders FROM sales.orders_text GROUP BY dt;
ALTER VIEW reporting.orders_by_day FORCE UPDATE DIALECT
AS SELECT dt, sum(total) AS revenue FROM sales.orders_text GROUP BY dt;
ALTER VIEW reporting.orders_by_day ADD DIALECT AS SELECT dt FROM sales.orders_text;
ALTER VIEW reporting.orders_by_day DROP DIALECT;
-- show-create-view / describe-view on the Trino side
SHOW CREATE VIEW reporting.daily_revenue;
-- querying-with-prepared-statements.html
PREPARE orders_for_day FROM
SELECT order_id, total FROM sales.orders_text WHERE dt = ? AND total > ?;
EXECUTE orders_for_day USING '2024-05-01', 100;
DEALLOCATE PREPARE orders_for_day;
PREPARE export_day FROM
UNLOAD (SELECT * FROM sales.orders_text WHERE dt = ?)
TO 's3://example-exports/by-day/' WITH (format = 'PARQUET');
EXECUTE export_day USING '2024-05-02';
PREPARE insert_day FROM
INSERT INTO reporting.orders_by_region
SELECT customer, sum(total), region FROM sales.orders_text WHERE dt = ? GROUP BY customer, region;
-- athena-explain-statement.html
EXPLAIN SELECT customer, sum(total) FROM sales.orders_text WHERE dt = '2024-05-01' GROUP BY customer;
EXPLAIN (TYPE DISTRIBUTED, FORMAT TEXT) SELECT count(*) FROM sales.orders_text WHERE dt = '2024-05-01';
EXPLAIN (FORMAT JSON) SELECT 1;
EXPLAIN (TYPE IO, FORMAT JSON) SELECT * FROM sales.orders_text WHERE dt = '2024-05-01';
EXPLAIN (TYPE VALIDATE) SELECT * FROM sales.orders_text WHERE dt = '2024-05-01';
EXPLAIN ANALYZE SELECT count(*) FROM sales.orders_text WHERE dt = '2024-05-01';
EXPLAIN ANALYZE VERBOSE SELECT count(*) FROM sales.orders_text WHERE dt = '2024-05-01'
