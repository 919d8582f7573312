OPTIMIZE sales.iceberg_orders REWRITE DATA USING BIN_PACK
WHERE order_ts >= TIMESTAMP '2024-06-01 00:00:00';

VACUUM sales.iceberg_orders;
