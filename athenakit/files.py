"""Writing a file so that no reader ever sees half of it, and nothing is lost on failure.

The new content goes to a temporary file in the target's own folder, which is then renamed
over the target (``os.replace`` is atomic within a file system). On any failure the temporary
file is removed and the target is left as it was. The local catalog, the write planner's state
files and the CLI's output files all write this way.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def replace_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(temporary_path)`` and rename the result to ``path``.

    The temporary file has the target's suffix (writers choose the format by it) and sits in
    the same folder.

    Raises:
        OSError: the file could not be written; ``path`` is unchanged.
    """
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_text_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one step, creating its folder if needed; the
    bytes reach the disk before the rename.

    Raises:
        OSError: the file could not be written; ``path`` is unchanged.
    """
    path.parent.mkdir(parents=True, exist_ok=True)

    def write(temporary: Path) -> None:
        with open(temporary, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())

    replace_atomically(path, write)
