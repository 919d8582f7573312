"""The options of ``%%athena``: those of ``athenakit run`` (engine and Athena settings) plus
``-o NAME``.

The engine options are defined once, by :func:`athenakit.connect.add_engine_arguments`; this
module adds the notebook-only ones and turns argparse's exit-on-error into
:class:`~athenakit.errors.ConfigError` so a typo shows as one line in the cell.
"""

from __future__ import annotations

import argparse
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
    add_engine_arguments(parser)
    return parser


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
