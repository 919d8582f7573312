CREATE TABLE text_export
WITH (
  format = 'TEXTFILE',
  external_location = 's3://athenakit-examples/text_export/',
  field_delimiter = '|',
  write_compression = 'GZIP'
) AS
SELECT
  CAST("a" AS INTEGER) AS "a",
  CAST("b" AS VARCHAR) AS "b"
FROM (
SELECT 1 AS a, 'x' AS b
) AS "source"
WITH NO DATA;
