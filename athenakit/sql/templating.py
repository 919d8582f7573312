"""The Jinja environment behind :mod:`athenakit.table.render`, and its compiled-template cache.

Templates live in ``templates/`` (shipped in the wheel as ``athenakit/templates``). They quote
only through two filters bound to the Hive engine: ``| ident`` and ``| literal``.

Compiling a template costs more than rendering it, and a CLI run renders once, so compiled
templates are kept with Jinja's own bytecode cache in ``$ATHENAKIT_CACHE_DIR`` (default
``$XDG_CACHE_HOME/athenakit`` or ``~/.cache/athenakit``; set it to an empty string to turn the
cache off). Jinja keys each entry by the template's source checksum and the Python version, so
an edited template or a new interpreter never reads a stale entry. A cache directory that cannot
be written is skipped silently: the cache is a speed-up, never a requirement.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from athenakit.sql.quoting import Engine, quote_identifier, quote_literal

if TYPE_CHECKING:
    import jinja2


def templates_dir() -> Path:
    """The templates shipped in the wheel (``athenakit/templates``) or the source tree's."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


def cache_dir() -> Path | None:
    """Where compiled templates are kept, or None when ``ATHENAKIT_CACHE_DIR`` is empty."""
    configured = os.environ.get("ATHENAKIT_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "athenakit"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one Jinja environment: strict, no autoescape (SQL, not HTML), quoting filters."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # SQL, not HTML: quoting is done by the filters below
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["ident"] = lambda name: quote_identifier(name, Engine.HIVE)
    env.filters["literal"] = lambda value: quote_literal(str(value), Engine.HIVE)
    return env


def render_template(template: str, **context: Any) -> str:
    """``template`` rendered with ``context``, stripped, with one trailing newline."""
    return str(environment().get_template(template).render(**context)).strip() + "\n"


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    import jinja2

    directory = cache_dir()
    if directory is None:
        return None

    class QuietCache(jinja2.FileSystemBytecodeCache):
        """Jinja's file cache, except that an unwritable directory only costs speed."""

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                os.makedirs(self.directory, mode=0o700, exist_ok=True)
                super().dump_bytecode(bucket)
            except OSError:
                pass

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except (OSError, EOFError, ValueError):
                pass  # unreadable or truncated entry: compile again

    return QuietCache(str(directory), "%s.jinja")
