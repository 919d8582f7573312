CREATE EXTERNAL TABLE json_events (
  event_id string,
  event_type string,
  user_id string,
  ts timestamp COMMENT 'JSON key "timestamp"',
  device struct<os:string,os_version:string,model:string,screen:struct<width:int,height:int>>,
  tags array<string>,
  properties map<string,string>,
  items array<struct<sku:string,quantity:int,price:decimal(10,2)>>
)
COMMENT 'Product analytics events, one JSON object per line'
PARTITIONED BY (
  dt string
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES (
  'case.insensitive'='false',
  'ignore.malformed.json'='true',
  'mapping.event_id'='eventId',
  'mapping.event_type'='eventType',
  'mapping.ts'='timestamp',
  'mapping.user_id'='userId'
)
STORED AS TEXTFILE
LOCATION 's3://athenakit-examples/json_events/'
TBLPROPERTIES (
  'projection.enabled'='true',
  'projection.dt.type'='date',
  'projection.dt.range'='2024-01-01,NOW',
  'projection.dt.format'='yyyy-MM-dd'
);
