-- SELECT and the functions pages: the query forms the guide shows.

-- select.html: the full synopsis
WITH recent AS (
  SELECT customer, total, dt FROM sales.orders_text WHERE dt >= '2024-05-01'
)
SELECT DISTINCT customer, sum(total) AS spent
FROM recent
WHERE total > 0
GROUP BY customer
HAVING sum(total) > 100
ORDER BY spent DESC NULLS LAST
OFFSET 10 ROWS
LIMIT 20;
SELECT region, customer, sum(total) AS total
FROM sales.orders_text WHERE dt = '2024-05-01'
GROUP BY GROUPING SETS ((region, customer), (region), ());
SELECT region, count(*) FROM sales.orders_text WHERE dt = '2024-05-01' GROUP BY ROLLUP (region);
SELECT region, customer, count(*) FROM sales.orders_text WHERE dt = '2024-05-01'
GROUP BY CUBE (region, customer);
SELECT * FROM sales.orders_text TABLESAMPLE BERNOULLI (10) WHERE dt = '2024-05-01';
SELECT * FROM sales.orders_text TABLESAMPLE SYSTEM (25) WHERE dt = '2024-05-01';
SELECT customer FROM sales.orders_text WHERE dt = '2024-05-01'
UNION ALL
SELECT customer FROM sales.orders_text WHERE dt = '2024-05-02';
SELECT customer FROM sales.orders_text WHERE dt = '2024-05-01'
INTERSECT
SELECT customer FROM sales.orders_text WHERE dt = '2024-05-02';
SELECT customer FROM sales.orders_text WHERE dt = '2024-05-01'
EXCEPT
SELECT customer FROM sales.orders_text WHERE dt = '2024-05-02';
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t (id, name);
SELECT order_id FROM sales.orders_text WHERE dt = '2024-05-01' ORDER BY order_id
FETCH FIRST 5 ROWS ONLY;
-- joins
SELECT o.order_id, c.full_name
FROM sales.orders_text AS o
JOIN crm.customers_csv AS c ON o.customer = c.customer_id
LEFT JOIN crm.segments s ON s.customer_id = c.customer_id
WHERE o.dt = '2024-05-01';
SELECT * FROM crm.customers_csv c FULL OUTER JOIN crm.segments s USING (customer_id);
SELECT a.city, b.city FROM crm.customers_csv a CROSS JOIN crm.customers_csv b;
SELECT c.customer_id FROM crm.customers_csv c
WHERE EXISTS (SELECT 1 FROM crm.segments s WHERE s.customer_id = c.customer_id)
  AND c.city IN (SELECT city FROM crm.cities WHERE country = 'DE');
-- arrays: creating, concatenating, filtering, flattening with UNNEST (querying-arrays.html)
SELECT ARRAY[1, 2, 3] AS items;
SELECT ARRAY[1, 2] || ARRAY[3, 4] AS joined, concat(ARRAY['a'], ARRAY['b']) AS joined2;
SELECT cardinality(tags), element_at(tags, 1), contains(tags, 'x'), tags[1]
FROM iot.readings_tsv;
SELECT filter(ARRAY[5, -6, 7], x -> x > 0) AS positives,
       transform(ARRAY[1, 2], x -> x * 10) AS tens,
       reduce(ARRAY[1, 2, 3], 0, (s, x) -> s + x, s -> s) AS total,
       array_sort(ARRAY[3, 1, 2]) AS sorted,
       array_join(ARRAY['a', 'b'], '-') AS joined;
SELECT sensor, tag
FROM iot.readings_tsv
CROSS JOIN UNNEST(tags) AS t (tag);
SELECT sensor, tag, n
FROM iot.readings_tsv
CROSS JOIN UNNEST(tags) WITH ORDINALITY AS t (tag, n);
SELECT department, array_agg(name ORDER BY name) AS people
FROM (VALUES ('eng', 'ada'), ('eng', 'alan')) AS staff (department, name)
GROUP BY department;
SELECT zip(ARRAY[1, 2], ARRAY['a', 'b']) AS pairs, flatten(ARRAY[ARRAY[1], ARRAY[2, 3]]) AS flat;
-- maps and structs (querying-arrays-with-maps.html, rows-and-structs.html)
SELECT MAP(ARRAY['a', 'b'], ARRAY[1, 2]) AS m, map_keys(attrs), attrs['unit'] FROM iot.readings_tsv;
SELECT CAST(ROW(1, 'x') AS ROW(id integer, label varchar)) AS r;
SELECT dest.city, dest.zip FROM logistics.shipments_json WHERE dest.city = 'Berlin';
SELECT map_agg(sensor, reading) FROM iot.readings_tsv;
-- JSON (querying-JSON.html, extracting-data-from-JSON.html)
SELECT json_extract_scalar(payload, '$.user.id') AS user_id,
       json_extract(payload, '$.items') AS items,
       json_array_length(json_extract(payload, '$.items')) AS n,
       CAST(json_parse(payload) AS MAP(varchar, json)) AS as_map,
       json_format(json_parse(payload)) AS text
FROM saas.tenant_events WHERE tenant_id = 'acme';
SELECT json_array_contains(json_parse('[1, 2]'), 2), is_json_scalar('1');
-- strings and regular expressions
SELECT regexp_extract(request_url, '/products/([0-9]+)', 1) AS product,
       regexp_like(user_agent, '(?i)bot') AS is_bot,
       regexp_replace(request_url, '\?.*$', '') AS path,
       split_part(request_url, '/', 3) AS third,
       lower(request_verb) || ' ' || url_extract_path(request_url) AS verb_path
FROM logs.alb_access WHERE day = '2024/05/01';
SELECT concat_ws(',', 'a', 'b'), lpad('7', 3, '0'), strpos('hello', 'l'), replace('a-b', '-', '_'),
       trim('  x  '), length('abc'), reverse('abc'), substr('hello', 2, 3), upper('x');
-- dates and times (functions-env3.html)
SELECT date_parse('2024-05-01 10:00:00', '%Y-%m-%d %H:%i:%s') AS parsed,
       date_format(current_timestamp, '%Y-%m-%d') AS today,
       from_iso8601_timestamp('2024-05-01T10:00:00Z') AS iso,
       date_add('day', -7, current_date) AS week_ago,
       date_diff('hour', TIMESTAMP '2024-05-01 00:00:00', TIMESTAMP '2024-05-02 00:00:00') AS hours,
       date_trunc('month', DATE '2024-05-17') AS month_start,
       from_unixtime(1714557600) AS from_epoch,
       to_unixtime(TIMESTAMP '2024-05-01 10:00:00') AS epoch,
       day_of_week(DATE '2024-05-01') AS dow,
       extract(YEAR FROM DATE '2024-05-01') AS y,
       current_timestamp AT TIME ZONE 'Europe/Berlin' AS berlin,
       DATE '2024-05-01' + INTERVAL '3' DAY AS later,
       parse_datetime('2024-05-01', 'yyyy-MM-dd') AS joda;
-- aggregates and window functions
SELECT approx_distinct(client_ip), approx_percentile(request_processing_time, 0.95),
       count_if(elb_status_code >= 500), max_by(request_url, received_bytes),
       arbitrary(elb), stddev(received_bytes), histogram(elb_status_code)
FROM logs.alb_access WHERE day = '2024/05/01';
SELECT customer, total,
       row_number() OVER (PARTITION BY customer ORDER BY total DESC) AS rn,
       sum(total) OVER (PARTITION BY customer ORDER BY placed_at
                        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running,
       lag(total, 1) OVER (ORDER BY placed_at) AS previous,
       rank() OVER w AS r
FROM sales.orders_text WHERE dt = '2024-05-01'
WINDOW w AS (ORDER BY total);
SELECT count(*) FILTER (WHERE total > 100) AS big, count(*) AS all_orders
FROM sales.orders_text WHERE dt = '2024-05-01';
-- conditional expressions and casts
SELECT CASE WHEN total > 100 THEN 'big' WHEN total > 10 THEN 'medium' ELSE 'small' END,
       if(total > 0, 'paid', 'free'), coalesce(customer, 'unknown'), nullif(total, 0),
       try(CAST(customer AS integer)), try_cast(customer AS bigint),
       CAST(total AS varchar), CAST(placed_at AS date), typeof(total)
FROM sales.orders_text WHERE dt = '2024-05-01';
SELECT order_id FROM sales.orders_text
WHERE dt = '2024-05-01' AND customer LIKE 'a%' AND total BETWEEN 10 AND 20
  AND customer IS NOT NULL AND customer IS DISTINCT FROM 'x';
-- reserved words quoted in queries (reserved-words.html)
SELECT "first", "timestamp", "date", "user" FROM legacy.events_with_reserved_names;
-- querying Iceberg: time travel and metadata tables (querying-iceberg-table-data.html)
SELECT * FROM analytics.iceberg_orders FOR TIMESTAMP AS OF (current_timestamp - INTERVAL '1' DAY);
SELECT * FROM analytics.iceberg_orders FOR VERSION AS OF 949530903748831860;
SELECT * FROM "analytics"."iceberg_orders$files";
SELECT * FROM "analytics"."iceberg_orders$snapshots";
SELECT * FROM "analytics"."iceberg_orders$history";
SELECT * FROM "analytics"."iceberg_orders$partitions";
SELECT * FROM "analytics"."iceberg_orders$manifests";
-- partition metadata and the $path pseudo column (querying-glue-catalog.html)
SELECT * FROM "clickstream"."sessions$partitions";
SELECT "$path", "$file_size", "$file_modified_time" FROM sales.orders_text WHERE dt = '2024-05-01';
-- information_schema (querying-glue-catalog.html)
SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = 'sales';
SELECT column_name, data_type FROM information_schema.columns
WHERE table_schema = 'sales' AND table_name = 'orders_text';
-- federated catalogs (connect-to-a-data-source.html)
SELECT * FROM "lambda:dynamo".default.orders LIMIT 10;
SELECT * FROM awsdatacatalog.sales.orders_text WHERE dt = '2024-05-01';
-- querying-iceberg / views: TABLE and SHOW on the Trino side
TABLE reporting.daily_revenue;
VALUES 1, 2, 3
;
-- delta-lake-tables.html (reading Delta Lake tables: standard SELECT; SHOW and DESCRIBE)
SELECT customer_id, max(changed_at) AS last_change
FROM lakehouse.customer_changes
WHERE change_type IN ('insert', 'update')
GROUP BY customer_id
ORDER BY last_change DESC
LIMIT 100
