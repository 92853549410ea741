"""Exact percentiles of large groups of values without sorting them: the median and 90th percentile,
interpolated as DuckDB's quantile_cont and Spark's percentile are."""

from __future__ import annotations

import numpy as np

QUANTILES = (0.5, 0.9)


def quantiles(found: dict[int, list]) -> dict[int, list[float]]:
    """The median and 90th percentile of each group's values, interpolated as DuckDB's quantile_cont and
    Spark's percentile do: lo + (hi - lo) * (position - floor(position)) at position (n - 1) * q."""
    figures = {}
    for group, parts in found.items():
        size = sum(len(part) for part in parts)
        positions = [(size - 1) * q for q in QUANTILES]
        at = ranked(parts, size, sorted({r for p in positions for r in (int(p), min(int(p) + 1, size - 1))}))
        figures[group] = [interpolate(at, p, size) for p in positions]
    return figures


SAMPLE = 16384   # values looked at to narrow down where a rank lies, in a large group
MARGIN = 320     # places of the sample either side of the rank: five standard errors of a sample quantile


def ranked(parts: list[np.ndarray], size: int, ranks: list[int]) -> dict[int, float]:
    """The values at these ranks (0: the smallest) among the parts' values, exactly. In a large group each
    rank is sought among the values between two bounds read off an even sample (a band of about 4 % of
    them), which a few passes over all values find; where the band misses the rank (once in about two
    million), among all values."""
    found: dict[int, float] = {}
    if size > 4 * SAMPLE:
        step = size // SAMPLE
        sample = np.sort(np.concatenate([part[::step] for part in parts]))
        last = len(sample) - 1
        bands: dict[tuple, list[int]] = {}
        for rank in ranks:
            place = int(rank * last / (size - 1))
            bands.setdefault((max(0, place - MARGIN), min(last, place + 1 + MARGIN)), []).append(rank)
        for (low_place, high_place), wanted in bands.items():
            low, high = sample[low_place], sample[high_place]
            below = sum(int(np.count_nonzero(part < low)) for part in parts)
            inside = [rank for rank in wanted if rank >= below]
            if low == high:   # one value fills the band
                count = sum(int(np.count_nonzero(part == low)) for part in parts)
                found.update((rank, float(low)) for rank in inside if rank < below + count)
                continue
            band = np.concatenate([part[(part >= low) & (part <= high)] for part in parts])
            inside = [rank for rank in inside if rank < below + len(band)]
            if inside:
                band = np.partition(band, [rank - below for rank in inside])
                found.update((rank, float(band[rank - below])) for rank in inside)
    missing = [rank for rank in ranks if rank not in found]
    if missing:
        ordered = np.partition(np.concatenate(parts), missing)
        found.update((rank, float(ordered[rank])) for rank in missing)
    return found


def interpolate(at: dict[int, float], position: float, size: int) -> float:
    low = int(position)
    high = min(low + 1, size - 1)
    if low == position or low == high:
        return at[low]
    return at[low] + (at[high] - at[low]) * (position - low)
