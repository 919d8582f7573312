"""The ``lake`` fixture of :mod:`estimate_lake` for every test of the scan estimate."""

from estimate_lake import lake

__all__ = ["lake"]
