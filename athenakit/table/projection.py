"""Partition projection: one typed object per partition column.

https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html

Each projection knows its table properties (``projection.<col>.*``), how to read itself back from
them, how to write itself to a spec, and what is wrong with it (:meth:`Projection.validate`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from athenakit.errors import Diagnostic, Severity

DOC = "https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html"
DATE_UNITS = ("YEARS", "MONTHS", "WEEKS", "DAYS", "HOURS", "MINUTES", "SECONDS", "MILLIS")
# https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html#partition-projection-date-type
_NOW = re.compile(r"^\s*NOW\s*(?:([+-])\s*(\d+)\s*([A-Za-z]+?)S?\s*)?$", re.IGNORECASE)
_NOW_UNITS = {"YEAR", "MONTH", "WEEK", "DAY", "HOUR", "MINUTE", "SECOND"}


def _error(code: str, path: str, message: str) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, path=path, doc=DOC)


def _warning(code: str, path: str, message: str) -> Diagnostic:
    return Diagnostic(code, Severity.WARNING, message, path=path, doc=DOC)


@dataclass(frozen=True)
class Projection:
    """Base of the four projection types; ``type`` is Athena's ``projection.<col>.type``."""

    type: ClassVar[str] = ""
    keys: ClassVar[tuple[str, ...]] = ()

    def __post_init__(self) -> None:
        # Python callers write DateProjection(interval=1) and range=(0, 10): table properties
        # are text, so numbers become their decimal text (a spec file's YAML does the same)
        for name, value in vars(self).items():
            if isinstance(value, int) and not isinstance(value, bool):
                object.__setattr__(self, name, str(value))
            elif isinstance(value, (tuple, list)):
                object.__setattr__(self, name, tuple(
                    str(v) if isinstance(v, int) and not isinstance(v, bool) else v
                    for v in value))

    def properties(self, column: str) -> dict[str, str]:
        """The ``projection.<column>.*`` table properties, in Athena's documented order."""
        props = {f"projection.{column}.type": self.type}
        for key, value in self._values().items():
            if value is not None:
                props[f"projection.{column}.{key}"] = value
        return props

    def to_spec(self) -> dict[str, Any]:
        """The spec-file form (``{"type": "date", "range": [...], ...}``)."""
        spec: dict[str, Any] = {"type": self.type}
        spec.update({k.replace(".", "_"): v for k, v in self._spec_values().items() if v is not None})
        return spec

    def validate(self, column_type: str, path: str) -> list[Diagnostic]:
        """Problems with this projection on a partition column of ``column_type``."""
        return []

    def _values(self) -> dict[str, str | None]:
        return {}

    def _spec_values(self) -> dict[str, Any]:
        return self._values()


@dataclass(frozen=True)
class EnumProjection(Projection):
    """A fixed list of values; whitespace is part of a value."""

    values: tuple[str, ...] = ()
    type: ClassVar[str] = "enum"
    keys: ClassVar[tuple[str, ...]] = ("values",)

    def _values(self) -> dict[str, str | None]:
        return {"values": ",".join(self.values)}

    def _spec_values(self) -> dict[str, Any]:
        return {"values": list(self.values)}

    def validate(self, column_type: str, path: str) -> list[Diagnostic]:
        if not self.values:
            return [_error("AK120", f"{path}.values", "enum projection needs at least one value")]
        out = []
        for i, value in enumerate(self.values):
            if "," in value:
                out.append(_error("AK121", f"{path}.values[{i}]",
                                  f"enum value {value!r} contains a comma, the list separator"))
        if len(set(self.values)) != len(self.values):
            out.append(_warning("AK122", f"{path}.values", "enum values repeat"))
        return out


@dataclass(frozen=True)
class IntegerProjection(Projection):
    """An inclusive integer range ``min,max`` (kept as written: zero-padding and sign matter)."""

    range: tuple[str, str] = ("0", "0")
    interval: str | None = None
    digits: str | None = None
    type: ClassVar[str] = "integer"
    keys: ClassVar[tuple[str, ...]] = ("range", "interval", "digits")

    def _values(self) -> dict[str, str | None]:
        return {"range": ",".join(self.range), "interval": self.interval, "digits": self.digits}

    def _spec_values(self) -> dict[str, Any]:
        return {"range": list(self.range), "interval": _int_or_text(self.interval),
                "digits": _int_or_text(self.digits)}

    def validate(self, column_type: str, path: str) -> list[Diagnostic]:
        out = []
        bounds = [_parse_int(v) for v in self.range]
        for i, (text, value) in enumerate(zip(self.range, bounds)):
            if value is None:
                out.append(_error("AK123", f"{path}.range[{i}]",
                                  f"integer projection range end {text!r} is not an integer"))
        if None not in bounds and bounds[0] > bounds[1]:  # type: ignore[operator]
            out.append(_error("AK124", f"{path}.range", f"range {','.join(self.range)} is empty "
                              "(minimum above maximum)"))
        for key in ("interval", "digits"):
            text = getattr(self, key)
            if text is not None and ((_parse_int(text) or 0) < 1):
                out.append(_error("AK125", f"{path}.{key}",
                                  f"{key} must be a positive integer, got {text!r}"))
        return out


@dataclass(frozen=True)
class DateProjection(Projection):
    """A date range in a Java DateTimeFormatter ``format``; ends may be ``NOW[+-N UNIT]``."""

    range: tuple[str, str] = ("NOW", "NOW")
    format: str = "yyyy-MM-dd"
    interval: str | None = None
    interval_unit: str | None = None
    type: ClassVar[str] = "date"
    keys: ClassVar[tuple[str, ...]] = ("range", "format", "interval", "interval.unit")

    def _values(self) -> dict[str, str | None]:
        return {"range": ",".join(self.range), "format": self.format,
                "interval": self.interval, "interval.unit": self.interval_unit}

    def _spec_values(self) -> dict[str, Any]:
        return {"range": list(self.range), "format": self.format,
                "interval": _int_or_text(self.interval), "interval.unit": self.interval_unit}

    def validate(self, column_type: str, path: str) -> list[Diagnostic]:
        out: list[Diagnostic] = []
        pattern = java_to_strptime(self.format)
        if pattern is None:
            out.append(_warning("AK126", f"{path}.format", f"format {self.format!r} uses pattern "
                                "letters athenakit cannot check; range ends are not verified"))
        dates = [self._check_end(i, end, pattern, path, out) for i, end in enumerate(self.range)]
        if dates[0] and dates[1] and dates[0] > dates[1]:
            out.append(_error("AK124", f"{path}.range",
                              f"range {','.join(self.range)} is empty (start after end)"))
        if self.interval is not None and (_parse_int(self.interval) or 0) < 1:
            out.append(_error("AK125", f"{path}.interval",
                              f"interval must be a positive integer, got {self.interval!r}"))
        out.extend(self._check_unit(path))
        return out

    def _check_end(
        self, i: int, end: str, pattern: str | None, path: str, out: list[Diagnostic]
    ) -> dt.datetime | None:
        now = _NOW.match(end)
        if now:
            if now.group(3) and now.group(3).upper() not in _NOW_UNITS:
                out.append(_error("AK127", f"{path}.range[{i}]", f"{end!r}: unknown unit "
                                  f"{now.group(3)!r} (use YEARS, MONTHS, WEEKS, DAYS, HOURS, ...)"))
            return None
        if pattern is None:
            return None
        try:
            return dt.datetime.strptime(end.strip(), pattern)
        except ValueError:
            out.append(_error("AK128", f"{path}.range[{i}]", f"range end {end!r} does not match "
                              f"format {self.format!r} and is not a NOW expression"))
            return None

    def _check_unit(self, path: str) -> list[Diagnostic]:
        unit = (self.interval_unit or "").upper()
        if unit == "MILLISECONDS":
            return [_warning("AK129", f"{path}.interval_unit",
                             "interval unit MILLISECONDS is spelled MILLIS (Java ChronoUnit)")]
        if unit and unit not in DATE_UNITS:
            return [_error("AK129", f"{path}.interval_unit",
                           f"unknown interval unit {self.interval_unit!r}; use one of "
                           + ", ".join(DATE_UNITS))]
        if not unit and format_precision(self.format) in ("HOURS", "MINUTES", "SECONDS", "MILLIS"):
            return [_error("AK130", f"{path}.interval_unit",
                           f"format {self.format!r} is finer than a day: set interval and "
                           "interval_unit (e.g. 1 HOURS)")]
        return []


@dataclass(frozen=True)
class InjectedProjection(Projection):
    """Values come from the query's equality filter; string columns only."""

    type: ClassVar[str] = "injected"

    def validate(self, column_type: str, path: str) -> list[Diagnostic]:
        base = column_type.split("(", 1)[0]
        if base not in ("string", "varchar", "char"):
            return [_error("AK131", f"{path}.type",
                           f"injected projection needs a string column, not {column_type}")]
        return []


PROJECTIONS: dict[str, type[Projection]] = {
    cls.type: cls for cls in (EnumProjection, IntegerProjection, DateProjection, InjectedProjection)
}


def from_properties(column: str, props: Mapping[str, str]) -> tuple[Projection | None, list[str]]:
    """Read ``projection.<column>.*`` properties back into a projection.

    Returns:
        The projection (None if the column has no ``.type``) and the property keys that the
        projection type does not know (left for the caller to keep or report).
    """
    prefix = f"projection.{column}."
    own = {k[len(prefix):]: v for k, v in props.items() if k.startswith(prefix)}
    kind = own.pop("type", None)
    if kind is None or kind not in PROJECTIONS:
        return None, [prefix + k for k in own] + ([prefix + "type"] if kind else [])
    cls = PROJECTIONS[kind]
    unknown = [prefix + k for k in own if k not in cls.keys]
    args: dict[str, Any] = {}
    for key in cls.keys:
        if key in own:
            args[key.replace(".", "_")] = own[key]
    if "range" in args:
        args["range"] = _split_range(args["range"])
    if "values" in args:
        args["values"] = tuple(args["values"].split(","))
    return cls(**args), unknown


def _split_range(text: str) -> tuple[str, str]:
    parts = text.split(",")
    if len(parts) != 2:
        return (text, "")
    return (parts[0], parts[1])


def _parse_int(text: str) -> int | None:
    try:
        return int(text.strip())
    except (ValueError, AttributeError):
        return None


def _int_or_text(text: str | None) -> int | str | None:
    value = _parse_int(text) if text is not None else None
    return value if value is not None and str(value) == text else text


# Java DateTimeFormatter pattern letter -> strptime directive, by letter and run length.
_JAVA_LETTERS = {
    "y": {4: "%Y", 2: "%y"}, "u": {4: "%Y", 2: "%y"}, "M": {1: "%m", 2: "%m"},
    "d": {1: "%d", 2: "%d"}, "H": {1: "%H", 2: "%H"}, "m": {1: "%M", 2: "%M"},
    "s": {1: "%S", 2: "%S"},
}
_PRECISION = (("S", "MILLIS"), ("s", "SECONDS"), ("m", "MINUTES"), ("H", "HOURS"), ("d", "DAYS"),
              ("M", "MONTHS"), ("y", "YEARS"), ("u", "YEARS"))


def java_to_strptime(pattern: str) -> str | None:
    """Translate a DateTimeFormatter pattern to a strptime one; None if it uses other letters."""
    out: list[str] = []
    for kind, text in java_pattern_tokens(pattern):
        if kind == "literal":
            out.append(text.replace("%", "%%"))
        elif text[0] == "S":
            out.append("%f")
        else:
            directive = _JAVA_LETTERS.get(text[0], {}).get(len(text))
            if directive is None:
                return None
            out.append(directive)
    return "".join(out)


def format_precision(pattern: str) -> str | None:
    """The finest unit a DateTimeFormatter pattern writes (``DAYS`` for ``yyyy-MM-dd``)."""
    letters = {text[0] for kind, text in java_pattern_tokens(pattern) if kind == "field"}
    for letter, unit in _PRECISION:
        if letter in letters:
            return unit
    return None


def java_pattern_tokens(pattern: str) -> list[tuple[str, str]]:
    """A Java/Joda date pattern as ``("field", "yyyy")`` and ``("literal", "-")`` tokens
    (quoted text is one literal, ``''`` a quote)."""
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "'":
            end = pattern.find("'", i + 1)
            end = len(pattern) if end < 0 else end
            tokens.append(("literal", pattern[i + 1:end] if end > i + 1 else "'"))
            i = end + 1
        elif ch.isalpha():
            j = i
            while j < len(pattern) and pattern[j] == ch:
                j += 1
            tokens.append(("field", pattern[i:j]))
            i = j
        else:
            tokens.append(("literal", ch))
            i += 1
    return tokens
