"""Strict reading of spec files: text stays text, duplicate keys and alias bombs are errors.

PyYAML's default (YAML 1.1) schema turns ``01`` into ``1``, ``010`` into ``8``, ``yes`` / ``on``
into ``True`` and ``2024-01-31`` into a date, so a spec's enum values or names silently change.
Here the YAML document is composed into nodes (PyYAML's safe composer; nothing is constructed
from tags) and built by :func:`load_document` into plain values:

* every scalar becomes a :class:`Scalar`: a ``str`` holding the text exactly as written, with
  ``kind`` set to what the YAML 1.2 core schema would make of it (``int``, ``float``, ``bool``
  or ``str``; quoted and block scalars are always ``str``), so the spec reader can take a number
  where it wants a number and keep the text everywhere else
  (https://yaml.org/spec/1.2.2/#1032-tag-resolution);
* ``~``, ``null`` and an empty value are ``None``;
* a key given twice in one mapping is an error naming both lines (YAML requires unique keys:
  https://yaml.org/spec/1.2.2/#3221-mapping-key-order);
* aliases are followed, but the document may not expand to more than :data:`MAX_VALUES`
  values nor nest deeper than :data:`MAX_DEPTH`, and an alias may not contain itself;
* ``<<`` merge keys work as in YAML 1.1 (explicit keys win).

JSON is YAML, so JSON specs go through the same path. :func:`load_document` also returns the
line of every field path (``columns[2].type``) so that each spec error can name its line.
"""

from __future__ import annotations

import re
from typing import Any

from typing_extensions import Self

from athenakit.errors import Diagnostic, Severity, SpecError

MAX_VALUES = 250_000
MAX_DEPTH = 64

_NULL = re.compile(r"(?:~|null|Null|NULL|)\Z")
_BOOL = re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")
_INT = re.compile(r"(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\Z")
_FLOAT = re.compile(
    r"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z")


class Scalar(str):
    """A YAML scalar as written; ``kind`` is its YAML 1.2 core type (``str``, ``int``,
    ``float`` or ``bool``)."""

    kind: str

    def __new__(cls, text: str, kind: str = "str") -> Self:
        self = super().__new__(cls, text)
        self.kind = kind
        return self

    def as_int(self) -> int | None:
        """The integer written, or None if this is not a YAML integer."""
        if self.kind != "int":
            return None
        text = self.lstrip("+")
        if text.startswith(("0o", "0x")):
            return int(text, 0)
        return int(text, 10)

    def as_bool(self) -> bool | None:
        """True / False for a YAML boolean, else None."""
        return self.lower() == "true" if self.kind == "bool" else None


def _scalar(text: str, plain: bool) -> Scalar | None:
    if not plain:
        return Scalar(text)
    if _NULL.match(text):
        return None
    for kind, pattern in (("bool", _BOOL), ("int", _INT), ("float", _FLOAT)):
        if pattern.match(text):
            return Scalar(text, kind)
    return Scalar(text)


def load_document(text: str, file: str | None = None) -> tuple[Any, dict[str, int]]:
    """Parse YAML or JSON ``text`` strictly.

    Args:
        text: the spec file's text.
        file: its name, for errors.

    Returns:
        The document as dicts, lists, :class:`Scalar` values and None; and the 1-based line of
        each field path in it.

    Raises:
        SpecError: a syntax error, a duplicate key, a recursive alias, or a document that nests
            or expands beyond the limits (each with its line).
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as err:
        raise SpecError([yaml_diagnostic(err, text, file)]) from None
    except yaml.YAMLError as err:
        raise SpecError(f"invalid YAML: {err}", file=file) from None
    except RecursionError:
        raise SpecError(f"the document nests more than {MAX_DEPTH} levels deep",
                        file=file) from None
    builder = _Builder(file)
    if node is None:
        return None, builder.lines
    builder.measure(node, 0, {})  # refuse a bomb before building any of it
    return builder.build(node, "", 0), builder.lines


class _Builder:
    def __init__(self, file: str | None) -> None:
        self.file = file
        self.lines: dict[str, int] = {}
        self.count = 0
        self.open: set[int] = set()

    def fail(self, node: Any, message: str) -> SpecError:
        mark = node.start_mark
        return SpecError([Diagnostic("AK000", Severity.ERROR, message, file=self.file,
                                     line=mark.line + 1, column=mark.column + 1)])

    def measure(self, node: Any, depth: int, sizes: dict[int, int]) -> int:
        """How many values ``node`` expands to, aliases followed (each node measured once)."""
        import yaml

        if id(node) in sizes:
            if sizes[id(node)] < 0:
                raise self.fail(node, "an alias refers to a node that contains it")
            return sizes[id(node)]
        if depth > MAX_DEPTH:
            raise self.fail(node, f"the document nests more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.ScalarNode):
            return 1
        sizes[id(node)] = -1  # open: meeting it again below is a cycle
        children = node.value if isinstance(node, yaml.SequenceNode) else [
            n for pair in node.value for n in pair]
        total = 1 + sum(self.measure(child, depth + 1, sizes) for child in children)
        if total > MAX_VALUES:
            raise self.fail(node, f"the document expands to more than {MAX_VALUES} values "
                                  "(YAML aliases repeat their anchor's content)")
        sizes[id(node)] = total
        return total

    def build(self, node: Any, path: str, depth: int) -> Any:
        import yaml

        self.count += 1
        if self.count > MAX_VALUES:
            raise self.fail(node, f"the document expands to more than {MAX_VALUES} values "
                                  "(YAML aliases repeat their anchor's content)")
        if depth > MAX_DEPTH:
            raise self.fail(node, f"the document nests more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node.value, not node.style)  # plain: None (PyYAML) or "" (libyaml)
        if id(node) in self.open:
            raise self.fail(node, "an alias refers to a node that contains it")
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.item(child, f"{path}[{i}]", depth)
                        for i, child in enumerate(node.value)]
            return self.mapping(node, path, depth)
        finally:
            self.open.discard(id(node))

    def item(self, node: Any, path: str, depth: int) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        return self.build(node, path, depth + 1)

    def mapping(self, node: Any, path: str, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        seen: dict[Any, int] = {}
        merged: list[Any] = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged.append(value_node)
                continue
            key = self.build(key_node, path, depth + 1)
            if isinstance(key, (dict, list)):
                raise self.fail(key_node, "a key must be a single value, not a mapping or list")
            line = key_node.start_mark.line + 1
            if key in seen:
                raise self.fail(key_node, f"duplicate key {key!r} (lines {seen[key]} and "
                                          f"{line}); each key may appear once")
            seen[key] = line
            sub = f"{path}.{key}" if path else str(key)
            self.lines.setdefault(sub, line)
            out[key] = self.build(value_node, sub, depth + 1)
        for value_node in merged:
            self.merge(out, value_node, path, depth)
        return out

    def merge(self, out: dict[Any, Any], node: Any, path: str, depth: int) -> None:
        value = self.build(node, path, depth + 1)
        sources = value if isinstance(value, list) else [value]
        for source in sources:
            if not isinstance(source, dict):
                raise self.fail(node, "a '<<' merge key takes a mapping or a list of mappings")
            for key, item in source.items():
                out.setdefault(key, item)


def yaml_diagnostic(err: Any, text: str, file: str | None) -> Diagnostic:
    """Point at a YAML syntax error; name where an unclosed bracket or quote was opened, and
    point there instead when the parser only noticed at the end of the file."""
    mark, opened = err.problem_mark, err.context_mark
    message = f"invalid YAML: {err.problem}"
    if err.context and opened is not None:
        thing = err.context.replace("while parsing ", "").replace("while scanning ", "")
        message += f" ({thing} opened at line {opened.line + 1}, column {opened.column + 1})"
        if mark is None or mark.line >= len(text.rstrip().splitlines()):  # noticed at the end
            mark = opened
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    return Diagnostic("AK000", Severity.ERROR, message, file=file, line=line, column=column)


def line_of(lines: dict[str, int], path: str) -> int | None:
    """The line of field ``path``, or of the nearest enclosing field that has one."""
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None
