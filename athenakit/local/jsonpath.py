"""Trino's JSON paths (``json_extract``, ``json_extract_scalar``) read as Trino reads them.

Trino's ``JsonPathTokenizer`` (io.trino.operator.scalar) takes ``$`` followed by ``.name``
(letters, digits, ``_`` and ``:``), ``[name]`` (letters, digits, ``_``) or ``["quoted"]``
(only ``\\"`` and ``\\\\`` escaped) segments; anything else fails with ``Invalid JSON path:
'<path>'`` (TestJsonExtract.testInvalidExtracts). A segment that is a number matches an array
element by index and an object member by name (TestJsonExtract.testFullScalarExtract: ``$.1``
of ``[0, 1, 2]`` and of ``{"1": 1}`` are both 1). DuckDB's paths and sqlglot's reading of them
differ on all of these (``$.1``, ``$[fuu]``, ``$.30day`` do not parse), so a literal path is
tokenized here and each segment becomes a DuckDB ``json_extract`` step.
"""

from __future__ import annotations

from sqlglot import exp

from athenakit.local.nodes import call as _call

_ROOT, _DOT, _OPEN, _CLOSE, _QUOTE, _BACKSLASH = "$", ".", "[", "]", '"', "\\"


def _subscript_char(char: str) -> bool:
    return char == "_" or char.isalnum()


def tokenize(path: str) -> list[str]:
    """The segments of a Trino JSON path; ValueError when Trino rejects the path."""
    if not path.startswith(_ROOT):
        raise ValueError(path)
    tokens, i = [], 1
    while i < len(path):
        if path[i] == _DOT:
            start = i = i + 1
            while i < len(path) and (path[i] == ":" or _subscript_char(path[i])):
                i += 1
            if i == start:
                raise ValueError(path)
            tokens.append(path[start:i])
        elif path[i] == _OPEN:
            i += 1
            if i < len(path) and path[i] == _QUOTE:
                token, i = _quoted(path, i + 1)
            else:
                start = i
                while i < len(path) and _subscript_char(path[i]):
                    i += 1
                if i == start:
                    raise ValueError(path)
                token = path[start:i]
            if i >= len(path) or path[i] != _CLOSE:
                raise ValueError(path)
            tokens.append(token)
            i += 1
        else:
            raise ValueError(path)
    return tokens


def _quoted(path: str, i: int) -> tuple[str, int]:
    """A quoted segment starting after its opening quote: (text, index after the quote)."""
    out: list[str] = []
    escaped = False
    while i < len(path) and (escaped or path[i] != _QUOTE):
        if escaped:
            if path[i] not in (_QUOTE, _BACKSLASH):
                raise ValueError(path)
            out.append(path[i])
            escaped = False
        elif path[i] == _BACKSLASH:
            escaped = True
        else:
            out.append(path[i])
        i += 1
    if escaped or i >= len(path):
        raise ValueError(path)
    return "".join(out), i + 1


def path_of(node: exp.Expression) -> str | None:
    """The text of a literal path (sqlglot may have parsed it into a JSONPath); None when the
    path is not a literal."""
    if isinstance(node, exp.Literal) and node.is_string:
        return str(node.this)
    if not isinstance(node, exp.JSONPath):
        return None
    text = ""
    for part in node.expressions:
        if isinstance(part, exp.JSONPathRoot):
            text += _ROOT
        elif isinstance(part, exp.JSONPathKey) and isinstance(part.this, str):
            key = part.this
            simple = key and all(c == ":" or _subscript_char(c) for c in key)
            text += f".{key}" if simple else '["' + key.replace("\\", "\\\\").replace(
                '"', '\\"') + '"]'
        elif isinstance(part, exp.JSONPathSubscript) and isinstance(part.this, int):
            text += f"[{part.this}]"
        elif isinstance(part, exp.JSONPathRecursive):
            text += f"..{part.this or ''}"
        else:
            text += "[?]"  # a construct Trino's paths do not have
    return text


def _key(token: str) -> str:
    return '."' + token.replace("\\", "\\\\").replace('"', '\\"') + '"'


def extract(node: exp.Expression, macro: str) -> exp.Expression | None:
    """``macro(json, path)`` (``AK_JSON_EXTRACT`` / ``AK_JSON_EXTRACT_SCALAR``) with the
    literal path of ``node`` read as Trino reads it; None when the path is not a literal."""
    text = path_of(node.expression)
    if text is None:
        return None
    try:
        tokens = tokenize(text)
    except ValueError:
        message = "INVALID_FUNCTION_ARGUMENT: Invalid JSON path: '" + text + "'"
        return _call("ERROR", exp.Literal.string(message))
    if not any(token.isdigit() for token in tokens):
        path = "$" + "".join(_key(token) for token in tokens)
        return _call(macro, node.this, exp.Literal.string(path))
    value: exp.Expression = _call("AK_JSON", node.this)
    pending = ""
    for token in tokens:
        if not token.isdigit():
            pending += _key(token)
            continue
        if pending:
            value = _call("JSON_EXTRACT", value, exp.Literal.string("$" + pending))
            pending = ""
        # a number is an element's index in an array and a member's name in an object
        is_array = exp.EQ(this=_call("JSON_TYPE", value.copy()),
                          expression=exp.Literal.string("ARRAY"))
        value = exp.Case(ifs=[exp.If(this=is_array, true=_call(
            "JSON_EXTRACT", value.copy(), exp.Literal.string(f"$[{int(token)}]")))],
            default=_call("JSON_EXTRACT", value.copy(), exp.Literal.string("$" + _key(token))))
    return _call(macro, value, exp.Literal.string("$" + pending))
