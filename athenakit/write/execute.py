"""Run a write plan through a :class:`~athenakit.query.base.Runner`, resumably.

Steps run in order. Before a step runs, the objects already under its partitions are recorded
in the state file (:mod:`athenakit.write.state`); after it succeeds the step is marked done.
Athena leaves the files of a failed CTAS or INSERT behind
(https://docs.aws.amazon.com/athena/latest/ug/ctas-considerations-limitations.html), so
resuming a step that did not finish first removes the objects that appeared under its
partitions since that record -- its own partial output, nothing older -- and runs it again:
no partition is written twice. Steps marked done are skipped.

Objects are listed and deleted through an :class:`ObjectStore` (S3 for Athena, the local
engine's files locally); every deletion is listed in the state file first and logged.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from athenakit.errors import ConfigError, QueryCancelled, QueryError
from athenakit.query.base import Runner
from athenakit.sql.quoting import Engine, quote_qualified
from athenakit.table.model import Table
from athenakit.write.plan import Mode, PartitionKey, Step, WritePlan, partition_values_sql
from athenakit.write.state import StepRecord, WriteState

log = logging.getLogger("athenakit.write")


class ObjectStore(Protocol):
    """Lists and deletes the objects under an ``s3://`` prefix."""

    def list(self, prefix: str) -> list[str]:
        """Every object under ``prefix`` (a folder ending in ``/``), sorted."""
        ...

    def delete(self, paths: Sequence[str]) -> None:
        """Delete exactly these objects (paths from :meth:`list`)."""
        ...


@dataclass(frozen=True)
class StepEvent:
    """Progress of a write: a step started, finished, was skipped (done earlier) or failed."""

    step: Step
    total: int
    state: str
    elapsed_s: float = 0.0
    deleted: int = 0


StepHandler = Callable[[StepEvent], None]


def table_exists(runner: Runner, table: str) -> bool:
    """Whether ``table`` (``db.name``) exists, asked with a query that reads no row.

    Raises:
        QueryError: any failure other than the table not existing.
    """
    try:
        runner.run(f"SELECT * FROM {table} LIMIT 0")
    except QueryError as err:
        if "TABLE_NOT_FOUND" in str(err) or "does not exist" in str(err):
            return False
        raise
    return True


def find_partitions(runner: Runner, table: Table, select: str) -> list[PartitionKey]:
    """The partitions ``select`` yields, found with one ``SELECT DISTINCT`` query."""
    result = runner.run(partition_values_sql(table, select))
    return [tuple(None if v is None else str(v) for v in row) for row in result.rows]


class PlanRunner:
    """Runs the steps of one plan, recording them in a :class:`WriteState`."""

    def __init__(self, plan: WritePlan, runner: Runner, state: WriteState,
                 objects: ObjectStore | None, on_step: StepHandler | None = None) -> None:
        self.plan, self.runner, self.state = plan, runner, state
        self.objects, self.on_step = objects, on_step
        self.name = quote_qualified(plan.table.qualified_name, Engine.TRINO)

    def run(self) -> None:
        """Run every step not done yet, in order.

        Raises:
            QueryError: a step failed (the state records it; resume to continue).
            ConfigError: a step cannot be resumed safely.
        """
        for step in self.plan.steps:
            record = self.state.steps.get(step.index)
            if record is not None and record.status == "done":
                self._emit(step, "skipped")
                continue
            self._run_step(step, record)
        self.state.complete = True
        self.state.save()

    def _run_step(self, step: Step, previous: StepRecord | None) -> None:
        if previous is not None and self._finish_interrupted(step, previous):
            return
        record = self.state.steps[step.index] = StepRecord(before=self._listing(step))
        self.state.save()
        started = time.monotonic()
        self._emit(step, "started")
        try:
            if step.delete_first:
                self._delete(step, record, record.before)
            for sql in step.statements:
                self.runner.run(sql)
        except (QueryError, KeyboardInterrupt) as err:
            # Athena said FAILED: nothing was committed. Interrupted or cancelled: the outcome is
            # unknown, so the step stays "running" and a resume treats it that way.
            known = isinstance(err, QueryError) and not isinstance(err, QueryCancelled)
            record.status = "failed" if known else "running"
            record.error = str(err) or type(err).__name__
            self.state.save()
            self._emit(step, "failed", started)
            raise
        record.status = "done"
        self.state.save()
        self._emit(step, "done", started, len(record.deleted))

    def _finish_interrupted(self, step: Step, previous: StepRecord) -> bool:
        """Clean up after a step that did not finish; True when it had in fact succeeded."""
        if step.kind == "ctas" and table_exists(self.runner, self.name):
            # a CTAS creates its table only when it succeeds
            self.state.steps[step.index] = StepRecord("done", previous.before)
            self.state.save()
            self._emit(step, "skipped")
            return True
        if self.plan.table.is_iceberg and step.kind == "insert":
            if self.plan.mode is Mode.APPEND and previous.status == "running":
                raise ConfigError(
                    f"step {step.index + 1} ({step.describe()}) was interrupted with no "
                    "answer from Athena; an Iceberg INSERT either committed or left nothing, "
                    "and athenakit cannot tell which: check the table, then write the "
                    "remaining partitions without --resume")
            return False  # a failed Iceberg commit leaves nothing; overwrite steps delete first
        leftovers = sorted(set(self._listing(step)) - set(previous.before))
        if leftovers:
            record = StepRecord("running", previous.before)
            self.state.steps[step.index] = record
            log.warning("step %d did not finish: removing the %d object(s) it left under its "
                        "partitions", step.index + 1, len(leftovers))
            self._delete(step, record, leftovers)
        return False

    def _listing(self, step: Step) -> list[str]:
        if not step.prefixes or self.objects is None:
            return []
        return [path for prefix in step.prefixes for path in self.objects.list(prefix)]

    def _delete(self, step: Step, record: StepRecord, paths: list[str]) -> None:
        if not paths:
            return
        if self.objects is None:
            raise ConfigError("deleting objects needs an object store (S3 or local files)")
        self._check_inside(step, paths)
        record.deleted.extend(paths)
        self.state.save()  # listed before anything is deleted
        log.warning("step %d: deleting %d object(s) under %d partition folder(s), listed in %s",
                    step.index + 1, len(paths), len(step.prefixes), self.state.path)
        for path in paths:
            log.info("deleting %s", path)
        self.objects.delete(paths)

    def _check_inside(self, step: Step, paths: list[str]) -> None:
        """Every object deleted lies under one of the step's folders, inside the table."""
        location = (self.plan.table.location or "").rstrip("/") + "/"
        wider = [p for p in step.prefixes if not p.startswith(location)]
        stray = [p for p in paths if not any(p.startswith(f) for f in step.prefixes)]
        if wider or stray:
            raise ConfigError(f"refusing to delete {(wider or stray)[0]}: not under the "
                              f"folders step {step.index + 1} writes inside {location}")

    def _emit(self, step: Step, state: str, started: float | None = None,
              deleted: int = 0) -> None:
        if self.on_step is not None:
            elapsed = time.monotonic() - started if started is not None else 0.0
            self.on_step(StepEvent(step, len(self.plan.steps), state, elapsed, deleted))


def run_plan(plan: WritePlan, runner: Runner, state: WriteState, *,
             objects: ObjectStore | None = None, on_step: StepHandler | None = None) -> None:
    """Run ``plan``'s steps not yet done in ``state``.

    Raises:
        QueryError: a step failed; ``state`` records it and :func:`run_plan` with the same
            state resumes.
        QueryCancelled: the run was interrupted.
    """
    try:
        PlanRunner(plan, runner, state, objects, on_step).run()
    except KeyboardInterrupt as err:
        runner.cancel()
        raise QueryCancelled("write interrupted", state="CANCELLED",
                             reason=f"resume with --resume (state in {state.path})") from err
