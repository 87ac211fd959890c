"""Median and percentiles of measured times."""

from __future__ import annotations

import math
import statistics

MIN_P95 = 20  # fewer values than this give no p95 (two phrases would give their smaller time)


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], p: float) -> float:
    """Linear interpolation between the closest ranks (p in 0..1)."""
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def p95(values: list[float]) -> float | None:
    """The nearest-rank 95th percentile; None for fewer than MIN_P95 values."""
    if len(values) < MIN_P95:
        return None
    return sorted(values)[math.ceil(0.95 * len(values)) - 1]
