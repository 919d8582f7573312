CREATE EXTERNAL TABLE csv_quoted (
  customer_id bigint,
  full_name string,
  email string,
  city string,
  lifetime_value double,
  notes string COMMENT 'free text; may contain commas, quotes and newlines'
)
COMMENT 'Customer export, RFC 4180-style quoted CSV with a header row'
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
WITH SERDEPROPERTIES (
  'escapeChar'='\\',
  'quoteChar'='"',
  'separatorChar'=','
)
STORED AS TEXTFILE
LOCATION 's3://athenakit-examples/csv_quoted/'
TBLPROPERTIES (
  'skip.header.line.count'='1'
);
