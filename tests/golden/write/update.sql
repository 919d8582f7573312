UPDATE sales.iceberg_orders SET
  "status" = 'shipped'
WHERE order_id IN (1, 2, 3);
