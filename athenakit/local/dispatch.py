"""Which module holds the rewrite of each sqlglot node type, and loading those modules lazily.

The rewrites that make DuckDB answer as Trino (:mod:`athenakit.local.rewrites`) are spread over
one module per family (``zones``, ``numeric``, ``strings``, ...), each with a ``BY_CLASS`` table
(node type -> rewrite) and a ``BY_NAME`` table (Trino function unknown to sqlglot -> rewrite).
:data:`NODE_MODULES` is the one place that says which module rewrites which node type, so that
a module is imported only when a statement has a node of one of its types: ``SELECT 1``
imports none of them. tests/local/test_rewrites_dispatch.py checks the table against every
module's ``BY_CLASS``, so that a rewrite added to a module cannot be left out here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from sqlglot import exp

# Node types whose rewrite is a family module's own ``BY_CLASS`` entry, by module (the types
# whose rewrite ``rewrites`` composes itself from several modules are not listed).
NODE_MODULES: dict[str, tuple[str, ...]] = {
    "regexps": ("RegexpCount", "RegexpExtract", "RegexpExtractAll", "RegexpLike",
                "RegexpSplit"),
    "zones": ("AtTimeZone", "Day", "DayOfMonth", "DayOfWeekIso", "DayOfYear",
              "Extract", "Hour", "LastDay", "Minute", "Month", "Quarter", "Second",
              "TimeToStr", "WeekOfYear", "Year", "YearOfWeek"),
    "numeric": ("Between", "Case", "CountIf", "Div", "Mod", "Neg", "Unhex"),
    "bits": ("BitwiseAnd", "BitwiseNot", "BitwiseOr", "BitwiseXor"),
    "aggregates": ("BitwiseAndAgg", "BitwiseOrAgg", "BitwiseXorAgg", "Corr", "GroupConcat",
                   "Kurtosis", "RegrIntercept", "RegrSlope", "Skewness"),
    "picks": ("ApproxDistinct", "ApproxQuantile", "ArgMax", "ArgMin", "Max", "Min"),
    "windows": ("Lag", "Lead", "NthValue", "Ntile"),
    "rounding": ("Abs", "Ceil", "Floor", "Round", "Sign", "Trunc"),
    "randoms": ("Rand", "Shuffle"),
    "arrays": ("ArrayContains", "ArrayIntersect", "ArrayOverlaps", "ArrayPosition",
               "ArrayRemove", "Concat", "DPipe", "Reverse", "StrPosition"),
    "jsonfuncs": ("JSONFormat", "JSONObject", "ParseJSON"),
    "containers": ("Struct",),
    "isodates": ("FromISO8601Date", "FromISO8601Timestamp", "FromISO8601TimestampNanos"),
    "strings": ("ConcatWs", "Decode", "Escape", "Normalize", "Pad", "Replace", "Split", "StrToMap",
                "Substring"),
    "textfuncs": ("Chr", "Levenshtein", "Lower", "Soundex", "Trim", "Upper"),
    "binaryfuncs": ("FromBase64",),
    "extremes": ("Nullif",),
}

# Modules whose BY_NAME rewrites Trino functions sqlglot does not know (exp.Anonymous), in the
# order their tables are merged; they are imported at a statement's first such function.
NAME_MODULES = ("arrays", "jsonfuncs", "strings", "lambdas", "regexps", "zones", "aggregates",
                "bits", "textfuncs", "binaryfuncs")

Rewrite = Callable[[exp.Expression], exp.Expression]


class LazyModule:
    """A module of :mod:`athenakit.local`, imported on first use of one of its names."""

    def __init__(self, name: str) -> None:
        self._path = f"athenakit.local.{name}"

    def __getattr__(self, attr: str) -> Any:
        return getattr(importlib.import_module(self._path), attr)


def delegated(module: str) -> dict[type[exp.Expression], Rewrite]:
    """The node types :data:`NODE_MODULES` gives ``module``, each sent to its ``BY_CLASS``
    rewrite (the module is imported at the first such node).

    Args:
        module: a key of :data:`NODE_MODULES`.

    Returns:
        Node type -> rewrite, for ``rewrites``' dispatch table.
    """
    lazy = LazyModule(module)
    return {getattr(exp, name): lambda n: lazy.BY_CLASS[type(n)](n)
            for name in NODE_MODULES[module]}


def by_name(own: dict[str, Any]) -> dict[str, Any]:
    """``own`` and then the ``BY_NAME`` table of each of :data:`NAME_MODULES` (imported now).

    Args:
        own: the function rewrites of ``rewrites`` itself.

    Returns:
        Trino function name (upper case) -> rewrite; a module's entry wins over ``own``'s.
    """
    merged = dict(own)
    for module in NAME_MODULES:
        merged.update(importlib.import_module(f"athenakit.local.{module}").BY_NAME)
    return merged
