ALTER TABLE analytics.daily_events ADD IF NOT EXISTS
  PARTITION (dt='2024-06-01') LOCATION 's3://athenakit-examples/daily_events/2024/06/01/'
  PARTITION (dt='2024-06-02');

ALTER TABLE analytics.daily_events DROP IF EXISTS
  PARTITION (dt='2024-06-01'),
  PARTITION (dt='2024-06-02');
