"""``serve --data DIR --write-back``: objects written through the endpoint's S3 go back to DIR.

After each S3 request that changes an object (PutObject, CopyObject, CompleteMultipartUpload,
DeleteObject, DeleteObjects) succeeds, the object is read back from the endpoint and written to
``DIR/bucket/key`` atomically (:mod:`athenakit.files`), or the file is removed when the object
no longer exists -- so CTAS / INSERT INTO / UNLOAD files, uploads and query results show up
locally, and the next start loads the same data. A key that would leave ``DIR/bucket`` (``..``)
is never written; ``key/`` folder markers become folders.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from athenakit.files import replace_atomically

log = logging.getLogger(__name__)
_KEYS = re.compile(rb"<Key>(.*?)</Key>", re.DOTALL)


def changed_keys(method: str, path: str, query: str, body: bytes) -> tuple[str, list[str]]:
    """The bucket and the object keys an S3 request (path-style) may have changed."""
    from html import unescape
    from urllib.parse import unquote

    bucket, _, key = unquote(path).lstrip("/").partition("/")
    if method == "POST" and not key and "delete" in query.split("&"):  # DeleteObjects
        return bucket, [unescape(k.decode("utf-8")) for k in _KEYS.findall(body)]
    return bucket, [key] if key else []


class DataMirror:
    """Keeps ``DIR/bucket/key`` files in step with the objects of the endpoint's S3.

    Args:
        root: the ``--data`` directory.
        s3: ``() -> boto3 S3 client`` of the endpoint.
    """

    def __init__(self, root: str | Path, s3: Any) -> None:
        self.root, self.s3 = Path(root).resolve(), s3

    def sync(self, bucket: str, key: str) -> None:
        """Write the object's current bytes to its file, or remove the file if it is gone."""
        target = self._path(bucket, key)
        if target is None:
            log.warning("not writing s3://%s/%s back: outside %s", bucket, key, self.root)
            return
        body = self._body(bucket, key)
        if key.endswith("/"):
            if body is not None:
                target.mkdir(parents=True, exist_ok=True)
        elif body is None:
            target.unlink(missing_ok=True)
        elif not target.is_file() or target.read_bytes() != body:
            target.parent.mkdir(parents=True, exist_ok=True)
            replace_atomically(target, lambda tmp: tmp.write_bytes(body))

    def _path(self, bucket: str, key: str) -> Path | None:
        base = (self.root / bucket).resolve()
        target = (base / key).resolve()
        inside = bucket not in ("", ".", "..") and "/" not in bucket and \
            base.parent == self.root and (target == base or base in target.parents)
        return target if inside and target != base else None

    def _body(self, bucket: str, key: str) -> bytes | None:
        from botocore.exceptions import ClientError

        try:
            return bytes(self.s3().get_object(Bucket=bucket, Key=key)["Body"].read())
        except ClientError as err:
            if err.response.get("Error", {}).get("Code") in ("NoSuchKey", "NoSuchBucket", "404"):
                return None
            raise
