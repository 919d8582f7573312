"""UNLOAD a query's rows to S3 in a chosen format.

https://docs.aws.amazon.com/athena/latest/ug/unload.html

``format`` is required. ``partitioned_by`` columns must be the query's last columns (Athena's
rule); ``field_delimiter`` applies to TEXTFILE only; ``compression`` is the format's write
compression. The target folder must be empty, and should end in ``/``.
"""

from __future__ import annotations

from collections.abc import Sequence

from athenakit.errors import Diagnostic, Severity, SpecError
from athenakit.sql.quoting import Engine, quote_literal
from athenakit.sql.templating import render_template
from athenakit.write.select import strip_statement

UNLOAD_DOC = "https://docs.aws.amazon.com/athena/latest/ug/unload.html"
UNLOAD_FORMATS = ("AVRO", "ION", "JSON", "ORC", "PARQUET", "TEXTFILE")
_TRINO = Engine.TRINO


def unload(select: str, to: str, *, format: str, partitioned_by: Sequence[str] = (),
           compression: str | None = None, compression_level: int | None = None,
           field_delimiter: str | None = None) -> str:
    """``UNLOAD (<select>) TO '<to>' WITH (format = ..., ...)``.

    Raises:
        SpecError: an unknown format, a delimiter for a non-text format, a target that is not
            an ``s3://`` folder.

    Example:
        >>> print(unload("SELECT * FROM t", "s3://b/out/", format="parquet",
        ...              compression="snappy"), end="")
        UNLOAD (
        SELECT * FROM t
        ) TO 's3://b/out/'
        WITH (
          format = 'PARQUET',
          compression = 'SNAPPY'
        )
    """
    fmt = format.upper()
    problems = []
    if fmt not in UNLOAD_FORMATS:
        problems.append(_error("format", f"UNLOAD writes {', '.join(UNLOAD_FORMATS)}, "
                               f"not {format!r}"))
    if field_delimiter is not None and fmt != "TEXTFILE":
        problems.append(_error("field_delimiter", "field_delimiter is for TEXTFILE only"))
    # https://docs.aws.amazon.com/athena/latest/ug/compression-support-zstd-levels.html
    if compression_level is not None and (compression or "").upper() != "ZSTD":
        problems.append(_error("compression_level", "compression_level applies to ZSTD "
                               "compression only"))
    problems += _partitions_last(select, partitioned_by)
    if not to.startswith("s3://") or not to.endswith("/"):
        problems.append(_error("to", f"UNLOAD writes to an s3:// folder ending in '/', not "
                               f"{to!r}"))
    if problems:
        raise SpecError(problems)
    props = [("format", _lit(fmt))]
    if partitioned_by:
        props.append(("partitioned_by",
                      "ARRAY[" + ", ".join(_lit(c) for c in partitioned_by) + "]"))
    if compression is not None:
        props.append(("compression", _lit(compression.upper())))
    if compression_level is not None:
        props.append(("compression_level", str(int(compression_level))))
    if field_delimiter is not None:
        props.append(("field_delimiter", _lit(field_delimiter)))
    return render_template("unload.sql.j2", select=strip_statement(select), to=_lit(to),
                           properties=props)


def _partitions_last(select: str, partitioned_by: Sequence[str]) -> list[Diagnostic]:
    """Athena needs the partition columns last in the SELECT list, in ``partitioned_by``'s
    order; checked when the outermost SELECT names its columns (no ``*``)."""
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import ParseError

    if not partitioned_by:
        return []
    try:
        tree = sqlglot.parse_one(strip_statement(select), read="trino")
    except ParseError:
        return []  # the query's own syntax is for Athena (or athenakit check) to report
    if not isinstance(tree, exp.Select) or any(isinstance(e, exp.Star) or e.is_star
                                               for e in tree.expressions):
        return []
    names = [e.alias_or_name.lower() for e in tree.expressions]
    wanted = [c.lower() for c in partitioned_by]
    if names[-len(wanted):] == wanted:
        return []
    return [_error("partitioned_by", f"the partition columns {', '.join(partitioned_by)} must "
                   f"be the last columns of the SELECT, in that order (it ends with "
                   f"{', '.join(names[-len(wanted):])})")]


def _error(path: str, message: str) -> Diagnostic:
    return Diagnostic("AK402", Severity.ERROR, message, path=path, doc=UNLOAD_DOC)


def _lit(value: str) -> str:
    return quote_literal(value, _TRINO)
