CREATE TABLE analytics.daily_events
WITH (
  format = 'PARQUET',
  external_location = 's3://athenakit-examples/daily_events/',
  partitioned_by = ARRAY['dt'],
  bucketed_by = ARRAY['user_id'],
  bucket_count = 8,
  write_compression = 'SNAPPY'
) AS
SELECT
  CAST("user_id" AS BIGINT) AS "user_id",
  CAST("from" AS DECIMAL(12, 2)) AS "from",
  CAST("tags" AS ARRAY(ROW(k VARCHAR, v VARCHAR))) AS "tags",
  CAST("dt" AS VARCHAR) AS "dt"
FROM (
SELECT * FROM raw.events WHERE dt >= '2024-06-01'
) AS "source";

ALTER TABLE analytics.daily_events SET TBLPROPERTIES (
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.range'='2024-01-01,NOW',
  'projection.dt.type'='date',
  'projection.enabled'='true'
);
