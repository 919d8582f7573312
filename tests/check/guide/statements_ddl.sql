-- Hive-side statements of the DDL reference (ddl-reference.html), other than CREATE TABLE.

-- create-database.html
CREATE DATABASE IF NOT EXISTS clickstream
  COMMENT 'web and app events'
  LOCATION 's3://example-lake/clickstream/'
  WITH DBPROPERTIES ('creator'='data-platform', 'team'='analytics');
CREATE SCHEMA reporting;
-- alter-database-set-dbproperties.html
ALTER DATABASE clickstream SET DBPROPERTIES ('owner'='analytics', 'tier'='gold');
ALTER SCHEMA reporting SET DBPROPERTIES ('retention'='90d');
-- alter-table-add-columns.html
ALTER TABLE clickstream.sessions ADD COLUMNS (referrer string, screen_width int);
ALTER TABLE clickstream.sessions PARTITION (dt='2024-05-01') ADD COLUMNS (campaign string);
ALTER TABLE clickstream.sessions ADD COLUMNS (geo struct<lat:double, lon:double>) CASCADE;
-- alter-table-add-partition.html
ALTER TABLE clickstream.sessions ADD IF NOT EXISTS
  PARTITION (dt='2024-05-01', country='DE') LOCATION 's3://example-lake/sessions/2024/05/01/DE/'
  PARTITION (dt='2024-05-02', country='DE') LOCATION 's3://example-lake/sessions/2024/05/02/DE/';
ALTER TABLE clickstream.sessions ADD PARTITION (dt='2024-05-03', country='FR');
-- alter-table-drop-partition.html
ALTER TABLE clickstream.sessions DROP IF EXISTS PARTITION (dt='2024-05-01', country='DE'),
  PARTITION (dt='2024-05-02', country='DE');
-- alter-table-rename-partition.html
ALTER TABLE clickstream.sessions PARTITION (dt='2024-05-03', country='FR')
  RENAME TO PARTITION (dt='2024-05-03', country='fr');
-- alter-table-replace-columns.html
ALTER TABLE clickstream.raw_lines REPLACE COLUMNS (line string, source string);
-- alter-table-set-location.html
ALTER TABLE clickstream.sessions SET LOCATION 's3://example-lake/sessions-v2/';
ALTER TABLE clickstream.sessions PARTITION (dt='2024-05-03', country='fr')
  SET LOCATION 's3://example-lake/sessions-v2/2024/05/03/fr/';
-- alter-table-set-tblproperties.html
ALTER TABLE clickstream.sessions SET TBLPROPERTIES ('classification'='parquet', 'comment'='sessions');
-- alter-table-change-column.html (Hive) and the Iceberg ALTER TABLE pages
ALTER TABLE clickstream.sessions CHANGE COLUMN screen_width screen_px int;
ALTER TABLE analytics.iceberg_orders ADD COLUMNS (channel string);
ALTER TABLE analytics.iceberg_orders DROP COLUMN channel;
ALTER TABLE analytics.iceberg_orders CHANGE category product_category string AFTER order_id;
ALTER TABLE analytics.iceberg_orders CHANGE COLUMN amount amount decimal(12,2) COMMENT 'in EUR' FIRST;
ALTER TABLE analytics.iceberg_orders RENAME TO analytics.iceberg_orders_v2;
ALTER TABLE analytics.iceberg_orders_v2 SET TBLPROPERTIES ('vacuum_min_snapshots_to_keep'='5');
ALTER TABLE analytics.iceberg_orders_v2 UNSET TBLPROPERTIES ('vacuum_min_snapshots_to_keep');
-- describe-table.html
DESCRIBE clickstream.sessions;
DESCRIBE EXTENDED clickstream.sessions;
DESCRIBE FORMATTED clickstream.sessions PARTITION (dt='2024-05-03', country='fr');
DESCRIBE FORMATTED clickstream.sessions PARTITION (dt='2024-05-03', country='fr') referrer;
DESCRIBE clickstream.sessions geo;
DESCRIBE clickstream.sessions geo.lat;
-- describe-view.html
DESCRIBE reporting.daily_revenue;
-- drop-database.html, drop-table.html
DROP DATABASE IF EXISTS scratch CASCADE;
DROP SCHEMA scratch_two RESTRICT;
DROP TABLE IF EXISTS clickstream.sessions_old;
DROP TABLE clickstream.tmp_load;
-- msck-repair-table.html
MSCK REPAIR TABLE clickstream.sessions;
-- show-columns.html, show-create-table.html, show-create-view.html
SHOW COLUMNS IN clickstream.sessions;
SHOW COLUMNS FROM sessions FROM clickstream;
SHOW CREATE TABLE clickstream.sessions;
SHOW CREATE VIEW reporting.daily_revenue;
-- show-databases.html, show-partitions.html, show-tables.html, show-tblproperties.html, show-views.html
SHOW DATABASES;
SHOW SCHEMAS LIKE 'click.*';
SHOW PARTITIONS clickstream.sessions;
SHOW TABLES;
SHOW TABLES IN clickstream 'sess*';
SHOW TBLPROPERTIES clickstream.sessions;
SHOW TBLPROPERTIES clickstream.sessions('classification');
SHOW VIEWS IN reporting LIKE 'daily*';
-- delta-lake-tables.html: the schema comes from the Delta log
CREATE EXTERNAL TABLE delta_orders
LOCATION 's3://example-lake/delta/orders/'
TBLPROPERTIES ('table_type'='DELTA');
-- show-functions.html
SHOW FUNCTIONS
