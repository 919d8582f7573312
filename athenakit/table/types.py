"""Athena column types: parsed and validated with sqlglot's DataType, spelled for DDL and DML.

Athena DDL (Hive side) spells types ``int``, ``string``, ``array<...>``, ``struct<a:int>``; DML
(Trino side) spells them ``integer``, ``varchar``, ``array(...)``, ``row(a integer)``
(https://docs.aws.amazon.com/athena/latest/ug/data-types.html). A :class:`ColumnType` keeps the
canonical DDL spelling and produces the DML one through sqlglot.

Plain scalar names (``string``, ``bigint``, ...) are looked up in a table so that rendering a
simple table does not need to import sqlglot; everything with parameters or nesting is parsed by
sqlglot. A test checks that the table and sqlglot agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from athenakit.sql.quoting import Engine, quote_identifier

if TYPE_CHECKING:
    from sqlglot import exp

DOC = "https://docs.aws.amazon.com/athena/latest/ug/data-types.html"

# Canonical DDL spelling of every scalar type name Athena accepts (and common DML aliases).
SCALAR_TYPES = {
    "boolean": "boolean",
    "tinyint": "tinyint",
    "smallint": "smallint",
    "int": "int",
    "integer": "int",
    "bigint": "bigint",
    "float": "float",
    "real": "float",
    "double": "double",
    "decimal": "decimal",
    "string": "string",
    "binary": "binary",
    "varbinary": "binary",
    "date": "date",
    "timestamp": "timestamp",
}
# Types may nest this deep (struct<a:array<...>>); the parsers recurse a level at a time.
MAX_TYPE_NESTING = 32
PRIMITIVE_NAMES = frozenset(SCALAR_TYPES.values()) | {"char", "varchar"}
STRING_TYPES = frozenset({"string", "varchar", "char"})


class TypeError_(ValueError):
    """A type string that Athena would not accept; the message says why."""


@dataclass(frozen=True, order=True)
class ColumnType:
    """One Athena column type in canonical DDL spelling (e.g. ``map<string,array<int>>``)."""

    ddl: str

    @property
    def base(self) -> str:
        """The outer type name: ``array``, ``struct``, ``decimal``, ``string`` ..."""
        return self.ddl.split("<", 1)[0].split("(", 1)[0]

    @property
    def is_primitive(self) -> bool:
        return self.base in PRIMITIVE_NAMES

    @property
    def is_string(self) -> bool:
        return self.base in STRING_TYPES

    @property
    def dml(self) -> str:
        """The Trino (DML) spelling, e.g. ``ARRAY(ROW(a INTEGER))``, for CAST and CTAS."""
        return _dml_spelling(self.ddl)

    def __str__(self) -> str:
        return self.ddl


def parse_type(text: str) -> ColumnType:
    """Parse and validate an Athena type written in DDL or DML spelling.

    Args:
        text: e.g. ``"bigint"``, ``"decimal(10,2)"``, ``"array<struct<a:int,b:string>>"``,
            ``"row(a integer)"``.

    Returns:
        The type in canonical DDL spelling.

    Raises:
        TypeError_: the text is not a type, or a type Athena DDL does not support, or its
            parameters are out of range.

    Example:
        >>> parse_type("ARRAY<Struct<a: INTEGER>>").ddl
        'array<struct<a:int>>'
    """
    key = text.strip().lower()
    if key in SCALAR_TYPES:
        return ColumnType(SCALAR_TYPES[key])
    return ColumnType(_parse_complex(text.strip()))


@lru_cache(maxsize=4096)
def _parse_complex(text: str) -> str:
    from sqlglot import exp
    from sqlglot.errors import ParseError

    if not text:
        raise TypeError_("type is empty")
    _check_brackets(text)
    dml = "<" not in text and ":" not in text
    try:
        # DML spelling (row(...), array(...), map(k, v)) goes through the Trino-side parser.
        dtype = exp.DataType.build(text, dialect="athena" if dml else "hive")
    except (ParseError, ValueError) as err:
        import difflib  # only for a mistake

        hint = difflib.get_close_matches(text.lower(), list(SCALAR_TYPES), n=1)
        reason = f"did you mean '{hint[0]}'?" if hint else _first_line(err)
        raise TypeError_(f"'{text}' is not an Athena type ({reason})") from err
    try:
        spelled = _spell(dtype, dml)
    except TypeError_ as err:
        if text in str(err):
            raise
        # name the user's text: sqlglot upper-cases parameters and respells some types
        raise TypeError_(f"{err} (in '{text}')") from None
    _check_whole(text, "athena" if dml else "hive", dtype)
    return spelled


def spell_sqlglot_type(dtype: exp.DataType) -> ColumnType:
    """The :class:`ColumnType` of a type sqlglot parsed from Hive DDL (raises TypeError_)."""
    return ColumnType(_spell(dtype))


def _check_whole(text: str, dialect: str, dtype: exp.DataType) -> None:
    """sqlglot's type builder ignores what follows the type ('string, b int' is a string)."""
    from sqlglot import exp, parse_one
    from sqlglot.errors import ParseError

    try:
        parse_one(text, read=dialect, into=exp.DataType)
    except ParseError:
        raise TypeError_(f"'{text}' is not one type: there is text after "
                         f"'{dtype.sql('hive').lower()}'") from None


def _check_brackets(text: str) -> None:
    """sqlglot forgives a missing closing bracket; Athena does not. Nesting is bounded."""
    depth: list[str] = []
    pairs = {"<": ">", "(": ")"}
    quoted = ""
    for ch in text:
        if quoted:
            quoted = "" if ch == quoted else quoted
        elif ch in "`\"":
            quoted = ch
        elif ch in pairs:
            depth.append(pairs[ch])
            if len(depth) > MAX_TYPE_NESTING:
                raise TypeError_(f"type nests more than {MAX_TYPE_NESTING} levels deep "
                                 "(athenakit reads at most that)")
        elif ch in ">)" and (not depth or depth.pop() != ch):
            raise TypeError_(f"'{text}' has an unmatched '{ch}'")
    if depth or quoted:
        raise TypeError_(f"'{text}' is missing a closing '{depth[-1] if depth else quoted}'")


def _first_line(err: Exception) -> str:
    return str(err).splitlines()[0] if str(err) else type(err).__name__


def _spell(dtype: exp.DataType, dml: bool = False) -> str:
    from sqlglot import exp

    kind = dtype.this
    T = exp.DataType.Type
    params = dtype.expressions
    if kind == T.ARRAY:
        _arity(dtype, "array", 1)
        return f"array<{_spell(_element(params[0]), dml)}>"
    if kind == T.MAP:
        _arity(dtype, "map", 2)
        key = _spell(_element(params[0]), dml)
        if key.split("<", 1)[0].split("(", 1)[0] not in PRIMITIVE_NAMES:
            raise TypeError_(f"map keys must be a primitive type, not '{key}'")
        return f"map<{key},{_spell(_element(params[1]), dml)}>"
    if kind == T.STRUCT:
        return _spell_struct(params, dml)
    if kind == T.DECIMAL:
        return _spell_decimal(params)
    if kind == T.VARCHAR and dml and not params:
        return "string"  # Trino's unbounded varchar is Hive's string
    if kind in (T.CHAR, T.VARCHAR):
        return _spell_char(kind == T.CHAR, params)
    name = _SQLGLOT_SCALARS.get(kind.name)
    if name is None or params:
        raise TypeError_(
            # Trino-side spelling: the Hive generator would print TIME as TIMESTAMP
            f"'{dtype.sql('athena').lower()}' is not an Athena DDL type; use one of "
            + ", ".join(sorted(PRIMITIVE_NAMES | {"array<T>", "map<K,V>", "struct<...>"}))
        )
    return name


_SQLGLOT_SCALARS = {
    "BOOLEAN": "boolean", "TINYINT": "tinyint", "SMALLINT": "smallint", "INT": "int",
    "BIGINT": "bigint", "FLOAT": "float", "DOUBLE": "double", "TEXT": "string",
    "BINARY": "binary", "VARBINARY": "binary", "DATE": "date", "TIMESTAMP": "timestamp",
}


def _element(node: exp.Expression) -> exp.DataType:
    from sqlglot import exp

    if isinstance(node, exp.DataType):
        return node
    kind = node.args.get("kind") if isinstance(node, exp.ColumnDef) else None
    if isinstance(kind, exp.DataType):
        return kind
    raise TypeError_(f"'{node.sql('hive')}' is not a type")


def _arity(dtype: exp.DataType, name: str, count: int) -> None:
    if len(dtype.expressions) != count:
        shape = "array<T>" if count == 1 else "map<K,V>"
        raise TypeError_(f"{name} takes {count} type parameter(s): {shape}")


def _spell_struct(fields: list[exp.Expression], dml: bool) -> str:
    from sqlglot import exp

    if not fields:
        raise TypeError_("struct needs at least one field: struct<name:type,...>")
    seen: set[str] = set()
    parts = []
    for field in fields:
        if not isinstance(field, exp.ColumnDef) or field.args.get("kind") is None:
            raise TypeError_(f"struct field '{field.sql('hive')}' needs a name and a type")
        name = field.name
        if name.lower() in seen:
            raise TypeError_(f"struct field '{name}' appears twice (names are case-insensitive)")
        seen.add(name.lower())
        parts.append(f"{quote_identifier(name, Engine.HIVE)}:{_spell(field.args['kind'], dml)}")
    return "struct<" + ",".join(parts) + ">"


def _int_params(params: list[exp.Expression], what: str) -> list[int]:
    values = []
    for p in params:
        text = p.name if p.name else p.sql()
        try:
            values.append(int(text))
        except ValueError:
            raise TypeError_(f"{what} parameters must be integers") from None
    return values


def _spell_decimal(params: list[exp.Expression]) -> str:
    if not params:
        return "decimal"
    nums = _int_params(params, "decimal")
    precision, scale = nums[0], nums[1] if len(nums) > 1 else 0
    if len(nums) > 2 or not 1 <= precision <= 38:
        raise TypeError_(f"decimal precision must be 1..38, got decimal({','.join(map(str, nums))})")
    if not 0 <= scale <= precision:
        raise TypeError_(f"decimal scale must be 0..precision ({precision}), got {scale}")
    return f"decimal({precision},{scale})" if len(nums) > 1 else f"decimal({precision})"


def _spell_char(is_char: bool, params: list[exp.Expression]) -> str:
    name, limit = ("char", 255) if is_char else ("varchar", 65535)
    if not params:
        hint = "char(n)" if is_char else "varchar(n) or string"
        raise TypeError_(f"{name} needs a length in Athena DDL: use {hint}")
    nums = _int_params(params, name)
    if len(nums) != 1 or not 1 <= nums[0] <= limit:
        raise TypeError_(f"{name} length must be 1..{limit}, got {','.join(map(str, nums))}")
    return f"{name}({nums[0]})"


@lru_cache(maxsize=4096)
def _dml_spelling(ddl: str) -> str:
    from sqlglot import exp

    built = exp.DataType.build(ddl, dialect="hive")
    # Hive's DECIMAL without precision is decimal(10,0); Trino's bare DECIMAL is decimal(38,0)
    # https://cwiki.apache.org/confluence/display/Hive/LanguageManual+Types#LanguageManualTypes-DecimalsdecimalDecimals
    for node in built.find_all(exp.DataType):
        if node.is_type(exp.DType.DECIMAL) and not node.expressions:
            node.set("expressions", [exp.DataTypeParam(this=exp.Literal.number(10)),
                                     exp.DataTypeParam(this=exp.Literal.number(0))])
    return built.sql("athena")
