"""Reading an Iceberg table written by the local engine with pyiceberg alone (no athenakit)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def latest_metadata(folder: Path) -> Path:
    """The newest ``metadata/NNNNN-*.metadata.json`` under a table folder."""
    found = sorted((folder / "metadata").glob("*.metadata.json"),
                   key=lambda p: int(p.name.split("-", 1)[0]))
    assert found, f"no Iceberg metadata under {folder}"
    return found[-1]


def static_table(folder: Path) -> Any:
    """pyiceberg's read-only view of the table from its newest metadata file."""
    from pyiceberg.table import StaticTable

    return StaticTable.from_metadata(latest_metadata(folder).as_uri())


def rows(folder: Path, *columns: str, snapshot_id: int | None = None) -> list[tuple[Any, ...]]:
    """The table's rows read by pyiceberg, sorted, as tuples of ``columns``."""
    data = static_table(folder).scan(snapshot_id=snapshot_id).to_arrow()
    picked = data.select(list(columns)) if columns else data
    return sorted(tuple(r.values()) for r in picked.to_pylist())
