"""Shared helpers for the ``athenakit check`` tests."""

from __future__ import annotations

import pytest

from athenakit.check import KnownTable

EVENTS = KnownTable("events", "db", ("id", "user_id", "payload"), ("dt", "region"))
TENANTS = KnownTable("tenants", "db", ("id", "amount"), ("customer",),
                     injected=frozenset({"customer"}))
USERS = KnownTable("users", "db", ("id", "name"),
                   serde="org.openx.data.jsonserde.JsonSerDe")
ICE = KnownTable("orders", "db", ("id", "ts"), iceberg=True)


@pytest.fixture
def tables() -> list[KnownTable]:
    return [EVENTS, TENANTS, USERS, ICE]
