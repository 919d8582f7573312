"""Spec files: YAML or JSON descriptions of tables, read into the model.

Writing a model back as a spec is :mod:`athenakit.table.spec_writer`.

A file holds one table (a mapping with ``name``) or several (``tables:``, with an optional
file-wide ``database:``). The keys are those of :mod:`athenakit.table.schema`; an unknown key is an
error with a "did you mean". Every error names the file and the field path
(``tables[1].partitions[0].projection.format``); YAML syntax errors name the line.

Example:
    >>> tables = loads_spec("name: t\\ncolumns: [{name: id, type: bigint}]\\n")
    >>> tables[0].columns[0].type.ddl
    'bigint'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from athenakit.errors import Diagnostic, Severity, SpecError
from athenakit.table import schema
from athenakit.table.model import Bucketing, Column, Partition, ProjectionConfig, Table, TableType
from athenakit.table.projection import PROJECTIONS, Projection
from athenakit.table.storage import FrozenDict, Storage

SPEC_SUFFIXES = (".yaml", ".yml", ".json")


class _Reader:
    """Walks one spec document, collecting diagnostics with field paths."""

    def __init__(self) -> None:
        self.problems: list[Diagnostic] = []

    def fail(self, path: str, message: str, code: str = "AK001") -> None:
        self.problems.append(Diagnostic(code, Severity.ERROR, message, path=path))

    def mapping(self, value: Any, path: str, node: dict[str, Any]) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, f"expected a mapping, got {_kind(value)}")
            return {}
        known = node["properties"]
        for key in value:
            if key not in known:
                hint = _close_match(str(key), known)
                extra = f"; did you mean {hint!r}?" if hint else ""
                self.fail(_join(path, str(key)), f"unknown key {key!r}{extra}", "AK002")
        for key in node.get("required", []):
            if key not in value:
                self.fail(_join(path, key), f"{key!r} is required", "AK003")
        return value

    def text(self, value: Any, path: str, *, optional: bool = True) -> str | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float, dt.date)):
            self.fail(path, f"expected a string, got {_kind(value)}")
            return None
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    def items(self, value: Any, path: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, f"expected a list, got {_kind(value)}")
            return []
        return value

    def properties(self, value: Any, path: str) -> FrozenDict:
        if value is None:
            return FrozenDict()
        if not isinstance(value, dict):
            self.fail(path, f"expected a mapping, got {_kind(value)}")
            return FrozenDict()
        out = {}
        for key, item in value.items():
            if isinstance(item, (dict, list)) or item is None:
                self.fail(_join(path, str(key)), f"expected a string, got {_kind(item)}")
            else:
                out[str(key)] = _scalar_text(item)
        return FrozenDict(out)

    def integer(self, value: Any, path: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, f"expected an integer, got {_kind(value)}")
            return None
        return value

    def guard(self, path: str, build: Any, *args: Any, **kwargs: Any) -> Any:
        """Call a model constructor, moving its diagnostics under ``path``."""
        try:
            return build(*args, **kwargs)
        except SpecError as err:
            self.problems.extend(d.located(prefix=path) for d in err.diagnostics)
            return None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: Any) -> str:
    shown = repr(value)
    if len(shown) > 60:  # a whole non-spec file read as one string, say
        shown = shown[:57] + "..."
    return {dict: "a mapping", list: "a list", type(None): "nothing"}.get(
        type(value), f"{type(value).__name__} {shown}")


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _read_column(r: _Reader, data: Any, path: str, cls: type[Column]) -> Column | None:
    node = schema.PARTITION if cls is Partition else schema.COLUMN
    data = r.mapping(data, path, node)
    name = r.text(data.get("name"), _join(path, "name"))
    type_text = r.text(data.get("type", "string" if cls is Partition else None),
                      _join(path, "type"))
    comment = r.text(data.get("comment"), _join(path, "comment"))
    if name is None or type_text is None:
        return None
    kwargs: dict[str, Any] = {}
    if cls is Partition and data.get("projection") is not None:
        kwargs["projection"] = _read_projection(r, data["projection"], _join(path, "projection"))
    return r.guard(path, cls, name, type_text, comment, **kwargs)  # type: ignore[no-any-return]


def _read_projection(r: _Reader, data: Any, path: str) -> Projection | None:
    data = r.mapping(data, path, schema.PROJECTION)
    kind = data.get("type")
    cls = PROJECTIONS.get(str(kind))
    if cls is None:
        if "type" in data:
            r.fail(_join(path, "type"), f"unknown projection type {kind!r}; use one of "
                   + ", ".join(PROJECTIONS))
        return None
    allowed = {k.replace(".", "_") for k in cls.keys}
    args: dict[str, Any] = {}
    for key, value in data.items():
        if key == "type" or key not in schema.PROJECTION["properties"]:
            continue
        if key not in allowed:
            r.fail(_join(path, key), f"{key!r} does not apply to {kind} projection", "AK004")
        elif key == "values":
            args["values"] = _split_list(value, lambda v: tuple(_scalar_text(x) for x in v))
        elif key == "range":
            args["range"] = _split_list(value, lambda v: tuple(_scalar_text(x) for x in v))
            if len(args["range"]) != 2:
                r.fail(_join(path, key), "range needs exactly two ends: start,end")
                return None
        else:
            args[key] = _scalar_text(value)
    return cls(**args)


def _split_list(value: Any, convert: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return convert(value)  # type: ignore[no-any-return]
    return tuple(str(value).split(","))


def _read_storage(r: _Reader, data: Any, path: str) -> Storage | None:
    if data is None:
        return Storage()
    data = r.mapping(data, path, schema.STORAGE)
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key == "serde_properties":
            kwargs[key] = r.properties(value, _join(path, key))
        elif key == "header_lines":
            kwargs[key] = r.integer(value, _join(path, key))
        elif key in schema.STORAGE["properties"]:
            kwargs[key] = r.text(value, _join(path, key))
    return Storage(**kwargs)


def _read_table(r: _Reader, data: Any, path: str, database: str | None) -> Table | None:
    before = len(r.problems)
    data = r.mapping(data, path, schema.TABLE)

    def sub(key: str) -> str:
        return _join(path, key)

    columns = [_read_column(r, c, f"{sub('columns')}[{i}]", Column)
               for i, c in enumerate(r.items(data.get("columns"), sub("columns")))]
    partitions = [_read_column(r, c, f"{sub('partitions')}[{i}]", Partition)
                  for i, c in enumerate(r.items(data.get("partitions"), sub("partitions")))]
    kwargs: dict[str, Any] = {
        "name": r.text(data.get("name"), sub("name")) or "",
        "database": r.text(data.get("database", database), sub("database")),
        "comment": r.text(data.get("comment"), sub("comment")),
        "location": r.text(data.get("location"), sub("location")),
        "storage": _read_storage(r, data.get("storage"), sub("storage")),
        "compression": r.text(data.get("compression"), sub("compression")),
        "compression_level": r.integer(data.get("compression_level"), sub("compression_level")),
        "properties": r.properties(data.get("properties"), sub("properties")),
        "columns": columns, "partitions": partitions,
    }
    kwargs.update(_read_table_extras(r, data, path, partitions))
    if len(r.problems) > before or None in columns or None in partitions:
        return None
    return r.guard(path, Table, **kwargs)  # type: ignore[no-any-return]


def _read_table_extras(
    r: _Reader, data: dict[str, Any], path: str, partitions: Sequence[Any]
) -> dict[str, Any]:
    from athenakit.table.iceberg import parse_partition

    out: dict[str, Any] = {}
    kind = data.get("table_type", "hive")
    if kind not in ("hive", "iceberg"):
        r.fail(_join(path, "table_type"), f"table_type must be hive or iceberg, not {kind!r}")
    else:
        out["table_type"] = TableType(kind)
    transforms = []
    for i, text in enumerate(r.items(data.get("partitioning"), _join(path, "partitioning"))):
        transforms.append(r.guard(f"{_join(path, 'partitioning')}[{i}]", parse_partition,
                                  str(text), ""))
    out["partitioning"] = [t for t in transforms if t is not None]
    if data.get("bucketing") is not None:
        bucket = r.mapping(data["bucketing"], _join(path, "bucketing"), schema.TABLE[
            "properties"]["bucketing"])
        cols = [str(c) for c in r.items(bucket.get("columns"), _join(path, "bucketing.columns"))]
        count = r.integer(bucket.get("count"), _join(path, "bucketing.count"))
        out["bucketing"] = Bucketing(tuple(cols), count or 0)
    out["projection"] = _read_projection_config(r, data.get("projection"), path, partitions)
    return out


def _read_projection_config(
    r: _Reader, data: Any, path: str, partitions: Sequence[Any]
) -> ProjectionConfig | None:
    projected = any(isinstance(p, Partition) and p.projection for p in partitions)
    if data is None:
        return ProjectionConfig(enabled=True) if projected else None
    data = r.mapping(data, _join(path, "projection"), schema.TABLE["properties"]["projection"])
    enabled = data.get("enabled", True)
    if not isinstance(enabled, bool):
        r.fail(_join(path, "projection.enabled"), "expected true or false")
        enabled = True
    template = r.text(data.get("location_template"), _join(path, "projection.location_template"))
    return ProjectionConfig(enabled=enabled, location_template=template)


def loads_spec(text: str, *, file: str | None = None) -> list[Table]:
    """Read tables from YAML or JSON text.

    Raises:
        SpecError: syntax errors (with the line) or invalid fields (with their paths).
    """
    document = _parse_text(text, file)
    if isinstance(document, dict) and "query" in document:
        return []  # a view (athenakit.table.views), not a table
    r = _Reader()
    tables: list[Table | None] = []
    if _holds_several(document):
        required = [] if "views" in document else ["tables"]
        top = r.mapping(document, "", {"properties": schema.FILE_KEYS, "required": required})
        database = r.text(top.get("database"), "database")
        for i, item in enumerate(r.items(top.get("tables"), "tables")):
            tables.append(_read_table(r, item, f"tables[{i}]", database))
    else:
        tables.append(_read_table(r, document, "", None))
    if r.problems:
        raise SpecError([d.located(file) for d in r.problems])
    return [t for t in tables if t is not None]


def _holds_several(document: Any) -> bool:
    """A ``tables:`` file rather than one table; a misspelled ``tables:`` counts too, so that
    its error suggests ``tables`` rather than listing it among a table's unknown keys."""
    if not isinstance(document, dict) or "name" in document:
        return False
    table_keys = schema.TABLE["properties"]
    return "tables" in document or "views" in document or any(
        key not in table_keys and _close_match(str(key), ["tables"]) for key in document)


def _close_match(word: str, candidates: Iterable[str]) -> str | None:
    import difflib  # only needed for a mistake

    found = difflib.get_close_matches(word, list(candidates), n=1)
    return found[0] if found else None


def parse_document(text: str, file: str | None = None) -> Any:
    """The YAML or JSON document of a spec file, parsed (errors name the line)."""
    return _parse_text(text, file)


def _parse_text(text: str, file: str | None) -> Any:
    import yaml

    try:
        # libyaml's loader when PyYAML was built with it: the same safe subset, several
        # times faster than the pure-Python one
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as err:
        raise SpecError([_yaml_diagnostic(err, text, file)]) from None
    except yaml.YAMLError as err:
        raise SpecError(f"invalid YAML: {err}", file=file) from None


def _yaml_diagnostic(err: Any, text: str, file: str | None) -> Diagnostic:
    """Point at the problem; name where an unclosed bracket or quote was opened, and point
    there instead when the parser only noticed at the end of the file."""
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


def load_spec(path: str | Path) -> list[Table]:
    """Read the tables of one spec file (``.yaml``, ``.yml`` or ``.json``)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise SpecError(f"cannot read spec: {err}", file=str(path)) from None
    return loads_spec(text, file=str(path))


def spec_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand directories into their spec files (sorted, recursively, skipping names that start
    with '.' or '_'); keep files as given."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            # like Athena, skip anything whose name (or a folder's) starts with '.' or '_'
            specs = sorted(
                f for f in p.rglob("*") if f.suffix in SPEC_SUFFIXES and f.is_file()
                and not any(part[0] in "._" for part in f.relative_to(p).parts))
            if not specs:
                raise SpecError(f"no spec files ({', '.join(SPEC_SUFFIXES)}) in directory {p}")
            found.extend(specs)
        elif p.exists():
            found.append(p)
        else:
            raise SpecError(f"no such spec file or directory: {p}")
    return found


def load_specs(paths: Iterable[str | Path]) -> list[Table]:
    """Read every table of the given spec files and directories, collecting all errors."""
    tables: list[Table] = []
    problems: list[Diagnostic] = []
    for path in spec_files(paths):
        try:
            tables.extend(load_spec(path))
        except SpecError as err:
            problems.extend(err.diagnostics)
    if problems:
        raise SpecError(problems)
    return tables
