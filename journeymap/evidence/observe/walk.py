"""The ordered pass in NumPy: every figure of sql.py's queries from a log's events sorted by case and time.

DuckDB sorts on every core but walks sorted rows on one (its windows keep an ORDER BY's order only
without PARTITION BY, and then run serially), and each level of a partitioned window sorts again.
So the embedded engine lets DuckDB read, claim and sort, and the walk runs here as vectorised
passes (docs/performance.md). Spark runs sql.py's text on a cluster; the tests hold both engines
to the same figures on the same logs.

The input (visits.Sorted) holds the events that have a case id, sorted by case and time. The walk
takes them a chunk of whole cases at a time (visits.py makes the visits and cases of a chunk,
tally.py adds up their figures): the figures of distinct cases add up, and a chunk's arrays are
small enough to be reused rather than asked of the system again (fresh memory costs more than
the arithmetic on it). The output has the rows of sql.py's queries (touchpoints, pairs,
outcomes, variants, and their `segment_` kinds), so result.from_rows reads both engines alike.
Definitions: sql.py and docs/observe.md.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from journeymap.evidence.observe.design import Design
from journeymap.evidence.observe.tally import Tally
from journeymap.evidence.observe.visits import DesignArrays, Sorted, cases_of, visits_of

CHUNK = 1 << 19   # events per chunk, rounded up to a whole case
THREADS = 2   # the walk's share of the machine: DuckDB has finished sorting, and NumPy lets go of the GIL


def walk(events: Sorted, design: Design, personas: tuple[str, ...], top: int) -> dict[str, list[dict]]:
    """The rows of sql.py's queries but `events` (name -> list of dicts). personas: the persona ids by number.
    The chunks are shared out among THREADS threads, each with tallies of its own, added up at the end."""
    design_arrays = DesignArrays(design)
    chunks = list(_chunks(events.new_case))
    parts = [chunks[first::THREADS] for first in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        walked = list(pool.map(lambda part: _walk_chunks(events, part, design, design_arrays, personas), parts))
    (tallies, unvisited), others = walked[0], walked[1:]
    for more, more_unvisited in others:
        unvisited += more_unvisited
        for tally, other in zip(tallies, more):
            tally.merge(other)
    rows = tallies[0].rows(top, unvisited, "")
    if len(tallies) > 1:
        rows.update(tallies[1].rows(top, 0, "segment_"))
    return rows


def _walk_chunks(events: Sorted, chunks: list[tuple[int, int]], design: Design, design_arrays: DesignArrays,
                 personas: tuple[str, ...]) -> tuple[list[Tally], int]:
    """The tallies (overall, and per persona where the log has segments) of some chunks, and their cases
    without a visit."""
    tallies = [Tally(design, design_arrays, None)] + ([Tally(design, design_arrays, personas)]
                                                      if events.persona is not None else [])
    unvisited = 0
    for start, end in chunks:
        chunk = Sorted(events.new_case[start:end], events.touchpoint[start:end], events.ts[start:end],
                       None if events.persona is None else events.persona[start:end])
        mapped = chunk.touchpoint >= 0
        # A case's mapped events sort first, so its first mapped event is its first event.
        unvisited += int(np.count_nonzero(chunk.new_case)) - int(np.count_nonzero(chunk.new_case & mapped))
        visits = visits_of(chunk, mapped)
        # Cases of one or two visits (most, in many logs) are counted by their path alone: a number per
        # path and persona, from which every figure but the times follows (Tally.rows); a case whose two
        # visits have different personas goes the long way.
        start = np.flatnonzero(visits.first)
        length = np.diff(np.append(start, len(visits.first)))
        short = length <= 2
        if visits.persona is not None:
            two = np.flatnonzero(length == 2)
            short[two] = visits.persona[start[two]] == visits.persona[start[two] + 1]
        for tally in tallies:
            tally.add_short(visits, start[short], length[short] == 2)
        if short.all():
            continue
        if short.any():
            visits = visits.only(np.repeat(~short, length))
        cases = cases_of(visits, design_arrays)
        for tally in tallies:
            tally.add(visits, cases)
    return tallies, unvisited


def _chunks(new_case: np.ndarray):
    """(start, end) of consecutive slices of about CHUNK events, each ending where a case ends."""
    start, size = 0, len(new_case)
    while start < size:
        end = start + CHUNK
        while end < size:
            ahead = new_case[end:end + CHUNK]
            if ahead.any():
                end += int(np.argmax(ahead))
                break
            end += len(ahead)
        end = min(end, size)
        yield start, end
        start = end
