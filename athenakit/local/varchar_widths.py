"""Trino's bounded character types of a query's result columns: ``varchar(n)`` and ``char(n)``.

DuckDB has one ``varchar``; Trino types ``'abc'`` as ``varchar(3)``, ``CAST(x AS CHAR(3))`` as
``char(3)``, and most string functions keep their argument's length. A CTAS records the types
Trino gives its columns (Trino's Hive connector stores a bounded ``varchar(n)`` as Hive's
``varchar(n)`` and an unbounded one as ``string``: ``HiveTypeTranslator.toTypeInfo``), and an
INSERT checks the query's types against the table's (:mod:`athenakit.local.inserttypes`).

:func:`finder` answers, for a result column that DuckDB returns as text, Trino's type:

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
from collections.abc import Callable, Collection, Mapping
from typing import NamedTuple

from sqlglot import exp

from athenakit.local.errors import UnsupportedLocally
from athenakit.local.nodes import branches

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


def _refuse(what: str) -> UnsupportedLocally:
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
            raise _refuse("char(n) and an unbounded varchar in one column")
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
# VarbinaryFunctions.toHex, ArrayJoin, DateTimeFunctions' date_format / format_datetime:
# an unbounded varchar
_UNBOUNDED = (exp.Pad, exp.Normalize, exp.Translate, exp.Decode, exp.Hex)
_UNBOUNDED_CALLS = frozenset({"DATE_FORMAT", "FORMAT_DATETIME", "ARRAY_JOIN"})
# bounded by what is not text (to_iso8601 of a date is a varchar(16)): not sized here
_REFUSED_CALLS = frozenset({"TO_ISO8601", "TO_BASE"})
# the type of the (first) argument: aggregates and value window functions over T return T
_KEEPS = (exp.Min, exp.Max, exp.AnyValue, exp.ArgMax, exp.ArgMin, exp.FirstValue,
          exp.LastValue, exp.NthValue, exp.Lag, exp.Lead, exp.Paren, exp.Window, exp.Try)
_CHOICE_CALLS = frozenset({"GREATEST", "LEAST"})


class _Typer:
    """Trino's text type of nodes of one statement."""

    def __init__(self, tree: exp.Expression, column_types: Mapping[str, str],
                 clashes: Collection[str]) -> None:
        from athenakit.local.literal_types import sources_of

        self.sources = sources_of(tree)
        self.columns = {k.lower(): declared(v) for k, v in column_types.items()}
        # array / map / row columns with a bounded text inside
        self.nested = {k.lower() for k, v in column_types.items()
                       if declared(v) is None and "char(" in v.lower()}
        self.clashes = {c.lower() for c in clashes}

    def of(self, node: exp.Expression, depth: int = 0) -> Text | None:
        """Trino's type of ``node`` if it is text; None for NULL (or a value of another type
        where that is known).

        Raises:
            UnsupportedLocally: a bounded value goes through what is not known here.
        """
        if depth > _DEPTH:
            raise _refuse("an expression nested too deeply")
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
            raise _refuse(f"column {node.name}, which tables of the query type differently")
        if name in self.nested:
            raise _refuse(f"column {node.name}, an array, map or row holding varchar(n)")
        if name in self.columns:
            return self.columns[name]
        if node.type is not None and node.type.is_type(*exp.DataType.TEXT_TYPES) \
                and not node.type.expressions:
            return VARCHAR
        raise _refuse(f"column {node.name}, whose source is not known here")

    def _call(self, node: exp.Expression, depth: int) -> Text | None:
        name = node.name.upper() if isinstance(node, exp.Anonymous) else ""
        if isinstance(node, _KEEPS):
            return self.of(node.this, depth + 1)
        if isinstance(node, exp.Case | exp.If | exp.Coalesce) or name in _CHOICE_CALLS:
            from athenakit.local.literal_types import choice_values

            return common([self.of(v, depth + 1) for v in choice_values(node)])
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
            raise _refuse(name.lower())
        return self._other(node, depth)

    def _arguments(self, node: exp.Expression) -> list[exp.Expression]:
        if isinstance(node, exp.Anonymous):
            return list(node.expressions)
        return [v for k, v in node.args.items() if isinstance(v, exp.Expression)
                and k != "expressions"] + list(node.args.get("expressions") or [])

    def _varchar_only(self, node: exp.Expression, name: str, depth: int) -> Text | None:
        args = self._arguments(node)
        first = self.of(args[0], depth + 1) if args else None
        if first is not None and first.kind == "char":
            raise _refuse(f"{name.lower() or node.key} of a char(n)")
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
            raise _refuse("replace of a char(n)")
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
        raise _refuse("|| or concat of a char(n) and another value")

    def _other(self, node: exp.Expression, depth: int) -> Text | None:
        """A construct whose Trino signature is not read here: unbounded when nothing bounded
        goes into it."""
        for arg in self._arguments(node):
            if isinstance(arg, exp.Expression) and self._bounded_inside(arg, depth):
                what = node.name.lower() if isinstance(node, exp.Anonymous) else node.key
                raise _refuse(f"{what} of a bounded value")
        return VARCHAR

    def _bounded_inside(self, node: exp.Expression, depth: int) -> bool:
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
        return any(self._bounded_inside(c, depth + 1) for c in node.iter_expressions())

    def _text_column(self, node: exp.Column) -> bool:
        try:
            found = self._column(node, _DEPTH)
        except UnsupportedLocally:
            return True
        return found is not None


TextFinder = Callable[[int, str, str], str]


def text_type(node: exp.Expression) -> str | None:
    """Trino's type of ``node`` when it is text built from literals, casts and the functions
    typed here (``typeof(upper('abc'))`` is ``varchar(3)``); None when that is not known
    here (a column's type, a function not typed here)."""
    try:
        found = _Typer(node, {}, ()).of(node)
    except UnsupportedLocally:
        return None
    return None if found is None else found.name


def _starred(selects: list[exp.Select], name: str) -> list[exp.Expression]:
    """The items a ``SELECT *`` column ``name`` comes from: a subquery's, CTE's or
    ``VALUES``' items, else the table column of that name.

    Raises:
        UnsupportedLocally: the column may come from a subquery that is not known here.
    """
    from sqlglot.optimizer.scope import build_scope

    from athenakit.local.literal_types import _named

    cells = _named(selects, name.lower())
    if cells:
        return cells
    for select in selects:
        scope = build_scope(select)
        if scope is None or any(not isinstance(s, exp.Table) for s in scope.sources.values()):
            raise _refuse(f"column {name} of SELECT *")
    return [exp.column(name)]


def _items(tree: exp.Expression, index: int, name: str) -> list[exp.Expression]:
    """The select items (one per branch of a set operation) that make result column
    ``index``."""
    if isinstance(tree, exp.Values):  # INSERT INTO t VALUES (...): one cell per row
        rows = [r.expressions if isinstance(r, exp.Tuple) else [r] for r in tree.expressions]
        return [r[index] for r in rows if index < len(r)]
    selects = branches(tree)
    if any(isinstance(i, exp.Star) or isinstance(i, exp.Column) and isinstance(
            i.this, exp.Star) for s in selects for i in s.expressions):
        return _starred(selects, name)
    items = [s.expressions[index] for s in selects if index < len(s.expressions)]
    if not items:
        raise _refuse(f"result column {name}")
    return [i.this if isinstance(i, exp.Alias) else i for i in items]


_SPLITS = (exp.Split, exp.RegexpSplit, exp.RegexpExtractAll)
_SPLIT_CALLS = frozenset({"REGEXP_EXTRACT_ALL", "REGEXP_SPLIT", "SPLIT"})


def _nested(typer: _Typer, items: list[exp.Expression], kind: str) -> str:
    """Trino's type of an array / map / row result column with text inside: ``ARRAY[...]`` of
    text values is ``array(T)`` (their common type), ``split`` / ``regexp_split`` /
    ``regexp_extract_all`` of a ``varchar(x)`` an ``array(varchar(x))``
    (StringFunctions.split, JoniRegexpFunctions); anything else keeps DuckDB's type when
    nothing bounded goes into it.

    Raises:
        UnsupportedLocally: a bounded text inside a value whose type is not known here.
    """
    values = [i for i in items if not isinstance(i, exp.Null)]
    if kind == "array(varchar)" and values and all(isinstance(i, exp.Array) for i in values):
        inner = common([typer.of(e) for i in values for e in i.expressions])
        return f"array({(inner or VARCHAR).name})"
    if kind == "array(varchar)" and values and all(
            isinstance(i, _SPLITS) or isinstance(i, exp.Anonymous)
            and i.name.upper() in _SPLIT_CALLS for i in values):
        sources = [typer.of(i.this if not isinstance(i, exp.Anonymous) else i.expressions[0])
                   for i in values]
        if any(t is not None and t.kind == "char" for t in sources):
            raise _refuse("split of a char(n)")
        return f"array({(common(sources) or VARCHAR).name})"
    if kind.startswith("map(") and values and all(
            isinstance(i, exp.Map) and isinstance(i.args.get("keys"), exp.Array)
            and isinstance(i.args.get("values"), exp.Array) for i in values):
        return _map(typer, values, kind)
    if any(typer._bounded_inside(i, 0) for i in values):
        raise _refuse("an array, map or row holding it")
    return kind


def _map(typer: _Typer, values: list[exp.Expression], kind: str) -> str:
    """``MAP(ARRAY[...], ARRAY[...])``: ``map(K, V)`` of the arrays' element types."""
    parts = kind[4:-1].split(", ", 1)
    if len(parts) != 2 or any(p not in ("varchar",) and "varchar" in p for p in parts):
        raise _refuse("a map holding it")
    for at, role in enumerate(("keys", "values")):
        if parts[at] == "varchar":
            found = common([typer.of(e) for v in values for e in v.args[role].expressions])
            parts[at] = (found or VARCHAR).name
    return f"map({parts[0]}, {parts[1]})"


def finder(tree: exp.Expression, column_types: Mapping[str, str],
           clashes: Collection[str] = ()) -> TextFinder:
    """``(index, name, DuckDB's type as Trino's) -> Trino's type`` of a result column:
    ``varchar(n)``, ``char(n)`` or ``varchar`` for text (and ``array(varchar(n))``), other
    types unchanged.

    Args:
        tree: the annotated statement.
        column_types: lower-case table column name -> declared type.
        clashes: column names that tables of the statement type differently.

    Returns:
        The finder; it raises :class:`UnsupportedLocally` (:data:`REFUSAL`) where the type
        is not known here. Nothing is computed until it is called.
    """
    typers: list[_Typer] = []

    def find(index: int, name: str, kind: str) -> str:
        if "varchar" not in kind:
            return kind
        if not typers:
            typers.append(_Typer(tree, column_types, clashes))
        items = _items(tree, index, name)
        if kind != "varchar":
            return _nested(typers[0], items, kind)
        found = common([typers[0].of(i) for i in items])
        return (found or VARCHAR).name
    return find
