CREATE DATABASE IF NOT EXISTS logs;

CREATE EXTERNAL TABLE logs.vpc_flow_logs (
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
  `start` bigint COMMENT 'start of the capture window (Unix seconds)',
  `end` bigint COMMENT 'end of the capture window (Unix seconds)',
  action string,
  log_status string
)
COMMENT 'VPC flow logs, default format'
PARTITIONED BY (
  accid string COMMENT 'account that owns the log files',
  region string,
  day string
)
ROW FORMAT DELIMITED
  FIELDS TERMINATED BY ' '
STORED AS TEXTFILE
LOCATION 's3://athenakit-examples/vpc_flow_logs/AWSLogs/'
TBLPROPERTIES (
  'projection.enabled'='true',
  'projection.accid.type'='injected',
  'projection.region.type'='enum',
  'projection.region.values'='us-east-1,eu-west-1',
  'projection.day.type'='date',
  'projection.day.range'='2024/01/01,NOW',
  'projection.day.format'='yyyy/MM/dd',
  'storage.location.template'='s3://athenakit-examples/vpc_flow_logs/AWSLogs/${accid}/vpcflowlogs/${region}/${day}/',
  'skip.header.line.count'='1'
);
