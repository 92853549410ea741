"""kill -9 during a batch render, and two renders into one folder: only complete files remain.

CI runs a few rounds; `benchmarks/crash_safety` runs 50 and more.
"""

import os

import pytest

from support.crashsafety import concurrent_runs, crash_runs

pytestmark = pytest.mark.graphviz
RUNS = int(os.environ.get("JOURNEYMAP_CRASH_RUNS", "6"))


def test_kill_9_leaves_only_complete_files(tmp_path):
    assert crash_runs(tmp_path, RUNS) == []


def test_two_renders_into_one_folder_do_not_corrupt_each_other(tmp_path):
    assert concurrent_runs(tmp_path, 2) == []
