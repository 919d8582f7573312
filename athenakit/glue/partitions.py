"""Partition sync for tables without projection: the S3 layout registered in Glue.

The fast, explicit replacement for ``MSCK REPAIR TABLE``: the table location is listed one
folder level per partition column (``ListObjectsV2`` with ``Delimiter='/'``), either Hive-style
(``col=value/``, values URL-decoded as Hive escapes them) or following the table's
``storage.location.template``; the folders not yet registered are added with
``BatchCreatePartition`` in batches of 100 (Glue's limit). Nothing is ever deleted unless
``prune=True``, and then the removed partitions are listed (``BatchDeletePartition``, 25 per
call).

https://docs.aws.amazon.com/athena/latest/ug/msck-repair-table.html
https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-catalog-partitions.html
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from athenakit.errors import CatalogError
from athenakit.table.model import Table

CREATE_BATCH = 100
DELETE_BATCH = 25
Values = tuple[str, ...]


@dataclass
class SyncReport:
    """What a partition sync found and did.

    Attributes:
        added: partitions registered now (values in partition-column order).
        present: partitions found in S3 that were already registered.
        removed: registered partitions without an S3 folder that were deleted (prune only).
        missing: registered partitions without an S3 folder (kept unless pruned).
        dry_run: nothing was changed.
    """

    added: list[Values] = field(default_factory=list)
    present: list[Values] = field(default_factory=list)
    removed: list[Values] = field(default_factory=list)
    missing: list[Values] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would add" if self.dry_run else "added"
        text = f"{verb} {len(self.added)}, already present {len(self.present)}"
        if self.removed:
            text += f", {'would remove' if self.dry_run else 'removed'} {len(self.removed)}"
        elif self.missing:
            text += f", {len(self.missing)} registered without data (kept; prune removes them)"
        return text


def level_patterns(table: Table) -> list[re.Pattern[str]]:
    """One regex per folder level below the location, capturing partition values by name."""
    names = [p.name for p in table.partitions]
    template = table.projection.location_template if table.projection else None
    if not template:
        return [re.compile(f"^{re.escape(n)}=(?P<p{i}>[^/]*)$", re.IGNORECASE)
                for i, n in enumerate(names)]
    base = (table.location or "").rstrip("/") + "/"
    if not template.startswith(base):
        raise CatalogError(f"storage.location.template {template!r} is not under the table "
                           f"location {table.location!r}")
    index = {n.lower(): i for i, n in enumerate(names)}
    out = []
    for segment in [s for s in template[len(base):].split("/") if s]:
        pattern = ""
        for literal, name in re.findall(r"([^$]*)(?:\$\{([^}]*)\})?", segment):
            pattern += re.escape(literal)
            if name:
                pattern += f"(?P<p{index[name.lower()]}>[^/]*?)"
        out.append(re.compile(f"^{pattern}$"))
    return out


def match_values(table: Table, matches: Sequence[re.Match[str]]) -> Values:
    found: dict[str, str] = {}
    for m in matches:
        for key, value in m.groupdict().items():
            found[key] = unquote(value)
    return tuple(found[f"p{i}"] for i in range(len(table.partitions)))


class PartitionSync:
    """Lists partition folders and registered partitions of one table through ``aws``."""

    def __init__(self, aws: Any, table: Table) -> None:
        if not table.partitions or table.is_iceberg:
            raise CatalogError(f"{table.name}: only partitioned Hive tables have partitions "
                               "to sync")
        # https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html
        if table.projection_enabled:
            raise CatalogError(f"{table.name}: partition projection is enabled, so Athena "
                               "ignores registered partitions; there is nothing to sync")
        if not table.location or not table.database:
            raise CatalogError(f"{table.name}: a location and a database are needed to sync")
        self.aws, self.table = aws, table
        self.patterns = level_patterns(table)

    def folders(self) -> dict[Values, str]:
        """Partition values -> S3 folder, for every folder matching the layout."""
        bucket, _, key = str(self.table.location).removeprefix("s3://").partition("/")
        prefix = key.rstrip("/") + "/" if key.strip("/") else ""
        found: dict[Values, str] = {}
        for folder, matches in self._walk(bucket, prefix, 0, []):
            found[match_values(self.table, matches)] = f"s3://{bucket}/{folder}"
        return found

    def _walk(self, bucket: str, prefix: str, level: int,
              matches: list[re.Match[str]]) -> Iterator[tuple[str, list[re.Match[str]]]]:
        if level == len(self.patterns):
            yield prefix, matches
            return
        for sub in self._prefixes(bucket, prefix):
            name = sub[len(prefix):].rstrip("/")
            m = self.patterns[level].match(name)
            if m and not name.startswith(("_", ".")):
                yield from self._walk(bucket, sub, level + 1, [*matches, m])

    def _prefixes(self, bucket: str, prefix: str) -> Iterator[str]:
        token: str | None = None
        while True:
            extra = {"ContinuationToken": token} if token else {}
            page = self.aws.s3("list_objects_v2", Bucket=bucket, Prefix=prefix, Delimiter="/",
                               **extra)
            yield from (p["Prefix"] for p in page.get("CommonPrefixes", []))
            token = page.get("NextContinuationToken")
            if not token:
                return

    def registered(self) -> set[Values]:
        out: set[Values] = set()
        token: str | None = None
        while True:
            extra = {"NextToken": token} if token else {}
            page = self.aws.glue("get_partitions", DatabaseName=self.table.database,
                                 TableName=self.table.name.lower(), **extra)
            out.update(tuple(p["Values"]) for p in page.get("Partitions", []))
            token = page.get("NextToken")
            if not token:
                return out

    def partition_input(self, values: Values, location: str) -> dict[str, Any]:
        from athenakit.glue.convert import table_input

        descriptor = dict(table_input(self.table)["StorageDescriptor"])
        descriptor["Location"] = location
        return {"Values": list(values), "StorageDescriptor": descriptor}

    def create(self, found: dict[Values, str], values: list[Values]) -> list[Values]:
        """Register ``values``; returns those Glue already had (AlreadyExistsException)."""
        already: list[Values] = []
        for start in range(0, len(values), CREATE_BATCH):
            batch = values[start:start + CREATE_BATCH]
            response = self.aws.glue(
                "batch_create_partition", DatabaseName=self.table.database,
                TableName=self.table.name.lower(),
                PartitionInputList=[self.partition_input(v, found[v]) for v in batch])
            for error in response.get("Errors", []):
                code = error.get("ErrorDetail", {}).get("ErrorCode", "")
                if code != "AlreadyExistsException":
                    raise CatalogError(f"BatchCreatePartition {error.get('PartitionValues')}: "
                                       f"{code}: {error['ErrorDetail'].get('ErrorMessage')}")
                already.append(tuple(error["PartitionValues"]))
        return already

    def delete(self, values: list[Values]) -> None:
        for start in range(0, len(values), DELETE_BATCH):
            batch = values[start:start + DELETE_BATCH]
            response = self.aws.glue(
                "batch_delete_partition", DatabaseName=self.table.database,
                TableName=self.table.name.lower(),
                PartitionsToDelete=[{"Values": list(v)} for v in batch])
            if response.get("Errors"):
                first = response["Errors"][0]
                raise CatalogError(f"BatchDeletePartition {first.get('PartitionValues')}: "
                                   f"{first.get('ErrorDetail', {}).get('ErrorMessage')}")

    def run(self, *, prune: bool = False, dry_run: bool = False) -> SyncReport:
        found = self.folders()
        registered = self.registered()
        report = SyncReport(dry_run=dry_run)
        new = sorted(v for v in found if v not in registered)
        report.present = sorted(v for v in found if v in registered)
        report.missing = sorted(v for v in registered if v not in found)
        if not dry_run and new:
            already = set(self.create(found, new))
            report.present += sorted(already)
            new = [v for v in new if v not in already]
        report.added = new
        if prune:
            report.removed = list(report.missing)
            if not dry_run and report.removed:
                self.delete(report.removed)
        return report
