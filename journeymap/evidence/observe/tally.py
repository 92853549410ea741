"""The figures of a log's cases, added up chunk by chunk (walk.py): per touchpoint, per pair, per
outcome and per variant, overall or per persona, as the rows of sql.py's queries."""

from __future__ import annotations

import heapq
from itertools import repeat
from dataclasses import dataclass, field

import numpy as np

from journeymap.evidence.observe.design import Design
from journeymap.evidence.observe.quantiles import quantiles
from journeymap.evidence.observe.visits import Cases, DesignArrays, Visits


@dataclass
class Tally:
    """The figures of the chunks so far, overall (personas None) or per persona."""

    design: Design
    arrays: DesignArrays          # the design as lookup arrays (one for the whole walk)
    personas: tuple[str, ...] | None
    counts: dict[str, np.ndarray] = field(default_factory=dict)
    to_next: dict[int, list] = field(default_factory=dict)      # seconds to the next visit, by group
    seconds: dict[int, list] = field(default_factory=dict)      # seconds of the cases, by group
    paths: dict = field(default_factory=dict)     # persona number (None: overall) -> {path as bytes: cases}

    def merge(self, other: Tally) -> None:
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

    def add(self, visits: Visits, cases: Cases) -> None:
        tps = len(self.design.touchpoints)
        personas = self.personas
        # Per touchpoint (overall, or per persona of the visit).
        code, groups = grouped(visits.touchpoint, visits.persona, tps, personas)
        keep = code >= 0
        self._add("visits", np.bincount(code[keep], minlength=groups))
        self._add("starts", np.bincount(code[keep & visits.first], minlength=groups))
        self._add("dropoffs", np.bincount(code[keep & ~visits.has_next], minlength=groups))
        # A case of one or two visits has no touchpoint twice: only longer ones need a distinct count.
        self._add("reach", distinct_cases(code, cases.of_visit, cases.length[cases.of_visit] <= 2, groups))
        moving = keep & visits.has_next
        to_next = np.empty(len(visits.ts))
        np.subtract(visits.ts[1:], visits.ts[:-1], out=to_next[:-1])
        collect(self.to_next, code[moving], groups, to_next[moving])
        # Per directly-follows pair (overall, or per persona of its first visit).
        moving = visits.has_next
        code, pair_groups = grouped(cases.pair[moving], None if personas is None else visits.persona[moving], tps * tps, personas)
        of_case = cases.of_visit[moving]
        self._add("transitions", np.bincount(code[code >= 0], minlength=pair_groups))
        # A case of two transitions or fewer takes no pair twice.
        self._add("pair_cases", distinct_cases(code, of_case, cases.length[of_case] <= 3, pair_groups))
        # Per reached / not reached (overall, or per persona of the case's first visit).
        code, outcome_groups = grouped(cases.reached.astype(np.int64), cases.persona, 2, personas)
        keep = code >= 0
        self._add("cases", np.bincount(code[keep], minlength=outcome_groups))
        self._add("conforming", np.bincount(code[keep & ~cases.deviates], minlength=outcome_groups))
        collect(self.seconds, code[keep], outcome_groups, cases.seconds[keep])
        self._add_paths(visits, cases)

    def add_short(self, visits: Visits, start: np.ndarray, two: np.ndarray) -> None:
        """Cases of one or two visits (start: their first visits; two: whether they have a second): their
        paths counted, and the times that the paths do not tell."""
        tps = len(self.design.touchpoints)
        square = (tps + 1) ** 2
        first = visits.touchpoint[start]
        following = np.minimum(start + 1, max(len(visits.touchpoint) - 1, 0))
        path = (first + 1) * (tps + 1) + np.where(two, visits.touchpoint[following] + 1, 0)
        persona = None if self.personas is None else visits.persona[start]
        code, groups = grouped(path, persona, square, self.personas)
        keep = code >= 0
        self._add("short_paths", np.bincount(code[keep], minlength=groups))
        moving = keep & two
        to_next = visits.ts[following[moving]] - visits.ts[start[moving]]
        collect(self.to_next, *grouped(first[moving], None if persona is None else persona[moving], tps, self.personas),
                values=to_next)
        last = np.where(two, following, start)
        reached = self.arrays.short_reached[path]
        code, groups = grouped(reached.astype(np.int64), persona, 2, self.personas)
        collect(self.seconds, code[keep], groups, (visits.last_ts[last] - visits.ts[start])[keep])

    def _add_paths(self, visits: Visits, cases: Cases) -> None:
        """Cases per variant, one by one by their path's bytes (the longer cases)."""
        steps = visits.touchpoint.astype(STEP).tobytes()
        starts, ends = (2 * cases.start).tolist(), (2 * (cases.start + cases.length)).tolist()
        numbers = repeat(None) if self.personas is None else cases.persona.tolist()
        for number, first, end in zip(numbers, starts, ends):
            if number is None or number >= 0:   # a case without a persona counts overall only
                paths = self.paths.setdefault(number, {})
                key = steps[first:end]
                paths[key] = paths.get(key, 0) + 1

    def rows(self, top: int, unvisited: int, prefix: str) -> dict[str, list[dict]]:
        tps = len(self.design.touchpoints)
        personas = self.personas
        counts = self._with_short_cases()
        persona = lambda number: None if personas is None else personas[number]
        to_next, seconds = quantiles(self.to_next), quantiles(self.seconds)
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
        arrays = self.arrays
        # taken[group, first, second + 1]: cases of the group whose path is first (-> second)
        taken = counts["short_paths"].reshape(groups, tps + 1, tps + 1)[:, 1:, :]
        starting = taken.sum(axis=2)
        second = taken[:, :, 1:].sum(axis=1)
        for name, added in (("visits", starting + second), ("starts", starting), ("reach", starting + second),
                            ("dropoffs", taken[:, :, 0] + second)):
            counts[name] += added.reshape(-1)
        for name in ("transitions", "pair_cases"):
            counts[name] += taken[:, :, 1:].reshape(-1)
        reached = arrays.short_reached.reshape(tps + 1, tps + 1)[1:, :]
        conforms = arrays.short_conforms.reshape(tps + 1, tps + 1)[1:, :]
        for outcome, where in ((0, ~reached), (1, reached)):
            counts["cases"][outcome::2] += (taken * where).sum(axis=(1, 2))
            counts["conforming"][outcome::2] += (taken * (where & conforms)).sum(axis=(1, 2))
        return counts

    def _variants(self, top: int, short_paths: np.ndarray) -> list[dict]:
        """The `top` most frequent variants (by cases, then path) per group (overall, or each persona)."""
        base = len(self.design.touchpoints) + 1
        found = {number: dict(paths) for number, paths in self.paths.items()}   # rows() may be asked again
        for code in np.flatnonzero(short_paths).tolist():
            number, value = divmod(code, base * base)
            first, second = divmod(value, base)
            path = [first - 1] + ([second - 1] if second else [])
            paths = found.setdefault(None if self.personas is None else number, {})
            key = np.array(path, dtype=STEP).tobytes()
            paths[key] = paths.get(key, 0) + int(short_paths[code])
        rows = []
        for number in sorted(found, key=lambda n: -1 if n is None else n):
            for key, taken in top_paths(found[number], top):
                rows.append({"segment": None if number is None else self.personas[number],
                             "path": np.frombuffer(key, dtype=STEP).tolist(), "cases": taken})
        return rows


def top_paths(counts: dict[bytes, int], top: int) -> list[tuple[bytes, int]]:
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
STEP = np.dtype(">u2")


def grouped(values: np.ndarray, persona, size: int, personas) -> tuple[np.ndarray, int]:
    """Group numbers: the values themselves (overall), or persona * size + value (per persona; -1 where the
    item has no persona, left out). Returns (codes, number of groups)."""
    if personas is None:
        return values.astype(np.int64, copy=False), size
    codes = persona.astype(np.int64) * size + values
    codes[persona < 0] = -1
    return codes, size * len(personas)


BIT_GROUPS = 256   # up to this many groups, distinct cases are counted as bits per case; past it, by sorting


def distinct_cases(code: np.ndarray, of_case: np.ndarray, distinct: np.ndarray, groups: int) -> np.ndarray:
    """Per group, how many cases have at least one item in it. Items are in case order; `distinct` marks
    the items whose case has each group at most once (counted as they are); code -1: no group."""
    keep = code >= 0
    counts = np.bincount(code[keep & distinct], minlength=groups)
    rest = keep & ~distinct
    if not rest.any():
        return counts
    code, of_case = code[rest], of_case[rest]
    present = np.flatnonzero(np.bincount(code, minlength=groups))
    if len(present) > BIT_GROUPS:
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


def collect(found: dict[int, list], code: np.ndarray, groups: int, values: np.ndarray) -> None:
    """Append the values of each group to found[group]."""
    if not len(code):
        return
    order = np.argsort(code.astype(np.uint16) if groups <= 1 << 16 else code, kind="stable")  # radix sort
    ordered = values[order]
    sizes = np.bincount(code, minlength=groups)
    ends = np.cumsum(sizes)
    for group in np.flatnonzero(sizes).tolist():
        found.setdefault(group, []).append(ordered[ends[group] - sizes[group]:ends[group]])
