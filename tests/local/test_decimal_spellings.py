"""Property: what is computed from ``1.5``-style literals has the type and value it has from the
same numbers spelled ``DECIMAL '1.5'``.

Trino reads ``1.5`` as a decimal literal, ``decimal(2,1)`` as ``DECIMAL '1.5'`` is
(https://trino.io/docs/current/language/types.html#decimal), so an expression of ``+ - * / %``,
``-x``, ``abs``, ``round``, ``floor``, ``ceil``, ``sign`` and ``truncate`` over either spelling,
divided by 3, is one decimal of one type. sqlglot typed the plain spelling a double, and the
division then ran as doubles (``-0.05 / 3`` was -0.016666666666666666, Trino's -0.02): on the
previous main 128 of 300 such expressions differed. Each must agree, or one spelling be refused.

Examples per run: 150, or ``ATHENAKIT_PROPERTY_EXAMPLES``.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spellings_grammar import DERANDOMIZE, EXAMPLES, outcome

from athenakit.local.engine import LocalEngine


@st.composite
def _literal(draw: st.DrawFn) -> tuple[str, str]:
    whole = draw(st.sampled_from(["0", "1", "2", "7", "12", "100"]))
    fraction = draw(st.sampled_from(["", "5", "25", "125", "05"]))
    negative = draw(st.booleans())
    if not fraction:  # an integer either way
        return (f"-{whole}", f"-{whole}") if negative else (whole, whole)
    text = f"{whole}.{fraction}"
    typed = f"DECIMAL '{text}'"
    return (f"-{text}", f"-{typed}") if negative else (text, typed)


@st.composite
def _expression(draw: st.DrawFn, depth: int = 0) -> tuple[str, str]:
    """The same expression with plain and with DECIMAL '...' literals."""
    if depth > 2 or draw(st.integers(0, 9)) < 3:
        return draw(_literal())
    plain, typed = draw(_expression(depth + 1))
    form = draw(st.sampled_from(["+", "-", "*", "/", "%", "abs", "round", "floor", "ceil",
                                 "round1", "neg", "sign", "truncate"]))
    if form in "+-*/%":
        right_plain, right_typed = draw(_expression(depth + 1))
        return f"({plain} {form} {right_plain})", f"({typed} {form} {right_typed})"
    if form == "neg":
        return f"-({plain})", f"-({typed})"
    if form == "round1":
        return f"round({plain}, 1)", f"round({typed}, 1)"
    return f"{form}({plain})", f"{form}({typed})"


@settings(max_examples=EXAMPLES, deadline=None, derandomize=DERANDOMIZE,
          suppress_health_check=[HealthCheck.too_slow])
@given(_expression())
def test_plain_and_typed_decimal_literals_agree(engine: LocalEngine,
                                                 spellings: tuple[str, str]) -> None:
    plain, typed = (f"SELECT {each} / 3, typeof({each} / 3)" for each in spellings)
    first, second = outcome(engine, plain), outcome(engine, typed)
    if "refused" in (first[0], second[0]):
        return
    assert first == second, f"{plain}\n{typed}\n{first}\n{second}"
