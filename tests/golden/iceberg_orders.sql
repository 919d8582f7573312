CREATE DATABASE IF NOT EXISTS sales;

CREATE TABLE sales.iceberg_orders (
  order_id bigint,
  customer_id bigint,
  order_ts timestamp,
  status string COMMENT 'placed, paid, shipped, delivered or cancelled',
  total decimal(12,2),
  currency string,
  items array<struct<sku:string,quantity:int,unit_price:decimal(10,2)>>
)
COMMENT 'Orders, one row per order, updated with MERGE INTO'
PARTITIONED BY (day(order_ts), bucket(16, order_id))
LOCATION 's3://athenakit-examples/iceberg_orders/'
TBLPROPERTIES (
  'table_type'='ICEBERG',
  'format'='parquet',
  'write_compression'='ZSTD',
  'optimize_rewrite_delete_file_threshold'='10',
  'vacuum_max_snapshot_age_seconds'='604800'
);
