-- Hive-side DDL as it is written in the Athena User Guide.
CREATE DATABASE IF NOT EXISTS weblogs COMMENT 'Web server logs' LOCATION 's3://example-bucket/weblogs/';

CREATE EXTERNAL TABLE IF NOT EXISTS weblogs.alb_logs (
  `type` string,
  `time` string,
  elb string,
  client_ip string,
  client_port int,
  request_verb string,
  request_url string,
  `user` string,
  received_bytes bigint,
  sent_bytes bigint,
  tags array<string>,
  attrs map<string,string>,
  geo struct<lat:double,lon:double>
)
PARTITIONED BY (day string)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'
WITH SERDEPROPERTIES (
  'serialization.format' = '1',
  'input.regex' = '([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*):([0-9]*) ([^ ]*) ([^ ]*) ([^ ]*) ([-.0-9]*) ([-.0-9]*) ([^ ]*) ([^ ]*) ([^ ]*)'
)
LOCATION 's3://example-bucket/AWSLogs/elasticloadbalancing/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.day.type' = 'date',
  'projection.day.range' = '2022/01/01,NOW',
  'projection.day.format' = 'yyyy/MM/dd',
  'projection.day.interval' = '1',
  'projection.day.interval.unit' = 'DAYS',
  'storage.location.template' = 's3://example-bucket/AWSLogs/elasticloadbalancing/${day}/'
);

CREATE EXTERNAL TABLE weblogs.events (
  event_id string,
  user_id bigint,
  payload string,
  `timestamp` timestamp
)
PARTITIONED BY (region string, dt string)
STORED AS PARQUET
LOCATION 's3://example-bucket/events/';

CREATE EXTERNAL TABLE weblogs.tenants (
  tenant_id string,
  amount decimal(12,2)
)
PARTITIONED BY (customer string)
STORED AS PARQUET
LOCATION 's3://example-bucket/tenants/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.customer.type' = 'injected',
  'storage.location.template' = 's3://example-bucket/tenants/${customer}/'
);

CREATE TABLE weblogs.orders (
  order_id bigint,
  customer_id bigint,
  amount decimal(10,2),
  status string,
  order_ts timestamp
)
PARTITIONED BY (day(order_ts), bucket(16, customer_id))
LOCATION 's3://example-bucket/iceberg/orders/'
TBLPROPERTIES ('table_type' = 'ICEBERG', 'format' = 'parquet');

CREATE EXTERNAL TABLE weblogs.csv_users (
  id int,
  name string,
  email string
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
WITH SERDEPROPERTIES ('separatorChar' = ',', 'quoteChar' = '"', 'escapeChar' = '\\')
STORED AS TEXTFILE
LOCATION 's3://example-bucket/csv/users/'
TBLPROPERTIES ('skip.header.line.count' = '1');

ALTER TABLE weblogs.events ADD IF NOT EXISTS
  PARTITION (region = 'eu', dt = '2024-01-01') LOCATION 's3://example-bucket/events/region=eu/dt=2024-01-01/'
  PARTITION (region = 'us', dt = '2024-01-01') LOCATION 's3://example-bucket/events/region=us/dt=2024-01-01/';

ALTER TABLE weblogs.events DROP IF EXISTS PARTITION (region = 'eu', dt = '2023-01-01'), PARTITION (region = 'us', dt = '2023-01-01');

ALTER TABLE weblogs.csv_users ADD COLUMNS (signup_ts timestamp);

ALTER TABLE weblogs.events SET TBLPROPERTIES ('has_encrypted_data' = 'false');

MSCK REPAIR TABLE weblogs.events;

SHOW PARTITIONS weblogs.events;

SHOW TABLES IN weblogs;

SHOW CREATE TABLE weblogs.alb_logs;

DESCRIBE weblogs.events;

DROP TABLE IF EXISTS weblogs.old_events;
