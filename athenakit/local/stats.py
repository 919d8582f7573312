"""Trino's statistical functions (CDFs, Wilson intervals), in Python, with Trino's argument
checks. https://trino.io/docs/current/functions/math.html#statistical-functions
"""

from __future__ import annotations

import math
from collections.abc import Callable
from statistics import NormalDist
from typing import Any

from athenakit.local.runtime_errors import TrinoFunctionError


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise TrinoFunctionError(f"INVALID_FUNCTION_ARGUMENT: {message}")


def normal_cdf(mean: float, sd: float, value: float) -> float:
    """``normal_cdf(mean, sd, v)``: 0.5 * (1 + erf((v - mean) / (sd * sqrt(2))))."""
    _check(sd > 0, "standardDeviation must be > 0")
    return 0.5 * (1 + math.erf((value - mean) / (sd * math.sqrt(2))))


def inverse_normal_cdf(mean: float, sd: float, p: float) -> float:
    """``inverse_normal_cdf(mean, sd, p)``."""
    _check(0 < p < 1, "p must be 0 > p > 1")
    _check(sd > 0, "sd must be > 0")
    return NormalDist(mean, sd).inv_cdf(p)


def _beta_fraction(a: float, b: float, x: float) -> float:
    # Lentz's continued fraction for the regularized incomplete beta function
    tiny, c, d = 1e-300, 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 10000):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= d * c
        if abs(d * c - 1) < 1e-16:
            break
    return result


def beta_cdf(a: float, b: float, value: float) -> float:
    """``beta_cdf(a, b, v)``: the regularized incomplete beta function I_v(a, b)."""
    # Trino's order and texts (MathFunctions.betaCdf)
    _check(0 <= value <= 1, "value must be 0 >= v >= 1")
    _check(a > 0 and b > 0, "a, b must be > 0")
    if value in (0, 1):
        return float(value)
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(value)
                 + b * math.log(1 - value))
    if value < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _beta_fraction(a, b, value) / a
    return 1 - math.exp(log_front) * _beta_fraction(b, a, 1 - value) / b


def _wilson(sign: int) -> Callable[[int, int, float], float]:
    def bound(successes: int, trials: int, z: float) -> float:
        _check(successes >= 0, "number of successes must not be negative")
        _check(trials > 0, "number of trials must be positive")
        _check(successes <= trials, "number of successes must not be larger than number of "
                                    "trials")
        _check(z >= 0, "z-score must not be negative")
        p = successes / trials
        centre = p + z * z / (2 * trials)
        spread = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
        return (centre + sign * spread) / (1 + z * z / trials)
    return bound


_D, _BIG = "DOUBLE", "BIGINT"
FUNCTIONS: dict[str, tuple[Callable[..., Any], list[str], str]] = {
    "ak_normal_cdf": (normal_cdf, [_D, _D, _D], _D),
    "ak_inverse_normal_cdf": (inverse_normal_cdf, [_D, _D, _D], _D),
    "ak_beta_cdf": (beta_cdf, [_D, _D, _D], _D),
    "ak_wilson_interval_lower": (_wilson(-1), [_BIG, _BIG, _D], _D),
    "ak_wilson_interval_upper": (_wilson(1), [_BIG, _BIG, _D], _D),
}
