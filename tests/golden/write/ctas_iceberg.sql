CREATE TABLE sales.iceberg_orders
WITH (
  table_type = 'ICEBERG',
  is_external = false,
  location = 's3://athenakit-examples/iceberg_orders/',
  format = 'PARQUET',
  partitioning = ARRAY['day(order_ts)', 'bucket(order_id, 16)'],
  write_compression = 'ZSTD',
  optimize_rewrite_delete_file_threshold = 10,
  vacuum_max_snapshot_age_seconds = 604800
) AS
SELECT
  CAST("order_id" AS BIGINT) AS "order_id",
  CAST("customer_id" AS BIGINT) AS "customer_id",
  CAST("order_ts" AS TIMESTAMP) AS "order_ts",
  CAST("status" AS VARCHAR) AS "status",
  CAST("total" AS DECIMAL(12, 2)) AS "total",
  CAST("currency" AS VARCHAR) AS "currency",
  CAST("items" AS ARRAY(ROW(sku VARCHAR, quantity INTEGER, unit_price DECIMAL(10, 2)))) AS "items"
FROM (
SELECT * FROM sales.orders_staging
) AS "source";
