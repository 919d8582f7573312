"""Trino's TYPE_MISMATCH for operators over types it does not coerce, before DuckDB runs.

DuckDB casts a string to a number (``1 = '1'`` is true, ``1 + '1'`` is 2) and adds integers
to dates; Trino has no such implicit coercion and fails the query with ``TYPE_MISMATCH:
line 1:10: Cannot apply operator: integer = varchar(1)``. The check trusts only operands
whose Trino type is certain: literals, casts, and table columns typed by their spec.

https://trino.io/docs/current/language/types.html
https://trino.io/docs/current/functions/conversion.html
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local import common_types, operator_types, setops
from athenakit.local.failures import athena_error, end_of, start_of
from athenakit.local.nodes import relations_of

T = exp.DataType.Type
_FAMILIES = {
    "number": {T.TINYINT, T.SMALLINT, T.INT, T.BIGINT, T.DECIMAL, T.DOUBLE, T.FLOAT},
    "string": {T.VARCHAR, T.CHAR, T.TEXT},
    "boolean": {T.BOOLEAN},
    "datetime": {T.DATE, T.TIMESTAMP, T.TIMESTAMPTZ, T.TIMESTAMP_S, T.TIMESTAMP_MS, T.TIME},
    "binary": {T.VARBINARY, T.BINARY},
}


# predicates: boolean whatever their operands (a comparison, EXISTS, IS NULL, LIKE, ...)
_PREDICATES = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.NullSafeEQ,
               exp.NullSafeNEQ, exp.Like, exp.Is, exp.In, exp.Between, exp.Exists)


def _literal_type(node: exp.Literal, negated: bool = False) -> str:
    text = node.name
    if node.is_string:
        return f"varchar({len(text)})"
    if "e" in text.lower():
        return "double"
    if "." in text:
        digits = text.replace(".", "").lstrip("0") or "0"
        return f"decimal({max(len(digits), len(text.split('.')[1]))},{len(text.split('.')[1])})"
    value = -int(text) if negated else int(text)  # -2147483648 is an integer
    return "integer" if -(2**31) <= value < 2**31 else "bigint"


def _known(node: exp.Expr, columns: bool = False) -> tuple[str, str] | None:
    """(family, Trino spelling) of an operand whose type is certain, else None."""
    negated = isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal)
    if negated:
        node = node.this
    if isinstance(node, exp.Literal):
        spelled = _literal_type(node, negated)
        return ("string" if node.is_string else "number"), spelled
    if isinstance(node, (exp.Boolean, *_PREDICATES)):
        return "boolean", "boolean"
    if isinstance(node, exp.HexString | exp.Encode | exp.Unhex | exp.FromBase64):
        return "binary", "varbinary"  # X'01', to_utf8, from_hex, from_base64
    if isinstance(node, exp.Column) and not columns:
        return None
    if not isinstance(node, (exp.Cast, exp.Column)) or isinstance(node, exp.TryCast):
        return None
    dtype = node.to if isinstance(node, exp.Cast) else node.type
    if not isinstance(dtype, exp.DataType):
        return None
    if isinstance(node, exp.Cast) and dtype.is_type(exp.DType.DECIMAL) and not dtype.expressions:
        from athenakit.local.decimals import shape

        found = shape(node)  # DECIMAL '1.50' is typed by its text: decimal(3,2)
        if found is None or not isinstance(node.this, exp.Literal):
            return None
        return "number", f"decimal({max(found[0], found[1], 1)},{found[1]})"
    family = next((f for f, kinds in _FAMILIES.items() if dtype.this in kinds), None)
    if family is None:
        return None
    spelled = dtype.sql(dialect="trino").lower()
    return family, "timestamp(3)" if spelled == "timestamp" else spelled


def known_type(node: exp.Expr) -> tuple[str, str] | None:
    """(family, Trino type) of an operand whose type is certain, a table's column included
    where the statement's column types are (:func:`trusts_columns`), else None."""
    return _known(node, trusts_columns(node.root()))


def certain_type(node: exp.Expr) -> tuple[str, str] | None:
    """(family, Trino type) of an operand whose type is certain without reading table
    columns (a literal, a cast), else None."""
    return _known(node)


def _check_concat(tree: exp.Expr, columns: bool) -> None:
    """``||`` / ``concat`` take text, binary data or arrays in Trino: a number, boolean, date
    or interval operand fails (DuckDB prints it, a ``decimal(1,1)`` as ``.5``, an interval as
    ``1 day``)."""
    from athenakit.local import signatures
    from athenakit.local.errors import UnsupportedLocally

    for node in tree.find_all(exp.DPipe, exp.Concat):
        operands = [node.this, node.expression] if isinstance(node, exp.DPipe) \
            else list(node.expressions)
        chars = [o.type is not None and o.type.is_type(exp.DType.CHAR) for o in operands]
        if any(chars) and not all(chars):  # TestStringFunctions.testCharConcat
            raise UnsupportedLocally("concat of a char(n) value and a varchar",
                                     hint="Trino coerces the char(n) value to varchar")
        known = [signatures.kind(o, lambda n: _known(n, columns)) for o in operands]
        if {k[0] for k in known if k is not None} == {"binary"}:
            continue  # varbinary || varbinary (TestVarbinaryFunctions.testConcat)
        arrays = any(isinstance(o, exp.Array) or o.type is not None and o.type.is_type(
            exp.DType.ARRAY) for o in operands)
        if arrays or not any(k is not None and k[0] != "string" for k in known):
            continue
        if any(k is None for k in known):  # an array's element, or text of unknown type?
            raise UnsupportedLocally("|| or concat of a number, boolean or date with a value "
                                     "of unknown type")
        spelled = ", ".join(k[1] for k in known if k is not None)
        end = end_of(node.this) if isinstance(node, exp.DPipe) else None
        raise athena_error(
            "FUNCTION_NOT_FOUND", f"Unexpected parameters ({spelled}) for function concat",
            offset=(None if end is None else end + 1) if isinstance(node, exp.DPipe)
            else node.meta.get("start", start_of(node)),
            find="||" if isinstance(node, exp.DPipe) else None)


def _check_extremes(tree: exp.Expr, columns: bool) -> None:
    """``greatest`` / ``least`` take values of one orderable type (``E``): values of two
    families have none, and Trino finds no function (DuckDB compared them as text)."""
    for node in tree.find_all(exp.Anonymous, exp.Greatest, exp.Least):
        name = node.name.lower() if isinstance(node, exp.Anonymous) else node.sql_name().lower()
        if name not in ("greatest", "least"):
            continue
        args = node.expressions if isinstance(node, exp.Anonymous) else [
            node.this, *node.expressions]
        known = [_known(a, columns) for a in args]
        if None in known or len({k[0] for k in known if k is not None}) < 2:
            continue
        spelled = ", ".join(k[1] for k in known if k is not None)
        raise athena_error("FUNCTION_NOT_FOUND", f"Unexpected parameters ({spelled}) for "
                           f"function {name}", offset=start_of(node))


_LOGICAL = "must evaluate to a boolean (actual: {0})"
_CLAUSE = "clause must evaluate to a boolean: actual type {0}"
_LIKE = "must evaluate to a varchar (actual: {0})"


def typed_operands(node: exp.Expr) -> list[tuple[exp.Expr, str, str]]:
    """The operands ``node`` takes as one family of types, each with Trino's message for
    another type (``{0}``: the operand's type) and the family (``boolean``, ``string``):
    ExpressionAnalyzer's coerceType for ``NOT``, ``AND``, ``OR``, ``IF``, ``CASE WHEN`` and
    ``LIKE`` (its escape too); StatementAnalyzer's for ``WHERE``, ``HAVING`` and ``JOIN ... ON``."""
    if isinstance(node, exp.Not):
        return [(node.this, f"Value of logical NOT expression {_LOGICAL}", "boolean")]
    if isinstance(node, exp.And | exp.Or):
        return [(node.this, f"Left side of logical expression {_LOGICAL}", "boolean"),
                (node.expression, f"Right side of logical expression {_LOGICAL}", "boolean")]
    if isinstance(node, exp.If) and isinstance(node.parent, exp.Case):
        simple = node.parent.args.get("this") is not None  # CASE x WHEN value: compared
        return [] if simple else [(node.this, f"CASE WHEN clause {_LOGICAL}", "boolean")]
    if isinstance(node, exp.If):
        return [(node.this, f"IF condition {_LOGICAL}", "boolean")]
    if isinstance(node, exp.Where | exp.Having):
        return [(node.this, f"{node.key.upper()} {_CLAUSE}", "boolean")]
    if isinstance(node, exp.Join) and node.args.get("on") is not None:
        return [(node.args["on"], f"JOIN ON {_CLAUSE}", "boolean")]
    if isinstance(node, exp.Like):  # https://trino.io/docs/current/functions/comparison.html#like
        return [(node.this, f"Left side of LIKE expression {_LIKE}", "string"),
                (node.expression, f"Pattern for LIKE expression {_LIKE}", "string")]
    if isinstance(node, exp.Escape) and isinstance(node.this, exp.Like):
        return [(node.expression, f"Escape for LIKE expression {_LIKE}", "string")]
    return []


OPERAND_CONTEXTS = (exp.Not, exp.And, exp.Or, exp.If, exp.Where, exp.Having, exp.Join,
                    exp.Like, exp.Escape)


def _check_operand_types(tree: exp.Expr, columns: bool) -> None:
    """``NOT``, ``AND``, ``OR``, ``IF``, ``CASE WHEN``, ``WHERE``, ``HAVING`` and ``JOIN ON``
    take booleans (``Value of logical NOT expression must evaluate to a boolean (actual:
    integer)``, ``HAVING clause must evaluate to a boolean: actual type integer``), ``LIKE``
    text (``Left side of LIKE expression must evaluate to a varchar (actual: integer)``);
    DuckDB took a number as true or false, or as text."""
    for node in tree.find_all(*OPERAND_CONTEXTS):
        for value, message, wanted in typed_operands(node):
            while isinstance(value, exp.Paren):
                value = value.this
            spelled = operator_types.operand(value, lambda n: _known(n, columns)) or (
                operator_types.row_value(value, lambda n: _known(n, columns)))
            if spelled is None or spelled == "unknown":
                continue
            # a LIKE pattern or escape is a varchar: a char(n) is not coerced to one
            # (ExpressionAnalyzer.visitLikePredicate; TestAnalyzer.testExpressions)
            pattern = wanted == "string" and not message.startswith("Left side") \
                and "LIKE" in message and spelled.startswith("char(")
            if operator_types.family(spelled) != wanted or pattern:
                offset, find = _value_location(value)
                raise athena_error("TYPE_MISMATCH", message.format(spelled), offset=offset,
                                   find=find)


def _value_location(value: exp.Expr) -> tuple[int | None, tuple[str, ...] | None]:
    """Where Trino places a value: an arithmetic or comparison at its operator, else as
    :func:`_typed_literal_start`."""
    if isinstance(value, exp.Binary):
        from athenakit.local.printing import location

        return location(value)
    if isinstance(value, exp.Tuple):  # a row ``(a, b)``: at its parenthesis
        from athenakit.local.printing import opening_parenthesis

        return opening_parenthesis(value), None
    return _typed_literal_start(value), None


def _typed_literal_start(value: exp.Expr) -> int | None:
    """Where Trino places a value: a typed literal (``CHAR 'abc'``, ``DATE '...'``) at its
    type's keyword, else at its first token."""
    from athenakit.local.nodes import SQL_TEXT

    start, sql = start_of(value), value.root().meta.get(SQL_TEXT)
    if not isinstance(value, exp.Cast) or not isinstance(value.this, exp.Literal) \
            or start is None or sql is None:
        return start
    before = sql[:start].rstrip()
    if before.endswith("("):  # CAST('a' AS CHAR(1)): at CAST
        call = before[:-1].rstrip()
        keyword = "TRY_CAST" if call.upper().endswith("TRY_CAST") else "CAST"
        return len(call) - len(keyword) if call.upper().endswith(keyword) else start
    word = len(before) - len(before.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"))
    return len(before) - word if word and before[-word:].upper() == value.to.this.value \
        else start


def _check_signatures(tree: exp.Expr, columns: bool) -> None:
    """Arguments no signature of the function takes (:mod:`signatures`): Trino fails with
    ``FUNCTION_NOT_FOUND``, where DuckDB casts (``starts_with('abc', 1)`` was false)."""
    from athenakit.local import signatures

    def known(node: exp.Expr) -> tuple[str, str] | None:
        return _known(node, columns)

    for node, name, args in signatures.calls(tree):
        spelled = signatures.mismatch(node, name, args, known)
        if spelled is None:
            continue
        text = f"Unexpected parameters ({spelled}) for function {signatures.shown(node, name)}"
        if "start" in node.meta or not args:
            raise athena_error("FUNCTION_NOT_FOUND", text, offset=node.meta.get(
                "start", start_of(node)))
        raise athena_error("FUNCTION_NOT_FOUND", text, offset=start_of(args[0]), call=True)


_SPECIAL_FORMS = (exp.Array, exp.Struct, exp.Coalesce, exp.Case, exp.If, exp.Nullif, exp.Map,
                  exp.VarMap, exp.Cast)


def _check_counts(tree: exp.Expr) -> None:
    """Trino's limits on arguments: 254 elements in an ARRAY[...] constructor, 127 in a
    function call (TestArrayFunctions.testArrayConstructor, testArrayConcat); Trino's special
    forms (ROW, COALESCE, CASE, IN, ...) are not function calls and have no such limit."""
    for array in tree.find_all(exp.Array):
        if len(array.expressions) > 254:
            raise athena_error("NOT_SUPPORTED", "Too many arguments for array constructor",
                               offset=start_of(array))
    for concat in tree.find_all(exp.Concat):  # ConcatFunction, ArrayConcatFunction
        if len(concat.expressions) < 2:
            arrays = any(isinstance(o, exp.Array) or o.type is not None and o.type.is_type(
                exp.DType.ARRAY) for o in concat.expressions)
            raise athena_error("INVALID_FUNCTION_ARGUMENT", "There must be two or more "
                               + ("arguments to concat" if arrays else "concatenation arguments"))
    for node in tree.find_all(exp.Func):
        args = [a for v in node.args.values() for a in (v if isinstance(v, list) else [v])
                if isinstance(a, exp.Expr)]
        if not isinstance(node, _SPECIAL_FORMS) and len(args) > 127:
            name = node.name if isinstance(node, exp.Anonymous) else node.sql_name()
            raise athena_error("TOO_MANY_ARGUMENTS", "Too many arguments for function call "
                               f"{name.lower()}()", offset=start_of(node))


# Trino's EXTRACT fields (io.trino.sql.tree.Extract.Field); MILLISECOND is not one of them
_EXTRACT_FIELDS = {"YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "DAY_OF_MONTH", "DAY_OF_WEEK",
                   "DOW", "DAY_OF_YEAR", "DOY", "YEAR_OF_WEEK", "YOW", "HOUR", "MINUTE",
                   "SECOND", "TIMEZONE_MINUTE", "TIMEZONE_HOUR"}
_CLOCK_FIELDS = {"HOUR", "MINUTE", "SECOND", "TIMEZONE_MINUTE", "TIMEZONE_HOUR"}
_CLOCK_FUNCTIONS: dict[type[exp.Expr], str] = {
    exp.Hour: "hour", exp.Minute: "minute", exp.Second: "second"}


def _no_field(field: str, spelled: str) -> bool:
    """A date has no clock, a time no calendar, a timestamp without zone no zone fields
    (AbstractTestExtract: ``Cannot extract YEAR from time(0)``)."""
    if spelled == "date":
        return field in _CLOCK_FIELDS
    if spelled.startswith("time(") and "zone" not in spelled:
        return field not in ("HOUR", "MINUTE", "SECOND")
    return spelled.startswith("timestamp") and "zone" not in spelled \
        and field.startswith("TIMEZONE_")


def _check_date_fields(tree: exp.Expr, columns: bool) -> None:
    """A date has no clock: ``EXTRACT(HOUR FROM DATE ...)`` and ``hour(date)`` fail in Trino
    (date.TestExtract.testUnsupported), where DuckDB answers 0; nor a timestamp a zone
    (timestamp.TestExtract.testUnsupported); ``EXTRACT(MILLISECOND ...)`` does not parse
    (timestamp.TestExtract.testMillisecond)."""
    for node in tree.find_all(exp.Extract, *_CLOCK_FUNCTIONS):
        if isinstance(node, exp.Extract):  # sqlglot keeps no position of the EXTRACT token
            field = node.this.name.upper() if isinstance(node.this, exp.Expr) else ""
            if field not in _EXTRACT_FIELDS:
                raise athena_error("SYNTAX_ERROR", f"Invalid EXTRACT field: {field}")
            known = _known(node.expression, columns)
            if known is not None and _no_field(field, known[1]):
                raise athena_error("TYPE_MISMATCH", f"Cannot extract {field} from {known[1]}")
            continue
        known = _known(node.this, columns)
        if known is not None and known[1] == "date":
            raise athena_error("FUNCTION_NOT_FOUND", "Unexpected parameters (date) for "
                               f"function {_CLOCK_FUNCTIONS[type(node)]}",
                               offset=node.meta.get("start", start_of(node)))


def _check_integer_literals(tree: exp.Expr) -> None:
    """An integer literal past ``bigint`` (``9223372036854775808``; its negation
    ``-9223372036854775808`` is the least ``bigint``) fails Trino's parser (LongLiteral:
    ``Invalid numeric literal``); DuckDB read it as a HUGEINT."""
    for node in tree.find_all(exp.Literal):
        text = str(node.this)
        if node.is_string or not text.isdigit():
            continue
        negated = isinstance(node.parent, exp.Neg)  # the sign is part of Trino's literal
        if int(text) > (2**63 if negated else 2**63 - 1):
            # LongLiteral's ParsingException has no location: Trino says line 1:1
            raise athena_error("SYNTAX_ERROR", "Invalid numeric literal: "
                               f"{'-' if negated else ''}{text}", offset=0)


def _item_count(select: exp.Select) -> int | None:
    """How many columns ``select`` gives (a ``*`` counted by its relations' columns where
    they are known), None where that is not known."""
    from athenakit.local.relations import column_count

    if not select.expressions:
        return None
    if not select.is_star:
        return len(select.expressions)
    if len(select.expressions) != 1 or not isinstance(select.expressions[0], exp.Star) \
            or any(j.args.get("using") for j in select.args.get("joins") or []):
        return None
    widths = [column_count(r) for r in relations_of(select)]
    return sum(w for w in widths if w is not None) if widths and None not in widths else None


def _check_ordinals(tree: exp.Expr) -> None:
    """``GROUP BY 2`` / ``ORDER BY 2`` name a select item: a position past them fails with
    ``INVALID_COLUMN_REFERENCE: ORDER BY position 2 is not in select list`` at the number
    (StatementAnalyzer.analyzeOrderBy / analyzeGroupBy); DuckDB's binder error was refused."""
    for select in tree.find_all(exp.Select):
        items = _item_count(select)
        if items is None:
            continue
        group = select.args.get("group")
        order = select.args.get("order")
        keyed = [("GROUP BY", k) for k in (group.expressions if group else [])]
        keyed += [("ORDER BY", o.this) for o in (order.expressions if order else [])]
        for clause, key in keyed:
            if isinstance(key, exp.Literal) and key.is_int and not 1 <= int(key.name) <= items:
                raise athena_error("INVALID_COLUMN_REFERENCE", f"{clause} position {key.name} "
                                   "is not in select list", offset=start_of(key))


def trusts_columns(tree: exp.Expr) -> bool:
    """Whether ``tree``'s column types (from the tables' specs, by name) are certain: only
    where no subquery, CTE or set operation can give a name another type, and no select
    item's alias is a name a column reference may mean (``ORDER BY v`` of ``... AS v``)."""
    if any(tree.find_all(exp.Subquery, exp.CTE, exp.SetOperation)):
        return False
    aliases = {a.alias.lower() for a in tree.find_all(exp.Alias)}
    return not aliases or not any(c.name.lower() in aliases for c in tree.find_all(exp.Column))


def check_argument_counts(tree: exp.Expr) -> None:
    """A call with an argument count the function has not (``strpos('abc')``; sqlglot's node
    for it has no such count either: :data:`athenakit.local.dialect.WRONG_COUNT`) fails as
    Trino's: ``FUNCTION_NOT_FOUND: line 1:8: Unexpected parameters (varchar(3)) for function
    strpos`` (sqlglot's parser had raised a syntax error).

    Raises:
        AthenaFailure: FUNCTION_NOT_FOUND, at the function's name.
    """
    from athenakit.local import signatures
    from athenakit.local.dialect import WRONG_COUNT

    columns = trusts_columns(tree)
    for node in tree.find_all(exp.Anonymous):
        if node.meta.get(WRONG_COUNT):
            spelled = signatures.spelled(node.expressions, lambda arg: _known(arg, columns))
            raise athena_error("FUNCTION_NOT_FOUND", f"Unexpected parameters ({spelled}) for "
                               f"function {node.name.lower()}", offset=start_of(node))


def check(tree: exp.Expr) -> None:
    """Raise TYPE_MISMATCH for an operator or WHERE clause Trino would reject.

    Args:
        tree: a statement annotated by :func:`athenakit.local.translate.annotate`.

    Raises:
        AthenaFailure: TYPE_MISMATCH, placed at the operator.
    """
    columns = trusts_columns(tree)
    _check_integer_literals(tree)
    _check_counts(tree)
    _check_ordinals(tree)
    _check_signatures(tree, columns)
    _check_extremes(tree, columns)
    _check_operand_types(tree, columns)
    _check_concat(tree, columns)
    _check_date_fields(tree, columns)
    if tree.find(exp.Cast):
        from athenakit.local import cast_types

        cast_types.check(tree, lambda node: _known(node, columns))
    operator_types.check(tree, lambda node: _known(node, columns))
    common_types.check(tree, lambda node: _known(node, columns))
    setops.check(tree, lambda node: _known(node, columns))
