"""athenakit: Athena table specs, DDL generation, SQL checks and a query runner."""

from __future__ import annotations

__version__ = "0.1.0"
