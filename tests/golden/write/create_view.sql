CREATE OR REPLACE VIEW analytics.recent_events AS
SELECT * FROM raw.events WHERE dt >= '2024-06-01';
