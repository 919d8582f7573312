DELETE FROM sales.iceberg_orders
WHERE status = 'cancelled';
