"""``infer``: propose a table spec from a sample of the files under a location."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from athenakit.errors import ConfigError
from athenakit.infer import binary, layout, text
from athenakit.infer.sources import Source
from athenakit.table.model import Column, ProjectionConfig, Table
from athenakit.table.projection import DateProjection
from athenakit.table.storage import FrozenDict, Storage


@dataclass
class Inference:
    """A proposed table and what was found on the way.

    Attributes:
        table: the proposed table.
        notes: warnings: schema differences, crawler pitfalls, type choices.
        listed / sampled: how many objects were listed, and how many were read.
        rows_read: rows the local engine read from the sample (None: not validated).
        null_columns: columns that came back all NULL from the sample.
        s3_root: for a local folder, the ``--s3-root`` under which ``table.location`` is it.
    """

    table: Table
    notes: list[str] = field(default_factory=list)
    listed: int = 0
    sampled: int = 0
    rows_read: int | None = None
    null_columns: list[str] = field(default_factory=list)
    s3_root: str | None = None


def infer(source: str, *, name: str | None = None, database: str | None = None,
          sample_files: int = 20, endpoint_url: str | None = None,
          validate: bool = True) -> Inference:
    """Propose a spec for the files under ``source`` (a local folder or ``s3://`` prefix).

    Args:
        source: the folder or prefix (the table location).
        name: the table name (default: the last folder name).
        database: the table's database, if any.
        sample_files: at most this many files are read (listing reads only names).
        endpoint_url: S3-compatible endpoint (default ``AWS_ENDPOINT_URL[_S3]``).
        validate: read the sample through the local engine.

    Returns:
        The proposed table with notes and validation figures.

    Raises:
        ConfigError: nothing readable under ``source``.
    """
    src = Source(source, endpoint_url)
    objects = src.list()
    visible = [o for o in objects if not o.hidden and o.size > 0]
    candidates = [o for o in visible if not o.key.endswith(layout.NOT_DATA)]
    fmt = _format(src, candidates)
    data = [o for o in candidates if layout.file_format(o.name)[0] in (fmt, None)]
    if not data:
        raise ConfigError(f"{source}: no data files found")
    picked = layout.sample(data, sample_files)
    notes = layout.pitfalls(objects, fmt)
    parts = layout.partition_layout(data)
    notes += parts.notes
    location, s3_root = _location(source)
    table = _table(src, picked, fmt, notes, name or _name(source), database, location, parts)
    result = Inference(table, list(dict.fromkeys(notes)), len(objects), len(picked), s3_root=s3_root)
    if validate:
        _validate(src, picked, result)
    return result


def _format(src: Source, objects: list[layout.Obj]) -> str:
    """The most common format by extension; without extensions, by the files' content."""
    counts = Counter(layout.file_format(o.name)[0] for o in objects)
    counts.pop(None, None)
    if counts:
        return str(counts.most_common(1)[0][0])
    for obj in objects[:5]:
        kind = layout.format_from_magic(src.magic(obj))
        if kind in ("parquet", "orc", "avro"):
            return kind
        if kind == "text":
            head = src.head_text(obj, None).lstrip()
            return "json" if head.startswith("{") else "csv"
    return "csv"


def _name(source: str) -> str:
    last = source.rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"[^0-9a-z_]+", "_", last.lower()).strip("_") or "inferred"


def _location(source: str) -> tuple[str, str | None]:
    if source.startswith("s3://"):
        return source.rstrip("/") + "/", None
    path = Path(source).resolve()
    if len(path.parts) < 3:
        raise ConfigError(f"{source}: a local folder needs two parents (bucket/prefix)")
    return f"s3://{path.parent.name}/{path.name}/", str(path.parent.parent)


def _table(src: Source, picked: list[layout.Obj], fmt: str, notes: list[str], name: str,
           database: str | None, location: str, parts: layout.Layout) -> Table:
    storage, columns, compression = _columns(src, picked, fmt, notes)
    partitions = parts.partitions
    both = {p.name for p in partitions} & {c.name for c in columns}
    if both:
        # https://docs.aws.amazon.com/athena/latest/ug/create-table.html : a partition column
        # may not also be a data column; the folder value is the one Athena prunes on
        notes.append(f"column(s) {', '.join(sorted(both))} are in the files and in the folder "
                     "names; kept as partition columns only")
        columns = [c for c in columns if c.name not in both]
    projection = None
    if partitions and all(p.projection for p in partitions):
        template = location + parts.template if parts.template else None
        projection = ProjectionConfig(True, template)
    return Table(name=name, database=database, columns=tuple(columns),
                 partitions=tuple(partitions), location=location, storage=storage,
                 compression=compression, projection=projection)


def _columns(src: Source, picked: list[layout.Obj], fmt: str,
             notes: list[str]) -> tuple[Storage, list[Column], str | None]:
    if fmt in ("parquet", "orc", "avro"):
        merged = binary.merged_columns(src, picked, fmt, notes)
        props = {"avro.schema.literal": binary.avro_schema(src, picked[0])} \
            if fmt == "avro" else {}
        storage = Storage(fmt, FrozenDict(props))
        return storage, [Column(n, t) for n, t in merged.items()], None
    codecs = [layout.file_format(o.name)[1] for o in picked]
    readable = [o for o, c in zip(picked, codecs) if c in (None, "GZIP", "BZIP2")]
    if not readable:
        raise ConfigError(f"{picked[0].key}: cannot sample {codecs[0]} text here; "
                          "decompress a sample or give gzip/bzip2 files")
    samples = [src.head_text(o, _codec(src, o, notes)) for o in readable]
    compression = codecs[0] if len(set(codecs)) == 1 else None
    if fmt == "json":
        guess = text.guess_json([(o.key, s) for o, s in zip(readable, samples)])
        notes += guess.notes
        props = {f"mapping.{c}": k for c, k in guess.keys.items()}
        if any("not JSON" in n for n in guess.notes):
            props["ignore.malformed.json"] = "true"
        columns = [Column(n, t) for n, t in guess.columns.items()]
        return Storage("openx_json", FrozenDict(props)), columns, compression
    return (*_csv(samples, fmt == "tsv", notes), compression)


def _codec(src: Source, obj: layout.Obj, notes: list[str]) -> str | None:
    # https://docs.aws.amazon.com/athena/latest/ug/compression-formats.html : Athena tells the
    # compression of text files by their extension
    codec = layout.file_format(obj.name)[1]
    if codec is None and layout.format_from_magic(src.magic(obj)) == "gzip":
        notes.append(f"{obj.key} is gzip data without a .gz extension: Athena detects "
                     "compression by extension and would read it as text")
        return "GZIP"
    return codec


def _csv(samples: list[str], tab: bool, notes: list[str]) -> tuple[Storage, list[Column]]:
    guess = text.guess_csv(samples[0], tab)
    if guess.header:
        rest = ["\n".join(s.splitlines()[1:]) for s in samples[1:]]
    else:
        rest = samples[1:]
    merged = text.guess_csv("\n".join([samples[0], *rest]), tab)
    types = merged.types if len(merged.types) == len(guess.names) else guess.types
    header = 1 if guess.header else None
    if guess.quoted:
        notes.append("quoted values found: OpenCSV SerDe (its dates and timestamps must be "
                     "UNIX numbers, so date-like text is typed string)")
        props = {"separatorChar": guess.delimiter, "quoteChar": '"', "escapeChar": "\\"}
        storage = Storage("csv", FrozenDict(props), header_lines=header)
    else:
        storage = Storage("text", field_delimiter=guess.delimiter, header_lines=header)
    return storage, [Column(n, t) for n, t in zip(guess.names, types)]


def _validate(src: Source, picked: list[layout.Obj], result: Inference) -> None:
    """Copy the sample to a scratch S3 root and read it with the local engine."""
    from athenakit.local.engine import LocalEngine
    from athenakit.sql.quoting import Engine, quote_identifier

    scratch = Path(tempfile.mkdtemp(prefix="athenakit-infer-"))
    try:
        for obj in picked:
            target = scratch / SCRATCH_KEY / obj.key
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(src.read_all(obj))
        # the sample is read as a crawler registers it: every k=v folder is a partition
        engine = LocalEngine([_scratch_table(result.table, picked)], s3_root=scratch,
                             database="infer", discover_partitions=True)
        names = [c.name for c in result.table.columns]
        counts = ", ".join(f"count({quote_identifier(n, Engine.TRINO)})" for n in names)
        row = engine.run(f"SELECT count(*), {counts} FROM infer.t").rows[0]
        result.rows_read = int(row[0])
        result.null_columns = [n for n, c in zip(names, row[1:]) if not c]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


SCRATCH_KEY = "sample/t"


def _scratch_table(table: Table, picked: list[layout.Obj]) -> Table:
    """``table`` over the scratch copy; a date projection spans only the sampled values (the
    proposal's ``NOW`` would make the engine visit every day up to today)."""
    from dataclasses import replace

    location = f"s3://{SCRATCH_KEY}/"
    projection = table.projection
    if projection and projection.location_template:
        projection = replace(projection, location_template=projection.location_template.replace(
            str(table.location), location))
    parts = []
    for part in table.partitions:
        if isinstance(part.projection, DateProjection):
            seen = sorted(_folder_value(o, part.name, projection) for o in picked)
            part = replace(part, projection=replace(part.projection, range=(seen[0], seen[-1])))
        parts.append(part)
    return replace(table, name="t", database="infer", location=location, projection=projection,
                   partitions=tuple(parts))


def _folder_value(obj: layout.Obj, name: str, projection: ProjectionConfig | None) -> str:
    if projection and projection.location_template:  # yyyy/MM/dd[/HH] folders
        return "/".join(obj.folders)
    prefix = f"{name.lower()}="
    return next(f[len(prefix):] for f in obj.folders if f.lower().startswith(prefix))
