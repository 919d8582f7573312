-- Geospatial queries (querying-geospatial-data.html, geospatial-functions-list.html)
SELECT ST_Point(-122.33, 47.61) AS seattle;
SELECT ST_AsText(ST_GeometryFromText('POLYGON ((0 0, 0 2, 2 2, 2 0, 0 0))')) AS wkt;
SELECT c.name, count(*) AS quakes
FROM geo.counties c
CROSS JOIN geo.earthquakes e
WHERE ST_Contains(ST_GeometryFromText(c.boundary), ST_Point(e.longitude, e.latitude))
GROUP BY c.name
ORDER BY quakes DESC;
SELECT ST_Distance(ST_Point(0, 0), ST_Point(3, 4)) AS d,
       ST_Area(ST_Polygon('polygon ((1 1, 4 1, 4 4, 1 4))')) AS area,
       ST_Intersects(ST_Line('linestring(0 0, 2 2)'), ST_Line('linestring(0 2, 2 0)')) AS crosses,
       ST_Buffer(ST_Point(1, 1), 0.5) AS buffered,
       great_circle_distance(47.6, -122.3, 51.5, -0.1) AS km,
       to_spherical_geography(ST_Point(1, 1)) AS geog,
       bing_tile_at(47.6, -122.3, 10) AS tile;
SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Point(5, 6) AS p) AS points;
-- User defined functions in Lambda (querying-udf.html)
USING EXTERNAL FUNCTION compress_text(col1 varchar) RETURNS varchar LAMBDA 'text-udfs'
SELECT compress_text('hello');
USING
  EXTERNAL FUNCTION redact(value varchar) RETURNS varchar LAMBDA 'arn:aws:lambda:us-east-1:111122223333:function:redact',
  EXTERNAL FUNCTION hash_id(value varchar, salt varchar) RETURNS varchar LAMBDA 'hash-udf'
SELECT redact(full_name), hash_id(customer_id, 's1') FROM crm.customers_csv;
USING FUNCTION decode_status(code integer) RETURNS varchar LAMBDA 'status-udf'
SELECT decode_status(elb_status_code) FROM logs.alb_access WHERE day = '2024/05/01';
-- Machine learning with SageMaker (querying-mlmodel.html)
USING EXTERNAL FUNCTION detect_anomaly(value double) RETURNS double SAGEMAKER 'anomaly-endpoint'
SELECT reading, detect_anomaly(reading) AS score FROM iot.readings_tsv;
USING EXTERNAL FUNCTION churn_score(age integer, spend double) RETURNS varchar SAGEMAKER 'churn-model'
SELECT customer_id, churn_score(42, 120.5) FROM crm.customers_csv
