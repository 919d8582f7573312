"""Where a partition's objects live: Hive ``col=value/`` folders or the projection template.

https://docs.aws.amazon.com/athena/latest/ug/partition-projection-setting-up.html
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from athenakit.table.model import Table

_PLACEHOLDER = re.compile(r"\$\{([^}]+)\}")
# Hive writes a NULL partition value as this folder name, and reads it back as NULL
HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"
# Hive's FileUtils.escapePathName: these characters are written as %XX in partition folders
_ESCAPED = frozenset([*map(chr, range(0x01, 0x20)), '"', "#", "%", "'", "*", "/", ":", "=", "?",
                      "\\", "\x7f", "{", "[", "]", "^"])


def escape_path_name(value: str) -> str:
    """A partition value as Hive writes it in a ``k=v`` folder name.

    Example:
        >>> escape_path_name("a/b=c")
        'a%2Fb%3Dc'
    """
    if value in (".", ".."):  # never a segment that names a folder itself or its parent
        return "%2E" * len(value)
    return "".join(f"%{ord(c):02X}" if c in _ESCAPED else c for c in value)


def partition_text(value: object) -> str:
    """A partition value as Athena's writers spell it in a ``k=v`` folder: NULL is
    ``__HIVE_DEFAULT_PARTITION__``, a boolean ``true`` / ``false``.

    Example:
        >>> partition_text(None), partition_text(True), partition_text(7)
        ('__HIVE_DEFAULT_PARTITION__', 'true', '7')
    """
    if value is None:
        return HIVE_NULL
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def hive_path(values: Mapping[str, str]) -> str:
    """``k=v/...`` folders for partition values, escaped as Hive does."""
    return "".join(f"{escape_path_name(k)}={escape_path_name(v)}/" for k, v in values.items())


def hive_location(table: Table, values: Mapping[str, str]) -> str:
    """``LOCATION/k=v/...``: where Athena's CTAS and INSERT INTO write a partition.

    Writes ignore ``storage.location.template``; the template only tells queries where to read.
    """
    return (table.location or "").rstrip("/") + "/" + hive_path(values)


def render_location(table: Table, values: Mapping[str, str]) -> str:
    """The prefix of one projected partition: the template filled in, or ``LOCATION/k=v/``.

    Example:
        >>> from athenakit.table.spec import loads_spec
        >>> t = loads_spec("name: t\\nlocation: s3://b/t/\\ncolumns: [{name: x, type: int}]\\n"
        ...                "partitions: [{name: dt, type: string}]")[0]
        >>> render_location(t, {"dt": "2024-01-01"})
        's3://b/t/dt=2024-01-01/'
    """
    template = table.projection.location_template if table.projection else None
    if template:
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1).lower(), m.group(0)), template)
    return hive_location(table, values)


def template_pattern(table: Table) -> tuple[re.Pattern[str], list[str]] | None:
    """A regex matching object paths under the projection template, and the column of each group.

    Returns:
        None when the table has no template (its partitions are ``k=v`` folders).
    """
    template = table.projection.location_template if table.projection else None
    if not template:
        return None
    out: list[str] = []
    names: list[str] = []
    last = 0
    for match in _PLACEHOLDER.finditer(template):
        out.append(re.escape(template[last:match.start()]))
        name = match.group(1).lower()
        if name in names:
            out.append(f"(?P=c{names.index(name)})")
        else:
            out.append(f"(?P<c{len(names)}>[^/]+)")
            names.append(name)
        last = match.end()
    out.append(re.escape(template[last:]))
    return re.compile("".join(out) + ("" if template.endswith("/") else "/")), names
