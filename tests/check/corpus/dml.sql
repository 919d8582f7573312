-- CTAS, views, INSERT, MERGE, UPDATE, DELETE, UNLOAD, EXPLAIN, PREPARE and friends.
CREATE TABLE weblogs.events_by_user
WITH (format = 'PARQUET', write_compression = 'SNAPPY',
      external_location = 's3://example-bucket/ctas/events_by_user/',
      partitioned_by = ARRAY['dt'])
AS SELECT user_id, count(*) AS n, dt
FROM weblogs.events
WHERE dt >= '2024-01-01'
GROUP BY user_id, dt;

CREATE TABLE weblogs.orders_copy
WITH (table_type = 'ICEBERG', is_external = false,
      location = 's3://example-bucket/iceberg/orders_copy/',
      partitioning = ARRAY['day(order_ts)', 'bucket(customer_id, 8)'],
      format = 'PARQUET', write_compression = 'ZSTD')
AS SELECT * FROM weblogs.orders;

CREATE TABLE weblogs.empty_events
WITH (format = 'ORC', bucketed_by = ARRAY['user_id'], bucket_count = 8)
AS SELECT * FROM weblogs.events WHERE dt = '2024-01-01'
WITH NO DATA;

CREATE OR REPLACE VIEW weblogs.top_clients AS
SELECT client_ip, count(*) AS requests
FROM weblogs.alb_logs
WHERE day >= '2024/01/01'
GROUP BY client_ip;

INSERT INTO weblogs.events_by_user
SELECT user_id, count(*) AS n, dt FROM weblogs.events WHERE dt = '2024-02-01' GROUP BY user_id, dt;

MERGE INTO weblogs.orders AS t
USING weblogs.orders_copy AS s
ON t.order_id = s.order_id
WHEN MATCHED AND s.status = 'deleted' THEN DELETE
WHEN MATCHED THEN UPDATE SET status = s.status, amount = s.amount
WHEN NOT MATCHED THEN INSERT (order_id, customer_id, amount, status, order_ts)
  VALUES (s.order_id, s.customer_id, s.amount, s.status, s.order_ts);

UPDATE weblogs.orders SET status = 'archived' WHERE order_ts < TIMESTAMP '2020-01-01 00:00:00';

DELETE FROM weblogs.orders WHERE status = 'test';

UNLOAD (SELECT event_id, user_id, dt FROM weblogs.events WHERE dt = '2024-01-01')
TO 's3://example-bucket/unload/events/'
WITH (format = 'PARQUET', compression = 'SNAPPY', partitioned_by = ARRAY['dt']);

UNLOAD (SELECT client_ip, request_url FROM weblogs.alb_logs WHERE day = '2024/01/01')
TO 's3://example-bucket/unload/alb/'
WITH (format = 'TEXTFILE', field_delimiter = '\t');

EXPLAIN SELECT count(*) FROM weblogs.events WHERE dt = '2024-01-01';

EXPLAIN (TYPE DISTRIBUTED, FORMAT JSON) SELECT client_ip FROM weblogs.alb_logs WHERE day = '2024/01/01';

EXPLAIN ANALYZE SELECT count(*) FROM weblogs.orders;

PREPARE events_by_day FROM
SELECT event_id, user_id FROM weblogs.events WHERE dt = ? AND region = ?;

EXECUTE events_by_day USING '2024-01-01', 'eu';

DEALLOCATE PREPARE events_by_day;

OPTIMIZE weblogs.orders REWRITE DATA USING BIN_PACK WHERE status = 'open';

VACUUM weblogs.orders;

DROP VIEW IF EXISTS weblogs.top_clients;

ALTER TABLE weblogs.orders RENAME TO weblogs.orders_v2;
