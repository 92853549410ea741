"""`observe --engine spark --spark-master spark://127.0.0.1:PORT` against a standalone cluster, as a new user would
set it up (docs/observe.md): a master and a worker started from the installed pyspark, on loopback. It gives the
same figures as DuckDB, and no warning about pandas."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from support.checkout_log import SHOP, deviating_log
from support.paths import ROOT
from support.spark import spark_ready  # noqa: F401  (a fixture)

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def cluster(spark_ready, tmp_path_factory):  # noqa: F811
    """A standalone master and one worker; stopped (by their process ids) when the module is done."""
    import pyspark

    home = Path(pyspark.__file__).parent
    env = {**os.environ, "SPARK_HOME": str(home), "SPARK_LOCAL_IP": "127.0.0.1", "PYSPARK_PYTHON": sys.executable,
           "SPARK_WORKER_DIR": str(tmp_path_factory.mktemp("spark-work"))}
    port, ui = free_port(), free_port()
    master = f"spark://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("spark-logs")
    started = [subprocess.Popen([str(home / "bin" / "spark-class"), "org.apache.spark.deploy.master.Master",
                                 "--host", "127.0.0.1", "--port", str(port), "--webui-port", str(ui)],
                                env=env, stdout=open(logs / "master.log", "wb"), stderr=subprocess.STDOUT)]
    try:
        wait_for(lambda: status(ui) is not None, "the master's status page", logs)
        started.append(subprocess.Popen(
            [str(home / "bin" / "spark-class"), "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
             "--cores", "2", "--memory", "1g", "--webui-port", str(free_port()), master],
            env=env, stdout=open(logs / "worker.log", "wb"), stderr=subprocess.STDOUT))
        wait_for(lambda: (status(ui) or {}).get("aliveworkers") == 1, "a worker to register", logs)
        yield master
    finally:
        for process in reversed(started):
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def status(ui_port: int) -> dict | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{ui_port}/json/", timeout=5) as page:
            return json.load(page)
    except OSError:
        return None


def wait_for(ready, what: str, logs: Path, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            tails = {p.name: p.read_text(errors="replace")[-2000:] for p in logs.iterdir()}
            pytest.fail(f"waited {seconds:.0f} s for {what}: {tails}")
        time.sleep(1)


def test_observe_against_a_standalone_cluster_matches_duckdb(cluster, tmp_path):
    (tmp_path / "log.csv").write_text(deviating_log(), encoding="utf-8")
    (tmp_path / "m.journey.yaml").write_text(SHOP + "rules: {conformance_target: 0.95}\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYSPARK_PYTHON": sys.executable, "SPARK_LOCAL_IP": "127.0.0.1"}
    command = [sys.executable, "-m", "journeymap", "observe", "m.journey.yaml", "--format", "json"]
    spark = subprocess.run(command + ["--engine", "spark", "--spark-master", cluster], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=900)
    duck = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert spark.returncode == duck.returncode == 0, spark.stderr[-3000:]
    assert spark.stdout == duck.stdout
    [log] = json.loads(spark.stdout)["maps"][0]["logs"]
    assert log["conformance"]["rate"] < 0.95 and log["variants"]
    assert "FutureWarning" not in spark.stderr and "pandas" not in spark.stderr
