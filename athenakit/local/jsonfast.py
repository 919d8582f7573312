"""Fast paths of the JSON decoders for the values nearly every file has.

A JSON value of a plain shape (digits, a quoted string, an ISO date, a timestamp with at most
milliseconds, a plain number, an array of strings) already is the text DuckDB reads exactly, and
both Trino decoders (JsonDeserializer, OpenXJsonDeserializer) give it that same value: it passes
straight through; any other value takes the full decoding of :mod:`athenakit.local.jsonvalues`.

https://docs.aws.amazon.com/athena/latest/ug/json-serde.html
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

from athenakit.local.jsontokens import Bare

# Values in the shapes nearly every file has, whose text is already what DuckDB reads exactly
# and what both decoders would give: a fast path, None for everything else
_SIMPLE_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?", re.ASCII)
_DIGITS = {"TINYINT": 2, "SMALLINT": 4, "INT": 9, "BIGINT": 18}


def _fast_integer(digits: int) -> Callable[[Any], str | None]:
    def read(value: Any) -> str | None:
        if type(value) is Bare and len(value) <= digits and value.isdigit() and (
                value[0] != "0" or len(value) == 1):
            return str(value)
        return None
    return read


def _fast_text(value: Any) -> str | None:
    return value if type(value) is str else None


def fast_strings(value: Any) -> str | None:
    if type(value) is list and all(type(v) is str for v in value):
        return json.dumps(value, ensure_ascii=False)
    return None


def _fast_boolean(value: Any) -> str | None:
    return ("true" if value else "false") if value is True or value is False else None


def _fast_double(value: Any) -> str | None:
    return str(value) if type(value) is Bare and _SIMPLE_NUMBER.fullmatch(value) else None


def _fast_date(value: Any) -> str | None:
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return None
        return value
    return None


def _fast_timestamp(value: Any) -> str | None:
    if type(value) is str and (len(value) == 19 or len(value) == 23 and value[19] == ".") and \
            value[10] == " " and value[4] == "-" and value[7] == "-":
        try:
            dt.datetime.fromisoformat(value)
        except ValueError:
            return None
        return value
    return None


FAST: dict[str, Callable[[Any], str | None]] = {**{k: _fast_integer(d) for k, d in _DIGITS.items()}, "TEXT": _fast_text,
         "BOOLEAN": _fast_boolean, "DOUBLE": _fast_double, "DATE": _fast_date,
         "TIMESTAMP": _fast_timestamp}
