#!/usr/bin/env python3
"""journeymap lsp latency with the real server process and a real client over stdio (medians).

    benchmarks/lsp_bench.py [--runs 15] [--touchpoints 300]

- change -> diagnostics: a didChange of a generated map (tests/support/generate.py); time until the server's
  publishDiagnostics for it arrives. Target <= 300 ms. The server checks at once and shows the findings once
  the text has rested 150 ms (the debounce), so the floor is the longer of the two.
- completion: a completion request after `{to: ` (every touchpoint id); time until the answer. Target <= 100 ms.
Each is printed with its floor: the same validate run in-process (validate_file on the same text), which the
server cannot beat.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from lsprotocol import types  # noqa: E402

from support.generate import generate_map  # noqa: E402
from support.lsp import CONFIG, change_file, initialize, open_file, published  # noqa: E402

from journeymap.lsp.server import DEBOUNCE_SECONDS  # noqa: E402
from journeymap.rules.pipeline import validate_file  # noqa: E402


def validate_floor(path: Path, text: str, runs: int) -> float:
    """Median seconds of the validate pipeline on the same text, in this process (warm)."""
    validate_file(path, str(path), content=text.encode())
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        validate_file(path, str(path), content=text.encode())
        times.append(time.perf_counter() - started)
    return statistics.median(times)


async def server_times(path: Path, text: str, runs: int) -> tuple[list[float], list[float], int]:
    """(change -> diagnostics seconds, completion seconds, items completed) over runs."""
    client = await CONFIG.start()
    try:
        await initialize(client, path.parent)
        since = len(client.published)
        uri = open_file(client, path, text)
        await published(client, uri, since, timeout=60)
        changes, completions, items = [], [], 0
        where = text.index("{to: t151") + len("{to: ")
        cursor = types.Position(text.count("\n", 0, where), where - text.rfind("\n", 0, where) - 1)
        for run in range(runs + 2):  # two to warm up
            edited = text.replace('name: "Touchpoint 150"', f'name: "Touchpoint 150, edit {run}"')
            since = len(client.published)
            started = time.perf_counter()
            change_file(client, uri, edited, version=run + 2)
            await published(client, uri, since, timeout=60)
            arrived = next(stamp for stamp, params in client.published[since:] if params.uri == uri)
            started_completion = time.perf_counter()
            result = await client.text_document_completion_async(types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=cursor))
            done = time.perf_counter()
            if run >= 2:
                changes.append(arrived - started)
                completions.append(done - started_completion)
            items = len(result.items)
            await asyncio.sleep(0.2)
        await client.shutdown_session()
        return changes, completions, items
    finally:
        await client.stop()


def run(runs: int = 15, touchpoints: int = 300) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"g{touchpoints}.journey.yaml"
        text = generate_map(touchpoints)
        path.write_text(text, encoding="utf-8")
        changes, completions, items = asyncio.run(server_times(path, text, runs))
        floor = validate_floor(path, text, runs)
    change, completion = statistics.median(changes), statistics.median(completions)
    debounce = DEBOUNCE_SECONDS
    return [
        f"lsp change -> diagnostics, {touchpoints} touchpoints      {change * 1000:>6.0f} ms  (target <= 300 ms: "
        f"{'met' if change <= 0.3 else 'NOT met'})   floor: validate in-process {floor * 1000:.0f} ms, "
        f"shown after {debounce * 1000:.0f} ms of rest: {max(floor, debounce) * 1000:.0f} ms",
        f"lsp completion after '{{to: ', {items} ids             {completion * 1000:>6.0f} ms  (target <= 100 ms: "
        f"{'met' if completion <= 0.1 else 'NOT met'})   floor: validate in-process {floor * 1000:.0f} ms "
        "(completion does not wait for it)",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--touchpoints", type=int, default=300)
    args = parser.parse_args()
    for line in run(args.runs, args.touchpoints):
        print(line, flush=True)


if __name__ == "__main__":
    main()
