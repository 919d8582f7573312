"""The local engine's files as an object store: list and delete under ``s3://`` prefixes.

The write planner (:mod:`athenakit.write.execute`) deletes through this when it overwrites
partitions or cleans up after a failed step. Paths are ``s3://bucket/key`` whether the objects
live under an S3 root directory or behind an S3-compatible endpoint.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from athenakit.local.paths import PathMapper, inside


class LocalObjects:
    """Objects of a :class:`~athenakit.local.paths.PathMapper` (the local engine's ``paths``)."""

    def __init__(self, paths: PathMapper) -> None:
        self.paths = paths

    def list(self, prefix: str) -> list[str]:
        """Every visible object under ``prefix``, as ``s3://`` paths, sorted."""
        found = self.paths.list_files(prefix)
        if self.paths.root is None:
            return [f.path for f in found]
        root = self.paths.root.resolve()
        return sorted("s3://" + Path(f.path).resolve().relative_to(root).as_posix()
                      for f in found)

    def delete(self, paths: Sequence[str]) -> None:
        """Delete these objects (``s3://`` paths from :meth:`list`)."""
        for path in paths:
            if self.paths.root is None:
                self.paths.delete(path)
            else:
                target = inside(self.paths.local_path(path), self.paths.root)
                self.paths.delete(str(target))
