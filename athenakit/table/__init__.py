"""Specs become tables, tables become DDL: the table model and everything that reads or writes it.

In data-flow order:

* Reading: :mod:`~athenakit.table.spec` (YAML/JSON spec files, with field paths and line numbers),
  :mod:`~athenakit.table.schema` (the JSON Schema of spec files, also the unknown-key check),
  :mod:`~athenakit.table.importer` (CREATE TABLE statements back into the model).
* The model: :mod:`~athenakit.table.types` (column types), :mod:`~athenakit.table.storage`
  (the registry of storage formats), :mod:`~athenakit.table.projection` (one typed object per
  projected partition column), :mod:`~athenakit.table.model` (``Table``, ``Column``, ...).
* Rules: :mod:`~athenakit.table.validate` (every offline table rule), with
  :mod:`~athenakit.table.projection_rules` and :mod:`~athenakit.table.iceberg`.
* Writing: :mod:`~athenakit.table.render` (DDL through ``templates/``),
  :mod:`~athenakit.table.spec_writer` (specs), :mod:`~athenakit.table.view` (HTML / Markdown
  views for notebooks).
* Comparing: :mod:`~athenakit.table.drift` (how a table differs from its spec). The schema diff
  that emits ALTER statements and the projection explainer of the ETL write path belong here
  too, as pure functions of tables.

Everything here is pure: values in, values out; no AWS, no data files. It imports only
:mod:`athenakit.errors`, :mod:`athenakit.html` and :mod:`athenakit.sql`.
"""
