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

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from athenakit.errors import Diagnostic, Severity, SpecError
from athenakit.table import schema
from athenakit.table.model import Bucketing, Column, Partition, ProjectionConfig, Table, TableType
from athenakit.table.projection import PROJECTIONS, Projection
from athenakit.table.spec_yaml import Scalar, line_of, load_document
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
        """The text as written (``01`` stays ``01``, ``yes`` stays ``yes``)."""
        if value is None and optional:
            return None
        if not isinstance(value, str):
            self.fail(path, f"expected a string, got {_kind(value)}")
            return None
        return str(value)

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
            text = self.text(item, _join(path, str(key)), optional=False)
            if text is not None:
                out[str(key)] = text
        return FrozenDict(out)

    def texts(self, value: list[Any], path: str) -> tuple[str, ...]:
        """Each item of a list of scalars, as written."""
        return tuple(t for i, v in enumerate(value)
                     if (t := self.text(v, f"{path}[{i}]", optional=False)) is not None)

    def integer(self, value: Any, path: str) -> int | None:
        if value is None:
            return None
        number = value.as_int() if isinstance(value, Scalar) else None
        if number is None:
            self.fail(path, f"expected an integer, got {_kind(value)}")
        return number

    def boolean(self, value: Any, path: str, default: bool) -> bool:
        flag = value.as_bool() if isinstance(value, Scalar) else None
        if value is not None and flag is None:
            self.fail(path, f"expected true or false, got {_kind(value)}")
        return default if flag is None else flag

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
    kind = value.kind if isinstance(value, Scalar) else type(value).__name__
    return {dict: "a mapping", list: "a list", type(None): "nothing"}.get(
        type(value), f"{kind} {shown}")


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
        elif key in ("values", "range"):
            args[key] = _split_list(r, value, _join(path, key))
            if key == "range" and len(args["range"]) != 2:
                r.fail(_join(path, key), "range needs exactly two ends: start,end")
                return None
        else:
            args[key] = r.text(value, _join(path, key), optional=False) or ""
    return cls(**args)


def _split_list(r: _Reader, value: Any, path: str) -> tuple[str, ...]:
    if isinstance(value, list):
        return r.texts(value, path)
    text = r.text(value, path, optional=False)
    return () if text is None else tuple(text.split(","))


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
    given = isinstance(data, dict)
    data = r.mapping(data, path, schema.TABLE)
    if given and data.get("table_type") != "delta" and "columns" not in data:
        r.fail(_join(path, "columns"), "'columns' is required", "AK003")

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
    if kind not in ("hive", "iceberg", "delta"):
        r.fail(_join(path, "table_type"),
               f"table_type must be hive, iceberg or delta, not {kind!r}")
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
    enabled = r.boolean(data.get("enabled"), _join(path, "projection.enabled"), True)
    template = r.text(data.get("location_template"), _join(path, "projection.location_template"))
    return ProjectionConfig(enabled=enabled, location_template=template)


def loads_spec(text: str, *, file: str | None = None) -> list[Table]:
    """Read tables from YAML or JSON text.

    Raises:
        SpecError: syntax errors (with the line) or invalid fields (with their paths).
    """
    document, lines = load_document(text, file)
    if isinstance(document, dict) and "query" in document:
        return []  # a view (athenakit.table.views), not a table
    r = _Reader()
    tables: list[tuple[str, Table | None]] = []
    if _holds_several(document):
        required = [] if "views" in document else ["tables"]
        top = r.mapping(document, "", {"properties": schema.FILE_KEYS, "required": required})
        database = r.text(top.get("database"), "database")
        for i, item in enumerate(r.items(top.get("tables"), "tables")):
            tables.append((f"tables[{i}]", _read_table(r, item, f"tables[{i}]", database)))
    else:
        tables.append(("", _read_table(r, document, "", None)))
    if r.problems:
        raise SpecError([_locate(d, file, lines) for d in r.problems])
    found = []
    for path, table in tables:
        if table is not None:  # warnings too name the file and the line
            located = tuple(_locate(w.located(prefix=path), file, lines) for w in table.warnings)
            object.__setattr__(table, "warnings", located)
            found.append(table)
    return found


def _locate(d: Diagnostic, file: str | None, lines: dict[str, int]) -> Diagnostic:
    located = d.located(file)
    if located.line is None:
        located = replace(located, line=line_of(lines, d.path))
    return located


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
    """The YAML or JSON document of a spec file, parsed strictly (errors name the line)."""
    return load_document(text, file)[0]


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
