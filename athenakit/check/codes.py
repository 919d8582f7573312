"""The rules of ``athenakit check``: one registry of codes, severities and documentation links.

Codes are stable: AK30x syntax and statement shape, AK31x quoting, AK32x DDL, AK33x CTAS /
INSERT / UNLOAD, AK34x queries against known tables, AK36x the scan estimate. Findings of the core model validation
(AK1xx / AK2xx) keep their own codes when ``check`` reports them for a CREATE TABLE statement.
"""

from __future__ import annotations

from dataclasses import dataclass

from athenakit.errors import Severity

_UG = "https://docs.aws.amazon.com/athena/latest/ug/"


@dataclass(frozen=True)
class Rule:
    """One check: its code, default severity, a short name and the page that states the rule."""

    code: str
    name: str
    severity: Severity
    doc: str


_E, _W = Severity.ERROR, Severity.WARNING

RULES: dict[str, Rule] = {r.code: r for r in [
    # Syntax and statement shape
    Rule("AK300", "syntax-error", _E, _UG + "ddl-sql-reference.html"),
    Rule("AK301", "unsupported-statement", _E, _UG + "unsupported-ddl.html"),
    Rule("AK302", "statement-too-long", _E, _UG + "service-limits.html"),
    Rule("AK303", "malformed-athena-statement", _E, _UG + "ddl-reference.html"),
    Rule("AK304", "untranslatable", _E, _UG + "functions-env3.html"),
    Rule("AK305", "not-trino-syntax", _E, _UG + "select.html"),
    # Quoting and names
    Rule("AK310", "backtick-in-query", _E, _UG + "reserved-words.html"),
    Rule("AK311", "double-quote-in-ddl", _E, _UG + "reserved-words.html"),
    Rule("AK312", "reserved-word-unquoted", _E, _UG + "reserved-words.html"),
    Rule("AK313", "digit-name-unquoted", _E, _UG + "tables-databases-columns-names.html"),
    Rule("AK314", "underscore-name-unquoted", _E, _UG + "tables-databases-columns-names.html"),
    Rule("AK315", "unsafe-name-characters", _W, _UG + "tables-databases-columns-names.html"),
    Rule("AK316", "name-too-long", _E, _UG + "tables-databases-columns-names.html"),
    Rule("AK317", "duplicate-name", _E, _UG + "tables-databases-columns-names.html"),
    Rule("AK318", "struct-field-unquoted", _E, _UG + "reserved-words.html"),
    # DDL
    Rule("AK320", "ddl-not-importable", _E, _UG + "create-table.html"),
    Rule("AK321", "create-table-like", _E, _UG + "unsupported-ddl.html"),
    Rule("AK322", "insert-overwrite", _E, _UG + "unsupported-ddl.html"),
    Rule("AK323", "rename-hive-table", _E, _UG + "unsupported-ddl.html"),
    Rule("AK324", "set-serdeproperties", _E, _UG + "unsupported-ddl.html"),
    Rule("AK325", "replace-columns-serde", _E, _UG + "alter-table-replace-columns.html"),
    Rule("AK326", "add-date-column", _E, _UG + "alter-table-add-columns.html"),
    Rule("AK327", "projection-without-partition", _E,
         _UG + "partition-projection-setting-up.html"),
    Rule("AK328", "delta-table-read-only", _E, _UG + "delta-lake-tables.html"),
    # CTAS, INSERT, UNLOAD
    Rule("AK330", "property-not-lowercase", _E, _UG + "create-table-as.html"),
    Rule("AK331", "invalid-format", _E, _UG + "create-table-as.html"),
    Rule("AK332", "partition-columns-not-last", _E, _UG + "create-table-as.html"),
    Rule("AK333", "iceberg-ctas-external", _E, _UG + "create-table-as.html"),
    Rule("AK334", "iceberg-ctas-location", _E, _UG + "create-table-as.html"),
    Rule("AK335", "property-wrong-table-type", _E, _UG + "create-table-as.html"),
    Rule("AK336", "ctas-order-by", _W, _UG + "ctas-considerations-limitations.html"),
    Rule("AK337", "unload-without-format", _E, _UG + "unload.html"),
    Rule("AK338", "unknown-property", _W, _UG + "create-table-as.html"),
    # Queries against known tables
    Rule("AK340", "unknown-table", _E, _UG + "tables-databases-columns-names.html"),
    Rule("AK341", "unknown-column", _E, _UG + "tables-databases-columns-names.html"),
    Rule("AK342", "partition-full-scan", _W, _UG + "partitions.html"),
    Rule("AK343", "injected-without-equality", _E,
         _UG + "partition-projection-supported-types.html"),
    Rule("AK344", "partition-filter-in-subquery", _W, _UG + "performance-tuning.html"),
    Rule("AK345", "parameter-outside-where", _E, _UG + "querying-with-prepared-statements.html"),
    Rule("AK346", "too-many-projected-partitions", _W, _UG + "partition-projection.html"),
    # Scan estimate (athenakit check --s3-root / --scan-threshold)
    Rule("AK360", "scan-over-threshold", _W,
         _UG + "workgroups-setting-control-limits-cloudwatch.html"),
]}


def rule(code: str) -> Rule:
    """Return the rule registered under ``code``.

    Raises:
        KeyError: for a code that is not an ``athenakit check`` rule.
    """
    return RULES[code]
