"""Output files of the commands (``run --out``, ``import -o``, ``transpile -o``): checked before
any work is done, never overwritten unless ``--force`` says so, and written atomically.

A query is billed when it runs, so ``run --out`` refuses a directory, a missing folder, an
unknown suffix or an existing file before the query starts, not after. The file is written
under a temporary name in the same folder and renamed into place, so a failed write leaves the
previous file (or none), never half a file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from athenakit.errors import ConfigError


def check_output(path: str | Path, *, force: bool, option: str,
                 suffixes: tuple[str, ...] = ()) -> Path:
    """Refuse an output path that cannot or should not be written.

    Args:
        path: the file named on the command line.
        force: whether an existing file may be replaced.
        option: the option's name, for messages (``--out``).
        suffixes: the accepted suffixes (lower case), if the format follows from it.

    Returns:
        The path.

    Raises:
        ConfigError: a directory, a missing or unwritable folder, a wrong suffix, or an
            existing file without ``force``.
    """
    path = Path(path)
    if path.is_dir():
        raise ConfigError(f"{option} {path} is a directory; give a file name")
    if suffixes and path.suffix.lower() not in suffixes:
        raise ConfigError(f"{option} must end with {' or '.join(suffixes)}, got {str(path)!r}")
    folder = path.parent
    if not folder.is_dir():
        raise ConfigError(f"{option} {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise ConfigError(f"{option} {path}: the folder {folder} is not writable")
    if path.exists() and not force:
        raise ConfigError(f"{option} {path} exists; pass --force to overwrite it")
    return path


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(temporary_path)`` and rename the result to ``path``.

    Raises:
        ConfigError: the file could not be written (the target is left as it was).
    """
    from athenakit.files import replace_atomically

    try:
        replace_atomically(path, write)
    except OSError as err:
        raise ConfigError(f"cannot write {path}: {err.strerror or err}") from err


def write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, newlines as given) to ``path`` atomically."""
    write_atomically(path, lambda p: p.write_bytes(text.encode("utf-8")))
