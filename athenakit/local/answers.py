"""The rows a SHOW / DESCRIBE / EXPLAIN statement returns, and Hive's text layout for them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from athenakit.query.result import ResultColumn

ID = r"(?:`[^`]+`|\"(?:[^\"]|\"\")+\"|\w+)"
ALIGNMENT = 20  # Hive's MetaDataFormatUtils.ALIGNMENT


@dataclass(frozen=True)
class Show:
    """One SHOW / DESCRIBE statement: its kind and the parts its pattern captured."""

    kind: str
    parts: dict[str, str | None]

    def name(self) -> tuple[str, str | None]:
        """The statement's table (or view) name and database."""
        return split_name(self.parts.get("name") or "")


@dataclass(frozen=True)
class Answer:
    """The rows of a SHOW / DESCRIBE statement."""

    columns: tuple[ResultColumn, ...]
    rows: list[tuple[object, ...]]


def unquote(part: str) -> str:
    part = part.strip()
    if part[:1] in "`\"" and part[-1:] == part[:1]:
        return part[1:-1].replace(part[0] * 2, part[0])
    return part


def split_name(text: str) -> tuple[str, str | None]:
    """``db.name`` (either part quoted) as (name, db)."""
    parts = [unquote(p) for p in re.findall(ID, text)]
    return (parts[-1], parts[0] if len(parts) > 1 else None)


def pad(*fields: str) -> str:
    """One line of Hive's description layout: fields padded to 20, tab-separated."""
    return "\t".join(f.ljust(ALIGNMENT) for f in fields)


def string_answer(name: str, lines: Sequence[str]) -> Answer:
    return Answer((ResultColumn(name, "string"),), [(line,) for line in lines])
