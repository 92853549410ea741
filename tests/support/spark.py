"""pyspark and Java for the Spark engine's tests: skipped locally without them, a failure in CI."""

from __future__ import annotations

import shutil

import pytest

from support.tools import IN_CI


@pytest.fixture(scope="module")
def spark_ready():
    """pyspark and Java: skipped locally without them, a failure in CI (scripts/install.sh installs both)."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        missing = "pyspark is not installed (pip install -e '.[spark,test]')"
    else:
        missing = None if shutil.which("java") else "Java is not installed (apt-get install default-jre-headless)"
    if missing:
        if IN_CI:
            pytest.fail(f"{missing}, but CI must run every test")
        pytest.skip(missing)
