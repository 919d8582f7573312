"""try(...) turns into NULL only the errors Trino's try catches.

Trino: https://trino.io/docs/current/functions/conditional.html#try ("division by zero, invalid
cast or function argument, numeric value out of range"; io/trino/operator/scalar/TryFunction).
The answers of whole queries are in tests/conformance/cases/trino_known_differences.yaml.
"""

from __future__ import annotations

import re

import pytest

from athenakit.local import compat, trys
from athenakit.local.translate import transpile


def test_every_error_a_macro_raises_is_one_that_try_catches() -> None:
    # each failing macro has a _try twin answering NULL for all its errors: right only if try
    # catches every one of them
    names = {name for body in compat._all_macros().values()
             for name in re.findall(r"error\(\s*'([A-Z_]+):", body)}
    assert names
    assert names <= set(trys.CAUGHT)
    assert all("error(" not in body for body in compat.try_variants().values())


@pytest.mark.parametrize("sql", [
    "SELECT try(x / 0) FROM (SELECT 5.0E0 AS x)",
    "SELECT try(x + INTERVAL '1' day) FROM (SELECT DATE '2024-01-31' AS x)",
])
def test_a_refusal_inside_try_is_tested_outside_duckdbs_try(sql: str) -> None:
    duck = transpile(sql)[0]
    refusal = duck.index("NOT_SUPPORTED_LOCALLY")
    assert duck.startswith("SELECT CASE WHEN TRY(")
    assert refusal < duck.index("ELSE TRY(")  # the error() stands outside every TRY(...)
    assert "NOT_SUPPORTED_LOCALLY" not in duck[duck.index("ELSE TRY("):]
