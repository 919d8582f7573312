"""Athena views in Glue: the Presto view text, decoded.

Athena stores a view as a Glue table of type ``VIRTUAL_VIEW`` whose ``ViewOriginalText`` is
``/* Presto View: <base64 of a JSON document> */``; the JSON holds ``originalSql``, the
``catalog`` and ``schema`` it was created in, and its ``columns`` with Trino types.

https://docs.aws.amazon.com/athena/latest/ug/views.html
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from athenakit.errors import CatalogError

_PRESTO = re.compile(r"^\s*/\*\s*Presto View:\s*([A-Za-z0-9+/=\s]+?)\s*\*/\s*$", re.DOTALL)


@dataclass(frozen=True)
class GlueView:
    """An Athena view read from Glue.

    Attributes:
        database / name: where it lives.
        sql: the view's SELECT, as it was written (``originalSql``).
        columns: ``(name, Trino type)`` pairs the view was saved with.
        comment: the Glue description, if any.
        dialect: ``presto`` for Athena views; ``hive`` for a view whose text is not Athena's
            encoded form (Hive or Spark SQL, kept verbatim).
    """

    database: str
    name: str
    sql: str
    columns: tuple[tuple[str, str], ...] = ()
    comment: str | None = None
    dialect: str = "presto"


def is_view(glue: Mapping[str, Any]) -> bool:
    return str(glue.get("TableType", "")).upper() == "VIRTUAL_VIEW"


def decode_presto_view(text: str) -> dict[str, Any]:
    """The JSON document inside ``/* Presto View: <base64> */``.

    Raises:
        CatalogError: the text is not in that form.
    """
    match = _PRESTO.match(text or "")
    if not match:
        raise CatalogError("the view text is not Athena's '/* Presto View: <base64> */' form")
    try:
        data = json.loads(base64.b64decode("".join(match.group(1).split()), validate=True))
    except (binascii.Error, ValueError) as err:
        raise CatalogError(f"the Presto view text does not decode: {err}") from None
    if not isinstance(data, dict) or "originalSql" not in data:
        raise CatalogError("the Presto view JSON has no originalSql")
    return data


def encode_presto_view(sql: str, database: str, columns: list[tuple[str, str]]) -> str:
    """``/* Presto View: ... */`` for a view of ``sql`` (the inverse of the decoder)."""
    doc = {"originalSql": sql, "catalog": "awsdatacatalog", "schema": database,
           "columns": [{"name": n, "type": t} for n, t in columns]}
    return "/* Presto View: " + base64.b64encode(json.dumps(doc).encode()).decode() + " */"


def view_from_glue(glue: Mapping[str, Any], database: str | None = None) -> GlueView:
    """A :class:`GlueView` from a Glue ``VIRTUAL_VIEW`` table."""
    text = str(glue.get("ViewOriginalText", ""))
    if not _PRESTO.match(text):
        columns = tuple((str(c["Name"]), str(c["Type"])) for c in
                        (glue.get("StorageDescriptor") or {}).get("Columns") or [])
        return GlueView(str(database or glue.get("DatabaseName")), str(glue["Name"]), text,
                        columns, glue.get("Description"), dialect="hive")
    data = decode_presto_view(text)
    columns = tuple((str(c["name"]), str(c["type"])) for c in data.get("columns", []))
    return GlueView(database=str(database or glue.get("DatabaseName") or data.get("schema")),
                    name=str(glue["Name"]), sql=str(data["originalSql"]), columns=columns,
                    comment=glue.get("Description") or None)
