"""Credentials never reach a log line: a filter that redacts AWS secrets from log records.

botocore's DEBUG log (``athenakit -vv``) prints each request it signs: the canonical request
with the ``x-amz-security-token`` header, the ``Authorization`` header with the access key id
and the signature, and STS / SSO responses with secret keys. :class:`RedactingFilter` rewrites
every record that passes through it, replacing

* the values of the credentials in use (the ``AWS_*`` environment variables and those of each
  boto3 session athenakit makes, registered with :func:`register_secrets`), wherever they occur;
* access key ids (``AKIA...``, ``ASIA...``), ``Credential=``, ``Signature=`` /
  ``X-Amz-Signature=`` values and botocore's ``Signature:`` line, ``Authorization`` headers,
  ``x-amz-security-token`` headers and query parameters, and secret-key / session-token fields
  of JSON and XML bodies.

The CLI puts the filter on its log handler (so it sees every record); :func:`install` also puts
it on the loggers of botocore, boto3, urllib3, s3transfer and pyathena, for programs that
configure logging themselves.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterable

MASK = "****"

_ENV_SECRETS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                "AWS_SECURITY_TOKEN")
_LIBRARY_LOGGERS = ("botocore", "boto3", "urllib3", "s3transfer", "pyathena", "aiobotocore")
_MIN_SECRET = 8  # shorter values ('testing' ...) would mask ordinary words

# (pattern, replacement); group 1 is the part kept before the mask
_PATTERNS = [
    (re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*b?['\"]?)[^'\"\n]+"), r"\1" + MASK),
    (re.compile(r"(?i)(x-amz-security-token['\"]?\s*[:=]\s*b?['\"]?)[^'\"\s&,}]+"),
     r"\1" + MASK),
    (re.compile(r"(?i)((?:x-amz-)?signature['\"]?\s*[:=]\s*b?['\"]?\s*)[0-9a-f]{16,}"),
     r"\1" + MASK),
    (re.compile(r"(?i)(x-amz-credential=|credential=)[^/,&\s'\"]+"), r"\1" + MASK),
    (re.compile(r"(?i)((?:secret_?access_?key|session_?token|security_?token|secret_?key)"
                r"['\"]?\s*(?:[:=]|>)\s*b?['\"]?)[^'\"<\s,}]+"), r"\1" + MASK),
    (re.compile(r"\b(?:AKIA|ASIA|AIDA|AROA|AGPA|ANPA|ANVA|AIPA)[A-Z0-9]{12,}\b"), MASK),
]

_lock = threading.Lock()
_secrets: set[str] = set()


def register_secrets(values: Iterable[str | None]) -> None:
    """Remember credential values so that any record containing one is masked.

    Args:
        values: access key ids, secret keys, session tokens (``None`` and short values are
            ignored).
    """
    with _lock:
        _secrets.update(v for v in values if v and len(v) >= _MIN_SECRET)


def register_session(session: object) -> None:
    """Register the credentials of a boto3 session (nothing if it has none yet)."""
    try:
        credentials = session.get_credentials()  # type: ignore[attr-defined]
        frozen = credentials.get_frozen_credentials() if credentials is not None else None
    except Exception:  # noqa: BLE001 - a session without usable credentials fails later
        return
    if frozen is not None:
        register_secrets([frozen.access_key, frozen.secret_key, frozen.token])


def redact(text: str) -> str:
    """``text`` with every known credential and credential-shaped value replaced by ``****``.

    Example:
        >>> redact("Credential=AKIAABCDEFGHIJKLMNOP/20240131/us-east-1/athena")
        'Credential=****/20240131/us-east-1/athena'
    """
    with _lock:
        known = sorted(_secrets | _env_secrets(), key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, MASK)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _env_secrets() -> set[str]:
    values = (os.environ.get(name) for name in _ENV_SECRETS)
    return {v for v in values if v and len(v) >= _MIN_SECRET}


class RedactingFilter(logging.Filter):
    """A logging filter that masks credentials in each record's message (never drops one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a badly formatted record is logging's to report
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


_FILTER = RedactingFilter()


def install(handlers: Iterable[logging.Handler] = ()) -> None:
    """Put the redacting filter on ``handlers`` and on the AWS libraries' loggers.

    A logger's filter sees only records made on that logger, so each existing logger under
    botocore, boto3, urllib3, s3transfer and pyathena gets it; call again after those
    libraries were imported (the runner does when it makes a client).
    """
    for handler in handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
    names = [n for n in list(logging.Logger.manager.loggerDict)
             if n.split(".", 1)[0] in _LIBRARY_LOGGERS]
    for name in [*_LIBRARY_LOGGERS, *names]:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
