CREATE DATABASE IF NOT EXISTS logs;

CREATE EXTERNAL TABLE logs.cloudtrail (
  eventversion string,
  useridentity struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,accesskeyid:string,username:string,onbehalfof:struct<userid:string,identitystorearn:string>,sessioncontext:struct<attributes:struct<mfaauthenticated:string,creationdate:string>,sessionissuer:struct<type:string,principalid:string,arn:string,accountid:string,username:string>,ec2roledelivery:string,webidfederationdata:struct<federatedprovider:string,attributes:map<string,string>>>>,
  eventtime string,
  eventsource string,
  eventname string,
  awsregion string,
  sourceipaddress string,
  useragent string,
  errorcode string,
  errormessage string,
  requestparameters string COMMENT 'JSON text of the request',
  responseelements string COMMENT 'JSON text of the response',
  additionaleventdata string,
  requestid string,
  eventid string,
  readonly string,
  resources array<struct<arn:string,accountid:string,type:string>>,
  eventtype string,
  apiversion string,
  recipientaccountid string,
  serviceeventdetails string,
  sharedeventid string,
  vpcendpointid string,
  eventcategory string,
  tlsdetails struct<tlsversion:string,ciphersuite:string,clienthostheader:string>
)
COMMENT 'AWS CloudTrail management and data events'
PARTITIONED BY (
  region string,
  day string COMMENT 'delivery day, yyyy/MM/dd'
)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://athenakit-examples/cloudtrail/AWSLogs/123456789012/CloudTrail/'
TBLPROPERTIES (
  'projection.enabled'='true',
  'projection.region.type'='enum',
  'projection.region.values'='us-east-1,us-east-2,us-west-2,eu-west-1',
  'projection.day.type'='date',
  'projection.day.range'='2024/01/01,NOW',
  'projection.day.format'='yyyy/MM/dd',
  'projection.day.interval'='1',
  'projection.day.interval.unit'='DAYS',
  'storage.location.template'='s3://athenakit-examples/cloudtrail/AWSLogs/123456789012/CloudTrail/${region}/${day}/'
);
