"""Athena workgroups of the endpoint: ``primary`` always, others created through the API.

A workgroup's ResultConfiguration OutputLocation is where queries that name none write their
results, as in Athena. A workgroup with managed query results (ManagedQueryResultsConfiguration
Enabled) keeps them in Athena's own storage instead: its queries have no OutputLocation, and
clients read their results through GetQueryResults.
https://docs.aws.amazon.com/athena/latest/APIReference/API_WorkGroup.html
https://docs.aws.amazon.com/athena/latest/APIReference/API_ManagedQueryResultsConfiguration.html
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from athenakit.serve.faults import invalid

# https://docs.aws.amazon.com/athena/latest/APIReference/API_CreateWorkGroup.html
_NAME = re.compile(r"^[a-zA-Z0-9._-]{1,128}$")
# https://docs.aws.amazon.com/athena/latest/APIReference/API_WorkGroupConfiguration.html ;
# client-side settings (the request's OutputLocation) win, as the endpoint applies them
_DEFAULTS = {"EnforceWorkGroupConfiguration": False, "PublishCloudWatchMetricsEnabled": False,
             "RequesterPaysEnabled": False}
_ENGINE = {"SelectedEngineVersion": "AUTO", "EffectiveEngineVersion": "Athena engine version 3"}


@dataclass
class Workgroup:
    """One workgroup and its configuration as given to CreateWorkGroup."""

    name: str
    configuration: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    created: float = field(default_factory=time.time)

    @property
    def output_location(self) -> str | None:
        found = (self.configuration.get("ResultConfiguration") or {}).get("OutputLocation")
        return str(found) if found else None

    @property
    def managed(self) -> bool:
        """Whether query results stay in Athena's storage (managed query results)."""
        config = self.configuration.get("ManagedQueryResultsConfiguration") or {}
        return bool(config.get("Enabled"))

    def describe(self) -> dict[str, Any]:
        return {"Name": self.name, "State": "ENABLED", "Description": self.description,
                "CreationTime": self.created,
                "Configuration": {**_DEFAULTS, **self.configuration, "EngineVersion": _ENGINE}}

    def summary(self) -> dict[str, Any]:
        return {"Name": self.name, "State": "ENABLED", "Description": self.description,
                "CreationTime": self.created, "EngineVersion": _ENGINE}


class Workgroups:
    """The workgroups by name (thread-safe)."""

    OPERATIONS = ("CreateWorkGroup", "GetWorkGroup", "ListWorkGroups", "DeleteWorkGroup")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._groups = {"primary": Workgroup("primary")}

    def get(self, name: str) -> Workgroup:
        with self._lock:
            found = self._groups.get(name)
        if found is None:
            raise invalid(f"WorkGroup {name} is not found.")
        return found

    def all(self) -> list[Workgroup]:
        with self._lock:
            return sorted(self._groups.values(), key=lambda g: g.name)

    def create(self, params: dict[str, Any]) -> None:
        name = str(params.get("Name") or "")
        if not _NAME.match(name):
            raise invalid(f"WorkGroup name {name!r} must be 1-128 letters, digits, '.', '_' "
                          "or '-'")
        group = Workgroup(name, dict(params.get("Configuration") or {}),
                          str(params.get("Description") or ""))
        if group.managed and group.output_location:
            raise invalid("A workgroup with managed query results enabled cannot have an "
                          "OutputLocation in its ResultConfiguration")
        with self._lock:
            if name in self._groups:
                raise invalid("WorkGroup is already created")
            self._groups[name] = group

    def restore(self, group: Workgroup) -> None:
        """Add a workgroup saved by an earlier run (replacing one of the same name)."""
        with self._lock:
            self._groups[group.name] = group

    def delete(self, name: str) -> None:
        with self._lock:
            if name == "primary":
                raise invalid("Cannot delete the primary workgroup")
            if self._groups.pop(name, None) is None:
                raise invalid(f"WorkGroup {name} is not found.")
