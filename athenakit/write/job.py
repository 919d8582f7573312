"""``athenakit write`` as one call: plan a SELECT into a table and run it, resumably.

:func:`write` asks the runner whether the target exists and which partitions the SELECT yields
(unless given), plans the steps (:func:`athenakit.write.plan.plan_write`), and runs them
(:func:`athenakit.write.execute.run_plan`) with a state file, or only plans them
(``dry_run``). With ``resume`` it takes the partitions and the CTAS-or-INSERT decision from the
state file of the failed run, checks that the plan is the same, and continues.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from athenakit.errors import ConfigError
from athenakit.query.base import Runner
from athenakit.sql.quoting import Engine, quote_qualified
from athenakit.table.model import Table
from athenakit.write.execute import (
    ObjectStore,
    StepHandler,
    find_partitions,
    run_plan,
    table_exists,
)
from athenakit.write.plan import Mode, PartitionKey, WritePlan, partitioned, plan_write
from athenakit.write.state import WriteState


def write(
    runner: Runner, table: Table, select: str, *, state_path: str | Path,
    mode: Mode | str = Mode.APPEND, partitions: Sequence[PartitionKey] | None = None,
    exists: bool | None = None, resume: bool = False, dry_run: bool = False,
    objects: ObjectStore | None = None, on_step: StepHandler | None = None,
) -> WritePlan:
    """Write ``select``'s rows into ``table`` in steps of at most 100 partitions.

    Args:
        runner: Athena or the local engine (:func:`athenakit.connect.connect`).
        table: the target spec.
        select: the query whose rows are written (columns matched to the spec by name).
        state_path: the state file recording each step (see :mod:`athenakit.write.state`).
        mode: ``append`` (never deletes) or ``overwrite-partitions``.
        partitions: the partitions the SELECT yields; None finds them with one query.
        exists: whether the target exists; None asks the runner.
        resume: continue the failed run recorded in ``state_path``.
        dry_run: plan only (the queries that find the partitions and the table still run).
        objects: lists and deletes objects (needed to resume a Hive write and to overwrite).
        on_step: progress callback.

    Returns:
        The plan (run unless ``dry_run``).

    Raises:
        ConfigError: nothing to resume, a plan that differs from the failed run's, or an
            unfinished run in ``state_path`` when not resuming.
        SpecError: the target cannot be written (see :func:`~athenakit.write.plan.plan_write`).
        QueryError: a step failed; resume to continue.

    Example:
        >>> from athenakit.connect import connect  # doctest: +SKIP
        >>> write(connect("local", tables=["specs/"], s3_root="data"), table,
        ...       "SELECT * FROM raw.events", state_path="write.json")  # doctest: +SKIP
    """
    path = Path(state_path)
    previous = WriteState.load(path)
    name = quote_qualified(table.qualified_name, Engine.TRINO)
    if resume:
        if previous is None or previous.complete:
            raise ConfigError(f"nothing to resume: {path} records no unfinished write")
        plan = plan_write(table, select, previous.partitions, exists=not previous.create,
                          mode=mode)
        if plan.fingerprint != previous.fingerprint:
            raise ConfigError(f"the spec, the SELECT or the mode changed since the run recorded "
                              f"in {path}; resume with the same ones, or remove the file")
    else:
        if previous is not None and not previous.complete and not dry_run:
            raise ConfigError(f"{path} records an unfinished write of {previous.table}: "
                              "continue it with --resume, or remove the file to start over")
        if exists is None:
            exists = table_exists(runner, name)
        if partitions is None:
            partitions = find_partitions(runner, table, select) if partitioned(table) else []
        plan = plan_write(table, select, partitions, exists=exists, mode=mode)
    if dry_run:
        return plan
    state = previous if resume and previous is not None else WriteState.start(path, plan)
    run_plan(plan, runner, state, objects=objects, on_step=on_step)
    return plan

