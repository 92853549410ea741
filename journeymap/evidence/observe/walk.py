"""The ordered pass in NumPy: every figure of sql.py's queries from a log's events sorted by case and time.

DuckDB sorts on every core but walks sorted rows on one (its windows keep an ORDER BY's order only
without PARTITION BY, and then run serially), and each level of a partitioned window sorts again.
So the embedded engine lets DuckDB read, claim and sort, and the walk runs here as vectorised
passes (docs/performance.md). Spark runs sql.py's text on a cluster; the tests hold both engines
to the same figures on the same logs.

The input (`Sorted`) holds the events that have a case id, within the log's window, ordered by
case, then mapped events before unmapped ones, then time, then file and row. The walk takes them
a chunk of whole cases at a time: the figures of distinct cases add up, and a chunk's arrays are
small enough to be reused rather than asked of the system again (fresh memory costs more than
the arithmetic on it). The output has the rows of sql.py's queries (touchpoints, pairs,
outcomes, variants, and their `segment_` kinds), so result.from_rows reads both engines alike.
Definitions: sql.py and docs/observe.md.
"""

from __future__ import annotations

import heapq
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from journeymap.evidence.observe.design import Design

QUANTILES = (0.5, 0.9)
CHUNK = 1 << 19   # events per chunk, rounded up to a whole case


@dataclass
class Sorted:
    """A log's events with a case id, sorted (module docstring): one array per column."""

    new_case: np.ndarray     # bool: the first event of its case
    touchpoint: np.ndarray   # int: the number of the touchpoint that claims it, -1 where none does
    ts: np.ndarray           # float64: epoch seconds
    persona: np.ndarray | None   # int: the persona number of its segment, -1 where none; None: no segments


THREADS = 2   # the walk's share of the machine: DuckDB has finished sorting, and NumPy lets go of the GIL


def walk(events: Sorted, design: Design, personas: tuple[str, ...], top: int) -> dict[str, list[dict]]:
    """The rows of sql.py's queries but `events` (name -> list of dicts). personas: the persona ids by number.
    The chunks are shared out among THREADS threads, each with tallies of its own, added up at the end."""
    design_arrays = _DesignArrays(design)
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


def _walk_chunks(events: Sorted, chunks: list[tuple[int, int]], design: Design, design_arrays: _DesignArrays,
                 personas: tuple[str, ...]) -> tuple[list[_Tally], int]:
    """The tallies (overall, and per persona where the log has segments) of some chunks, and their cases
    without a visit."""
    tallies = [_Tally(design, None)] + ([_Tally(design, personas)] if events.persona is not None else [])
    unvisited = 0
    for start, end in chunks:
        chunk = Sorted(events.new_case[start:end], events.touchpoint[start:end], events.ts[start:end],
                       None if events.persona is None else events.persona[start:end])
        mapped = chunk.touchpoint >= 0
        # A case's mapped events sort first, so its first mapped event is its first event.
        unvisited += int(np.count_nonzero(chunk.new_case)) - int(np.count_nonzero(chunk.new_case & mapped))
        visits = _visits(chunk, mapped)
        # Cases of one or two visits (most, in many logs) are counted by their path alone: a number per
        # path and persona, from which every figure but the times follows (_Tally.rows); a case whose two
        # visits have different personas goes the long way.
        start = np.flatnonzero(visits.first)
        length = np.diff(np.append(start, len(visits.first)))
        short = length <= 2
        if visits.persona is not None:
            two = np.flatnonzero(length == 2)
            short[two] = visits.persona[start[two]] == visits.persona[start[two] + 1]
        for tally in tallies:
            tally.add_short(visits, start[short], length[short] == 2, design_arrays)
        if short.all():
            continue
        if short.any():
            visits = visits.only(np.repeat(~short, length))
        cases = _cases(visits, design_arrays)
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


class _DesignArrays:
    """The design as lookup arrays on touchpoint numbers, and on the paths of one or two visits (as
    _Tally.add_short numbers them: (first + 1) * (touchpoints + 1) + (second + 1), 0 for no second)."""

    def __init__(self, design: Design):
        tps = self.tps = len(design.touchpoints)
        self.is_end = np.zeros(tps, dtype=bool)
        self.is_end[list(design.ends)] = True
        self.is_entry = np.zeros(tps, dtype=bool)
        self.is_entry[list(design.entries)] = True
        self.designed = np.zeros(tps * tps, dtype=bool)
        self.designed[[source * tps + target for source, target in design.flows]] = True
        first = np.repeat(np.arange(-1, tps), tps + 1)
        second = np.tile(np.arange(-1, tps), tps + 1)
        real = first >= 0
        two = real & (second >= 0)
        end = np.append(self.is_end, False)   # [-1]: no visit
        self.short_reached = real & (end[first] | end[second])
        pair = np.where(two, first * tps + second, 0)
        self.short_conforms = real & np.append(self.is_entry, False)[first] & (~two | self.designed[pair])


@dataclass
class _Visits:
    """Runs of consecutive events of one touchpoint in a case, in order."""

    touchpoint: np.ndarray    # int
    ts: np.ndarray            # its first event's time
    last_ts: np.ndarray       # its last event's time
    persona: np.ndarray | None   # its first event's persona number
    first: np.ndarray         # bool: the case's first visit
    has_next: np.ndarray      # bool: the case goes on to another visit
    next_touchpoint: np.ndarray   # int, -1 where there is no next


    def only(self, keep: np.ndarray) -> _Visits:
        """The visits of some cases (keep: a mask that takes whole cases)."""
        return _Visits(self.touchpoint[keep], self.ts[keep], self.last_ts[keep],
                       None if self.persona is None else self.persona[keep], self.first[keep], self.has_next[keep],
                       self.next_touchpoint[keep])


def _visits(events: Sorted, mapped: np.ndarray) -> _Visits:
    touchpoint = events.touchpoint[mapped]
    new_case = events.new_case[mapped]
    start = new_case.copy()
    start[1:] |= touchpoint[1:] != touchpoint[:-1]
    at = np.flatnonzero(start)
    count = len(at)
    visit_tp = touchpoint[at].astype(np.int64)
    first = new_case[at]
    last = np.empty(count, dtype=at.dtype)
    last[:-1] = at[1:] - 1
    last[-1:] = len(touchpoint) - 1
    has_next = np.zeros(count, dtype=bool)
    has_next[:-1] = ~first[1:]
    following = np.full(count, -1, dtype=visit_tp.dtype)
    following[:-1] = np.where(has_next[:-1], visit_tp[1:], -1)
    ts = events.ts[mapped]
    persona = None if events.persona is None else events.persona[mapped][at]
    return _Visits(visit_tp, ts[at], ts[last], persona, first, has_next, following)


@dataclass
class _Cases:
    """The cases with a visit, in order, and where their visits are."""

    start: np.ndarray      # index of each case's first visit
    length: np.ndarray     # its number of visits
    of_visit: np.ndarray   # each visit's case (index into start)
    reached: np.ndarray    # bool: visits an end touchpoint
    deviates: np.ndarray   # bool: starts away from an entry, or takes a pair the map does not design
    seconds: np.ndarray    # from its first to its last mapped event
    persona: np.ndarray | None   # its first visit's persona number
    pair: np.ndarray       # each visit's touchpoint * touchpoints + its next one (meaningful where it has one)


def _cases(visits: _Visits, design: _DesignArrays) -> _Cases:
    count = len(visits.touchpoint)
    start = np.flatnonzero(visits.first)
    length = np.diff(np.append(start, count))
    of_visit = np.cumsum(visits.first, dtype=np.int64) - 1
    reached = np.zeros(len(start), dtype=bool)
    reached[of_visit[design.is_end[visits.touchpoint]]] = True
    pair = visits.touchpoint * design.tps + visits.next_touchpoint
    undesigned = visits.has_next & ~design.designed[np.where(visits.has_next, pair, 0)]
    deviates = ~design.is_entry[visits.touchpoint[start]]
    deviates[of_visit[undesigned]] = True
    last = np.empty_like(start)
    last[:-1] = start[1:] - 1
    last[-1:] = count - 1
    seconds = visits.last_ts[last] - visits.ts[start]
    persona = None if visits.persona is None else visits.persona[start]
    return _Cases(start, length, of_visit, reached, deviates, seconds, persona, pair)


@dataclass
class _Tally:
    """The figures of the chunks so far, overall (personas None) or per persona."""

    design: Design
    personas: tuple[str, ...] | None
    counts: dict[str, np.ndarray] = field(default_factory=dict)
    to_next: dict[int, list] = field(default_factory=dict)      # seconds to the next visit, by group
    seconds: dict[int, list] = field(default_factory=dict)      # seconds of the cases, by group
    paths: dict = field(default_factory=dict)     # persona number (None: overall) -> {path as bytes: cases}

    def merge(self, other: _Tally) -> None:
        """Add the figures of other chunks."""
        for name, values in other.counts.items():
            self._add(name, values)
        for mine, theirs in ((self.to_next, other.to_next), (self.seconds, other.seconds)):
            for group, parts in theirs.items():
                mine.setdefault(group, []).extend(parts)
        for number, paths in other.paths.items():
            into = self.paths.setdefault(number, {})
            for key, taken in paths.items():
                into[key] = into.get(key, 0) + taken

    def _add(self, name: str, values: np.ndarray) -> None:
        if name in self.counts:
            self.counts[name] += values
        else:
            self.counts[name] = values.astype(np.int64)

    def add(self, visits: _Visits, cases: _Cases) -> None:
        tps = len(self.design.touchpoints)
        personas = self.personas
        # Per touchpoint (overall, or per persona of the visit).
        code, groups = _grouped(visits.touchpoint, visits.persona, tps, personas)
        keep = code >= 0
        self._add("visits", np.bincount(code[keep], minlength=groups))
        self._add("starts", np.bincount(code[keep & visits.first], minlength=groups))
        self._add("dropoffs", np.bincount(code[keep & ~visits.has_next], minlength=groups))
        # A case of one or two visits has no touchpoint twice: only longer ones need a distinct count.
        self._add("reach", _distinct_cases(code, cases.of_visit, cases.length[cases.of_visit] <= 2, groups))
        moving = keep & visits.has_next
        to_next = np.empty(len(visits.ts))
        np.subtract(visits.ts[1:], visits.ts[:-1], out=to_next[:-1])
        _collect(self.to_next, code[moving], to_next[moving], groups)
        # Per directly-follows pair (overall, or per persona of its first visit).
        moving = visits.has_next
        code, pair_groups = _grouped(cases.pair[moving], None if personas is None else visits.persona[moving], tps * tps, personas)
        of_case = cases.of_visit[moving]
        self._add("transitions", np.bincount(code[code >= 0], minlength=pair_groups))
        # A case of two transitions or fewer takes no pair twice.
        self._add("pair_cases", _distinct_cases(code, of_case, cases.length[of_case] <= 3, pair_groups))
        # Per reached / not reached (overall, or per persona of the case's first visit).
        code, outcome_groups = _grouped(cases.reached.astype(np.int64), cases.persona, 2, personas)
        keep = code >= 0
        self._add("cases", np.bincount(code[keep], minlength=outcome_groups))
        self._add("conforming", np.bincount(code[keep & ~cases.deviates], minlength=outcome_groups))
        _collect(self.seconds, code[keep], cases.seconds[keep], outcome_groups)
        self._add_paths(visits, cases)

    def add_short(self, visits: _Visits, start: np.ndarray, two: np.ndarray, design: _DesignArrays) -> None:
        """Cases of one or two visits (start: their first visits; two: whether they have a second): their
        paths counted, and the times that the paths do not tell."""
        tps = len(self.design.touchpoints)
        square = (tps + 1) ** 2
        first = visits.touchpoint[start]
        following = np.minimum(start + 1, max(len(visits.touchpoint) - 1, 0))
        path = (first + 1) * (tps + 1) + np.where(two, visits.touchpoint[following] + 1, 0)
        persona = None if self.personas is None else visits.persona[start]
        code, groups = _grouped(path, persona, square, self.personas)
        keep = code >= 0
        self._add("short_paths", np.bincount(code[keep], minlength=groups))
        moving = keep & two
        to_next = visits.ts[following[moving]] - visits.ts[start[moving]]
        _collect(self.to_next, _grouped(first[moving], None if persona is None else persona[moving], tps,
                                        self.personas)[0], to_next, tps * (1 if persona is None else len(self.personas)))
        last = np.where(two, following, start)
        reached = design.short_reached[path]
        code, groups = _grouped(reached.astype(np.int64), persona, 2, self.personas)
        _collect(self.seconds, code[keep], (visits.last_ts[last] - visits.ts[start])[keep], groups)

    def _add_paths(self, visits: _Visits, cases: _Cases) -> None:
        """Cases per variant, one by one by their path's bytes (the longer cases)."""
        steps = visits.touchpoint.astype(_STEP).tobytes()
        starts, ends = (2 * cases.start).tolist(), (2 * (cases.start + cases.length)).tolist()
        if self.personas is None:
            paths = self.paths.setdefault(None, {})
            for first, end in zip(starts, ends):
                key = steps[first:end]
                paths[key] = paths.get(key, 0) + 1
            return
        for number, first, end in zip(cases.persona.tolist(), starts, ends):
            if number >= 0:
                paths = self.paths.setdefault(number, {})
                key = steps[first:end]
                paths[key] = paths.get(key, 0) + 1

    def rows(self, top: int, unvisited: int, prefix: str) -> dict[str, list[dict]]:
        tps = len(self.design.touchpoints)
        personas = self.personas
        counts = self._with_short_cases()
        persona = lambda number: None if personas is None else personas[number]
        to_next, seconds = _quantiles(self.to_next), _quantiles(self.seconds)
        touchpoints = [{"segment": persona(group // tps), "touchpoint": group % tps, "reach": int(counts["reach"][group]),
                        "visits": int(counts["visits"][group]), "starts": int(counts["starts"][group]),
                        "dropoffs": int(counts["dropoffs"][group]), "seconds_to_next": to_next.get(group)}
                       for group in np.flatnonzero(counts["visits"]).tolist()]
        square = tps * tps
        pairs = [{"segment": persona(group // square), "touchpoint": group % square // tps,
                  "next_touchpoint": group % tps, "transitions": int(counts["transitions"][group]),
                  "cases": int(counts["pair_cases"][group])}
                 for group in np.flatnonzero(counts["transitions"]).tolist()]
        outcomes = [{"segment": persona(group // 2), "reached": group % 2, "all_cases": int(counts["cases"][group]),
                     "cases": int(counts["cases"][group]), "conforming": int(counts["conforming"][group]),
                     "seconds": seconds.get(group)}
                    for group in np.flatnonzero(counts["cases"]).tolist()]
        if unvisited:
            outcomes.append({"segment": None, "reached": None, "all_cases": unvisited, "cases": 0, "conforming": 0,
                             "seconds": None})
        return {prefix + "touchpoints": touchpoints, prefix + "pairs": pairs, prefix + "outcomes": outcomes,
                prefix + "variants": self._variants(top, counts["short_paths"])}

    def _with_short_cases(self) -> dict[str, np.ndarray]:
        """The counts with those of the cases of one or two visits, from how many take each path."""
        tps = len(self.design.touchpoints)
        groups = 1 if self.personas is None else len(self.personas)
        counts = {name: self.counts.get(name, np.zeros(groups * size, dtype=np.int64)).copy()
                  for name, size in (("visits", tps), ("starts", tps), ("dropoffs", tps), ("reach", tps),
                                     ("transitions", tps * tps), ("pair_cases", tps * tps), ("cases", 2),
                                     ("conforming", 2), ("short_paths", (tps + 1) ** 2))}
        design = _DesignArrays(self.design)
        # taken[group, first, second + 1]: cases of the group whose path is first (-> second)
        taken = counts["short_paths"].reshape(groups, tps + 1, tps + 1)[:, 1:, :]
        starting = taken.sum(axis=2)
        second = taken[:, :, 1:].sum(axis=1)
        for name, added in (("visits", starting + second), ("starts", starting), ("reach", starting + second),
                            ("dropoffs", taken[:, :, 0] + second)):
            counts[name] += added.reshape(-1)
        for name in ("transitions", "pair_cases"):
            counts[name] += taken[:, :, 1:].reshape(-1)
        reached = design.short_reached.reshape(tps + 1, tps + 1)[1:, :]
        conforms = design.short_conforms.reshape(tps + 1, tps + 1)[1:, :]
        for outcome, where in ((0, ~reached), (1, reached)):
            counts["cases"][outcome::2] += (taken * where).sum(axis=(1, 2))
            counts["conforming"][outcome::2] += (taken * (where & conforms)).sum(axis=(1, 2))
        return counts

    def _variants(self, top: int, short_paths: np.ndarray) -> list[dict]:
        """The `top` most frequent variants (by cases, then path) per group (overall, or each persona)."""
        base = len(self.design.touchpoints) + 1
        found = self.paths
        for code in np.flatnonzero(short_paths).tolist():
            number, value = divmod(code, base * base)
            first, second = divmod(value, base)
            path = [first - 1] + ([second - 1] if second else [])
            paths = found.setdefault(None if self.personas is None else number, {})
            key = np.array(path, dtype=_STEP).tobytes()
            paths[key] = paths.get(key, 0) + int(short_paths[code])
        rows = []
        for number in sorted(found, key=lambda n: -1 if n is None else n):
            for key, taken in _top(found[number], top):
                rows.append({"segment": None if number is None else self.personas[number],
                             "path": np.frombuffer(key, dtype=_STEP).tolist(), "cases": taken})
        return rows


def _top(counts: dict[bytes, int], top: int) -> list[tuple[bytes, int]]:
    """The `top` most frequent paths, ties by path. Every path above the top's smallest count is in; of
    those with that count, the first by path (a log of long cases has as many variants as cases, most
    taken once)."""
    if len(counts) <= top:
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    taken = np.fromiter(counts.values(), dtype=np.int64, count=len(counts))
    least = int(np.partition(taken, len(taken) - top)[len(taken) - top])
    above = [(key, cases) for key, cases in counts.items() if cases > least]
    tied = heapq.nsmallest(top - len(above), (key for key, cases in counts.items() if cases == least))
    return sorted(above, key=lambda item: (-item[1], item[0])) + [(key, least) for key in tied]


# A path as bytes: touchpoint numbers as big-endian 16-bit words, so that bytes compare like the paths
# (a shorter path before its continuations). A map has fewer than 2^16 touchpoints (design.PLACE).
_STEP = np.dtype(">u2")


def _grouped(values: np.ndarray, persona, size: int, personas) -> tuple[np.ndarray, int]:
    """Group numbers: the values themselves (overall), or persona * size + value (per persona; -1 where the
    item has no persona, left out). Returns (codes, number of groups)."""
    if personas is None:
        return values.astype(np.int64, copy=False), size
    codes = persona.astype(np.int64) * size + values
    codes[persona < 0] = -1
    return codes, size * len(personas)


def _distinct_cases(code: np.ndarray, of_case: np.ndarray, distinct: np.ndarray, groups: int) -> np.ndarray:
    """Per group, how many cases have at least one item in it. Items are in case order; `distinct` marks
    the items whose case has each group at most once (counted as they are); code -1: no group."""
    keep = code >= 0
    counts = np.bincount(code[keep & distinct], minlength=groups)
    rest = keep & ~distinct
    if not rest.any():
        return counts
    code, of_case = code[rest], of_case[rest]
    present = np.flatnonzero(np.bincount(code, minlength=groups))
    if len(present) > 256:
        pairs = np.unique(of_case * groups + code)
        return counts + np.bincount(pairs % groups, minlength=groups)
    # Each case's groups as bits, a word of 64 groups at a time, OR-ed over the case's items.
    dense = np.zeros(groups, dtype=np.uint64)
    dense[present] = np.arange(len(present), dtype=np.uint64)
    place = dense[code]
    starts = np.flatnonzero(np.append(True, of_case[1:] != of_case[:-1]))
    one = np.uint64(1)
    bits = np.left_shift(one, place & np.uint64(63))
    words = place >> np.uint64(6)
    for word in range(0, len(present), 64):
        chosen = bits if len(present) <= 64 else np.where(words == word // 64, bits, np.uint64(0))
        held = np.bitwise_or.reduceat(chosen, starts)
        for bit, group in enumerate(present[word:word + 64].tolist()):
            counts[group] += int(np.count_nonzero(held & (one << np.uint64(bit))))
    return counts


def _collect(found: dict[int, list], code: np.ndarray, values: np.ndarray, groups: int) -> None:
    """Append the values of each group to found[group]."""
    if not len(code):
        return
    order = np.argsort(code.astype(np.uint16) if groups <= 1 << 16 else code, kind="stable")  # radix sort
    ordered = values[order]
    sizes = np.bincount(code, minlength=groups)
    ends = np.cumsum(sizes)
    for group in np.flatnonzero(sizes).tolist():
        found.setdefault(group, []).append(ordered[ends[group] - sizes[group]:ends[group]])


def _quantiles(found: dict[int, list]) -> dict[int, list[float]]:
    """The median and 90th percentile of each group's values, interpolated as DuckDB's quantile_cont and
    Spark's percentile do: lo + (hi - lo) * (position - floor(position)) at position (n - 1) * q."""
    quantiles = {}
    for group, parts in found.items():
        size = sum(len(part) for part in parts)
        positions = [(size - 1) * q for q in QUANTILES]
        at = _ranked(parts, size, sorted({r for p in positions for r in (int(p), min(int(p) + 1, size - 1))}))
        quantiles[group] = [_interpolate(at, p, size) for p in positions]
    return quantiles


SAMPLE = 16384   # values looked at to narrow down where a rank lies, in a large group
MARGIN = 320     # places of the sample either side of the rank: five standard errors of a sample quantile


def _ranked(parts: list[np.ndarray], size: int, ranks: list[int]) -> dict[int, float]:
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


def _interpolate(at: dict[int, float], position: float, size: int) -> float:
    low = int(position)
    high = min(low + 1, size - 1)
    if low == position or low == high:
        return at[low]
    return at[low] + (at[high] - at[low]) * (position - low)
