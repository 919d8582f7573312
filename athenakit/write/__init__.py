"""The ETL write path: statements that write data, built from the table model.

* :mod:`~athenakit.write.ctas` -- ``CREATE TABLE ... WITH (...) AS SELECT`` for Hive and Iceberg
  targets, with the properties Athena accepts for each table type.
* :mod:`~athenakit.write.insert` -- ``INSERT INTO`` a table, columns in the table's order.
* :mod:`~athenakit.write.unload` -- ``UNLOAD (SELECT ...) TO 's3://...' WITH (...)``.
* :mod:`~athenakit.write.view` -- ``CREATE [OR REPLACE] VIEW``.
* :mod:`~athenakit.write.merge` -- Iceberg ``MERGE INTO`` (matched update / delete, not-matched
  insert).
* :mod:`~athenakit.write.iceberg` -- Iceberg ``UPDATE``, ``DELETE``, ``OPTIMIZE ... REWRITE DATA
  USING BIN_PACK`` and ``VACUUM``.

Builders take values and return SQL text: every identifier and literal goes through
:mod:`athenakit.sql.quoting` (these are all Trino-side statements), and each statement has one
template in ``templates/``. The ALTER TABLE builders are Hive-side DDL and live with the other
DDL in :mod:`athenakit.table.alter` (the schema diff, :mod:`athenakit.table.diff`, builds on
them).

The write planner (``athenakit write``): :mod:`~athenakit.write.plan` cuts a write into CTAS /
INSERT steps of at most 100 partition x bucket writers (pure), :mod:`~athenakit.write.execute`
runs them through a :class:`~athenakit.query.base.Runner` recording each step in the state
file of :mod:`~athenakit.write.state`, and :mod:`~athenakit.write.job` does both in one call.
"""
