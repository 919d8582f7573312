"""Reading and writing tables in the Glue Data Catalog (the I/O edge of the Glue package).

:class:`GlueCatalog` reads tables (Hive, Iceberg through their metadata file, views) into the
model and applies specs: a missing table is created with ``CreateTable``, an existing one is
updated with ``UpdateTable`` when every difference is safe (:mod:`athenakit.glue.plan`), and
left alone otherwise. Every AWS call is first built as an :class:`ApiCall`, so a dry run prints
exactly the calls a real run makes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from athenakit.errors import CatalogError
from athenakit.glue import convert, iceberg, plan
from athenakit.glue.client import Clients, GlueConfig, error_code
from athenakit.glue.view import GlueView, is_view, view_from_glue
from athenakit.table.model import Table

_NOT_FOUND = ("EntityNotFoundException", "NoSuchEntity")
_CHECKED = {"created": "missing", "updated": "differs"}  # what --check says instead


@dataclass(frozen=True)
class ApiCall:
    """One AWS call: ``service``, its operation (``CreateTable``) and the request."""

    service: str
    operation: str
    params: dict[str, Any]

    def __str__(self) -> str:
        body = json.dumps(self.params, indent=2, sort_keys=True, default=str)
        return f"{self.service}.{self.operation} {body}"


@dataclass
class TableOutcome:
    """What apply did (or would do) to one table.

    Attributes:
        name: ``database.table``.
        action: ``created``, ``updated``, ``unchanged``, ``refused``, or (``--check``)
            ``missing`` / ``differs``.
        changes: the differences found (for ``created``: none).
        kept: catalog-only properties that the update keeps.
        calls: the AWS calls made (or, in a dry run, that would be made).
    """

    name: str
    action: str
    changes: list[plan.Change] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    calls: list[ApiCall] = field(default_factory=list)

    @property
    def drifted(self) -> bool:
        return self.action in ("missing", "differs", "refused")


class GlueCatalog:
    """The Glue Data Catalog of one account and region.

    Args:
        config: region, profile, endpoint and catalog id (see :class:`GlueConfig`).
        session: a boto3 Session to use instead of one made from the config.
    """

    def __init__(self, config: GlueConfig | None = None, *, session: Any = None) -> None:
        self.aws = Clients(config, session=session)

    # --- reading ------------------------------------------------------------------------

    def get_table(self, database: str, name: str) -> dict[str, Any] | None:
        """The raw Glue ``Table`` (None when it does not exist)."""
        try:
            return dict(self.aws.glue("get_table", DatabaseName=database, Name=name)["Table"])
        except CatalogError as err:
            if error_code(err) in _NOT_FOUND:
                return None
            raise

    def read(self, database: str, name: str) -> Table | GlueView:
        """The table or view ``database.name`` from Glue.

        Raises:
            CatalogError: it does not exist, or cannot be read as an Athena table.
        """
        glue = self.get_table(database, name)
        if glue is None:
            raise CatalogError(f"glue:{database}.{name}: no such table in the Glue catalog")
        return self.from_glue(glue, database)

    def from_glue(self, glue: dict[str, Any], database: str) -> Table | GlueView:
        if is_view(glue):
            return view_from_glue(glue, database)
        if iceberg.is_iceberg(glue):
            where = (glue.get("Parameters") or {}).get("metadata_location")
            if not where:
                raise CatalogError(f"glue:{database}.{glue['Name']}: Iceberg table without "
                                   "metadata_location")
            return iceberg.table_from_iceberg(glue, self.aws.read_json(str(where)), database)
        return convert.table_from_glue(glue, database=database)

    def read_database(self, database: str) -> list[Table | GlueView]:
        """Every table and view of ``database``, in name order."""
        found = [self.from_glue(t, database) for t in self._tables(database)]
        return sorted(found, key=lambda t: t.name)

    def _tables(self, database: str) -> Iterator[dict[str, Any]]:
        token: str | None = None
        while True:
            extra = {"NextToken": token} if token else {}
            page = self.aws.glue("get_tables", DatabaseName=database, **extra)
            yield from page.get("TableList", [])
            token = page.get("NextToken")
            if not token:
                return

    def database_exists(self, database: str) -> bool:
        try:
            self.aws.glue("get_database", Name=database)
        except CatalogError as err:
            if error_code(err) in _NOT_FOUND:
                return False
            raise
        return True

    # --- writing ------------------------------------------------------------------------

    def plan(self, table: Table) -> TableOutcome:
        """What applying ``table`` would do, with the calls it would make (nothing is sent).

        Raises:
            CatalogError: the table names no database.
        """
        if not table.database:
            raise CatalogError(f"table {table.name!r} names no database")
        spec = convert.as_stored(table)
        label = f"{spec.database}.{spec.name}"
        glue = self.get_table(str(spec.database), spec.name)
        if glue is None:
            return TableOutcome(label, "created", calls=list(self._create_calls(spec)))
        live = self.from_glue(glue, str(spec.database))
        if isinstance(live, GlueView):
            return TableOutcome(label, "refused", [plan.Change(
                "the catalog holds a view of this name", "a view cannot become a table")])
        changes = plan.table_changes(spec, live)
        kept = plan.extra_properties(spec, live)
        if not changes:
            return TableOutcome(label, "unchanged", kept=kept)
        if not all(c.safe for c in changes):
            return TableOutcome(label, "refused", changes, kept)
        update = convert.table_input(spec)
        live_params = {k: v for k, v in (glue.get("Parameters") or {}).items()
                       if not plan.owned(k)}
        update["Parameters"] = {**live_params, **update["Parameters"]}
        call = ApiCall("glue", "UpdateTable", {"DatabaseName": spec.database,
                                               "TableInput": update})
        return TableOutcome(label, "updated", changes, kept, [call])

    def _create_calls(self, table: Table) -> Iterator[ApiCall]:
        db = str(table.database)
        if not table.is_iceberg:
            yield ApiCall("glue", "CreateTable",
                          {"DatabaseName": db, "TableInput": convert.table_input(table)})
            return
        if not table.location:
            raise CatalogError(f"{db}.{table.name}: Iceberg tables need a location")
        where = iceberg.metadata_key(table.location)
        bucket, _, key = where.removeprefix("s3://").partition("/")
        body = json.dumps(iceberg.metadata(table, table.location), indent=2)
        yield ApiCall("s3", "PutObject", {"Bucket": bucket, "Key": key, "Body": body,
                                          "ContentType": "application/json"})
        yield ApiCall("glue", "CreateTable",
                      {"DatabaseName": db, "TableInput": iceberg.iceberg_table_input(table, where)})

    def database_calls(self, tables: Iterable[Table]) -> list[ApiCall]:
        """``CreateDatabase`` for each database of ``tables`` that does not exist."""
        names = dict.fromkeys(str(t.database).lower() for t in tables if t.database)
        return [ApiCall("glue", "CreateDatabase", {"DatabaseInput": {"Name": n}})
                for n in names if not self.database_exists(n)]

    def send(self, call: ApiCall) -> Any:
        """Make one call built by :meth:`plan` or :meth:`database_calls`."""
        operation = _snake(call.operation)
        if call.service == "s3":
            return self.aws.s3(operation, **call.params)
        return self.aws.glue(operation, **call.params)

    def apply(self, tables: Iterable[Table], *, dry_run: bool = False,
              check: bool = False) -> tuple[list[ApiCall], list[TableOutcome]]:
        """Create or safely update ``tables``; see :func:`athenakit.glue.apply`."""
        tables = list(tables)
        db_calls = self.database_calls(tables)
        if not (dry_run or check):
            for call in db_calls:
                self.send(call)
        outcomes = []
        for table in tables:
            outcome = self.plan(table)
            if check and outcome.action in _CHECKED:
                outcome.action, outcome.calls = _CHECKED[outcome.action], []
            if not (dry_run or check):
                for call in outcome.calls:
                    self.send(call)
            outcomes.append(outcome)
        return db_calls, outcomes


def _snake(operation: str) -> str:
    return "".join("_" + ch.lower() if ch.isupper() else ch for ch in operation).lstrip("_")
