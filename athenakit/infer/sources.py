"""Where the sample comes from: a local folder or an S3 prefix (the local engine's endpoint
handling: ``AWS_ENDPOINT_URL_S3`` / ``AWS_ENDPOINT_URL``, or an explicit ``endpoint_url``)."""

from __future__ import annotations

import bz2
import gzip
import io
from pathlib import Path
from typing import IO, Any

from athenakit.errors import ConfigError
from athenakit.infer.layout import Obj, list_local, list_s3

TEXT_BYTES = 256 * 1024  # read this much of a text file: enough lines, never the whole file


class Source:
    """Lists and opens the objects under one location."""

    def __init__(self, where: str, endpoint_url: str | None = None) -> None:
        self.where = where
        self.fs: Any = None
        if where.startswith("s3://"):
            from athenakit.local.paths import PathMapper

            self.fs = PathMapper(None, endpoint_url=endpoint_url).filesystem()
            self.endpoint_url = endpoint_url
            self.location = where.rstrip("/") + "/"
        else:
            self.root = Path(where)
            if not self.root.is_dir():
                raise ConfigError(f"{where}: not a folder (give a local folder or s3://bucket/"
                                  "prefix/)")
            self.location = ""

    def list(self) -> list[Obj]:
        if self.fs is None:
            return list_local(self.root)
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return list_s3(self._client(), self.location)
        except (BotoCoreError, ClientError) as err:
            raise ConfigError(f"{self.where}: cannot list: {err}") from err

    def _client(self) -> Any:
        """boto3 S3 client; boto3 itself honours ``AWS_ENDPOINT_URL[_S3]`` as pyarrow's
        filesystem does for the local engine."""
        import boto3
        from botocore.exceptions import BotoCoreError

        try:
            return boto3.client("s3", endpoint_url=self.endpoint_url)
        except BotoCoreError as err:
            raise ConfigError(f"cannot reach S3: {err}") from err

    def open(self, obj: Obj) -> IO[bytes]:
        try:
            if self.fs is not None:
                path = self.location.removeprefix("s3://") + obj.key
                return self.fs.open_input_file(path)  # type: ignore[no-any-return]
            return open(self.root / obj.key, "rb")
        except OSError as err:
            raise ConfigError(f"{self.where}{obj.key}: cannot read: {err}") from err

    def read_all(self, obj: Obj) -> bytes:
        with self.open(obj) as f:
            return bytes(f.read())

    def magic(self, obj: Obj) -> bytes:
        """The first four bytes of an object (format and compression signatures)."""
        with self.open(obj) as f:
            return bytes(f.read(4))

    def head_text(self, obj: Obj, compression: str | None) -> str:
        """The first ~256 KiB of a text object, decompressed (gzip, bzip2)."""
        with self.open(obj) as f:
            if compression == "GZIP":
                data = gzip.GzipFile(fileobj=io.BytesIO(f.read())).read(TEXT_BYTES)
            elif compression == "BZIP2":
                data = bz2.BZ2File(io.BytesIO(f.read())).read(TEXT_BYTES)
            else:
                data = f.read(TEXT_BYTES)
        return bytes(data).decode("utf-8", errors="replace")
