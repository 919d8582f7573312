"""The objects under ``s3://`` prefixes and their sizes, read without reading data.

Two stores with the same methods: :class:`LocalStore` (``s3://bucket/key`` is
``ROOT/bucket/key``, as the local engine's ``--s3-root``) and :class:`S3Store` (boto3:
``ListObjectsV2`` pages of 1,000 keys, and ranged ``GetObject`` for Parquet footers). Both count
what they did in :class:`Calls`, so the cost of estimating is visible. Objects Athena skips
(names starting with ``_`` or ``.``) are left out.

https://docs.aws.amazon.com/athena/latest/ug/tables-location-format.html
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from athenakit.errors import ConfigError


@dataclass(frozen=True)
class Object:
    """One object: its ``s3://`` URI and size in bytes."""

    uri: str
    size: int


@dataclass
class Calls:
    """What a store did: listing requests, ranged reads and the bytes those reads returned."""

    lists: int = 0
    reads: int = 0
    bytes_read: int = 0


class Store(Protocol):
    """Lists prefixes and reads byte ranges of objects."""

    calls: Calls

    def list(self, prefix: str) -> list[Object]:
        """Every visible object under ``prefix`` (an ``s3://bucket/key`` URI), sorted."""
        ...

    def read(self, uri: str, start: int, end: int) -> bytes:
        """Bytes ``start`` .. ``end - 1`` of one object."""
        ...


def split_uri(uri: str) -> tuple[str, str]:
    """``s3://bucket/a/b`` -> (``bucket``, ``a/b``).

    Raises:
        ConfigError: not an ``s3://`` URI, or one with a ``..`` segment.
    """
    if not uri.startswith("s3://") or not uri[5:].split("/", 1)[0]:
        raise ConfigError(f"expected an s3://bucket/prefix/ location, got {uri!r}")
    bucket, _, key = uri[5:].partition("/")
    if ".." in key.split("/"):
        raise ConfigError(f"location {uri!r} has a '..' segment")
    return bucket, key


def hidden(relative: str) -> bool:
    """Athena skips objects whose name, or a folder's under the prefix, starts with _ or ."""
    return any(part.startswith(("_", ".")) for part in relative.split("/") if part)


class LocalStore:
    """``s3://bucket/key`` read from ``ROOT/bucket/key``."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()
        self.calls = Calls()

    def _path(self, uri: str) -> Path:
        bucket, key = split_uri(uri)
        path = (self.root / bucket / key).resolve()
        if path != self.root and self.root not in path.parents:
            raise ConfigError(f"{uri} maps outside the S3 root {self.root}")
        return path

    def list(self, prefix: str) -> list[Object]:
        self.calls.lists += 1
        base = self._path(prefix)
        bucket_dir = self.root / split_uri(prefix)[0]
        if base.is_file():
            return [Object(prefix, base.stat().st_size)]
        # an S3 prefix is a string prefix: list the folder it ends in, keep keys starting with it
        folder = base if prefix.endswith("/") or base.is_dir() else base.parent
        if not folder.is_dir():
            return []
        found = []
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                full = Path(dirpath) / name
                uri = "s3://" + split_uri(prefix)[0] + "/" + full.relative_to(bucket_dir).as_posix()
                if uri.startswith(prefix) and not hidden(uri[len(prefix):]):
                    found.append(Object(uri, full.stat().st_size))
        return sorted(found, key=lambda o: o.uri)

    def read(self, uri: str, start: int, end: int) -> bytes:
        self.calls.reads += 1
        with open(self._path(uri), "rb") as handle:
            handle.seek(start)
            data = handle.read(end - start)
        self.calls.bytes_read += len(data)
        return data


class S3Store:
    """Objects read through boto3's S3 client (``AWS_ENDPOINT_URL`` honoured by boto3).

    Args:
        client: a boto3 S3 client; None builds one from ``region`` / ``profile`` /
            ``endpoint_url``.
        page_size: keys per ListObjectsV2 call (S3 returns at most 1,000).
    """

    def __init__(self, client: Any = None, *, region: str | None = None,
                 profile: str | None = None, endpoint_url: str | None = None,
                 page_size: int = 1000) -> None:
        if client is None:
            import boto3

            session = boto3.Session(profile_name=profile, region_name=region)
            client = session.client("s3", endpoint_url=endpoint_url)
        self.client, self.page_size = client, page_size
        self.calls = Calls()

    def list(self, prefix: str) -> list[Object]:
        bucket, key = split_uri(prefix)
        found: list[Object] = []
        kwargs: dict[str, Any] = {"Bucket": bucket, "Prefix": key, "MaxKeys": self.page_size}
        while True:
            self.calls.lists += 1
            page = self._call("list_objects_v2", **kwargs)
            for item in page.get("Contents", ()):
                if not hidden(item["Key"][len(key):]) and not item["Key"].endswith("/"):
                    found.append(Object(f"s3://{bucket}/{item['Key']}", int(item["Size"])))
            if not page.get("IsTruncated"):
                return found
            kwargs["ContinuationToken"] = page["NextContinuationToken"]

    def read(self, uri: str, start: int, end: int) -> bytes:
        bucket, key = split_uri(uri)
        self.calls.reads += 1
        body = self._call("get_object", Bucket=bucket, Key=key,
                          Range=f"bytes={start}-{end - 1}")["Body"].read()
        self.calls.bytes_read += len(body)
        return bytes(body)

    def _call(self, operation: str, **kwargs: Any) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return getattr(self.client, operation)(**kwargs)
        except ClientError as err:
            code = err.response.get("Error", {}).get("Code", "")
            if operation == "list_objects_v2" and code == "NoSuchBucket":
                return {"Contents": []}  # nothing there: Athena reads no rows
            where = f"s3://{kwargs.get('Bucket')}/{kwargs.get('Prefix', kwargs.get('Key', ''))}"
            raise ConfigError(f"S3 {operation} on {where} failed: {code or err}") from err
        except BotoCoreError as err:
            raise ConfigError(f"S3 {operation} failed: {err}") from err
