"""A real `journeymap serve` process on a free port, for the serve tests and the benchmark."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from support.paths import SAMPLES

JOURNEYMAP = str(Path(sys.executable).parent / "journeymap")


class Server:
    def __init__(self, folder: Path, *args: str):
        env = {**os.environ, "JOURNEYMAP_TODAY": "2026-12-01", "PYTHONUNBUFFERED": "1"}
        self.folder = folder
        self.process = subprocess.Popen([JOURNEYMAP, "serve", str(folder), "--no-open", "--port", "0", *args],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        line = self.process.stdout.readline()
        found = re.search(r"(http://\S+)", line)
        if not found:
            self.process.kill()
            raise RuntimeError(f"serve did not start: {line!r} {self.process.stderr.read()}")
        self.url = found.group(1)
        self.base = re.sub(r"/(\?.*)?$", "", self.url)
        self.port = int(re.search(r":(\d+)/", self.url).group(1))
        self.token = (re.search(r"token=([\w-]+)", self.url) or [None, None])[1]

    def map_url(self, key: str) -> str:
        return f"{self.base}/map/{key}"

    def stop(self) -> int:
        """Ctrl-C, as a user stops it; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                return -1
        return self.process.returncode

    def log(self) -> str:
        """What the server wrote to stderr (warnings, tracebacks); read after stop(), as reading waits for the end."""
        assert self.process.poll() is not None, "stop() the server before reading its log"
        return self.process.stderr.read()


def copy_samples(tmp_path: Path) -> Path:
    folder = tmp_path / "maps"
    shutil.copytree(SAMPLES, folder)
    return folder


def wait_until(predicate, timeout: float = 10.0, step: float = 0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("condition not met in time")


def client(server: Server) -> httpx.Client:
    return httpx.Client(base_url=server.base, timeout=10)


def served_data(http: httpx.Client, key: str) -> dict:
    """The JSON a served page carries for its scripts (serve-data): csrf, version, the edit dialog's state."""
    import json
    page = http.get(f"/map/{key}").text
    found = re.search(r'<script type="application/json" id="serve-data">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


class Editor:
    """Edits sent to a running server as a page sends them (the CSRF token of the served pages)."""

    def __init__(self, http: httpx.Client, key: str):
        self.http = http
        self.csrf = served_data(http, key)["csrf"]

    def send(self, key: str, version: str, edit: dict, **fields) -> httpx.Response:
        return self.http.post("/api/edit", json={"map": key, "version": version, "edit": edit, **fields},
                              headers={"X-CSRF-Token": self.csrf})
