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


# https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html : path-style
# hosts of AWS itself (s3.amazonaws.com, s3.REGION.amazonaws.com, s3-REGION..., dualstack, fips)
_AWS_PATH_STYLE = re.compile(r"^s3([.-](dualstack|fips))?([.-][^.]*)?\.amazonaws\.com$")
_AWS_VIRTUAL = re.compile(r"^(.+)\.s3([.-][^.]+)*\.amazonaws\.com$")


def host_bucket(host: str) -> str | None:
    """The bucket a virtual-hosted-style request names in its Host header (``bucket.localhost
    :PORT``, ``bucket.s3.localhost:PORT``, ``bucket.s3.REGION.amazonaws.com``); None for a
    path-style request (an IP address, ``localhost``, a name without a dot, AWS's path-style
    hosts). The rule is the one moto's S3 applies, so both see the same bucket."""
    import ipaddress

    if host.startswith("["):  # an IPv6 address
        return None
    name = host.rpartition(":")[0] if ":" in host else host
    name = name.lower().rstrip(".")
    try:
        ipaddress.ip_address(name)
        return None
    except ValueError:
        pass
    if not name or name.startswith("localhost") or "." not in name or \
            _AWS_PATH_STYLE.match(name):
        return None
    found = _AWS_VIRTUAL.match(name)
    if found:
        return found.group(1)
    return None if name.endswith(".amazonaws.com") else name.split(".")[0]


def s3_object(host: str, path: str) -> tuple[str, str]:
    """The bucket and key of an S3 request, path-style (``/bucket/key``) or virtual-hosted
    (``Host: bucket.localhost:PORT``, ``/key``)."""
    from urllib.parse import unquote

    path = unquote(path).lstrip("/")
    bucket = host_bucket(host)
    if bucket is None:
        bucket, _, path = path.partition("/")
    return bucket, path


def changed_keys(method: str, host: str, path: str, query: str,
                 body: bytes) -> tuple[str, list[str]]:
    """The bucket and the object keys an S3 request may have changed."""
    from html import unescape

    bucket, key = s3_object(host, path)
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
