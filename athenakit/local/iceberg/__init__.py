"""Iceberg tables on the local engine, stored as real Iceberg tables with pyiceberg.

Owns everything Iceberg the local engine does: the pyiceberg SQL catalog kept beside the local
catalog (``store``), the mapping of a table spec to an Iceberg schema and partition spec
(``schema``), reads with partition pruning and time travel (``scan``, ``filters``), the
``$history`` / ``$snapshots`` / ``$files`` / ``$manifests`` / ``$partitions`` metadata tables
(``metadata``), writes that commit one snapshot each (``commit``): CREATE / CTAS / INSERT INTO /
DROP (``writes``), DELETE / UPDATE / MERGE INTO (``dml``, ``merge``, ``values``), OPTIMIZE and
VACUUM (``maintenance``), and ALTER TABLE schema, property and name changes (``evolve``).

The local catalog stays the source of table definitions; the pyiceberg catalog (a SQLite file
``iceberg.sqlite`` in the catalog directory, or in a temporary directory) holds each table's
current metadata pointer. Metadata JSON, manifests and Parquet data files are written under the
table's ``LOCATION`` mapped by :class:`~athenakit.local.paths.PathMapper`, so pyiceberg (or Spark)
reads them directly. Needs the ``iceberg`` extra.

https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg.html
"""
