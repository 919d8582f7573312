ALTER TABLE sales.iceberg_orders CHANGE COLUMN customer_id customer_id bigint FIRST;

ALTER TABLE sales.iceberg_orders DROP COLUMN currency;

ALTER TABLE sales.iceberg_orders UNSET TBLPROPERTIES ('vacuum_max_snapshot_age_seconds');
