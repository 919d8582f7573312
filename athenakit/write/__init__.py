"""The ETL write path: statements that write data, built from the table model.

* :mod:`~athenakit.write.ctas` -- ``CREATE TABLE ... WITH (...) AS SELECT`` for Hive and Iceberg
  targets, with the properties Athena accepts for each table type.
* :mod:`~athenakit.write.insert` -- ``INSERT INTO`` a table, columns in the table's order.
* :mod:`~athenakit.write.unload` -- ``UNLOAD (SELECT ...) TO 's3://...' WITH (...)``.
* :mod:`~athenakit.write.view` -- ``CREATE [OR REPLACE] VIEW``.

Builders take values and return SQL text: every identifier and literal goes through
:mod:`athenakit.sql.quoting` (these are all Trino-side statements), and each statement has one
template in ``templates/``. Still to come here: Iceberg MERGE / UPDATE / DELETE / OPTIMIZE /
VACUUM builders, ALTER TABLE builders split under Athena's 262,144-byte statement limit, and
the write planner (``athenakit write``) that runs CTAS / INSERT steps of at most 100 partitions
through a :class:`~athenakit.query.base.Runner`.
"""
