UNLOAD (
SELECT a, b FROM t
) TO 's3://exports/t/'
WITH (
  format = 'TEXTFILE',
  compression = 'GZIP',
  field_delimiter = '	'
);
