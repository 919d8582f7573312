"""The options of ``%%athena``: those of ``athenakit run`` (engine and Athena settings) plus
``-o NAME``.

The engine options are defined once, by :func:`athenakit.connect.add_engine_arguments`; this
module adds the notebook-only ones and turns argparse's exit-on-error into
:class:`~athenakit.errors.ConfigError` so a typo shows as one line in the cell.
"""

from __future__ import annotations

import argparse
import re
import shlex
from typing import Any, NoReturn

from athenakit.errors import ConfigError

# Options of `athenakit run` that only make sense for a terminal (printing, files, EXPLAIN).
_RUNNER_KEYS = ("local", "tables", "s3_root", "catalog_dir", "database", "catalog", "workgroup",
                "output", "region", "profile", "reuse", "timeout", "fetch", "endpoint_url",
                "max_scan", "force")


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of exiting the kernel."""

    def error(self, message: str) -> NoReturn:
        raise ConfigError(f"%%athena: {message}")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        raise ConfigError(message.strip() if message else f"%%athena: exit {status}")


def cell_parser() -> argparse.ArgumentParser:
    """The parser of the ``%%athena`` line (``%%athena --help`` would print its usage)."""
    from athenakit.connect import add_engine_arguments

    parser = _Parser(prog="%%athena", add_help=False,
                     description="Run the cell's SQL on Athena or the local engine.")
    parser.add_argument("--param", "-p", action="append", default=[], metavar="VALUE",
                        help="value for the next '?' of the cell (repeat in order)")
    parser.add_argument("-o", "--out", dest="name", metavar="NAME",
                        help="bind the last QueryResult to this notebook variable")
    parser.add_argument("--no-check", action="store_true",
                        help="run without linting the SQL with athenakit check first")
    add_engine_arguments(parser)
    return parser


_WORD = re.compile(r"""\s*((?:'[^']*'|"[^"]*"|[^\s'"])+)""")


def split_line_options(line: str) -> tuple[str | None, str]:
    """Split ``%athena [options] SQL`` into its options (None when it has none) and its SQL.

    Options are the leading words that are ``%%athena`` options (with their values); the SQL
    starts at the first other word, so a leading ``-- comment`` stays SQL.

    Raises:
        ConfigError: a leading word that looks like an option but is none.
    """
    takes_value = {
        option: action.nargs != 0
        for action in cell_parser()._actions for option in action.option_strings
    }
    pos, taken = 0, False
    while True:
        match = _WORD.match(line, pos)
        word = match.group(1) if match else ""
        name = word.split("=", 1)[0]
        if not word.startswith("-") or word.startswith("--") and (len(word) == 2 or word[2] == "-"):
            break
        if name not in takes_value:
            raise ConfigError(f"%athena: unrecognized option {name}")
        pos, taken = match.end() if match else pos, True
        if takes_value[name] and "=" not in word:
            value = _WORD.match(line, pos)
            if value is None:
                raise ConfigError(f"%athena: {name} needs a value")
            pos = value.end()
    return (line[:pos].strip() if taken else None), line[pos:].strip()


def parse_line(line: str) -> argparse.Namespace:
    """Parse the options written after ``%%athena``.

    Args:
        line: the magic's line, e.g. ``--local --tables specs/ -o result``.

    Returns:
        The parsed options.

    Raises:
        ConfigError: unknown option, bad value, or a ``-o`` name that is not an identifier.
    """
    try:
        words = shlex.split(line)
    except ValueError as err:
        raise ConfigError(f"%%athena: cannot read the options: {err}") from err
    args = cell_parser().parse_args(words)
    if args.name is not None and not args.name.isidentifier():
        raise ConfigError(f"%%athena: -o needs a Python variable name, got {args.name!r}")
    return args


def runner_key(args: argparse.Namespace) -> tuple[Any, ...]:
    """The settings that identify a runner: cells with equal keys share one runner.

    Sharing keeps the local engine's in-memory catalog (tables a cell created) and the Athena
    runner's clients across cells.
    """
    return tuple(tuple(v) if isinstance(v, list) else v
                 for v in (getattr(args, k, None) for k in _RUNNER_KEYS))
