"""The boto3 side of the Glue package: settings, clients, and AWS errors turned into ours.

Region, profile and endpoint are resolved as the Athena runner resolves them (explicit
arguments first, then boto3's own lookup: ``AWS_PROFILE``, ``AWS_REGION`` /
``AWS_DEFAULT_REGION``, ``AWS_ENDPOINT_URL``); ``catalog_id`` is the Glue catalog (account id)
for cross-account catalogs, None for the caller's own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from athenakit.errors import CatalogError, ConfigError

MISSING_REGION = (
    "no AWS region: pass region='us-east-1' (CLI: --region), set AWS_REGION or "
    "AWS_DEFAULT_REGION, or set 'region' in your AWS profile (~/.aws/config)"
)


@dataclass(frozen=True)
class GlueConfig:
    """Where the Glue Data Catalog (and the S3 it points at) is reached.

    Attributes:
        region / profile: AWS region and named profile (boto3 resolves unset ones).
        endpoint_url: a non-AWS endpoint for Glue and S3 (tests, proxies).
        catalog_id: the Glue catalog id (an account id); None for the caller's account.
    """

    region: str | None = None
    profile: str | None = None
    endpoint_url: str | None = None
    catalog_id: str | None = None

    def catalog_args(self) -> dict[str, str]:
        """``{"CatalogId": ...}`` when a catalog id is set, for every Glue call."""
        return {"CatalogId": self.catalog_id} if self.catalog_id else {}


class Clients:
    """boto3 clients for ``glue`` and ``s3``, made once per :class:`GlueConfig`."""

    def __init__(self, config: GlueConfig | None = None, *, session: Any = None) -> None:
        self.config = config or GlueConfig()
        self._session = session
        self._made: dict[str, Any] = {}

    def client(self, service: str) -> Any:
        if service not in self._made:
            self._made[service] = self._make(service)
        return self._made[service]

    def _make(self, service: str) -> Any:
        import boto3
        from botocore.config import Config
        from botocore.exceptions import BotoCoreError

        try:
            session: Any = self._session or boto3.Session(
                profile_name=self.config.profile, region_name=self.config.region)
        except BotoCoreError as err:
            raise ConfigError(f"cannot load AWS profile {self.config.profile!r}: {err}") from err
        if not session.region_name:
            raise ConfigError(MISSING_REGION)
        cfg = Config(retries={"mode": "standard", "max_attempts": 5},
                     user_agent_extra="athenakit")
        return session.client(service, config=cfg, endpoint_url=self.config.endpoint_url)

    def glue(self, operation: str, **kwargs: Any) -> Any:
        """Call a Glue operation (snake_case name), the catalog id added."""
        return call(getattr(self.client("glue"), operation), operation,
                    **self.config.catalog_args(), **kwargs)

    def s3(self, operation: str, **kwargs: Any) -> Any:
        return call(getattr(self.client("s3"), operation), operation, **kwargs)

    def read_json(self, uri: str) -> Any:
        """The JSON document at ``s3://bucket/key``."""
        bucket, _, key = uri.removeprefix("s3://").partition("/")
        body = self.s3("get_object", Bucket=bucket, Key=key)["Body"].read()
        try:
            return json.loads(body)
        except ValueError as err:
            raise CatalogError(f"{uri} is not JSON: {err}") from None


def call(fn: Callable[..., Any], operation: str, **kwargs: Any) -> Any:
    """``fn(**kwargs)``, with botocore's errors raised as :class:`CatalogError`."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        return fn(**kwargs)
    except ClientError as err:
        raise CatalogError(f"{operation} failed: {error_code(err)}: "
                           f"{err.response.get('Error', {}).get('Message', '')}") from err
    except BotoCoreError as err:
        raise CatalogError(f"{operation} failed: {err}") from err


def error_code(err: BaseException) -> str:
    """The AWS error code of a botocore ClientError (or of the CatalogError raised from one)."""
    cause = err.__cause__ if isinstance(err, CatalogError) else err
    response = getattr(cause, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))
