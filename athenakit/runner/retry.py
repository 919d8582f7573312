"""Retries of AWS API calls: exponential backoff with full jitter.

Every client has connect and read timeouts (:data:`CONNECT_TIMEOUT`, :data:`READ_TIMEOUT`, or
less under a query timeout), so a call that hangs fails and counts as a dropped connection.

Athena throttles StartQueryExecution and GetQueryExecution per account
(https://docs.aws.amazon.com/athena/latest/ug/service-limits.html): a ThrottlingException or
TooManyRequestsException is retried, as are 5xx responses and dropped connections. Any other
client error (a bad request, a missing table) is raised at once. botocore's own retries are
switched off for the clients athenakit makes, so this module is the single retry layer.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from athenakit.errors import QueryError

log = logging.getLogger(__name__)

T = TypeVar("T")

CONNECT_TIMEOUT = 10.0  # seconds to open a connection to an AWS endpoint
READ_TIMEOUT = 60.0  # seconds to wait for a response (botocore's default)

THROTTLING_CODES = frozenset({
    "ThrottlingException", "TooManyRequestsException", "Throttling", "ThrottledException",
    "RequestLimitExceeded", "SlowDown", "RequestThrottled", "RequestThrottledException",
})
TRANSIENT_CODES = frozenset({
    "InternalServerException", "InternalFailure", "InternalError", "ServiceUnavailable",
    "ServiceUnavailableException", "RequestTimeout", "RequestTimeoutException",
})


class AthenaApiError(QueryError):
    """An Athena or S3 API call was refused, or kept failing after every retry.

    Attributes:
        code: the AWS error code (``ThrottlingException``, ``MetadataException`` ...), if any.
    """

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class RetryPolicy:
    """How often and how long to retry a throttled or transiently failing call.

    Attributes:
        max_attempts: total attempts including the first.
        base_delay: seconds; the n-th retry waits a random time in [0, base_delay * 2**n].
        max_delay: cap on one wait, in seconds.
        sleep / rng: injectable for tests.
    """

    max_attempts: int = 8
    base_delay: float = 0.25
    max_delay: float = 20.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def delay(self, retry: int) -> float:
        """The wait before retry number ``retry`` (0-based): full jitter."""
        return self.rng.uniform(0.0, min(self.max_delay, self.base_delay * 2 ** retry))


def is_retryable(err: BaseException) -> bool:
    """True for throttling, 5xx responses and connection failures."""
    from botocore.exceptions import ClientError, HTTPClientError
    from botocore.exceptions import ConnectionError as BotoConnectionError

    if isinstance(err, ClientError):
        code = str(err.response.get("Error", {}).get("Code", ""))
        status = int(err.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
        return code in THROTTLING_CODES or code in TRANSIENT_CODES or status >= 500
    return isinstance(err, (BotoConnectionError, HTTPClientError))


def call(policy: RetryPolicy, fn: Callable[..., T], /, *, deadline: float | None = None,
         **kwargs: Any) -> T:
    """Call ``fn(**kwargs)``, retrying throttling and transient errors.

    Args:
        policy: attempts and delays.
        fn: a boto3 client method.
        deadline: a ``time.monotonic()`` value; no retry starts (nor waits) past it. The first
            attempt is always made.
        kwargs: its arguments.

    Returns:
        What ``fn`` returns.

    Raises:
        AthenaApiError: the call failed with a non-retryable error, or on every attempt.
    """
    from botocore.exceptions import BotoCoreError, ClientError

    name = getattr(fn, "__name__", "call")
    for attempt in range(policy.max_attempts):
        try:
            return fn(**kwargs)
        except (ClientError, BotoCoreError) as err:
            if not is_retryable(err) or attempt + 1 >= policy.max_attempts:
                raise _wrap(name, err, attempt + 1) from err
            wait = policy.delay(attempt)
            if deadline is not None and time.monotonic() + wait >= deadline:
                raise _wrap(name, err, attempt + 1, " (the timeout left no time to retry)") from err
            log.info("%s: %s; retry %d in %.2fs", name, _describe(err), attempt + 1, wait)
            policy.sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


def _describe(err: BaseException) -> str:
    from botocore.exceptions import ClientError

    if isinstance(err, ClientError):
        error = err.response.get("Error", {})
        return f"{error.get('Code', 'error')}: {error.get('Message', '')}".rstrip(": ")
    return str(err)


def _wrap(name: str, err: BaseException, attempts: int, tail: str = "") -> AthenaApiError:
    from botocore.exceptions import ClientError

    tail = f" (after {attempts} attempts)" if attempts > 1 and not tail else tail
    code = str(err.response.get("Error", {}).get("Code", "")) if isinstance(
        err, ClientError) else None
    return AthenaApiError(f"{name} failed{tail}: {_describe(err)}", code=code or None)
