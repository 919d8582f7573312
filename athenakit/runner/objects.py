"""S3 objects under a prefix, listed and deleted with the runner's boto3 client.

The write planner (:mod:`athenakit.write.execute`) uses this for Athena targets: it lists the
objects under the partitions a step writes, and deletes exactly the ones it has listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from athenakit.errors import QueryError
from athenakit.runner.fetch import split_s3_url

# https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html : 1,000 keys a request
_DELETE_BATCH = 1000


class S3Objects:
    """List and delete objects through an S3 client (``Athena.client("s3")``)."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def list(self, prefix: str) -> list[str]:
        """Every object under ``prefix`` (``s3://bucket/folder/``), sorted.

        Raises:
            QueryError: S3 refused the listing (the bucket, the permissions).
        """
        from botocore.exceptions import BotoCoreError, ClientError

        bucket, key = split_s3_url(prefix)
        found = []
        try:
            for page in self.client.get_paginator("list_objects_v2").paginate(
                    Bucket=bucket, Prefix=key):
                found += [f"s3://{bucket}/{item['Key']}" for item in page.get("Contents", ())]
        except (BotoCoreError, ClientError) as err:
            raise QueryError(f"cannot list {prefix}", reason=str(err)) from err
        return sorted(found)

    def delete(self, paths: Sequence[str]) -> None:
        """Delete exactly these objects, 1,000 per request.

        Raises:
            QueryError: S3 refused the request or reports objects it could not delete.
        """
        from botocore.exceptions import BotoCoreError, ClientError

        by_bucket: dict[str, list[str]] = {}
        for path in paths:
            bucket, key = split_s3_url(path)
            by_bucket.setdefault(bucket, []).append(key)
        for bucket, keys in by_bucket.items():
            for start in range(0, len(keys), _DELETE_BATCH):
                batch = [{"Key": k} for k in keys[start:start + _DELETE_BATCH]]
                try:
                    answer = self.client.delete_objects(
                        Bucket=bucket, Delete={"Objects": batch, "Quiet": True})
                except (BotoCoreError, ClientError) as err:
                    raise QueryError(f"cannot delete objects in s3://{bucket}/",
                                     reason=str(err)) from err
                if answer.get("Errors"):
                    first = answer["Errors"][0]
                    raise QueryError(f"S3 could not delete s3://{bucket}/{first.get('Key')}",
                                     reason=f"{first.get('Code')} {first.get('Message')}")
