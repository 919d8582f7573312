"""Table-level partition projection rules: coverage of partition columns and the location template.

https://docs.aws.amazon.com/athena/latest/ug/partition-projection-setting-up.html
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from athenakit.errors import Diagnostic
from athenakit.table.validate import PROJECTION_DOC, check_location, error, warning

if TYPE_CHECKING:
    from athenakit.table.model import Table

_PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")


def template_placeholders(template: str) -> list[str]:
    """The ``${name}`` placeholders of a ``storage.location.template``, in order."""
    return _PLACEHOLDER.findall(template)


def validate_projection(table: Table) -> list[Diagnostic]:
    """Projection coverage, per-column projection rules and the location template."""
    out: list[Diagnostic] = []
    config = table.projection
    projected = [p for p in table.partitions if p.projection is not None]
    for i, part in enumerate(table.partitions):
        if part.projection is not None:
            out += part.projection.validate(part.type.ddl, f"partitions[{i}].projection")
    if config is None or not config.enabled:
        if projected:
            out.append(warning("AK150", "projection.enabled", "partition columns have projections "
                               "but projection is not enabled; Athena ignores them",
                               PROJECTION_DOC))
        if config is not None and config.location_template:
            out += _check_template(table, config.location_template)
        return out
    if not table.partitions:
        out.append(error("AK151", "projection.enabled",
                         "projection is enabled but the table has no partition columns",
                         PROJECTION_DOC))
    # Queries fail with HIVE_METASTORE_ERROR naming the columns that have no projection.
    missing = [p.name for p in table.partitions if p.projection is None]
    if missing:
        out.append(error("AK152", "partitions", "projection is enabled, so every partition column "
                         "needs a projection; missing: " + ", ".join(missing), PROJECTION_DOC))
    if config.location_template:
        out += _check_template(table, config.location_template)
    return out


def _check_template(table: Table, template: str) -> list[Diagnostic]:
    path = "projection.location_template"
    out = [d for d in check_location(template.replace("${", "x").replace("}", "x"), path)
           if d.code != "AK115"]
    names = template_placeholders(template)
    partitions = {p.name.lower(): p.name for p in table.partitions}
    for name in names:
        if name.lower() not in partitions:
            # A placeholder that is not a partition column is never substituted: the table
            # silently reads nothing.
            out.append(error("AK153", path, f"placeholder ${{{name}}} is not a partition column; "
                             "Athena would read nothing", PROJECTION_DOC))
    used = {n.lower() for n in names}
    for key, name in partitions.items():
        if key not in used:
            out.append(error("AK154", path, f"template has no ${{{name}}} for partition column "
                             f"{name!r}", PROJECTION_DOC))
    if not template.endswith("/"):
        # The documentation says the template ends with '/'; most official examples omit it.
        out.append(warning("AK155", path, "location template should end with '/'",
                           PROJECTION_DOC))
    return out
