"""Whether Trino's cast of a JSON value to an array or a map fails, and its message.

Trino reads the JSON text token by token into the target type and fails the whole cast on the
first element it cannot read (``JsonToArrayCast`` / ``JsonToMapCast``, ``JsonUtil``'s
``BlockBuilderAppender`` and ``currentTokenAs*``): ``INVALID_CAST_ARGUMENT: Cannot cast to
array(bigint). Unexpected token when cast to bigint: {`` followed by a line with the JSON text
(TestArrayOperators.testJsonToArray, TestMapOperators.testJsonToMap). DuckDB's cast read what it
could: an element it could not read became NULL under ``TRY_CAST`` (Trino's is NULL as a
whole) and stopped ``CAST`` with its own message.

:func:`failure` answers Trino's message, or None where Trino reads the value or where the rule
is not certain here (then DuckDB's cast runs as before: an answer it shares with Trino, or its
own failure, refused). Arrays, maps and rows of booleans, numbers, text and json are checked.

https://trino.io/docs/current/functions/json.html#cast-from-json
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import Any

from sqlglot import exp

from athenakit.local.javatext import java_double

# JsonUtil.MAX_JSON_LENGTH_IN_ERROR_MESSAGE
_SHOWN = 10_000
_LONG = 2**63
_INT = 2**31
# Long.parseLong / Integer.parseInt: a sign and decimal digits
_WHOLE = re.compile(r"[+-]?\d+")
# Double.parseDouble after String.trim(): Java's decimal forms (hex floats are not checked)
_BLANKS = "".join(map(chr, range(0x21)))
_JAVA_DOUBLE = re.compile(r"[\x00-\x20]*[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"
                          r"[fFdD]?)[\x00-\x20]*")


class _Uncertain(Exception):
    """A rule the local engine does not know for certain: DuckDB's cast decides."""


class _Failed(Exception):
    """Trino's cast fails; ``str(err)`` is the detail it names (empty: none)."""


class _Token:
    """A JSON scalar as Jackson tokenizes it: its kind and text."""

    def __init__(self, kind: str, text: str) -> None:
        self.kind, self.text = kind, text  # kind: string, int, float, true, false


class _Object(list):  # type: ignore[type-arg]
    """A JSON object: its (key, value) pairs, duplicates and order kept."""


def _parse(text: str) -> Any:
    return json.loads(text, object_pairs_hook=_Object,
                      parse_int=lambda t: _Token("int", t),
                      parse_float=lambda t: _Token("float", t),
                      parse_constant=lambda t: _Token("float", t))


def _shown(value: Any) -> str:
    """Jackson's ``getText()`` of the current token."""
    if isinstance(value, _Object):
        return "{"
    if isinstance(value, list):
        return "["
    if isinstance(value, _Token):
        return value.text
    if isinstance(value, str):
        return value
    return "true" if value is True else "false"


@functools.lru_cache(maxsize=256)
def _type(spelled: str) -> exp.DataType:
    return exp.DataType.build(spelled, dialect="trino")


def failure(text: str | None, target: str) -> str | None:
    """Trino's ``INVALID_CAST_ARGUMENT`` message for ``CAST(json AS target)``, or None.

    Args:
        text: the JSON value's text (Trino's canonical form: keys in order, Java numbers).
        target: the array or map type, as Trino spells it (``map(varchar, bigint)``).

    Returns:
        The message after ``INVALID_CAST_ARGUMENT:``, or None (Trino reads the value, or its
        rule is not certain here).

    Example:
        >>> failure('[1,{}]', 'array(bigint)')
        'Cannot cast to array(bigint). Unexpected token when cast to bigint: {\\n[1,{}]'
    """
    if text is None:
        return None
    try:
        if _plainly_read(json.loads(text), _type(target)):
            return None  # (most values: read without Jackson's tokens)
        value = _parse(text)
    except ValueError:
        return None
    shown = text if len(text) <= _SHOWN else text[:_SHOWN] + "...(truncated)"
    kind = _type(target)
    try:
        if value is not None and kind.this is exp.DType.SMALLINT:
            # JsonOperators.castToSmallint reads through currentTokenAsSmallint (checkedCast)
            _whole(value, "smallint", 16, "SMALLINT")
        elif value is not None:
            _read(value, kind)
    except _Uncertain:
        return None
    except _Failed as err:
        detail = f" {err}" if str(err) else ""
        return f"Cannot cast to {target}.{detail}\n{shown}"
    return None


_PLAIN: dict[exp.DType, Callable[[Any], bool]] = {
    exp.DType.BIGINT: lambda v: type(v) is int and -_LONG <= v < _LONG,
    exp.DType.INT: lambda v: type(v) is int and -_INT <= v < _INT,
    exp.DType.DOUBLE: lambda v: type(v) in (int, float),
    exp.DType.BOOLEAN: lambda v: type(v) is bool,
    exp.DType.JSON: lambda v: True,
}


def _plainly_read(value: Any, kind: exp.DataType) -> bool:
    """Whether Trino surely reads ``value`` (parsed plainly): the common shapes, checked
    without the token-level reading of :func:`_read`. False: read it token by token."""
    if value is None:
        return True
    this = kind.this
    if this is exp.DType.ARRAY:
        element = kind.expressions[0]
        return type(value) is list and all(_plainly_read(v, element) for v in value)
    if this is exp.DType.MAP:
        key, item = kind.expressions
        return type(value) is dict and key.this is exp.DType.VARCHAR and not key.expressions \
            and all(_plainly_read(v, item) for v in value.values())
    if this is exp.DType.VARCHAR:
        return not kind.expressions and type(value) in (str, int, float, bool)
    plain = _PLAIN.get(this)
    return plain is not None and plain(value)


def _read(value: Any, kind: exp.DataType) -> None:
    if value is None:
        return
    if kind.is_type(exp.DType.ARRAY):
        if not isinstance(value, list) or isinstance(value, _Object):
            raise _Failed(f"Expected a json array, but got {_shown(value)}")
        for element in value:
            _read(element, kind.expressions[0])
        return
    if kind.is_type(exp.DType.MAP):
        _read_map(value, kind)
        return
    if kind.is_type(exp.DType.STRUCT):
        _read_row(value, kind)
        return
    _scalar(value, kind)


def _read_row(value: Any, kind: exp.DataType) -> None:
    """A row: a JSON array by position, an object by field name, case-insensitively (unknown
    names skipped, missing fields NULL; ``JsonUtil.parseJsonToSingleRowBlock``)."""
    fields = [(f.name.lower(), f.args["kind"]) if isinstance(f, exp.ColumnDef) else (None, f)
              for f in kind.expressions]
    if isinstance(value, _Object):
        if any(name is None for name, _ in fields):
            raise _Failed("Cannot cast a JSON object to anonymous row type. Input must be a "
                          "JSON array.")
        types, seen = dict(fields), set()
        for key, item in value:
            name = key.lower()
            if name not in types:
                continue
            if name in seen:
                raise _Failed(f"Duplicate field: {name}")
            seen.add(name)
            _read(item, types[name])
        return
    if not isinstance(value, list):
        raise _Failed(f"Expected a json array or object, but got {_shown(value)}")
    if len(value) != len(fields):
        # fails in every Trino version, whose messages differ (a field read from the array's
        # end, "Expected json array ending", "Expected a json array with 2 elements, but got 3")
        raise _Failed("")
    for item, (_, field) in zip(value, fields, strict=True):
        _read(item, field)


def _read_map(value: Any, kind: exp.DataType) -> None:
    if not isinstance(value, _Object):
        raise _Failed(f"Expected a json object, but got {_shown(value)}")
    key_type, value_type = kind.expressions
    keys: set[Any] = set()
    texts: set[str] = set()
    for key, item in value:
        read = _scalar(key, key_type)
        if key in texts:
            raise _Uncertain  # a key written twice: Trino's JSON text never holds one
        if read in keys:
            raise _Failed("Duplicate keys are not allowed")
        keys.add(read)
        texts.add(key)
        _read(item, value_type)


def _scalar(value: Any, kind: exp.DataType) -> Any:
    """The value Trino reads (for map keys' duplicates), or a failure."""
    if kind.is_type(exp.DType.JSON):
        return value
    name = _NAMES.get(kind.this)
    if name is None:
        raise _Uncertain  # a row, a bounded varchar, ...
    if isinstance(value, list):
        spelled = f"DECIMAL({_params(kind)})" if name == "decimal" else name
        raise _Failed(f"Unexpected token when cast to {spelled}: {_shown(value)}")
    return _READERS[name](value, kind)


_NAMES = {exp.DType.BIGINT: "bigint", exp.DType.INT: "integer", exp.DType.SMALLINT: "smallint",
          exp.DType.TINYINT: "tinyint", exp.DType.DOUBLE: "double", exp.DType.FLOAT: "real",
          exp.DType.BOOLEAN: "boolean", exp.DType.DECIMAL: "decimal",
          exp.DType.VARCHAR: "varchar"}


def _params(kind: exp.DataType) -> str:
    return ",".join(p.name for p in kind.expressions)


def _whole(value: Any, name: str, bits: int, shown: str) -> int:
    """bigint / integer / tinyint (``currentTokenAsBigint`` ...)."""
    limit = 2 ** (bits - 1)
    if value is True or value is False:
        return int(value)
    if isinstance(value, str):  # VarcharOperators.castToBigint: Long.parseLong
        if not _WHOLE.fullmatch(value) or not -limit <= int(value) < limit:
            raise _Failed(f"Cannot cast '{value}' to {shown}")
        return int(value)
    if value.kind == "float":  # DoubleOperators.castTo*: rounded half up, range checked
        number = float(value.text)  # parser.getDoubleValue()
        rounded = _half_up(number) if math.isfinite(number) and abs(number) < 2.0**64 else None
        if rounded is None or not -limit <= rounded < limit:
            if name == "bigint":
                raise _Uncertain  # DoubleOperators.castToLong's message is not known here
            raise _Failed(f"Out of range for {name}: {java_double(number)}")
        return rounded
    number = int(value.text)  # getLongValue, then toIntExact / checkedCast: no detail
    if not -_LONG <= number < _LONG or not -limit <= number < limit:
        raise _Failed("")
    return number


def _half_up(number: float) -> int:
    """A double rounded half away from zero (``MathFunctions.round``, Guava's ``HALF_UP``)."""
    return int(Decimal(number).quantize(Decimal(1), ROUND_HALF_UP))


def _whole_of(name: str, bits: int, shown: str) -> Any:
    def read(value: Any, kind: exp.DataType) -> Any:
        return _whole(value, name, bits, shown)
    return read


def _smallint(value: Any, kind: exp.DataType) -> Any:
    # SmallintBlockBuilderAppender reads through currentTokenAsInteger: a value outside
    # smallint's range is not certain here
    read = _whole(value, "integer", 32, "INT")
    if not -2**15 <= read < 2**15:
        raise _Uncertain
    return read


def _floating(shown: str) -> Any:
    def read(value: Any, kind: exp.DataType) -> Any:
        if value is True or value is False:
            return float(value)
        if isinstance(value, str):  # VarcharOperators.castToDouble: Double.parseDouble
            if not _JAVA_DOUBLE.fullmatch(value):
                if value.strip(_BLANKS).lstrip("+-")[:2].lower() == "0x":
                    raise _Uncertain  # a hex float
                raise _Failed(f"Cannot cast '{value}' to {shown}")
            return float(value.strip(_BLANKS).rstrip("fFdD"))
        return float(value.text)
    return read


def _boolean(value: Any, kind: exp.DataType) -> Any:
    if value is True or value is False:
        return value
    if isinstance(value, str):  # VarcharOperators.castToBoolean
        if value in ("1", "t", "T") or value.lower() == "true":
            return True
        if value in ("0", "f", "F") or value.lower() == "false":
            return False
        raise _Failed(f"Cannot cast '{value}' to BOOLEAN")
    if value.kind == "int" and not -_LONG <= int(value.text) < _LONG:
        raise _Failed("")
    return float(value.text) != 0


def _decimal(value: Any, kind: exp.DataType) -> Any:
    """``currentTokenAsJavaDecimal``: the number at the type's scale, half up; more digits
    than the precision fail (``Cannot cast input json to DECIMAL(p,s)``)."""
    precision, scale = (int(p.name) for p in kind.expressions) if kind.expressions \
        else (38, 0)
    if value is True or value is False:
        number = Decimal(int(value))
    else:
        try:  # new BigDecimal(text) / getDecimalValue
            number = Decimal(value if isinstance(value, str) else value.text)
        except InvalidOperation:
            raise _Failed("") from None
        if not number.is_finite():
            raise _Failed("")
    with localcontext() as context:
        context.prec = 200
        unscaled = int(number.scaleb(scale).quantize(Decimal(1), ROUND_HALF_UP))
    if len(str(abs(unscaled))) > precision:
        raise _Failed(f"Cannot cast input json to DECIMAL({precision},{scale})")
    return unscaled


def _varchar(value: Any, kind: exp.DataType) -> Any:
    if kind.expressions:
        raise _Uncertain  # a bounded varchar: jsoncasts' own rule
    if value is True or value is False:
        return "true" if value else "false"
    return value if isinstance(value, str) else None  # (keys are text)


_READERS = {"bigint": _whole_of("bigint", 64, "BIGINT"),
            "integer": _whole_of("integer", 32, "INT"), "smallint": _smallint,
            "tinyint": _whole_of("tinyint", 8, "TINYINT"), "double": _floating("DOUBLE"), "real": _floating("REAL"),
            "boolean": _boolean, "decimal": _decimal, "varchar": _varchar}

def failures(texts: Any, targets: Any) -> Any:
    """:func:`failure` over Arrow columns (DuckDB calls it once per chunk, not per row)."""
    import pyarrow as pa

    return pa.array([failure(text, target) for text, target in zip(
        texts.to_pylist(), targets.to_pylist(), strict=True)], type=pa.string())


FUNCTIONS = {"ak_json_cast_failure": (failures, ["VARCHAR", "VARCHAR"], "VARCHAR")}
# registered as an Arrow function (athenakit.local.udfs)
VECTORIZED = frozenset(FUNCTIONS)
