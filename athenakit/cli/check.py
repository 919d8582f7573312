"""``athenakit check PATH...``: lint Athena SQL files offline, optionally fixing quoting."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from athenakit.errors import ConfigError, Diagnostic, SqlError

HELP = "check Athena SQL files for syntax, quoting, DDL and query mistakes (--fix repairs quoting)"
STDIN = "-"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="SQL files, directories (searched for *.sql) or - for stdin")
    parser.add_argument("--tables", action="append", default=[], metavar="SPEC",
                        help="table spec file or directory; repeat for more")
    parser.add_argument("--fix", action="store_true",
                        help="rewrite identifier quoting in place (stdin: print the fixed SQL)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format (default: text)")
    parser.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    scan = parser.add_argument_group("scan estimate (AK360)")
    scan.add_argument("--s3-root", metavar="DIR",
                      help="estimate each query over the data under DIR (s3://b/p/ is DIR/b/p/)")
    scan.add_argument("--scan-threshold", metavar="SIZE",
                      help="warn on queries estimated to scan more than SIZE (default 10GB, or "
                           "$ATHENAKIT_SCAN_THRESHOLD); given without --s3-root, S3 is listed")


def run(args: argparse.Namespace) -> int:
    from athenakit.check.checker import check, known_tables, load_catalog
    from athenakit.check.fix import fix_report
    from athenakit.cli.outfile import write_text

    catalog = load_catalog(args.tables)
    sources = list(_sources(args.paths))
    for name, text in sources:  # a table created in one file is known to all of them
        with _naming(name):
            for table in known_tables(text):
                catalog.add(table, declared=True)
    found: list[Diagnostic] = []
    fixed: list[Diagnostic] = []
    files = 0
    for name, text in sources:
        files += 1
        if args.fix:
            with _naming(name):
                result = fix_report(text, catalog, file=name)
            fixed += result.fixed
            if name == "<stdin>":
                sys.stdout.write(result.text)
            elif result.changed:  # the bytes as read: CRLF stays CRLF
                write_text(Path(name), result.text)
            text = result.text
        with _naming(name):
            found += check(text, catalog, file=name)
        found += scan_findings(text, name, args)
    errors = sum(d.is_error for d in found)
    warnings = len(found) - errors
    if args.format == "json":
        _print_json(found, fixed, files, errors, warnings, to_stderr=args.fix)
    else:
        _print_text(found, fixed, files, errors, warnings, to_stderr=args.fix)
    return 1 if errors or (args.strict and warnings) else 0


def scan_findings(text: str, file: str, args: argparse.Namespace) -> list[Diagnostic]:
    """AK360 for each query whose scan estimate is over the threshold; queries that cannot be
    estimated (a table without a spec, data that cannot be listed) get no finding here."""
    import os

    threshold = args.scan_threshold or os.environ.get("ATHENAKIT_SCAN_THRESHOLD")
    if not args.tables or not (args.s3_root or threshold):
        return []
    from athenakit.check.codes import rule
    from athenakit.errors import AthenakitError, Severity
    from athenakit.estimate import LocalStore, S3Store, estimate, parse_size, reads_data
    from athenakit.estimate.estimate import spec_definitions
    from athenakit.query.view import format_bytes
    from athenakit.sql.quoting import Engine
    from athenakit.sql.splitter import split_statements

    limit = parse_size(threshold or "10GB")
    definitions = spec_definitions(args.tables)
    store = LocalStore(args.s3_root) if args.s3_root else S3Store()
    found = []
    for index, statement in enumerate(split_statements(text, file=file)):
        if statement.engine is not Engine.TRINO or not reads_data(statement.sql):
            continue
        try:
            scanned = estimate(statement.sql, definitions, store).scanned_bytes
        except AthenakitError:
            continue
        if scanned > limit:
            ak360 = rule("AK360")
            found.append(Diagnostic(
                ak360.code, Severity.WARNING, f"this query is estimated to scan "
                f"{format_bytes(scanned)}, over the threshold of {format_bytes(limit)}",
                file=file, line=statement.line, column=statement.column, statement=index,
                doc=ak360.doc))
    return found


@contextmanager
def _naming(name: str) -> Iterator[None]:
    """A SqlError raised without a file (brackets nested too deep, say) names ``name``."""
    try:
        yield
    except SqlError as err:
        if err.file is not None or err.line is None:
            raise
        where = f"line {err.line}, column {err.column or 1}: "
        raise SqlError(str(err).removeprefix(where), line=err.line, column=err.column,
                       file=name) from None


def _sources(paths: list[str]) -> Iterator[tuple[str, str]]:
    for raw in paths:
        if raw == STDIN:
            yield "<stdin>", sys.stdin.read()
            continue
        path = Path(raw)
        if path.is_dir():
            for sql_file in sorted(path.rglob("*.sql")):
                yield str(sql_file), _read(sql_file)
        elif path.is_file():
            yield str(path), _read(path)
        else:
            raise ConfigError(f"no such file or directory: {raw}")


def _read(path: Path) -> str:
    try:  # newline="": line ends as they are in the file (--fix writes them back unchanged)
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"cannot read {path}: {err}") from err


def format_diagnostic(d: Diagnostic) -> str:
    """``path:line:col: severity CODE message``."""
    return f"{d.file or '<sql>'}:{d.line or 1}:{d.column or 1}: {d.severity} {d.code} {d.message}"


def _print_text(
    found: list[Diagnostic], fixed: list[Diagnostic], files: int, errors: int, warnings: int,
    *, to_stderr: bool,
) -> None:
    from athenakit.text import escape_controls

    out = sys.stderr if to_stderr else sys.stdout
    for d in fixed:
        print(escape_controls(f"{d.file or '<sql>'}:{d.line or 1}:{d.column or 1}: fixed "
                              f"{d.code} {d.message}"), file=out)
    for d in found:
        print(escape_controls(format_diagnostic(d)), file=out)
    summary = f"{errors} error(s), {warnings} warning(s) in {files} file(s)"
    if fixed:
        summary += f"; fixed {len(fixed)}"
    print(summary, file=out)


def _print_json(
    found: list[Diagnostic], fixed: list[Diagnostic], files: int, errors: int, warnings: int,
    *, to_stderr: bool,
) -> None:
    def as_dict(d: Diagnostic) -> dict[str, object]:
        return {"file": d.file, "line": d.line, "column": d.column, "statement": d.statement,
                "severity": str(d.severity), "code": d.code, "message": d.message,
                "path": d.path or None, "doc": d.doc}

    payload = {
        "diagnostics": [as_dict(d) for d in found],
        "fixed": [as_dict(d) for d in fixed],
        "summary": {"files": files, "errors": errors, "warnings": warnings},
    }
    print(json.dumps(payload, indent=2), file=sys.stderr if to_stderr else sys.stdout)
