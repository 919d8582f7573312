MERGE INTO sales.iceberg_orders AS "target"
USING (
SELECT * FROM sales.orders_staging WHERE batch = 42
) AS "source"
ON "target"."order_id" = "source"."order_id"
WHEN MATCHED AND (source.status = 'cancelled') THEN DELETE
WHEN MATCHED AND (source.total <> target.total) THEN UPDATE SET
  "status" = "source"."status",
  "total" = "source"."total"
WHEN NOT MATCHED AND (source.status <> 'cancelled') THEN INSERT ("order_id", "customer_id", "order_ts", "status", "total", "currency", "items")
  VALUES ("source"."order_id", "source"."customer_id", "source"."order_ts", "source"."status", "source"."total", "source"."currency", "source"."items");
