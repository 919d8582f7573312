-- The CREATE TABLE forms of the Athena User Guide, one or more per page, written fresh in the
-- way each page writes its examples. Each statement must import into athenakit's model and
-- re-render to an equivalent statement (tests/check/test_guide_corpus.py).

-- create-table.html: the synopsis with every optional clause
CREATE EXTERNAL TABLE IF NOT EXISTS sales.orders_text (
  order_id bigint COMMENT 'order number',
  customer string,
  total decimal(12,2),
  placed_at timestamp
)
COMMENT 'orders exported nightly'
PARTITIONED BY (region string, dt string)
ROW FORMAT DELIMITED
  FIELDS TERMINATED BY ','
  ESCAPED BY '\\'
  LINES TERMINATED BY '\n'
LOCATION 's3://example-sales/orders/text/'
TBLPROPERTIES ('has_encrypted_data'='false', 'classification'='csv');

-- lazy-simple-serde.html: CSV with a header line, TSV, and the SERDEPROPERTIES spelling
CREATE EXTERNAL TABLE flight_legs (
  leg_year smallint,
  carrier string,
  origin string,
  destination string,
  delay_minutes int
)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
STORED AS TEXTFILE
LOCATION 's3://example-flights/legs/'
TBLPROPERTIES ('skip.header.line.count'='1');

CREATE EXTERNAL TABLE readings_tsv (
  sensor string,
  reading double,
  tags array<string>,
  attrs map<string,string>
)
ROW FORMAT DELIMITED
  FIELDS TERMINATED BY '\t'
  COLLECTION ITEMS TERMINATED BY '|'
  MAP KEYS TERMINATED BY ':'
LOCATION 's3://example-iot/readings/';

CREATE EXTERNAL TABLE readings_serde (
  sensor string,
  reading double
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe'
WITH SERDEPROPERTIES (
  'serialization.format' = ',',
  'field.delim' = ',',
  'collection.delim' = '|',
  'mapkey.delim' = ':',
  'escape.delim' = '\\'
)
LOCATION 's3://example-iot/readings-serde/';

-- csv-serde.html: OpenCSVSerde with quote and escape characters
CREATE EXTERNAL TABLE customers_csv (
  customer_id string,
  full_name string,
  city string,
  signup_date string
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
WITH SERDEPROPERTIES (
  'separatorChar' = ',',
  'quoteChar' = '"',
  'escapeChar' = '\\'
)
STORED AS TEXTFILE
LOCATION 's3://example-crm/customers/'
TBLPROPERTIES ('skip.header.line.count'='1');

-- hive-json-serde.html: Hive JSON SerDe with timestamp formats
CREATE EXTERNAL TABLE ad_clicks (
  click_id string,
  campaign string,
  clicked_at timestamp,
  device struct<os:string, model:string>
)
PARTITIONED BY (dt string)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
WITH SERDEPROPERTIES ('timestamp.formats'='yyyy-MM-dd\'T\'HH:mm:ss.SSS\'Z\',millis')
LOCATION 's3://example-ads/clicks/';

-- openx-json-serde.html: ignore.malformed.json, case.insensitive, mapping, dots.in.keys
CREATE EXTERNAL TABLE shipments_json (
  shipment_id string,
  carrier_name string,
  weight_kg double,
  dest struct<city:string, zip:string>
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES (
  'ignore.malformed.json' = 'true',
  'case.insensitive' = 'false',
  'dots.in.keys' = 'true',
  'mapping.carrier_name' = 'Carrier.Name'
)
LOCATION 's3://example-logistics/shipments/';

-- regex-serde.html: Apache web server logs
CREATE EXTERNAL TABLE apache_access (
  client_ip string,
  ident string,
  auth_user string,
  request_time string,
  request_line string,
  status_code string,
  bytes_sent string
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'
WITH SERDEPROPERTIES (
  'input.regex' = '^(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] "([^"]*)" (\\d{3}) (\\S+)$'
)
LOCATION 's3://example-web/apache/';

-- grok-serde.html: custom patterns and the explicit input/output formats the page requires
CREATE EXTERNAL TABLE mail_log (
  syslogbase string,
  queue_id string,
  syslog_message string
)
ROW FORMAT SERDE 'com.amazonaws.glue.serde.GrokSerDe'
WITH SERDEPROPERTIES (
  'input.grokCustomPatterns' = 'POSTFIX_QUEUEID [0-9A-F]{7,12}',
  'input.format' = '%{SYSLOGBASE} %{POSTFIX_QUEUEID:queue_id}: %{GREEDYDATA:syslog_message}'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://example-mail/postfix/';

CREATE EXTERNAL TABLE app_events_grok (
  timestamp string,
  loglevel string,
  message string
)
ROW FORMAT SERDE 'com.amazonaws.glue.serde.GrokSerDe'
WITH SERDEPROPERTIES (
  'input.format' = '%{TIMESTAMP_ISO8601:timestamp} %{LOGLEVEL:loglevel} %{GREEDYDATA:message}'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://example-app/events/';

-- avro-serde.html: the schema given inline
CREATE EXTERNAL TABLE weather_avro (
  station string,
  observed_at bigint,
  temperature int
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.avro.AvroSerDe'
WITH SERDEPROPERTIES ('avro.schema.literal'='{"type":"record","name":"obs","fields":[{"name":"station","type":"string"},{"name":"observed_at","type":"long"},{"name":"temperature","type":"int"}]}')
STORED AS AVRO
LOCATION 's3://example-weather/avro/';

-- parquet-serde.html and compression-support-zstd-levels.html
CREATE EXTERNAL TABLE page_views_parquet (
  view_id string,
  page string,
  viewed_at timestamp
)
PARTITIONED BY (dt string)
STORED AS PARQUET
LOCATION 's3://example-web/page-views/'
TBLPROPERTIES ('parquet.compression'='SNAPPY');

CREATE EXTERNAL TABLE page_views_zstd (
  view_id string,
  page string
)
STORED AS PARQUET
LOCATION 's3://example-web/page-views-zstd/'
TBLPROPERTIES ('write.compression'='ZSTD', 'compression_level'='4');

-- orc-serde.html: reading ORC columns by name, not index
CREATE EXTERNAL TABLE inventory_orc (
  sku string,
  on_hand int,
  warehouse string
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.orc.OrcSerde'
WITH SERDEPROPERTIES ('orc.column.index.access'='false')
STORED AS ORC
LOCATION 's3://example-stock/inventory/'
TBLPROPERTIES ('orc.compress'='ZLIB');

-- ion-serde.html
CREATE EXTERNAL TABLE orders_ion (
  order_id string,
  amount decimal(10,2)
)
ROW FORMAT SERDE 'com.amazon.ionhiveserde.IonHiveSerDe'
STORED AS ION
LOCATION 's3://example-sales/ion/';

-- cloudtrail-logs.html: the CloudTrail SerDe's input format, partition projection by date
CREATE EXTERNAL TABLE cloudtrail_events (
  eventversion string,
  useridentity struct<type:string, principalid:string, arn:string, accountid:string>,
  eventtime string,
  eventsource string,
  eventname string,
  awsregion string,
  sourceipaddress string,
  useragent string,
  errorcode string,
  requestparameters string,
  responseelements string,
  requestid string,
  eventid string,
  readonly string,
  recipientaccountid string
)
PARTITIONED BY (`timestamp` string)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://example-trail/AWSLogs/111122223333/CloudTrail/us-east-1/'
TBLPROPERTIES (
  'projection.enabled'='true',
  'projection.timestamp.type'='date',
  'projection.timestamp.range'='2023/01/01,NOW',
  'projection.timestamp.format'='yyyy/MM/dd',
  'projection.timestamp.interval'='1',
  'projection.timestamp.interval.unit'='DAYS',
  'storage.location.template'='s3://example-trail/AWSLogs/111122223333/CloudTrail/us-east-1/${timestamp}'
);

-- application-load-balancer-logs.html: RegexSerDe with day projection
CREATE EXTERNAL TABLE alb_access (
  type string,
  time string,
  elb string,
  client_ip string,
  client_port int,
  target_ip string,
  target_port int,
  request_processing_time double,
  elb_status_code int,
  received_bytes bigint,
  request_verb string,
  request_url string,
  user_agent string
)
PARTITIONED BY (day string)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'
WITH SERDEPROPERTIES (
  'serialization.format' = '1',
  'input.regex' = '([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*):([0-9]*) ([^ ]*)[:-]([0-9]*) ([-.0-9]*) (|[-0-9]*) ([-0-9]*) \"([^ ]*) (.*) (- |[^ ]*)\" \"([^\"]*)\"'
)
LOCATION 's3://example-alb/AWSLogs/111122223333/elasticloadbalancing/us-east-1/'
TBLPROPERTIES (
  'projection.enabled'='true',
  'projection.day.type'='date',
  'projection.day.range'='2022/01/01,NOW',
  'projection.day.format'='yyyy/MM/dd',
  'projection.day.interval'='1',
  'projection.day.interval.unit'='DAYS',
  'storage.location.template'='s3://example-alb/AWSLogs/111122223333/elasticloadbalancing/us-east-1/${day}'
);

-- cloudfront-logs.html: tab-delimited standard logs with two header lines
CREATE EXTERNAL TABLE cloudfront_standard (
  `date` date,
  time string,
  x_edge_location string,
  sc_bytes bigint,
  c_ip string,
  cs_method string,
  cs_host string,
  cs_uri_stem string,
  sc_status int,
  cs_referrer string,
  cs_user_agent string
)
ROW FORMAT DELIMITED FIELDS TERMINATED BY '\t'
LOCATION 's3://example-cdn/standard-logs/'
TBLPROPERTIES ('skip.header.line.count'='2');

-- vpc-flow-logs-create-table-statement.html and vpc-flow-logs-partition-projection.html
CREATE EXTERNAL TABLE IF NOT EXISTS vpc_flows (
  version int,
  account_id string,
  interface_id string,
  srcaddr string,
  dstaddr string,
  srcport int,
  dstport int,
  protocol bigint,
  packets bigint,
  bytes bigint,
  start bigint,
  `end` bigint,
  action string,
  log_status string
)
PARTITIONED BY (accid string, region string, day string)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '
LOCATION 's3://example-vpc/AWSLogs/'
TBLPROPERTIES (
  'skip.header.line.count'='1',
  'projection.enabled'='true',
  'projection.accid.type'='enum',
  'projection.accid.values'='111122223333,444455556666',
  'projection.region.type'='enum',
  'projection.region.values'='us-east-1,eu-west-1',
  'projection.day.type'='date',
  'projection.day.range'='2023/01/01,NOW',
  'projection.day.format'='yyyy/MM/dd',
  'projection.day.interval'='1',
  'projection.day.interval.unit'='DAYS',
  'storage.location.template'='s3://example-vpc/AWSLogs/${accid}/vpcflowlogs/${region}/${day}/'
);

-- vpc-flow-logs-parquet.html: Hive-style hourly partitions, the header count ignored
CREATE EXTERNAL TABLE vpc_flows_parquet (
  version int,
  srcaddr string,
  dstaddr string,
  packets bigint
)
PARTITIONED BY (`aws-account-id` string, `aws-region` string, `year` string, `month` string, `day` string, `hour` string)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://example-vpc/parquet/AWSLogs/'
TBLPROPERTIES ('EXTERNAL'='true', 'skip.header.line.count'='1');

-- waf-logs.html: JSON with an injected projection and a date projection in milliseconds format
CREATE EXTERNAL TABLE waf_events (
  timestamp bigint,
  formatversion int,
  webaclid string,
  action string,
  httpsourcename string,
  httprequest struct<clientip:string, country:string, uri:string, httpmethod:string>
)
PARTITIONED BY (log_time string, webacl string)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://example-waf/AWSLogs/111122223333/WAFLogs/cloudfront/'
TBLPROPERTIES (
  'projection.enabled'='true',
  'projection.log_time.type'='date',
  'projection.log_time.format'='yyyy/MM/dd/HH/mm',
  'projection.log_time.range'='2024/01/01/00/00,NOW',
  'projection.log_time.interval'='1',
  'projection.log_time.interval.unit'='MINUTES',
  'projection.webacl.type'='injected',
  'storage.location.template'='s3://example-waf/AWSLogs/111122223333/WAFLogs/cloudfront/${webacl}/${log_time}'
);

-- s3-access-logs.html: regex SerDe over server access logs
CREATE EXTERNAL TABLE s3_server_access (
  bucketowner string,
  bucket_name string,
  requestdatetime string,
  remoteip string,
  requester string,
  requestid string,
  operation string,
  key string,
  request_uri string,
  httpstatus string,
  errorcode string,
  bytessent bigint
)
PARTITIONED BY (`timestamp` string)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'
WITH SERDEPROPERTIES (
  'input.regex'='([^ ]*) ([^ ]*) \\[(.*?)\\] ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) (\"[^\"]*\"|-) (-|[0-9]*) ([^ ]*) (-|[0-9]*).*$'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://example-access-logs/prefix/'
TBLPROPERTIES (
  'projection.enabled'='true',
  'projection.timestamp.type'='date',
  'projection.timestamp.format'='yyyy/MM/dd',
  'projection.timestamp.interval'='1',
  'projection.timestamp.interval.unit'='DAYS',
  'projection.timestamp.range'='2024/01/01,NOW',
  'storage.location.template'='s3://example-access-logs/prefix/111122223333/us-east-1/example-bucket/${timestamp}'
);

-- querying-r53-resolver-logs.html: nested JSON
CREATE EXTERNAL TABLE r53_resolver (
  version float,
  account_id string,
  region string,
  vpc_id string,
  query_timestamp string,
  query_name string,
  query_type string,
  rcode string,
  answers array<struct<rdata:string, type:string, class:string>>,
  srcaddr string,
  srcport int
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://example-dns/AWSLogs/111122223333/vpcdnsquerylogs/';

-- networkfirewall-logs.html: nested struct with event fields
CREATE EXTERNAL TABLE firewall_alerts (
  firewall_name string,
  availability_zone string,
  event_timestamp string,
  event struct<
    timestamp:string,
    flow_id:bigint,
    event_type:string,
    src_ip:string,
    src_port:int,
    dest_ip:string,
    dest_port:int,
    proto:string,
    alert:struct<action:string, signature_id:int, signature:string, severity:int>
  >
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://example-firewall/alerts/';

-- elasticloadbalancer-classic-logs.html
CREATE EXTERNAL TABLE classic_elb (
  request_timestamp string,
  elb_name string,
  request_ip string,
  request_port int,
  backend_ip string,
  backend_port int,
  elb_response_code string,
  url string
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'
WITH SERDEPROPERTIES (
  'serialization.format' = '1',
  'input.regex' = '([^ ]*) ([^ ]*) ([^ ]*):([0-9]*) ([^ ]*)[:-]([0-9]*) ([-0-9]*) \"[^ ]* ([^ ]*) .*'
)
LOCATION 's3://example-elb/classic/';

-- emr-logs.html: one column per line
CREATE EXTERNAL TABLE emr_step_logs (
  data string
)
PARTITIONED BY (logtype string)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '
LOCATION 's3://example-emr/elasticmapreduce/j-ABC123/';

-- partition-projection-supported-types.html: integer with digits and interval, enum
CREATE EXTERNAL TABLE sensor_hours (
  sensor string,
  reading double
)
PARTITIONED BY (`year` int, `hour` string, site string)
STORED AS PARQUET
LOCATION 's3://example-iot/hours/'
TBLPROPERTIES (
  'projection.enabled'='true',
  'projection.year.type'='integer',
  'projection.year.range'='2015,2035',
  'projection.hour.type'='integer',
  'projection.hour.range'='0,23',
  'projection.hour.digits'='2',
  'projection.site.type'='enum',
  'projection.site.values'='north,south,west'
);

-- partition-projection-dynamic-id-partitioning.html: injected customer ids
CREATE EXTERNAL TABLE tenant_events (
  event_id string,
  payload string
)
PARTITIONED BY (tenant_id string)
STORED AS PARQUET
LOCATION 's3://example-saas/events/'
TBLPROPERTIES (
  'projection.enabled'='true',
  'projection.tenant_id.type'='injected',
  'storage.location.template'='s3://example-saas/events/${tenant_id}/'
);

-- ctas-bucketing-vs-partitioning.html: a bucketed external table
CREATE EXTERNAL TABLE trips_bucketed (
  trip_id string,
  rider_id string,
  fare double
)
CLUSTERED BY (rider_id) INTO 16 BUCKETS
STORED AS PARQUET
LOCATION 's3://example-rides/bucketed/';

-- querying-iceberg-creating-tables.html: partition transforms and table properties
CREATE TABLE analytics.iceberg_orders (
  order_id bigint,
  customer_id string,
  amount decimal(10,2),
  ordered_at timestamp,
  category string
)
PARTITIONED BY (day(ordered_at), bucket(16, customer_id), category)
LOCATION 's3://example-lake/iceberg/orders/'
TBLPROPERTIES (
  'table_type'='ICEBERG',
  'format'='parquet',
  'write_compression'='zstd',
  'optimize_rewrite_delete_file_threshold'='10'
);

CREATE TABLE iceberg_events (
  id string,
  happened_at timestamp,
  kind string
)
PARTITIONED BY (month(happened_at), truncate(4, kind))
LOCATION 's3://example-lake/iceberg/events/'
TBLPROPERTIES ('table_type'='ICEBERG', 'vacuum_max_snapshot_age_seconds'='259200');

-- data-types.html: every primitive type and nested complex types
CREATE EXTERNAL TABLE all_types (
  b boolean,
  ti tinyint,
  si smallint,
  i int,
  bi bigint,
  f float,
  d double,
  dec decimal(38,10),
  c char(10),
  vc varchar(255),
  s string,
  bin binary,
  dt date,
  ts timestamp,
  arr array<int>,
  m map<string,array<double>>,
  st struct<name:string, scores:array<int>, meta:map<string,string>>
)
STORED AS PARQUET
LOCATION 's3://example-types/all/';

-- creating-tables.html: a database-qualified name written as one quoted identifier
CREATE EXTERNAL TABLE `weblogs.referrers` (
  referrer string,
  hits bigint
)
STORED AS ORC
LOCATION 's3://example-web/referrers/';

-- tables-location-format.html and encryption.html: encrypted data flag
CREATE EXTERNAL TABLE secure_payments (
  payment_id string,
  amount double
)
STORED AS PARQUET
LOCATION 's3://example-pay/payments/'
TBLPROPERTIES ('has_encrypted_data'='true');

-- querying-hudi.html: a copy-on-write Hudi table
CREATE EXTERNAL TABLE hudi_trips (
  `_hoodie_commit_time` string,
  `_hoodie_record_key` string,
  trip_id string,
  fare double
)
PARTITIONED BY (city string)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
STORED AS INPUTFORMAT 'org.apache.hudi.hadoop.HoodieParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://example-lake/hudi/trips/';

-- networkloadbalancer-classic-logs.html style: NLB TLS logs with RegexSerDe
CREATE EXTERNAL TABLE nlb_tls (
  type string,
  version string,
  time string,
  elb string,
  listener_id string,
  client_ip string,
  client_port int,
  tls_handshake_time_ms double
)
PARTITIONED BY (day string)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'
WITH SERDEPROPERTIES (
  'serialization.format' = '1',
  'input.regex' = '([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*):([0-9]*) ([-.0-9]*)'
)
LOCATION 's3://example-nlb/AWSLogs/111122223333/elasticloadbalancing/us-east-1/'
TBLPROPERTIES (
  'projection.enabled'='true',
  'projection.day.type'='date',
  'projection.day.range'='2023/01/01,NOW',
  'projection.day.format'='yyyy/MM/dd',
  'projection.day.interval'='1',
  'projection.day.interval.unit'='DAYS',
  'storage.location.template'='s3://example-nlb/AWSLogs/111122223333/elasticloadbalancing/us-east-1/${day}'
);

-- s3-inventory (querying S3 Inventory with Athena): ORC inventory with dt projection
CREATE EXTERNAL TABLE s3_inventory (
  bucket string,
  key string,
  version_id string,
  is_latest boolean,
  size bigint,
  last_modified_date timestamp,
  storage_class string
)
PARTITIONED BY (dt string)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.orc.OrcSerde'
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.IgnoreKeyTextOutputFormat'
LOCATION 's3://example-inventory/source-bucket/config-id/hive/'
TBLPROPERTIES (
  'projection.enabled'='true',
  'projection.dt.type'='date',
  'projection.dt.format'='yyyy-MM-dd-HH-mm',
  'projection.dt.range'='2024-01-01-00-00,NOW',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS'
);

-- querying-guardduty.html: findings as JSON
CREATE EXTERNAL TABLE guardduty_findings (
  schemaversion string,
  accountid string,
  region string,
  id string,
  type string,
  severity float,
  title string,
  resource string,
  service string,
  createdat string,
  updatedat string
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://example-guardduty/AWSLogs/111122223333/GuardDuty/';

-- querying-global-accelerator-flow-logs.html: space-delimited flow logs
CREATE EXTERNAL TABLE aga_flow_logs (
  version string,
  account string,
  acceleratorid string,
  clientip string,
  clientport int,
  gip string,
  gipport int,
  endpointip string,
  endpointport int,
  protocol string,
  ipaddresstype string,
  numpackets bigint,
  numbytes int,
  starttime int,
  endtime int,
  action string,
  logstatus string
)
PARTITIONED BY (dt string)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ' '
LOCATION 's3://example-aga/AWSLogs/111122223333/globalaccelerator/';

-- querying-aws-config (AWS Config configuration snapshots): nested JSON
CREATE EXTERNAL TABLE config_items (
  fileversion string,
  configsnapshotid string,
  configurationitems array<struct<
    configurationitemversion:string,
    configurationitemcapturetime:string,
    resourcetype:string,
    resourceid:string,
    awsregion:string,
    tags:map<string,string>
  >>
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://example-config/AWSLogs/111122223333/Config/'
;

-- querying-ses-logs.html: SES event publishing through Firehose, nested JSON with a mapping
CREATE EXTERNAL TABLE ses_events (
  eventtype string,
  mail struct<`timestamp`:string, source:string, messageid:string, destination:array<string>>,
  bounce struct<bouncetype:string, bouncesubtype:string, `timestamp`:string>,
  delivery struct<processingtimemillis:int, smtpresponse:string>
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES ('mapping.eventtype'='eventType')
LOCATION 's3://example-ses/firehose/';

-- cloudfront-logs.html (real-time logs): tab-separated, partitioned by the Firehose prefix
CREATE EXTERNAL TABLE cloudfront_realtime (
  `timestamp` string,
  c_ip string,
  time_to_first_byte double,
  sc_status int,
  sc_bytes bigint,
  cs_method string,
  cs_protocol string,
  cs_host string,
  cs_uri_stem string
)
PARTITIONED BY (`year` string, `month` string, `day` string, `hour` string)
ROW FORMAT DELIMITED FIELDS TERMINATED BY '\t'
LOCATION 's3://example-cdn/realtime/'
;

-- delta-lake-tables-getting-started.html: a Delta Lake table is a name, a location and
-- 'table_type'='DELTA'; Athena reads its columns from the Delta log
CREATE EXTERNAL TABLE lakehouse.customer_changes
LOCATION 's3://example-lakehouse/delta/customer_changes/'
TBLPROPERTIES ('table_type' = 'DELTA');

-- the same form, unqualified, with a lower-case type name and IF NOT EXISTS
CREATE EXTERNAL TABLE IF NOT EXISTS sensor_readings_delta
LOCATION 's3://example-iot/tables/sensor_readings/'
TBLPROPERTIES ('table_type'='delta');

-- SHOW CREATE TABLE style: `db.table` as one quoted name, double-quoted property key
CREATE EXTERNAL TABLE `finance.ledger_delta`
LOCATION 's3://example-finance/ledger/_delta/'
TBLPROPERTIES ("table_type"='DELTA')
