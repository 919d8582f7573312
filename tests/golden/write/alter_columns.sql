ALTER TABLE analytics.daily_events ADD COLUMNS (
  `date` string COMMENT 'day it\'s for',
  score double
);

ALTER TABLE analytics.daily_events CHANGE COLUMN `from` `from` decimal(12,2) COMMENT 'sender' AFTER user_id;

ALTER TABLE analytics.daily_events SET LOCATION 's3://athenakit-examples/daily_events_v2/';

ALTER TABLE analytics.daily_events SET TBLPROPERTIES (
  'projection.enabled'='false'
);
