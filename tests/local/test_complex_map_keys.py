"""Maps whose keys are arrays or rows (Trino allows any comparable key type:
https://trino.io/docs/current/language/types.html#map) come back as Python dicts: an array key
as a tuple, a row key as the tuple of its fields, through the real engine and Arrow."""

from __future__ import annotations

import pytest

from athenakit.local.engine import LocalEngine


@pytest.fixture(scope="module")
def engine() -> LocalEngine:
    return LocalEngine()


@pytest.mark.parametrize(("sql", "value"), [
    ("SELECT map(ARRAY[ARRAY[1, 2], ARRAY[3]], ARRAY['a', 'b'])", {(1, 2): "a", (3,): "b"}),
    ("SELECT map(ARRAY[ROW(1, 'x')], ARRAY[2.5E0])", {(1, "x"): 2.5}),
    ("SELECT map(ARRAY[ARRAY[ARRAY[1]]], ARRAY[0])", {((1,),): 0}),
])
def test_a_map_with_complex_keys_is_a_dict_with_tuple_keys(engine: LocalEngine, sql: str,
                                                           value: dict[object, object]) -> None:
    result = engine.run(sql)
    assert result.rows == [(value,)]
    assert result.to_arrow().num_rows == 1
