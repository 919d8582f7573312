"""The state file of a write: what each step wrote and deleted, so a failed run can resume.

One small JSON file per target table, rewritten atomically (a temporary file in the same folder,
then ``os.replace``) after every change, so a crash leaves the previous state or the new one,
never half of either. It holds the plan's fingerprint, the partitions and, per step, its status
(``running``, ``failed``, ``done``), the objects found under its partitions before it ran, and
the objects it deleted.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from athenakit.errors import ConfigError
from athenakit.files import write_text_atomically
from athenakit.write.plan import PartitionKey, WritePlan

VERSION = 1


@dataclass
class StepRecord:
    """What one step did (status ``running`` until it ends)."""

    status: str = "running"
    before: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class WriteState:
    """The persisted progress of one write."""

    path: Path
    table: str
    fingerprint: str
    mode: str
    create: bool
    partitions: list[PartitionKey]
    steps: dict[int, StepRecord] = field(default_factory=dict)
    complete: bool = False

    @classmethod
    def start(cls, path: Path, plan: WritePlan) -> WriteState:
        """A fresh state for ``plan`` (written at once)."""
        state = cls(path, ".".join(plan.table.qualified_name), plan.fingerprint,
                    plan.mode.value, plan.create, list(plan.partitions))
        state.save()
        return state

    def step(self, index: int) -> StepRecord:
        return self.steps.setdefault(index, StepRecord())

    def save(self) -> None:
        """Write the state atomically."""
        body = {"version": VERSION, "table": self.table, "fingerprint": self.fingerprint,
                "mode": self.mode, "create": self.create, "complete": self.complete,
                "partitions": [list(k) for k in self.partitions],
                "steps": {str(i): vars(r) for i, r in sorted(self.steps.items())}}
        write_text_atomically(self.path, json.dumps(body, indent=1))

    @classmethod
    def load(cls, path: Path) -> WriteState | None:
        """The state in ``path``, or None when there is none.

        Raises:
            ConfigError: the file is not a write state athenakit can read.
        """
        try:
            body: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as err:
            raise ConfigError(f"cannot read the write state {path}: {err}") from err
        try:
            steps = {int(i): StepRecord(**r) for i, r in body["steps"].items()}
            return cls(path, body["table"], body["fingerprint"], body["mode"], body["create"],
                       [tuple(k) for k in body["partitions"]], steps, body["complete"])
        except (KeyError, TypeError, ValueError) as err:
            raise ConfigError(f"damaged write state {path}: {err!r}") from err


def default_state_path(table_name: str, catalog_dir: str | os.PathLike[str] | None) -> Path:
    """``CATALOG_DIR/.writes/DB.TABLE.json`` beside a local catalog, else
    ``.athenakit/writes/DB.TABLE.json`` in the current directory."""
    base = Path(catalog_dir) / ".writes" if catalog_dir else Path(".athenakit") / "writes"
    return base / f"{table_name}.json"
