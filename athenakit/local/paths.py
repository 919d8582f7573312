"""Where an ``s3://bucket/prefix/`` location lives for the local engine.

With an S3 root directory, ``s3://bucket/prefix/`` is ``ROOT/bucket/prefix/``. Without one, it is
read from an S3-compatible endpoint through pyarrow's S3 filesystem, honouring
``AWS_ENDPOINT_URL`` (e.g. moto's server or MinIO). Athena hides objects whose name starts with
``_`` or ``.``.

https://docs.aws.amazon.com/athena/latest/ug/tables-location-format.html
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from athenakit.errors import ConfigError, QueryError


@dataclass(frozen=True)
class DataFile:
    """One object under a table or partition location."""

    path: str
    size: int


def split_s3(location: str) -> tuple[str, str]:
    """``s3://bucket/a/b/`` -> (``bucket``, ``a/b/``).

    Raises:
        ConfigError: the location is not an ``s3://`` URI.
    """
    if not location.startswith("s3://"):
        raise ConfigError(f"table locations must start with s3://, got {location!r}")
    bucket, _, key = location[5:].partition("/")
    # a ".." segment would leave the bucket once the location becomes a local path
    if ".." in (bucket, *key.split("/")) or not bucket:
        raise QueryError("INVALID_LOCATION", state="FAILED",
                         reason=f"location {location!r} has an empty bucket or a '..' segment")
    return bucket, key


def inside(path: Path, root: Path) -> Path:
    """``path`` resolved, required to stay strictly under ``root`` (also resolved).

    Raises:
        QueryError: the path (after symlinks) is ``root`` itself or outside it.
    """
    resolved, base = path.resolve(), root.resolve()
    if resolved == base or base not in resolved.parents:
        raise QueryError("INVALID_LOCATION", state="FAILED",
                         reason=f"{path} is not inside {root}")
    return resolved


def hidden(name: str) -> bool:
    """Athena ignores files and folders whose name starts with ``_`` or ``.``."""
    return name.startswith(("_", "."))


class PathMapper:
    """Lists and opens the objects under ``s3://`` locations, locally or over an endpoint.

    Args:
        s3_root: local directory standing for S3; None to use the S3 endpoint.
        endpoint_url: the S3-compatible endpoint (``http://127.0.0.1:9000``); None uses
            ``AWS_ENDPOINT_URL_S3`` / ``AWS_ENDPOINT_URL``, or AWS itself when neither is set.

    Attributes:
        listed: how many prefixes were listed, and ``opened`` how many objects were opened,
            since the mapper was made (pruning is visible in these counters).
    """

    def __init__(self, s3_root: str | Path | None = None, *,
                 endpoint_url: str | None = None) -> None:
        self.root = Path(s3_root) if s3_root is not None else None
        self.endpoint_url = endpoint_url
        self.listed = 0
        self.opened = 0
        self._fs: Any = None

    @property
    def is_local(self) -> bool:
        return self.root is not None

    def local_path(self, location: str) -> Path:
        """The directory or file a location maps to under the S3 root."""
        bucket, key = split_s3(location)
        assert self.root is not None
        path = self.root / bucket / key
        inside(path, self.root)
        return path

    def filesystem(self) -> Any:
        """pyarrow S3 filesystem for the endpoint in ``AWS_ENDPOINT_URL`` (created once)."""
        if self._fs is None:
            from pyarrow import fs

            # https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
            endpoint = self.endpoint_url or os.environ.get("AWS_ENDPOINT_URL_S3") or \
                os.environ.get("AWS_ENDPOINT_URL")
            scheme = "https"
            if endpoint and "://" in endpoint:
                scheme, endpoint = endpoint.split("://", 1)
            region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
            self._fs = fs.S3FileSystem(
                endpoint_override=endpoint.rstrip("/") if endpoint else None, scheme=scheme,
                region=region or "us-east-1", force_virtual_addressing=False)
        return self._fs

    def list_files(self, location: str) -> list[DataFile]:
        """Every visible object under ``location``, recursively, sorted by path.

        Returns:
            Files with their sizes; an absent location gives an empty list (Athena reads
            zero rows).
        """
        self.listed += 1
        if self.root is not None:
            base = self.local_path(location)
            if base.is_file():
                return [DataFile(str(base), base.stat().st_size)]
            if not base.is_dir():
                return []
            found: list[DataFile] = []
            _walk(str(base), found)
            return found
        return self._list_remote(location)

    def _list_remote(self, location: str) -> list[DataFile]:
        from pyarrow import fs

        bucket, key = split_s3(location)
        selector = fs.FileSelector(f"{bucket}/{key}".rstrip("/"), recursive=True,
                                   allow_not_found=True)
        out = []
        for info in self.filesystem().get_file_info(selector):
            rel = info.path[len(bucket) + 1 + len(key.rstrip("/")):]
            if info.type == fs.FileType.File and not any(hidden(p) for p in rel.split("/") if p):
                out.append(DataFile(f"s3://{info.path}", info.size))
        return sorted(out, key=lambda f: f.path)

    def open(self, path: str) -> Any:
        """A binary file object for a path from :meth:`list_files`."""
        if path.startswith("s3://") or self.root is not None:
            self.opened += 1  # not the local copies of remote objects
        if path.startswith("s3://"):
            return self.filesystem().open_input_file(path[5:])
        return open(path, "rb")

    def delete(self, path: str) -> None:
        """Remove one object written by :meth:`write_bytes` (a path it returned)."""
        if path.startswith("s3://"):
            self.filesystem().delete_file(path[5:])
        else:
            Path(path).unlink(missing_ok=True)

    def write_bytes(self, location: str, name: str, data: bytes) -> str:
        """Write one object ``name`` under ``location``; returns its path."""
        if self.root is not None:
            target = self.local_path(location) / name
            assert self.root is not None
            inside(target, self.root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            return str(target)
        bucket, key = split_s3(location)
        path = f"{bucket}/{key.rstrip('/')}/{name}".replace("//", "/")
        with self.filesystem().open_output_stream(path) as out:
            out.write(data)
        return f"s3://{path}"


def _walk(folder: str, found: list[DataFile]) -> None:
    """Visible files under ``folder``: its own files sorted by name, then each visible
    sub-folder in name order (os.scandir: no Path object per file)."""
    with os.scandir(folder) as scan:
        entries = [e for e in scan if e.name[:1] not in ("_", ".")]  # hidden(), inlined
    entries.sort(key=lambda e: e.name)
    folders = []
    for entry in entries:
        if entry.is_dir():
            folders.append(entry.path)
        elif entry.is_file():
            found.append(DataFile(entry.path, entry.stat().st_size))
    for sub in folders:
        _walk(sub, found)
