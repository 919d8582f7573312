-- Trino-side queries: arrays, maps, JSON, UNNEST, window functions, CTEs.
SELECT client_ip, count(*) AS requests, sum(sent_bytes) AS bytes
FROM weblogs.alb_logs
WHERE day >= '2024/01/01' AND day < '2024/02/01'
GROUP BY client_ip
ORDER BY bytes DESC
LIMIT 10;

SELECT e.event_id, tag
FROM weblogs.events AS e
CROSS JOIN UNNEST(split(e.payload, ',')) AS t(tag)
WHERE e.dt = '2024-01-01' AND e.region = 'eu';

SELECT user_id,
       json_extract_scalar(payload, '$.device.os') AS os,
       CAST(json_extract(payload, '$.items') AS array(json)) AS items
FROM weblogs.events
WHERE dt = '2024-01-01';

WITH daily AS (
  SELECT dt, user_id, count(*) AS n
  FROM weblogs.events
  WHERE dt BETWEEN '2024-01-01' AND '2024-01-31'
  GROUP BY dt, user_id
), ranked AS (
  SELECT dt, user_id, n,
         row_number() OVER (PARTITION BY dt ORDER BY n DESC) AS rn,
         lag(n) OVER (PARTITION BY user_id ORDER BY dt) AS prev_n
  FROM daily
)
SELECT * FROM ranked WHERE rn <= 3;

SELECT tenant_id, sum(amount) AS total
FROM weblogs.tenants
WHERE customer = 'acme'
GROUP BY tenant_id;

SELECT tenant_id FROM weblogs.tenants WHERE customer IN ('acme', 'globex');

SELECT map_keys(attrs) AS keys, element_at(attrs, 'env') AS env, cardinality(tags) AS ntags, geo.lat
FROM weblogs.alb_logs
WHERE day = '2024/03/01';

SELECT "user", "time", "type" FROM weblogs.alb_logs WHERE day = '2024/03/01' AND request_url LIKE '%;%';

SELECT transform(tags, x -> upper(x)) AS upper_tags,
       filter(tags, x -> x <> '') AS non_empty,
       reduce(ARRAY[1, 2, 3], 0, (s, x) -> s + x, s -> s) AS total
FROM weblogs.alb_logs
WHERE day = '2024/03/02';

SELECT date_trunc('hour', from_iso8601_timestamp("time")) AS hour,
       approx_percentile(sent_bytes, 0.95) AS p95
FROM weblogs.alb_logs
WHERE day = '2024/03/02'
GROUP BY 1;

SELECT order_id, amount FROM weblogs.orders FOR TIMESTAMP AS OF TIMESTAMP '2024-01-01 00:00:00 UTC'
WHERE status = 'shipped';

SELECT * FROM weblogs.orders FOR VERSION AS OF 949530903748831860;

SELECT customer_id, sum(amount) FILTER (WHERE status = 'paid') AS paid,
       max_by(status, order_ts) AS last_status
FROM weblogs.orders
GROUP BY customer_id
HAVING sum(amount) > 100;

SELECT a.event_id, b.name
FROM weblogs.events AS a
LEFT JOIN weblogs.csv_users AS b ON CAST(a.user_id AS varchar) = CAST(b.id AS varchar)
WHERE a.dt = '2024-02-01' AND a.region = 'us';

SELECT CASE WHEN sent_bytes > 1000000 THEN 'large' ELSE 'small' END AS size_class, count(*)
FROM weblogs.alb_logs
WHERE day = '2024/03/03'
GROUP BY 1
UNION ALL
SELECT 'total', count(*) FROM weblogs.alb_logs WHERE day = '2024/03/03';

SELECT regexp_extract(request_url, '^https?://([^/]+)', 1) AS host,
       url_extract_path(request_url) AS path
FROM weblogs.alb_logs
WHERE day = '2024/03/04';

VALUES (1, 'a'), (2, 'b');

SELECT ARRAY[1, 2] || ARRAY[3] AS arr, MAP(ARRAY['a'], ARRAY[1]) AS m, ROW(1, 'x') AS r;

SELECT * FROM (SELECT event_id, user_id FROM weblogs.events WHERE dt = '2024-01-05') AS s WHERE user_id > 10;
