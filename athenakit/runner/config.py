"""Settings of the Athena runner, resolved from arguments, the environment and AWS profiles.

Precedence, highest first: explicit arguments, ``ATHENAKIT_*`` environment variables and
``AWS_REGION``, the AWS profile / standard AWS variables, and, for the output location only, the
workgroup's own result configuration (looked up by the runner when nothing else set one).

Environment variables: ``ATHENAKIT_WORKGROUP``, ``ATHENAKIT_OUTPUT``, ``ATHENAKIT_DATABASE``,
``ATHENAKIT_CATALOG``, ``ATHENAKIT_REUSE_MINUTES``, ``ATHENAKIT_TIMEOUT``, and ``AWS_REGION``
(read here, as the other AWS SDKs read it: boto3 alone does not); the other AWS ones
(``AWS_PROFILE``, ``AWS_DEFAULT_REGION``, ``AWS_ENDPOINT_URL``) are read by boto3.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from athenakit.errors import ConfigError

# https://docs.aws.amazon.com/athena/latest/ug/reusing-query-results.html : max age 1..10080 min.
MAX_REUSE_MINUTES = 10080
FETCH_MODES = ("auto", "api", "s3")

_ENV = {
    # AWS_REGION is the region variable of the other AWS SDKs (JavaScript, Java, Go, the CLI
    # v2 ...) and of Lambda; boto3 reads only AWS_DEFAULT_REGION, so athenakit reads it here,
    # above the profile's region as those SDKs do.
    # https://docs.aws.amazon.com/sdkref/latest/guide/feature-region.html
    "region": "AWS_REGION",
    "workgroup": "ATHENAKIT_WORKGROUP",
    "output": "ATHENAKIT_OUTPUT",
    "database": "ATHENAKIT_DATABASE",
    "catalog": "ATHENAKIT_CATALOG",
    "reuse_minutes": "ATHENAKIT_REUSE_MINUTES",
    "timeout": "ATHENAKIT_TIMEOUT",
}


@dataclass(frozen=True)
class AthenaConfig:
    """Everything the Athena runner needs to know before it sends a query.

    Attributes:
        region / profile: AWS region and named profile (boto3 resolves unset ones).
        workgroup: Athena workgroup (Athena uses ``primary`` when unset).
        output: S3 result location ``s3://bucket/prefix/``; may come from the workgroup.
        database / catalog: the query execution context (catalog = data source).
        reuse_minutes: reuse a previous identical query's result up to this age (None: off).
        poll_interval / poll_max_interval / poll_backoff: GetQueryExecution polling: start at
            ``poll_interval`` seconds, multiply by ``poll_backoff`` up to ``poll_max_interval``.
        timeout: seconds before the query is stopped (None: wait forever).
        fetch: ``auto`` (read large results from S3), ``api`` (always page GetQueryResults) or
            ``s3`` (always read the result file).
        endpoint_url: a non-AWS endpoint for Athena and S3 (tests, proxies).
    """

    region: str | None = None
    profile: str | None = None
    workgroup: str | None = None
    output: str | None = None
    database: str | None = None
    catalog: str | None = None
    reuse_minutes: int | None = None
    poll_interval: float = 0.2
    poll_max_interval: float = 2.0
    poll_backoff: float = 1.5
    timeout: float | None = None
    fetch: str = "auto"
    endpoint_url: str | None = None

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Check the values that can be checked without AWS.

        Raises:
            ConfigError: for an output location that is not ``s3://``, a reuse age outside
                1..10080 minutes, an unknown fetch mode or a non-positive timeout/poll interval.
        """
        if self.output is not None and not self.output.startswith("s3://"):
            raise ConfigError(f"the output location must start with s3://, got {self.output!r}")
        if self.reuse_minutes is not None and not 1 <= self.reuse_minutes <= MAX_REUSE_MINUTES:
            raise ConfigError(
                f"result reuse max age must be 1..{MAX_REUSE_MINUTES} minutes, "
                f"got {self.reuse_minutes}"
            )
        if self.fetch not in FETCH_MODES:
            raise ConfigError(f"fetch must be one of {', '.join(FETCH_MODES)}, got {self.fetch!r}")
        if self.timeout is not None and self.timeout <= 0:
            raise ConfigError(f"timeout must be positive, got {self.timeout}")
        if self.poll_interval <= 0 or self.poll_max_interval < self.poll_interval:
            raise ConfigError("poll intervals must be positive, the maximum not below the start")

    @classmethod
    def resolve(
        cls, environ: Mapping[str, str] | None = None, **overrides: Any,
    ) -> AthenaConfig:
        """Build a config from ``overrides`` (None values ignored) over the environment.

        Args:
            environ: the environment to read (default ``os.environ``).
            overrides: any field of :class:`AthenaConfig`.

        Returns:
            The merged config.

        Raises:
            ConfigError: an unknown setting, or a value that is invalid.
        """
        env = os.environ if environ is None else environ
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise ConfigError(f"unknown Athena setting(s): {', '.join(unknown)}")
        values: dict[str, Any] = {}
        for name, var in _ENV.items():
            if env.get(var):
                values[name] = _parse_env(name, var, env[var])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_output(self, output: str) -> AthenaConfig:
        """A copy with the output location set (e.g. from the workgroup)."""
        return replace(self, output=output)


def _parse_env(name: str, var: str, text: str) -> Any:
    if name not in ("reuse_minutes", "timeout"):
        return text
    try:
        return int(text) if name == "reuse_minutes" else float(text)
    except ValueError as err:
        raise ConfigError(f"{var} must be a number, got {text!r}") from err


def missing_output_message(workgroup: str | None) -> str:
    """How to set the output location, for the error raised when none is known."""
    return (
        "no S3 output location for query results: pass output='s3://bucket/prefix/' "
        "(CLI: --output), set ATHENAKIT_OUTPUT, or configure a query result location on "
        f"workgroup {workgroup or 'primary'!r}"
    )


MISSING_REGION_MESSAGE = (
    "no AWS region: pass region='us-east-1' (CLI: --region), set AWS_REGION or "
    "AWS_DEFAULT_REGION, or set 'region' in your AWS profile (~/.aws/config)"
)
