"""IPython magics: ``%%athena``, ``%athena_ddl`` and ``%%athena_check``.

Load them with ``%load_ext athenakit`` (or call :func:`load_ipython_extension` with a shell).

* ``%%athena [options] [-o NAME]`` runs the cell's SQL (several statements allowed) on Athena or,
  with ``--local``, on the local DuckDB engine. The options are those of ``athenakit run``. The
  last result is shown as a pandas DataFrame with a footer (rows, data scanned, cost, time);
  ``-o NAME`` binds the :class:`~athenakit.query.result.QueryResult` (``NAME.to_pandas()`` for the
  DataFrame). ``{name}`` / ``{name!i}`` fill in notebook variables safely
  (:mod:`athenakit.notebook.interpolate`).
* ``%athena SQL`` runs one line with the options of the last ``%%athena`` cell (none before
  the first) and returns its :class:`~athenakit.query.result.QueryResult`, so ``r = %athena SELECT
  ...`` works; the status line and footer show as for a cell, the rows as the cell's output.
* ``%athena_ddl SPEC_OR_VARIABLE`` shows the ``CREATE TABLE`` of a spec file or directory, or of
  a Table (or list of Tables) held in a notebook variable.
* ``%%athena_check [--tables SPEC_OR_VARIABLE ...] [-o NAME]`` lints the cell with
  :func:`athenakit.check.check`.

Cells that use the same engine options share one runner, so the local engine keeps the tables a
cell created for the next cells.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Iterable
from typing import Any

from IPython.core.interactiveshell import InteractiveShell
from IPython.core.magic import Magics, cell_magic, line_cell_magic, line_magic, magics_class

from athenakit.errors import AthenakitError, ConfigError
from athenakit.notebook.cell import CellError, CellRunner
from athenakit.notebook.live import ipython_display
from athenakit.notebook.options import parse_line, runner_key, split_line_options


@magics_class
class AthenaMagics(Magics):
    """The athenakit magics; one instance per shell, holding the runners it made."""

    rich: bool | None = None
    """Live display-handle status (True), plain text (False), or decide by shell (None)."""

    def __init__(self, shell: InteractiveShell) -> None:
        super().__init__(shell)
        self.runners: dict[tuple[Any, ...], Any] = {}
        self.last_options = ""  # the options of the last %%athena cell, for %athena

    # --- %%athena -------------------------------------------------------------------------

    @line_cell_magic
    def athena(self, line: str, cell: str | None = None) -> Any:
        """Run the cell's SQL (``%%athena``) or one line (``%athena``); see the module
        docstring for the options."""
        try:
            if cell is None:
                options, sql = split_line_options(line)
                return self._athena(self.last_options if options is None else options, sql,
                                    line_mode=True)
            self._athena(line, cell)
            return None
        except AthenakitError as err:
            raise CellError(str(err), err) from None

    def _athena(self, line: str, cell: str, *, line_mode: bool = False) -> Any:
        from athenakit.notebook.interpolate import interpolate
        from athenakit.query.params import parse_param

        args = parse_line(line)
        if not line_mode:
            self.last_options = line
        statements = interpolate(cell, self._namespace())
        if not statements:
            raise ConfigError("the cell has no SQL statement")
        if not args.no_check:
            _lint(statements)
        params = [parse_param(p) for p in args.param]
        cell_runner = CellRunner(self.runner_for(args), rich=self._rich())
        # a line magic returns its result, and IPython shows that as the output: show no rows
        # here too, or a bare `%athena SELECT ...` would show them twice
        result = cell_runner.run(statements, params, show_rows=not line_mode)
        if line_mode or result is None:
            return result
        if args.name:
            self._namespace()[args.name] = result
        return None

    def runner_for(self, args: argparse.Namespace) -> Any:
        """The runner for these options, made once and reused by later cells."""
        from athenakit.connect import connect_from_arguments

        key = runner_key(args)
        if key not in self.runners:
            self.runners[key] = connect_from_arguments(args)
        return self.runners[key]

    def close(self) -> None:
        """Close the runners that hold resources (the local engine's DuckDB connection)."""
        for runner in self.runners.values():
            close = getattr(runner, "close", None)
            if close is not None:
                close()
        self.runners.clear()

    # --- %athena_ddl ----------------------------------------------------------------------

    @line_magic
    def athena_ddl(self, line: str) -> None:
        """Show the DDL of a spec file / directory or of Table values in a variable."""
        try:
            tables = self._tables(line)
        except AthenakitError as err:
            raise CellError(str(err), err) from None
        from athenakit.notebook.display import highlight_sql
        from athenakit.table.render import create_table

        ddl = ";\n\n".join(create_table(t) for t in tables) + ";"
        _display({"text/plain": ddl, "text/html": highlight_sql(ddl)})

    def _tables(self, line: str) -> list[Any]:
        words = _split(line)
        if not words:
            raise ConfigError("%athena_ddl needs a spec file, a directory or a variable name")
        tables: list[Any] = []
        for word in words:
            tables.extend(self._resolve_tables(word))
        return tables

    def _resolve_tables(self, word: str) -> list[Any]:
        """A variable holding a Table or Tables, else a spec path loaded with load_specs."""
        from athenakit.table.model import Table
        from athenakit.table.spec import load_specs

        namespace = self._namespace()
        if word.isidentifier() and word in namespace:
            value = namespace[word]
            found = [value] if isinstance(value, Table) else _tables_in(value)
            if found is None:
                raise ConfigError(f"{word} holds a {type(value).__name__}, not a Table")
            return found
        return list(load_specs([word]))

    # --- %%athena_check -------------------------------------------------------------------

    @cell_magic
    def athena_check(self, line: str, cell: str) -> None:
        """Lint the cell's SQL and show the findings."""
        try:
            diagnostics, name = self._check(line, cell)
        except AthenakitError as err:
            raise CellError(str(err), err) from None
        from athenakit.notebook.display import diagnostics_html, diagnostics_markdown

        if name:
            self._namespace()[name] = diagnostics
        plain = "\n".join(str(d) for d in diagnostics) or "no findings"
        _display({"text/plain": plain, "text/html": diagnostics_html(diagnostics),
                  "text/markdown": diagnostics_markdown(diagnostics)})

    def _check(self, line: str, cell: str) -> tuple[list[Any], str | None]:
        from athenakit.check import check
        from athenakit.notebook.options import _Parser

        parser = _Parser(prog="%%athena_check", add_help=False)
        parser.add_argument("--tables", action="append", default=[], metavar="SPEC")
        parser.add_argument("-o", "--out", dest="name", metavar="NAME")
        args = parser.parse_args(_split(line))
        tables = [t for word in args.tables for t in self._resolve_tables(word)]
        return check(cell, tables or None), args.name

    # --- helpers --------------------------------------------------------------------------

    def _namespace(self) -> dict[str, Any]:
        assert self.shell is not None
        return self.shell.user_ns  # type: ignore[no-any-return]

    def _rich(self) -> bool:
        if self.rich is not None:
            return self.rich
        return getattr(self.shell, "kernel", None) is not None


def _lint(statements: list[Any]) -> None:
    """Refuse to run a cell that ``athenakit check`` finds errors in; show those findings.

    Athena's own message for a backtick in a query is a parser error; check says what to write.
    """
    from athenakit.check import check

    errors = []
    for statement in statements:
        for d in check(statement.sql):
            if d.is_error:
                line = statement.line + (d.line or 1) - 1
                errors.append(f"line {line}:{d.column or 1}: {d.code} {d.message}")
    if errors:
        raise ConfigError(f"check found {len(errors)} error(s), so the cell did not run "
                          "(--no-check runs it anyway):\n" + "\n".join(errors))


def _split(line: str) -> list[str]:
    try:
        return shlex.split(line)
    except ValueError as err:
        raise ConfigError(f"cannot read the arguments: {err}") from err


def _tables_in(value: Any) -> list[Any] | None:
    from athenakit.table.model import Table

    if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        items = list(value)
        if items and all(isinstance(t, Table) for t in items):
            return items
    return None


def _display(bundle: dict[str, str]) -> None:
    ipython_display()(bundle, raw=True)


def load_ipython_extension(ipython: InteractiveShell) -> None:
    """Register the magics (``%load_ext athenakit`` calls this)."""
    ipython.register_magics(AthenaMagics)


def unload_ipython_extension(ipython: InteractiveShell) -> None:
    """Close the runners and remove the magics (``%unload_ext athenakit``)."""
    registry = ipython.magics_manager.registry
    magics = registry.pop("AthenaMagics", None)
    if isinstance(magics, AthenaMagics):
        magics.close()
    for kind, names in (("cell", ("athena", "athena_check")), ("line", ("athena", "athena_ddl"))):
        for name in names:
            ipython.magics_manager.magics[kind].pop(name, None)
