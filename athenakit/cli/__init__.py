"""The ``athenakit`` command line, the top layer beside :mod:`athenakit.notebook`.

Each sub-command lives in its own module under ``athenakit.cli`` exposing ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``. Command modules import heavy libraries
(boto3, pyathena, duckdb, pandas, pyarrow) inside ``run`` only, so start-up stays light.

Exit codes: 0 success, 1 invalid input or a failed query, 2 usage error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from athenakit.errors import AthenakitError

# name -> module; the order is the order of ``athenakit --help``.
COMMANDS = {
    "ddl": "athenakit.cli.ddl",
    "import": "athenakit.cli.import_ddl",
    "schema": "athenakit.cli.schema",
    "run": "athenakit.cli.run",
    "estimate": "athenakit.cli.estimate",
    "apply": "athenakit.cli.apply",
    "diff": "athenakit.cli.diff",
    "write": "athenakit.cli.write",
    "partitions": "athenakit.cli.partitions",
    "check": "athenakit.cli.check",
    "transpile": "athenakit.cli.transpile",
    "infer": "athenakit.cli.infer",
    "serve": "athenakit.cli.serve",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``command`` given, only that command's module is imported."""
    parser = argparse.ArgumentParser(
        prog="athenakit",
        description="Athena table specs, DDL, SQL checks and queries.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more (-vv: debug)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module_name in COMMANDS.items():
        if command is not None and name != command:
            continue  # a chosen command's run needs no other parser (each costs start-up)
        module = importlib.import_module(module_name)
        cmd = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(cmd)
        # a command that never logs says LOGS = False and skips importing logging at start-up
        cmd.set_defaults(_run=module.run, _logs=getattr(module, "LOGS", True))
    return parser


def _chosen_command(argv: Sequence[str]) -> str | None:
    for arg in argv:
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def _configure_logging(verbose: int) -> None:
    import logging

    from athenakit.runner.redact import install

    level = (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    install(logging.getLogger().handlers)  # no credential in any log line, at any verbosity


def printable(text: str) -> str:
    """``text`` with control characters (ESC, BEL, CR ...) shown as escapes, not sent to the
    terminal; newlines and tabs are kept."""
    from athenakit.text import escape_controls

    return escape_controls(text, keep="\n\t")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the exit code (also used by ``python -m athenakit``)."""
    if argv is None:  # the program itself: it exits when this returns
        try:
            return _main(sys.argv[1:])
        finally:
            _before_exit()
    return _main(argv)


def _before_exit() -> None:
    """Spare the interpreter's last garbage collection at exit, a walk over every object of
    every module loaded (sqlglot's and DuckDB's: some 30 ms) that frees nothing the operating
    system does not free: the objects alive now are left out of it (``gc.freeze``). The
    command has closed what it opened (the local engine's DuckDB, its temporary files)."""
    import gc

    gc.freeze()


def _main(argv: Sequence[str]) -> int:
    argv = list(argv)
    args = build_parser(_chosen_command(argv)).parse_args(argv)
    if args._logs or args.verbose:
        _configure_logging(args.verbose)
    try:
        return int(args._run(args))
    except AthenakitError as err:
        if args.debug:
            raise
        print(f"athenakit: error: {printable(str(err))}", file=sys.stderr)
        return 1
    except RecursionError:
        if args.debug:
            raise
        # a safety net: each reader bounds nesting itself (sql.splitter, table.types, specs)
        print("athenakit: error: the input nests too deeply to be read", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("athenakit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
