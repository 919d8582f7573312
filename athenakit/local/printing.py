"""Trino's printing of an expression (ExpressionFormatter) and where its analyzer places one.

Analyzer messages name an expression as Trino prints it (``'(a + 1)' must be an aggregate
expression``, ``sum((a + 1))``, ``IF((a IS NULL), 1, 0)``) and place it as its AstBuilder
does (a binary operator at its symbol, a predicate at its keyword, else its first token).
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.failures import end_of, start_of
from athenakit.local.nodes import SQL_TEXT

# Trino's printed operators (ExpressionFormatter: a binary expression in parentheses)
OPERATORS: dict[type[exp.Expr], str] = {
    exp.Add: "+", exp.Sub: "-", exp.Mul: "*", exp.Div: "/", exp.Mod: "%", exp.EQ: "=",
    exp.NEQ: "<>", exp.LT: "<", exp.LTE: "<=", exp.GT: ">", exp.GTE: ">=",
}
WORDS: dict[type[exp.Expr], str] = {exp.And: "AND", exp.Or: "OR", exp.Between: "BETWEEN",
                                     exp.In: "IN", exp.Like: "LIKE", exp.Is: "IS"}



# --- Trino's printing of an expression -------------------------------------------------------

def written_name(node: exp.Expr) -> str | None:
    """A function's name as written (Trino prints it so)."""
    sql = node.root().meta.get(SQL_TEXT)
    if isinstance(node, exp.Anonymous):
        return str(node.name)
    if sql is None or "start" not in node.meta or "end" not in node.meta:
        return None
    return str(sql[node.meta["start"]:node.meta["end"] + 1])


def _identifier(node: exp.Identifier) -> str:
    return f'"{node.name.replace(chr(34), chr(34) * 2)}"' if node.quoted else node.name


def _window(node: exp.Window) -> str | None:
    if any(node.args.get(k) is not None for k in ("spec", "alias", "order")):
        return None  # a frame, a named window, an ORDER BY (NULLS ... as written?): not printed
    partition = [printed(p) for p in node.args.get("partition_by") or []]
    call = printed(node.this)
    if call is None or None in partition:
        return None
    spec = f"PARTITION BY {', '.join(str(p) for p in partition)}" if partition else ""
    return f"{call} OVER ({spec})"


def _call(node: exp.Func) -> str | None:
    name = written_name(node)
    if isinstance(node, exp.Count) and isinstance(node.this, exp.Star):
        return None if name is None else f"{name}(*)"
    if any(v for k, v in node.args.items()
           if k not in ("this", "expression", "expressions", "big_int")):
        return None  # another argument (an option sqlglot keeps apart): not printed here
    args: list[exp.Expr] = []
    for key in ("this", "expression", "expressions"):
        value = node.args.get(key)
        args.extend(value if isinstance(value, list) else [] if value is None else [value])
    distinct = len(args) == 1 and isinstance(args[0], exp.Distinct)
    if distinct:
        args = list(args[0].expressions)
    shown = [printed(a) for a in args]
    if name is None or None in shown:
        return None
    return f"{name}({'DISTINCT ' if distinct else ''}{', '.join(str(s) for s in shown)})"


def printed(node: exp.Expr) -> str | None:
    """``node`` as Trino's ExpressionFormatter prints it (``sum((a + 1))``, ``GROUPING (a,
    b)``, ``rank() OVER (PARTITION BY a)``), or None where it is not sure."""
    if isinstance(node, exp.Paren):
        return printed(node.this)
    if isinstance(node, exp.Column):
        parts = node.parts
        if not all(isinstance(p, exp.Identifier) for p in parts):
            return None
        return ".".join(_identifier(p) for p in parts if isinstance(p, exp.Identifier))
    if isinstance(node, exp.Star):
        return "*"
    if isinstance(node, exp.Identifier):  # a lambda's parameter
        return _identifier(node)
    if isinstance(node, exp.Literal):
        if node.is_string:
            return "'" + str(node.this).replace("'", "''") + "'"
        return str(node.this) if str(node.this).isdigit() else None
    if isinstance(node, exp.Binary) and type(node) in OPERATORS:
        left, right = printed(node.left), printed(node.right)
        return None if left is None or right is None \
            else f"({left} {OPERATORS[type(node)]} {right})"
    if isinstance(node, exp.Grouping):
        shown = [printed(a) for a in node.expressions]
        return None if None in shown else f"GROUPING ({', '.join(str(s) for s in shown)})"
    if isinstance(node, exp.Window):
        return _window(node)
    if isinstance(node, exp.Func) and not isinstance(node, exp.Cast | exp.Case | exp.If):
        return _call(node)
    return _predicate(node)


def _predicate(node: exp.Expr) -> str | None:
    """IN lists, IS [NOT] NULL, booleans, IF and CASE as Trino's formatter prints them
    (``(a IN (1, 2))``, ``IF((a IS NULL), 1, 0)``, ``(CASE a WHEN 1 THEN 'x' END)``)."""
    if isinstance(node, exp.Boolean):
        return "true" if node.this else "false"
    if isinstance(node, exp.In) and node.expressions and not node.args.get("query"):
        shown = [printed(n) for n in (node.this, *node.expressions)]
        return None if None in shown else f"({shown[0]} IN ({', '.join(map(str, shown[1:]))}))"
    negated = isinstance(node, exp.Not) and isinstance(node.this, exp.Is)
    tested = node.this if negated else node
    if isinstance(tested, exp.Is) and isinstance(tested.expression, exp.Null):
        inner = printed(tested.this)
        return None if inner is None else f"({inner} IS {'NOT ' if negated else ''}NULL)"
    if isinstance(node, exp.If):
        shown = [printed(n) if n is not None else None
                 for n in (node.this, node.args.get("true"), node.args.get("false"))]
        return None if None in shown else f"IF({', '.join(map(str, shown))})"
    if isinstance(node, exp.Case):
        return _case(node)
    return None


def _case(node: exp.Case) -> str | None:
    parts = ["(CASE"]
    if node.this is not None:
        parts.append(printed(node.this) or "")
    for branch in node.args.get("ifs") or []:
        parts += ["WHEN", printed(branch.this) or "", "THEN", printed(branch.args["true"]) or ""]
    default = node.args.get("default")
    if default is not None:
        parts += ["ELSE", printed(default) or ""]
    return None if "" in parts else " ".join(parts) + " END)"


def printed_list(nodes: list[exp.Expr]) -> str | None:
    shown = [printed(n) for n in nodes]
    return None if None in shown else f"[{', '.join(str(s) for s in shown)}]"


# --- where Trino places an expression ----------------------------------------------------------

def location(node: exp.Expr) -> tuple[int | None, tuple[str, ...] | None]:
    """The offset of ``node`` as Trino's AstBuilder places it, and the word looked for from
    there: a binary operator at its symbol, a predicate at its keyword, else its start."""
    while isinstance(node, exp.Paren):
        node = node.this
    if isinstance(node, exp.Not):
        inner = node.this
        if type(inner) in WORDS and not isinstance(inner, exp.And | exp.Or):
            return location(inner)[0], ("NOT", "not", "Not")
        return start_of(node), None
    symbol = OPERATORS.get(type(node)) or WORDS.get(type(node))
    if symbol is None or not isinstance(node, exp.Binary | exp.Predicate):
        return start_of(node), None
    left = node.this
    end = end_of(left) if isinstance(left, exp.Expr) else None
    if end is None:
        return None, None
    spellings = (symbol, "!=") if symbol == "<>" else (symbol, symbol.lower(), symbol.title())
    return end + 1, spellings


def located(node: exp.Expr) -> int | None:
    """The SQL text offset of ``node`` as :func:`location` places it, the operator's word
    looked up in the statement's text."""
    from athenakit.local.nodes import SQL_TEXT

    offset, find = location(node)
    sql = node.root().meta.get(SQL_TEXT)
    if offset is None or find is None or not isinstance(sql, str):
        return offset
    found = [f for f in (sql.find(s, offset) for s in find) if f >= 0]
    return min(found) if found else offset


def opening_parenthesis(node: exp.Expr) -> int | None:
    """Where a parenthesized ``node`` (a row ``(a, b)``, whose own start is its first
    field's) opens."""
    start, sql = start_of(node), node.root().meta.get(SQL_TEXT)
    if start is None or sql is None:
        return start
    before = sql[:start].rstrip()
    return len(before) - 1 if before.endswith("(") else start
