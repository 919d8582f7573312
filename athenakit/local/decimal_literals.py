"""``DECIMAL '...'`` literals read as Trino reads them, before DuckDB does.

Trino's analyzer parses the text with ``Decimals.parse`` (``ExpressionAnalyzer``): a sign,
digits and a fraction, at least one digit, at most 38 without the leading zeros, nothing around.
Any other text fails with ``INVALID_LITERAL: line 1:8: 'Infinity' is not a valid decimal
literal``, at the literal (TestAnalyzer.testLiteral: more than 38 digits). DuckDB's cast had
failed with ``INVALID_CAST_ARGUMENT`` naming its own ``DECIMAL(18, 3)``, been refused, or read
the blanks of ``' 1.5 '`` away. Digits separated by underscores (``'1_000.5'``) are read by
later releases only: refused.

https://trino.io/docs/current/language/types.html#decimal
"""

from __future__ import annotations

import re

from sqlglot import exp

from athenakit.local.decimals import literal_shape
from athenakit.local.errors import UnsupportedLocally
from athenakit.local.failures import athena_error, start_of

# Trino's Decimals.parse: a sign, digits and a fraction, at least one digit, at most 38 without
# the leading zeros, nothing around (its DECIMAL_PATTERN: DuckDB's cast took ' 1.5 ')
_DECIMAL_TEXT = re.compile(r"[+-]?(?=\.?\d)\d*(\.\d*)?")


# later releases read digits separated by underscores (DECIMAL '1_000.5'), earlier ones fail
SEPARATORS_REFUSAL = "a DECIMAL literal with underscores between its digits (Trino releases differ)"


def _typed_literal(cast: exp.Cast) -> bool:
    """``cast`` is a ``DECIMAL '...'`` literal (a CAST spelled out carries "safe")."""
    return cast.to.is_type(exp.DType.DECIMAL) and not cast.to.expressions \
        and "safe" not in cast.args and isinstance(cast.this, exp.Literal) \
        and cast.this.is_string


def check(tree: exp.Expression) -> None:
    """Fail a ``DECIMAL '...'`` literal Trino cannot read as its analyzer fails it.

    Raises:
        AthenaFailure: INVALID_LITERAL.
        UnsupportedLocally: digits separated by underscores.
    """
    for cast in tree.find_all(exp.Cast):
        if not _typed_literal(cast):
            continue
        text = str(cast.this.this)
        if re.fullmatch(r"[+-]?[\d_]*(\.[\d_]*)?", text) and "_" in text:
            raise UnsupportedLocally(SEPARATORS_REFUSAL)
        found = literal_shape(text) if _DECIMAL_TEXT.fullmatch(text) else None
        if found is None or found[0] > 38:
            raise athena_error("INVALID_LITERAL", f"'{text}' is not a valid decimal literal",
                               offset=start_of(cast.this), before="decimal")
