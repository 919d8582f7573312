"""Keep sqlglot's warnings ("... Falling back to parsing as a 'Command'") off stderr.

sqlglot logs a warning for every statement it can only keep as an opaque command (MSCK REPAIR,
SHOW, OPTIMIZE ...), which is normal Athena SQL; athenakit reports what matters itself.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator


@contextlib.contextmanager
def quiet_sqlglot() -> Iterator[None]:
    """Raise the ``sqlglot`` logger to ERROR for the duration of the block."""
    logger = logging.getLogger("sqlglot")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
