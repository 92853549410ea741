"""A FIFO, socket or device named as a map, include, data file or import input: a clear error at once, never a hang.

Each command runs as a real process with a timeout: opening a named pipe for reading waits
for a writer, so the code before this fix hung here until the timeout.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from journeymap.source.regular import NotRegularFile, read_regular
from support.maps import MINIMAL_MAP, map_with

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
DATA_LINE = 14  # map_with(data=[...]) puts the one data entry on this line


def journeymap(cwd: Path, *args: str) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "journeymap", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=20, env={**os.environ, "JOURNEYMAP_TODAY": "2026-12-01"})
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    return done, time.monotonic() - started


@pytest.mark.parametrize("command", [["validate"], ["analyze"], ["render", "-f", "json", "-o", "out"], ["observe"]])
def test_a_map_that_is_a_fifo_is_refused_at_once(project, command):
    os.mkfifo(project / "pipe.journey.yaml")
    done, seconds = journeymap(project, *command, "pipe.journey.yaml")
    assert seconds < 5 and done.returncode == 2, (seconds, done.stderr)
    assert "'pipe.journey.yaml': a named pipe (FIFO), not a regular file" in done.stderr


def test_a_fifo_in_a_folder_of_maps_is_passed_over(project):
    (project / "maps").mkdir()
    (project / "maps" / "real.journey.yaml").write_text(MINIMAL_MAP, encoding="utf-8")
    os.mkfifo(project / "maps" / "pipe.journey.yaml")
    done, seconds = journeymap(project, "validate", "maps")
    assert seconds < 5 and done.returncode == 0 and "1 map checked" in done.stdout + done.stderr


def test_an_include_that_is_a_fifo_is_an_include_error_that_says_so(project):
    os.mkfifo(project / "people.yaml")
    (project / "m.journey.yaml").write_text(map_with(include="[people.yaml]"), encoding="utf-8")
    done, seconds = journeymap(project, "validate", "m.journey.yaml")
    assert seconds < 5 and done.returncode == 1
    assert done.stdout.splitlines() == ["m.journey.yaml:3:11: error: cannot include 'people.yaml': it is a named pipe "
                                        "(FIFO), not a regular file [include-error]"]


@pytest.mark.parametrize("entry", ["{file: nps.csv, kind: nps}",
                                   "{file: log.csv, kind: events, case_column: c, activity_column: a, time_column: t}"])
def test_a_data_file_that_is_a_fifo_is_a_data_error(project, entry):
    name = entry.split(",")[0].split()[-1]
    os.mkfifo(project / name)
    (project / "m.journey.yaml").write_text(map_with(data=[entry]), encoding="utf-8")
    done, seconds = journeymap(project, "validate", "m.journey.yaml")
    assert seconds < 5 and done.returncode == 1
    noun = "data file" if "nps" in name else "event log"
    assert done.stdout.splitlines() == [f"m.journey.yaml:{DATA_LINE}:12: error: {noun} '{name}' is a named pipe "
                                        "(FIFO), not a regular file [data-error]"]


def test_an_import_input_that_is_a_fifo_is_refused(project):
    os.mkfifo(project / "journeys.md")
    done, seconds = journeymap(project, "import", "mermaid", "journeys.md")
    assert seconds < 5 and done.returncode == 2
    assert "'journeys.md': a named pipe (FIFO), not a regular file" in done.stderr


def test_read_regular_refuses_pipes_sockets_and_devices_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "sock"))
        for path, kind in ((tmp_path / "pipe", "a named pipe (FIFO)"), (tmp_path / "sock", "a socket"),
                           (Path("/dev/zero"), "a character device")):
            with pytest.raises(NotRegularFile) as refused:
                read_regular(path)
            assert refused.value.kind == kind and f"{kind}, not a regular file" in str(refused.value)
    (tmp_path / "map.yaml").write_bytes(b"journeymap: 1\n")
    assert read_regular(tmp_path / "map.yaml") == b"journeymap: 1\n"
    assert read_regular(tmp_path / "map.yaml", 4) == b"jour"
