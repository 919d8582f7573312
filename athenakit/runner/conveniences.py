"""The conveniences of :class:`athenakit.runner.athena.Athena` beyond running one statement:
EXPLAIN, the scan estimate, a copy with other settings, named queries, prepared statements and a pyathena
connection. A mixin, so that ``athena.py`` keeps to running and waiting."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from athenakit.query.base import Params
from athenakit.query.result import QueryResult
from athenakit.runner import named, prepared
from athenakit.runner.config import AthenaConfig

if TYPE_CHECKING:
    from athenakit.runner.athena import Athena


class AthenaConveniences:
    """Methods of :class:`~athenakit.runner.athena.Athena` built on ``run`` and ``api``."""

    config: AthenaConfig

    def _athena(self) -> Athena:
        return cast("Athena", self)

    def run(self, sql: str, params: Params = None) -> QueryResult:
        raise NotImplementedError  # pragma: no cover - Athena.run

    def output_location(self) -> str:
        raise NotImplementedError  # pragma: no cover - Athena.output_location

    def explain(self, sql: str, params: Params = None, *, analyze: bool = False) -> str:
        """The plan of ``sql`` as text (EXPLAIN, or EXPLAIN ANALYZE which runs the query).

        https://docs.aws.amazon.com/athena/latest/ug/athena-explain-statement.html
        """
        keyword = "EXPLAIN ANALYZE" if analyze else "EXPLAIN"
        result = self.run(f"{keyword} {sql}", params)
        return "\n".join(str(row[0]) for row in result.rows if row and row[0] is not None)

    def estimate(self, sql: str, params: Params = None, *, tables: Iterable[Any] = ()) -> Any:
        """What ``sql`` would scan and cost, without running it (nothing is billed).

        Args:
            sql: one statement.
            params: values for its ``?`` placeholders (partition filters need them).
            tables: spec files/directories or ``Table`` values of the tables it reads; any other
                table is read back with ``SHOW CREATE TABLE`` (a free DDL statement).

        Returns:
            An :class:`athenakit.estimate.Estimate` (``.scanned_bytes``, ``.cost_usd``,
            ``.text()``); objects are listed in S3 and Parquet/ORC footers read with ranged GETs.
        """
        from athenakit.estimate import estimator_for

        return estimator_for(self, tables)(sql, params)

    def create_named_query(self, name: str, sql: str, *, database: str | None = None,
                           description: str | None = None) -> str:
        """Save a named query; see :func:`athenakit.runner.named.create_named_query`."""
        return named.create_named_query(self._athena(), name, sql, database=database,
                                        description=description)

    def list_named_queries(self) -> list[named.NamedQuery]:
        """The workgroup's named queries; see :mod:`athenakit.runner.named`."""
        return named.list_named_queries(self._athena())

    def run_named(self, name: str, params: Params = None) -> QueryResult:
        """Run a named query by name; see :func:`athenakit.runner.named.run_named_query`."""
        return named.run_named_query(self._athena(), name, params)

    def prepare(self, name: str, sql: str, *, description: str | None = None) -> None:
        """Create prepared statement ``name``; see :mod:`athenakit.runner.prepared`."""
        prepared.prepare(self._athena(), name, sql, description=description)

    def execute(self, name: str, params: Params = None) -> QueryResult:
        """Run prepared statement ``name`` with ``params``."""
        return prepared.execute(self._athena(), name, params)

    def deallocate(self, name: str) -> None:
        """Remove prepared statement ``name``."""
        prepared.deallocate(self._athena(), name)

    def connect(self) -> Any:
        """A pyathena DB-API connection with the same settings (for SQLAlchemy, pandas)."""
        from pyathena import connect

        kwargs: dict[str, Any] = {
            "s3_staging_dir": self.output_location(), "work_group": self.config.workgroup,
            "region_name": self.config.region, "profile_name": self.config.profile,
            "schema_name": self.config.database or "default",
        }
        if self.config.catalog:
            kwargs["catalog_name"] = self.config.catalog
        if self.config.endpoint_url:
            kwargs["endpoint_url"] = self.config.endpoint_url
        return connect(**{k: v for k, v in kwargs.items() if v is not None})


