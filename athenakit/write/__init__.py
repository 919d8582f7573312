"""The ETL write path: statements that write data, built from the table model.

* :mod:`~athenakit.write.ctas` -- ``CREATE TABLE ... WITH (...) AS SELECT`` for Hive and Iceberg
  targets, with the properties Athena accepts for each table type.
* :mod:`~athenakit.write.insert` -- ``INSERT INTO`` a table, columns in the table's order.
* :mod:`~athenakit.write.unload` -- ``UNLOAD (SELECT ...) TO 's3://...' WITH (...)``.
* :mod:`~athenakit.write.view` -- ``CREATE [OR REPLACE] VIEW``.

Builders take values and return SQL text: every identifier and literal goes through
:mod:`athenakit.sql.quoting` (these are all Trino-side statements), and each statement has one
template in ``templates/``. Still to come here: Iceberg MERGE / UPDATE / DELETE / OPTIMIZE /
VACUUM builders and ALTER TABLE builders split under Athena's 262,144-byte statement limit.

The write planner (``athenakit write``): :mod:`~athenakit.write.plan` cuts a write into CTAS /
INSERT steps of at most 100 partition x bucket writers (pure), :mod:`~athenakit.write.execute`
runs them through a :class:`~athenakit.query.base.Runner` recording each step in the state
file of :mod:`~athenakit.write.state`, and :mod:`~athenakit.write.job` does both in one call.
"""
