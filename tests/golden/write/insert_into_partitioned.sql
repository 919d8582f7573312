INSERT INTO analytics.daily_events ("user_id", "from", "tags", "dt")
SELECT
  CAST("user_id" AS BIGINT) AS "user_id",
  CAST("from" AS DECIMAL(12, 2)) AS "from",
  CAST("tags" AS ARRAY(ROW(k VARCHAR, v VARCHAR))) AS "tags",
  CAST("dt" AS VARCHAR) AS "dt"
FROM (
SELECT * FROM raw.events WHERE dt >= '2024-06-01'
) AS "source";
