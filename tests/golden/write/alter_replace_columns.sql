ALTER TABLE text_export REPLACE COLUMNS (
  a bigint,
  b string,
  c int
);
