"""Plant k ∈ {1..5} independent errors in each sample map (one per touchpoint, from a list of known
breakages): every planted error is reported at its line and column, and nothing else is an error.

CI runs a slice of seeds; `benchmarks/fuzz --long` runs thousands (tests/support/breakages.py has both's code).
"""

from __future__ import annotations

import os

import pytest

from support.breakages import check_planted, copy_samples, sample_maps

SEEDS = int(os.environ.get("JOURNEYMAP_PLANTED_SEEDS", "20"))


@pytest.fixture(scope="module")
def samples_copy(tmp_path_factory):
    return copy_samples(tmp_path_factory.mktemp("planted") / "samples")


@pytest.mark.parametrize("sample", sample_maps(), ids=lambda p: p.parent.name)
def test_every_planted_error_and_nothing_else(sample, samples_copy):
    failures = [failure for seed in range(SEEDS) if (failure := check_planted(samples_copy, sample, seed))]
    assert failures == []


def test_the_breakages_are_reported_by_many_rules(samples_copy):
    """The planted errors span schema, reference, duplicate and share rules (the check is not trivial)."""
    from support.breakages import planted_case

    rules = {rule for seed in range(SEEDS) for sample in sample_maps()
             for _, _, rule in planted_case(sample, 5, seed)[1]}
    assert rules == {"schema", "unknown-reference", "duplicate-id", "share-overflow"}
