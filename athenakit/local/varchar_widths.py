"""Trino's bounded character types of a query's result columns: ``varchar(n)`` and ``char(n)``.

DuckDB has one ``varchar``; Trino types ``'abc'`` as ``varchar(3)``, ``CAST(x AS CHAR(3))`` as
``char(3)``, and most string functions keep their argument's length. A CTAS records the types
Trino gives its columns (Trino's Hive connector stores a bounded ``varchar(n)`` as Hive's
``varchar(n)`` and an unbounded one as ``string``: ``HiveTypeTranslator.toTypeInfo``), and an
INSERT checks the query's types against the table's (:mod:`athenakit.local.inserttypes`).

:class:`Typer` answers Trino's type of a text value (:mod:`athenakit.local.varchar_columns` asks it
for each result column):

* a string literal is ``varchar(len)`` (characters, not bytes); ``CHAR 'ab'`` a ``char(2)``;
* ``CAST`` / ``TRY_CAST`` to ``varchar(n)`` / ``char(n)`` / ``varchar`` is that type;
* a table column has its declared type; a column of a subquery, CTE or ``VALUES`` the common
  type of the items it names (:func:`athenakit.local.literal_types.sources_of`);
* ``CASE`` / ``IF`` / ``COALESCE`` / ``NULLIF`` / ``greatest`` / ``least`` and the branches of a
  set operation have Trino's common super type (``TypeCoercion.getCommonSuperType``: the longer
  ``varchar``; an unbounded one makes it unbounded; ``char`` with ``varchar(m)`` is
  ``char(max)``); ``min`` / ``max`` / ``arbitrary`` / ``max_by`` / ``min_by`` and the value
  window functions keep their argument's type;
* the string functions whose signature in Trino's ``StringFunctions`` (and
  ``JoniRegexpFunctions``, ``JsonFunctions``) is bounded are typed by it (:data:`_SAME`,
  :data:`_TO_VARCHAR`, :data:`_VARCHAR_ONLY`, ``replace`` and ``regexp_replace`` by their
  ``@Constraint``, ``chr`` ``varchar(1)``, ``soundex`` ``varchar(4)``); ``||`` / ``concat`` of
  ``varchar`` values is unbounded (``ConcatFunction.VARCHAR_CONCAT``), of two ``char`` values
  ``char(x + y)`` (``StringFunctions.concat``);
* any other function is unbounded when nothing bounded goes into it, and refused
  (:data:`REFUSAL`) when something does: its length is not known here.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import NamedTuple

from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally

REFUSAL = "a varchar column whose length Trino would bound"
_HINT = "cast it to varchar or varchar(n)"
UNBOUNDED_LENGTH = 2147483647  # VarcharType.UNBOUNDED_LENGTH: varchar(2^31 - 1) is varchar
_DECLARED = re.compile(r"(varchar|char)\((\d+)\)")


class Text(NamedTuple):
    """Trino's ``varchar`` (``length`` None), ``varchar(n)`` or ``char(n)``."""

    kind: str
    length: int | None = None

    @property
    def name(self) -> str:
        """Trino's name of the type (``varchar(3)``)."""
        return self.kind if self.length is None else f"{self.kind}({self.length})"

    @property
    def hive(self) -> str:
        """The Hive type a CTAS records (``string`` for an unbounded ``varchar``)."""
        return "string" if self.length is None else self.name


VARCHAR = Text("varchar")
_DEPTH = 24


def declared(kind: str) -> Text | None:
    """The text type of a type spelled ``varchar(3)`` / ``char(3)`` / ``string`` / ``varchar``
    (a catalog column's type), None for any other type."""
    kind = kind.strip().lower()
    found = _DECLARED.fullmatch(kind)
    if found:
        return varchar(int(found.group(2))) if found.group(1) == "varchar" else Text(
            "char", int(found.group(2)))
    return VARCHAR if kind in ("string", "varchar") else None


def varchar(length: int | None) -> Text:
    """``varchar(length)``; unbounded at and beyond Trino's limit."""
    return VARCHAR if length is None or length >= UNBOUNDED_LENGTH else Text("varchar", length)


def refuse(what: str) -> UnsupportedLocally:
    return UnsupportedLocally(f"{REFUSAL} ({what})", hint=_HINT)


def common(types: list[Text | None]) -> Text | None:
    """Trino's common super type of text types (None, a NULL, takes any type).

    Raises:
        UnsupportedLocally: a ``char`` meets an unbounded ``varchar`` (Trino's
            ``char(65536)``, which Hive cannot store).
    """
    known = [t for t in types if t is not None]
    if not known:
        return None
    if any(t.kind == "char" for t in known):
        if any(t.length is None for t in known):
            raise refuse("char(n) and an unbounded varchar in one column")
        return Text("char", max(t.length or 0 for t in known))
    if any(t.length is None for t in known):
        return VARCHAR
    return Text("varchar", max(t.length or 0 for t in known))


# StringFunctions: lower, upper, reverse of char(x) are char(x), of varchar(x) varchar(x)
_SAME = (exp.Upper, exp.Lower, exp.Reverse)
# StringFunctions.charSubstring / charSubstr / charTrim / charLeftTrim / charRightTrim: a
# char(x) gives a varchar(x), as a varchar(x) does
_TO_VARCHAR = (exp.Substring, exp.Trim)
# varchar(x) -> varchar(x): StringFunctions.splitPart, JoniRegexpFunctions.regexpExtract and
# regexpReplace(source, pattern), JsonFunctions.varcharJsonExtractScalar
_VARCHAR_ONLY = (exp.RegexpExtract, exp.JSONExtractScalar)
_VARCHAR_ONLY_CALLS = frozenset({"SPLIT_PART", "REGEXP_REPLACE"})
# StringFunctions.leftPad / rightPad / normalize / translate / fromUtf8,
# VarbinaryFunctions.toHex, ArrayJoin, ListaggAggregationFunction (@OutputFunction("VARCHAR")),
# FormatFunction (returnType VARCHAR), DateTimeFunctions' date_format / format_datetime: an
# unbounded varchar
_UNBOUNDED = (exp.Pad, exp.Normalize, exp.Translate, exp.Decode, exp.Hex, exp.GroupConcat)
_UNBOUNDED_CALLS = frozenset({"DATE_FORMAT", "FORMAT_DATETIME", "ARRAY_JOIN", "FORMAT"})
# bounded by what is not text (to_iso8601 of a date is a varchar(16)): not sized here
_REFUSED_CALLS = frozenset({"TO_ISO8601", "TO_BASE"})
# the type of the (first) argument: aggregates and value window functions over T return T
_KEEPS = (exp.Min, exp.Max, exp.AnyValue, exp.ArgMax, exp.ArgMin, exp.FirstValue,
          exp.LastValue, exp.NthValue, exp.Lag, exp.Lead, exp.Paren, exp.Window, exp.Try)
_CHOICE_CALLS = frozenset({"GREATEST", "LEAST"})
SPLITS = (exp.Split, exp.RegexpSplit, exp.RegexpExtractAll)


class Typer:
    """Trino's text type of nodes of one statement."""

    def __init__(self, tree: exp.Expression, column_types: Mapping[str, str],
                 clashes: Collection[str]) -> None:
        from athenakit.local.literal_types import sources_of

        self.sources = sources_of(tree)
        self.columns = {k.lower(): declared(v) for k, v in column_types.items()}
        # array / map / row columns: their declared types, and those with bounded text inside
        self.containers = {k.lower(): v.lower() for k, v in column_types.items()
                           if re.match(r"\s*(array|map|row)\b", v.lower())}
        self.nested = {k: v for k, v in self.containers.items() if "char(" in v}
        self.clashes = {c.lower() for c in clashes}
        # UNNEST(a, b) AS u(x, y): x -> a, y -> b
        self.unnested = {alias.name.lower(): array for unnest in tree.find_all(exp.Unnest)
                         if unnest.args.get("alias") is not None
                         for alias, array in zip(unnest.args["alias"].columns,
                                                 unnest.expressions, strict=False)}

    def of(self, node: exp.Expression, depth: int = 0) -> Text | None:
        """Trino's type of ``node`` if it is text; None for NULL (or a value of another type
        where that is known).

        Raises:
            UnsupportedLocally: a bounded value goes through what is not known here.
        """
        if depth > _DEPTH:
            raise refuse("an expression nested too deeply")
        if isinstance(node, exp.Alias):
            return self.of(node.this, depth + 1)
        if isinstance(node, exp.Null):
            return None
        if isinstance(node, exp.Literal):
            return Text("varchar", len(str(node.this))) if node.is_string else None
        if isinstance(node, exp.Cast):  # (TRY_CAST too)
            return self._cast(node)
        if isinstance(node, exp.Column):
            return self._column(node, depth)
        return self._call(node, depth)

    def _cast(self, node: exp.Cast) -> Text | None:
        to = node.to
        if not to.is_type(exp.DType.VARCHAR, exp.DType.CHAR, exp.DType.TEXT, exp.DType.NCHAR,
                          exp.DType.NVARCHAR):
            return None
        params = [p.this for p in to.expressions]
        length = int(str(params[0].this)) if params and isinstance(params[0], exp.Literal) \
            else None
        if to.is_type(exp.DType.CHAR, exp.DType.NCHAR):
            return Text("char", length or 1)
        return varchar(length)

    def _column(self, node: exp.Column, depth: int) -> Text | None:
        cells = self.sources.get(id(node))
        if cells:
            return common([self.of(c, depth + 1) for c in cells])
        name = node.name.lower()
        if name in self.clashes:
            raise refuse(f"column {node.name}, which tables of the query type differently")
        if name in self.nested:
            raise refuse(f"column {node.name}, an array, map or row holding varchar(n)")
        unnested = self.unnested.get(name)
        if unnested is not None and name not in self.columns:
            # UNNEST(array) AS u(x): x has the array's element type
            element = self.element(unnested, depth + 1)
            if element is not None:
                return element
        elif name in self.columns:
            return self.columns[name]
        raise refuse(f"column {node.name}, whose source is not known here")

    def _call(self, node: exp.Expression, depth: int) -> Text | None:
        name = node.name.upper() if isinstance(node, exp.Anonymous) else ""
        if isinstance(node, exp.Lag | exp.Lead) and node.args.get("default") is not None:
            # lag(T, bigint, T): the value and the default meet at their common type
            return common([self.of(node.this, depth + 1),
                           self.of(node.args["default"], depth + 1)])
        if isinstance(node, _KEEPS):
            return self.of(node.this, depth + 1)
        if name in _CHOICE_CALLS:
            return common([self.of(v, depth + 1) for v in node.expressions])
        if isinstance(node, exp.Case | exp.If | exp.Coalesce):
            from athenakit.local.literal_types import choice_values

            return common([self.of(v, depth + 1) for v in choice_values(node)])
        if isinstance(node, exp.Bracket) and len(node.expressions) == 1:
            element = self.element(node.this, depth + 1)
            if element is not None:
                return element
        if isinstance(node, exp.Nullif):
            return self.of(node.this, depth + 1)
        if isinstance(node, _SAME):
            return self.of(node.this, depth + 1)
        if isinstance(node, _TO_VARCHAR):
            first = self.of(node.this, depth + 1)
            return None if first is None else varchar(first.length)
        if isinstance(node, _VARCHAR_ONLY) or name in _VARCHAR_ONLY_CALLS:
            return self._varchar_only(node, name, depth)
        if isinstance(node, exp.Replace):
            return self._replace(node, depth)
        if isinstance(node, exp.Chr):
            return Text("varchar", 1)  # StringFunctions.chr: varchar(1)
        if isinstance(node, exp.Soundex):
            return Text("varchar", 4)  # StringFunctions.soundex: varchar(4)
        if isinstance(node, exp.DPipe | exp.Concat):
            return self._concat(node, depth)
        if isinstance(node, _UNBOUNDED) or name in _UNBOUNDED_CALLS:
            return VARCHAR
        if name in _REFUSED_CALLS:
            raise refuse(name.lower())
        return self._other(node, depth)

    def element(self, node: exp.Expression, depth: int) -> Text | None:
        """The element type of an array of text built here: ``ARRAY[...]`` (the elements'
        common type), ``split`` / ``regexp_split`` / ``regexp_extract_all`` of a
        ``varchar(x)`` (``array(varchar(x))``: StringFunctions.split, JoniRegexpFunctions);
        None for another array."""
        if isinstance(node, exp.Array):
            return common([self.of(e, depth + 1) for e in node.expressions]) or VARCHAR
        if isinstance(node, SPLITS):
            source = self.of(node.this, depth + 1)
            if source is not None and source.kind == "char":
                raise refuse("split of a char(n)")
            return source or VARCHAR
        if isinstance(node, exp.Column) and id(node) not in self.sources \
                and node.name.lower() in self.containers:
            return _element(self.containers[node.name.lower()])
        return None

    def _arguments(self, node: exp.Expression) -> list[exp.Expression]:
        if isinstance(node, exp.Anonymous):
            return list(node.expressions)
        return [v for k, v in node.args.items() if isinstance(v, exp.Expression)
                and k != "expressions"] + list(node.args.get("expressions") or [])

    def _varchar_only(self, node: exp.Expression, name: str, depth: int) -> Text | None:
        args = self._arguments(node)
        first = self.of(args[0], depth + 1) if args else None
        if first is not None and first.kind == "char":
            raise refuse(f"{name.lower() or node.key} of a char(n)")
        if name == "REGEXP_REPLACE" and len(args) >= 3:
            # JoniRegexpFunctions.regexpReplace: varchar(min(2147483647, x + max(x * y / 2, y)
            # * (x + 1)))
            third = self.of(args[2], depth + 1)
            if first is None or third is None:
                return first or third
            if first.length is None or third.length is None:
                return VARCHAR
            x, y = first.length, third.length
            return varchar(min(UNBOUNDED_LENGTH, x + max(x * y // 2, y) * (x + 1)))
        if isinstance(node, exp.JSONExtractScalar) and first is None and args \
                and not isinstance(args[0], exp.Null):
            return VARCHAR  # jsonExtractScalar(json, path): varchar
        return first

    def _replace(self, node: exp.Replace, depth: int) -> Text | None:
        """StringFunctions.replace: varchar(x) without a replacement, else
        varchar(min(2147483647, x + z * (x + 1)))."""
        first = self.of(node.this, depth + 1)
        third = self.of(node.args["replacement"], depth + 1) \
            if node.args.get("replacement") is not None else Text("varchar", 0)
        if any(t is not None and t.kind == "char" for t in (first, third)):
            raise refuse("replace of a char(n)")
        if first is None or third is None:
            return first or third
        if first.length is None or third.length is None:
            return VARCHAR
        x, z = first.length, third.length
        return varchar(min(UNBOUNDED_LENGTH, x + z * (x + 1)))

    def _concat(self, node: exp.Expression, depth: int) -> Text | None:
        parts = [node.this, node.expression] if isinstance(node, exp.DPipe) \
            else list(node.expressions)
        types = [self.of(p, depth + 1) for p in parts]
        chars = [t for t in types if t is not None and t.kind == "char"]
        if not chars:
            return VARCHAR  # ConcatFunction.VARCHAR_CONCAT returns varchar
        if len(types) == 2 and len(chars) == 2:  # StringFunctions.concat: char(x + y)
            return Text("char", (chars[0].length or 0) + (chars[1].length or 0))
        raise refuse("|| or concat of a char(n) and another value")

    def _other(self, node: exp.Expression, depth: int) -> Text | None:
        """A construct whose Trino signature is not read here: unbounded when nothing bounded
        goes into it."""
        for arg in self._arguments(node):
            if isinstance(arg, exp.Expression) and self.bounded_inside(arg, depth):
                what = node.name.lower() if isinstance(node, exp.Anonymous) else node.key
                raise refuse(f"{what} of a bounded value")
        return VARCHAR

    def bounded_inside(self, node: exp.Expression, depth: int) -> bool:
        """Whether a bounded text goes into ``node`` (a cast ends what is inside it)."""
        if isinstance(node, exp.Literal):
            return bool(node.is_string)
        if isinstance(node, exp.Cast):
            return bool(_DECLARED.search(node.to.sql(dialect="trino").lower()))
        if isinstance(node, exp.Column):
            if not self._text_column(node):
                return False
            found = self.of(node, depth + 1)
            return found is not None and found.length is not None
        return any(self.bounded_inside(c, depth + 1) for c in node.iter_expressions())

    def _text_column(self, node: exp.Column) -> bool:
        try:
            found = self._column(node, _DEPTH)
        except UnsupportedLocally:
            return True
        return found is not None


def _element(kind: str) -> Text | None:
    """The text type of an element of a declared ``array(T)`` (``T``) or a value of a
    declared ``map(K, V)`` (``V``); None when that is not text.

    Raises:
        UnsupportedLocally: a declared type that does not parse.
    """
    from sqlglot.errors import ParseError

    try:
        built = exp.DataType.build(kind, dialect="trino")
    except (ParseError, ValueError) as err:
        raise refuse(f"an element of {kind}") from err
    inner = built.expressions[-1] if built.is_type(exp.DType.ARRAY, exp.DType.MAP) \
        and built.expressions else None
    if not isinstance(inner, exp.DataType):
        raise refuse(f"an element of {kind}")
    return declared(inner.sql(dialect="trino"))


def text_type(node: exp.Expression) -> str | None:
    """Trino's type of ``node`` when it is text built from literals, casts and the functions
    typed here (``typeof(upper('abc'))`` is ``varchar(3)``); None when that is not known
    here (a column's type, a function not typed here)."""
    try:  # (a column's source is not known from here: it is refused)
        found = Typer(node, {}, ()).of(node)
    except UnsupportedLocally:
        return None
    return None if found is None else found.name
