UNLOAD (
SELECT id, dt FROM raw.events
) TO 's3://exports/events/'
WITH (
  format = 'PARQUET',
  partitioned_by = ARRAY['dt'],
  compression = 'ZSTD',
  compression_level = 4
);
