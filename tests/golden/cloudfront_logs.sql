CREATE DATABASE IF NOT EXISTS logs;

CREATE EXTERNAL TABLE logs.cloudfront_logs (
  `date` string,
  `time` string,
  x_edge_location string,
  sc_bytes bigint,
  c_ip string,
  cs_method string,
  cs_host string,
  cs_uri_stem string,
  sc_status int,
  cs_referer string,
  cs_user_agent string,
  cs_uri_query string,
  cs_cookie string,
  x_edge_result_type string,
  x_edge_request_id string,
  x_host_header string,
  cs_protocol string,
  cs_bytes bigint,
  time_taken double,
  x_forwarded_for string,
  ssl_protocol string,
  ssl_cipher string,
  x_edge_response_result_type string,
  cs_protocol_version string,
  fle_status string,
  fle_encrypted_fields string,
  c_port int,
  time_to_first_byte double,
  x_edge_detailed_result_type string,
  sc_content_type string,
  sc_content_len bigint,
  sc_range_start bigint,
  sc_range_end bigint
)
COMMENT 'CloudFront standard logs (Parquet delivery)'
PARTITIONED BY (
  distributionid string,
  year int,
  month int,
  day int,
  hour int
)
STORED AS PARQUET
LOCATION 's3://athenakit-examples/cloudfront_logs/'
TBLPROPERTIES (
  'projection.enabled'='true',
  'projection.distributionid.type'='enum',
  'projection.distributionid.values'='E1EXAMPLE7PSDK,E2EXAMPLE9QWLB',
  'projection.year.type'='integer',
  'projection.year.range'='2024,2030',
  'projection.month.type'='integer',
  'projection.month.range'='1,12',
  'projection.month.digits'='2',
  'projection.day.type'='integer',
  'projection.day.range'='1,31',
  'projection.day.digits'='2',
  'projection.hour.type'='integer',
  'projection.hour.range'='0,23',
  'projection.hour.digits'='2',
  'storage.location.template'='s3://athenakit-examples/cloudfront_logs/${distributionid}/${year}/${month}/${day}/${hour}/',
  'parquet.compression'='SNAPPY'
);
