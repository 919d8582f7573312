"""SQL text, below every other layer: quoting, the statement splitter and the template engine.

* :mod:`athenakit.sql.quoting` -- the one place quoting is decided: backticks on the Hive side,
  double quotes on the Trino side, literal escaping for each (``quote_identifier``,
  ``quote_literal``).
* :mod:`athenakit.sql.splitter` -- a script cut into :class:`Statement` values, each with its
  offset, line, column, engine and kind.
* :mod:`athenakit.sql.templating` -- the Jinja environment (``| ident`` / ``| literal``) behind
  every template in ``templates/``.

Nothing here knows about tables: :mod:`athenakit.table` renders DDL on top of these, and the
statement builders of the ETL write path (CTAS, INSERT, UNLOAD, MERGE, ALTER) will live in
:mod:`athenakit.write`, also on top of them.
"""
