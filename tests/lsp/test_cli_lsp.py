"""`journeymap lsp` on the command line: its help, one line saying how to install what it needs, and raw bytes on
its stdin."""

from __future__ import annotations

import subprocess
import sys

from support.lsp import INITIALIZE, SHUTDOWN_AND_EXIT, framed, replies, server_env


def test_without_the_lsp_extra_one_line_says_how_to_install_it(jm, monkeypatch):
    monkeypatch.setitem(sys.modules, "pygls", None)  # as if `pip install journeymap` left pygls out
    run = jm("lsp")
    assert (run.code, run.out, run.err) == (2, "", "Error: lsp needs pygls: pip install 'journeymap[lsp]'\n")


def test_the_help_names_the_editors_page(jm):
    run = jm("lsp", "--help")
    assert run.code == 0 and "docs/editors.md" in run.out and "--stdio" in run.out


def test_a_message_that_is_no_json_goes_to_the_log_and_the_next_request_is_answered():
    exchange = framed(INITIALIZE) + b"Content-Length: 5\r\n\r\n{{{{{" + framed(*SHUTDOWN_AND_EXIT)
    done = subprocess.run([sys.executable, "-m", "journeymap", "lsp"], input=exchange, capture_output=True,
                          env=server_env(), timeout=60)
    answers = replies(done.stdout)
    assert [answer["id"] for answer in answers if "id" in answer] == [1, 2]
    logged = [answer["params"] for answer in answers if answer.get("method") == "window/logMessage"]
    assert [(entry["type"], entry["message"].split(":")[0]) for entry in logged] == [(1, "journeymap lsp")]
    assert not [answer for answer in answers if answer.get("method") == "window/showMessage"]
