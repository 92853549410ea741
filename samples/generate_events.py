"""Generate seeded, reproducible event logs (Parquet) for two sample journey maps.

Run from the repository root:

    python samples/generate_events.py [--seed 20261202] [--cases 7000]

For each map in MAPS the script reads the YAML with PyYAML (no journeymap import), finds the
`data:` entry with `kind: events` and writes the file it names (relative to the map, e.g.
samples/online-shop/events/shop-events.parquet) with the columns it names: case (session_id),
activity (event), time (ts, TIMESTAMP in UTC) and segment (customer_type).

One case is one session of one customer:

- a persona is drawn by its `share` (uniformly when no persona has one; personas without a
  share get an equal part of what the others leave) and written as the segment value that
  `segments` maps to it;
- the case starts at an entry touchpoint: one of the first phase that no non-loop `next`
  points to, chosen uniformly among those the persona may visit;
- at each touchpoint it emits one of the touchpoint's `events` (both, in order, with
  probability BOTH_EVENTS_RATE when there are two), then follows a `next` edge with
  probability = the edge's `share`; edges without a share split what the shared edges leave,
  and whatever is left after that is drop-off. A `loop: true` edge is followed at most once
  per case (once taken, its part is drop-off);
- a case only ever visits touchpoints its persona may visit (no `personas` list, or one that
  names the persona). At each step only the edges to such touchpoints count, and their
  probabilities are spread over the part the edges had together:
  p_i / sum(allowed p) * sum(all p), at most 1 in all, the rest is drop-off. So no case lands
  on, or passes through, a touchpoint it may not visit, and every step it takes is a `next`
  of the map (apart from the out-of-map noise below); with no allowed edge, the case ends;
- a case stops after MAX_EVENTS events.

Times: every event of a case falls between 2026-09-01 and 2026-11-30 (UTC; sessions start
more often in the daytime than at night); seconds to minutes pass between events, hours to
days when a step enters one of SLOW_PHASES (delivery, after purchase, repair, follow-up).

Noise, on purpose, so the logs look like real tracking data:

- repeated event      5 % of mapped events are sent twice in a row (a double click, a retry);
- out-of-map step     3 % of steps jump to a touchpoint the current one has no edge to;
- abandoned session   5 % of cases end after their first touchpoint;
- clock skew          1 % of events (not a case's first) are stamped 1-3 s before the event
                      written just before them; rows stay in the order they were generated;
- unmapped events     3 % of mapped events are preceded by an event no touchpoint claims
                      (page_view, cookie_banner_accepted, heartbeat), about 3 % of all rows;
- ties                1 % of events (not a case's first) carry the same timestamp as the
                      event before them.

The output is deterministic: one random.Random per map, seeded from --seed and the map's
path, no wall-clock time, and DuckDB with one thread, so the same seed gives byte-identical
files. Files are written to a temporary name in the target folder and renamed into place.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

HERE = Path(__file__).resolve().parent
MAPS = (
    "online-shop/first-purchase.journey.yaml",
    "telecom-support/service.journey.yaml",
)
DEFAULT_SEED = 20261202
DEFAULT_CASES = 7000
MAX_EVENTS = 40

BOTH_EVENTS_RATE = 0.6
REPEAT_RATE = 0.05
OUT_OF_MAP_RATE = 0.03
ABANDON_RATE = 0.05
SKEW_RATE = 0.01
UNMAPPED_RATE = 0.03
TIE_RATE = 0.01
UNMAPPED_EVENTS = ("page_view", "cookie_banner_accepted", "heartbeat")

FIRST_DAY = dt.datetime(2026, 9, 1)
DAYS = 91  # 2026-09-01 .. 2026-11-30
# Relative weight of a session starting in each hour of the day (UTC).
HOUR_WEIGHTS = (1, 1, 1, 1, 1, 2, 4, 7, 8, 8, 8, 8, 9, 9, 8, 8, 8, 9, 10, 11, 11, 9, 6, 3)

MINUTE, HOUR, DAY = 60, 3600, 86400
GAP_WITHIN_TOUCHPOINT = (3, 90)  # seconds between the two events of one touchpoint
GAP_STEP = (10, 10 * MINUTE)  # seconds between touchpoints
GAP_REPEAT = (1, 8)  # seconds before a repeated event
GAP_UNMAPPED = (1, 20)  # seconds from an unmapped event to the next event
# Entering a touchpoint of one of these phases takes hours to days.
SLOW_PHASES = {
    "delivery": (2 * HOUR, 3 * DAY),
    "after-purchase": (1 * DAY, 16 * DAY),
    "repair": (1 * HOUR, 2 * DAY),
    "follow-up": (2 * HOUR, 3 * DAY),
}


@dataclass(frozen=True)
class Edge:
    to: str
    probability: float
    loop: bool


@dataclass(frozen=True)
class Touchpoint:
    id: str
    phase: str
    events: tuple[str, ...]
    personas: frozenset[str] | None  # None: every persona
    edges: tuple[Edge, ...]

    def admits(self, persona: str) -> bool:
        return self.personas is None or persona in self.personas


@dataclass(frozen=True)
class Journey:
    path: Path  # the map file
    personas: tuple[str, ...]
    persona_weights: tuple[float, ...]
    touchpoints: dict[str, Touchpoint]
    entries: tuple[str, ...]
    source: dict  # the `kind: events` data entry
    segment_of: dict[str, str]  # persona id -> segment value

    @property
    def output(self) -> Path:
        return self.path.parent / self.source["file"]


# ------------------------------------------------------------------ reading a map

def as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def shares_to_probabilities(shares: list[float | None]) -> list[float]:
    """Given shares stay (scaled down if they add up to more than 1); missing ones split the rest."""
    given = sum(s for s in shares if s is not None)
    scale = 1 / given if given > 1 else 1.0
    missing = sum(1 for s in shares if s is None)
    rest = max(0.0, 1 - given * scale)
    return [s * scale if s is not None else rest / missing for s in shares]


def read_edges(raw_next) -> tuple[Edge, ...]:
    items = [{"to": item} if isinstance(item, str) else item for item in as_list(raw_next)]
    probabilities = shares_to_probabilities([item.get("share") for item in items])
    return tuple(Edge(str(item["to"]), p, bool(item.get("loop", False))) for item, p in zip(items, probabilities))


def read_touchpoint(raw: dict) -> Touchpoint:
    personas = raw.get("personas")
    return Touchpoint(
        id=str(raw["id"]),
        phase=str(raw.get("phase", "")),
        events=tuple(str(e) for e in as_list(raw.get("events"))),
        personas=frozenset(as_list(personas)) if personas else None,
        edges=read_edges(raw.get("next")),
    )


def entry_touchpoints(phases: list[dict], touchpoints: dict[str, Touchpoint]) -> tuple[str, ...]:
    """Touchpoints of the first phase that no non-loop edge points to."""
    targets = {e.to for tp in touchpoints.values() for e in tp.edges if not e.loop}
    first = str(phases[0]["id"]) if phases else None
    entries = tuple(t for t in touchpoints if touchpoints[t].phase == first and t not in targets)
    return entries or tuple(touchpoints)[:1]


def read_journey(path: Path) -> Journey:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    touchpoints = {tp.id: tp for tp in map(read_touchpoint, doc.get("touchpoints", []))}
    personas = [p for p in doc.get("personas", []) if isinstance(p, dict)]
    ids = tuple(str(p["id"]) for p in personas)
    shares = [p.get("share") for p in personas]
    weights = shares_to_probabilities(shares) if any(s is not None for s in shares) else [1.0] * len(ids)
    sources = [d for d in doc.get("data", []) if isinstance(d, dict) and d.get("kind") == "events"]
    if not sources:
        raise SystemExit(f"{path}: no `kind: events` entry in data:")
    source = sources[0]
    segment_of = {str(persona): str(value) for value, persona in (source.get("segments") or {}).items()}
    return Journey(path, ids, tuple(weights), touchpoints,
                   entry_touchpoints(doc.get("phases", []), touchpoints), source, segment_of)


# ------------------------------------------------------------------ walking a case

def draw_persona(rng: random.Random, journey: Journey) -> str:
    return rng.choices(journey.personas, weights=journey.persona_weights)[0]


def follow(rng: random.Random, journey: Journey, tp: Touchpoint, persona: str, used_loops: set) -> str | None:
    """The next touchpoint the persona visits after tp, or None for drop-off.

    Only edges to touchpoints the persona may visit (and loops not taken yet) are drawn; their
    probabilities are scaled up to the part all of them had together, so the persona's
    drop-off stays what the map designs and no other touchpoint is passed through."""
    options = [e for e in tp.edges if not (e.loop and (tp.id, e.to) in used_loops)]
    allowed = [e for e in options if e.to in journey.touchpoints and journey.touchpoints[e.to].admits(persona)]
    allowed_total = sum(e.probability for e in allowed)
    if allowed_total <= 0:
        return None
    scale = min(1.0, sum(e.probability for e in options)) / allowed_total
    r = rng.random()
    for edge in allowed:
        r -= edge.probability * scale
        if r < 0:
            if edge.loop:
                used_loops.add((tp.id, edge.to))
            return edge.to
    return None


def out_of_map_target(rng: random.Random, journey: Journey, tp: Touchpoint, persona: str) -> str | None:
    """A touchpoint the persona may visit that tp has no edge to."""
    linked = {e.to for e in tp.edges} | {tp.id}
    candidates = [t for t, other in journey.touchpoints.items() if t not in linked and other.admits(persona)]
    return rng.choice(candidates) if candidates else None


def walk(rng: random.Random, journey: Journey, persona: str) -> list[str]:
    """The touchpoints one case visits, in order."""
    entries = [t for t in journey.entries if journey.touchpoints[t].admits(persona)] or list(journey.entries)
    path = [rng.choice(entries)]
    if rng.random() < ABANDON_RATE:
        return path
    used_loops: set = set()
    while len(path) < MAX_EVENTS:
        current = journey.touchpoints[path[-1]]
        target = out_of_map_target(rng, journey, current, persona) if rng.random() < OUT_OF_MAP_RATE else None
        target = target or follow(rng, journey, current, persona, used_loops)
        if target is None:
            break
        path.append(target)
    return path


# ------------------------------------------------------------------ events and times

def log_uniform(rng: random.Random, low: int, high: int) -> int:
    """Whole seconds between low and high, spread evenly on a log scale (many short, few long)."""
    return round(low * (high / low) ** rng.random())


def case_start(rng: random.Random, first: int, last: int) -> int:
    """Seconds after FIRST_DAY at which a case starts whose events lie from first to last seconds
    after its start, so that all of them fall inside the DAYS window (redrawn until they do)."""
    while True:
        day = rng.randrange(DAYS)
        hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
        start = day * DAY + hour * HOUR + rng.randrange(HOUR)
        if start + first >= 0 and start + last < DAYS * DAY:
            return start


def step_gap(rng: random.Random, tp: Touchpoint) -> int:
    return log_uniform(rng, *SLOW_PHASES.get(tp.phase, GAP_STEP))


def touchpoint_events(rng: random.Random, tp: Touchpoint) -> list[str]:
    if len(tp.events) >= 2 and rng.random() < BOTH_EVENTS_RATE:
        return list(tp.events[:2])
    return [rng.choice(tp.events)] if tp.events else []


class CaseLog:
    """The rows of one case; stamps each event, adding ties and clock skew."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.rows: list[tuple[str, int]] = []  # (event, recorded seconds)

    def emit(self, event: str, clock: int) -> None:
        recorded = clock
        if self.rows:
            previous = self.rows[-1][1]
            r = self.rng.random()
            if r < SKEW_RATE:
                recorded = previous - self.rng.randint(1, 3)
            elif r < SKEW_RATE + TIE_RATE:
                recorded = previous
        if len(self.rows) < MAX_EVENTS:
            self.rows.append((event, recorded))


def case_events(rng: random.Random, journey: Journey, path: list[str]) -> list[tuple[str, int]]:
    """(event, seconds after FIRST_DAY) for one case, in the order they were generated."""
    log = CaseLog(rng)
    clock = 0
    for i, tp_id in enumerate(path):
        tp = journey.touchpoints[tp_id]
        if i:
            clock += step_gap(rng, tp)
        for j, event in enumerate(touchpoint_events(rng, tp)):
            if j:
                clock += log_uniform(rng, *GAP_WITHIN_TOUCHPOINT)
            if rng.random() < UNMAPPED_RATE:
                log.emit(rng.choice(UNMAPPED_EVENTS), clock)
                clock += log_uniform(rng, *GAP_UNMAPPED)
            log.emit(event, clock)
            if rng.random() < REPEAT_RATE:
                clock += log_uniform(rng, *GAP_REPEAT)
                log.emit(event, clock)
    times = [t for _, t in log.rows]
    if not times:  # only touchpoints without `events:` on the path
        return []
    start = case_start(rng, min(times), max(times))
    return [(event, start + t) for event, t in log.rows]


def generate(journey: Journey, seed: int, cases: int) -> list[tuple[str, str, dt.datetime, str]]:
    """All rows of one map's log: (session id, event, time, segment value)."""
    rng = random.Random(f"{seed}:{journey.path.relative_to(HERE).as_posix()}")
    prefix = Path(journey.source["file"]).stem.removesuffix("-events")
    rows = []
    for n in range(1, cases + 1):
        persona = draw_persona(rng, journey)
        segment = journey.segment_of.get(persona, persona)
        session = f"{prefix}-{n:05d}"
        for event, seconds in case_events(rng, journey, walk(rng, journey, persona)):
            rows.append((session, event, FIRST_DAY + dt.timedelta(seconds=seconds), segment))
    return rows


# ------------------------------------------------------------------ writing

def write_parquet(journey: Journey, rows: list[tuple]) -> Path:
    """Write rows to the map's events file (atomically), with the column names the map declares."""
    src = journey.source
    names = [src.get("case_column", "case_id"), src.get("activity_column", "event"),
             src.get("time_column", "timestamp"), src.get("segment_column") or "segment"]
    target = journey.output
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    quoted = ['"' + name.replace('"', '""') + '"' for name in names]
    types = ("VARCHAR", "VARCHAR", "TIMESTAMP", "VARCHAR")
    con = duckdb.connect()
    try:
        con.execute("SET threads=1")
        columns = ", ".join(f"{q} {t}" for q, t in zip(quoted, types))
        con.execute(f"CREATE TEMP TABLE log (row_no BIGINT, {columns})")
        # Five parallel lists, unnested side by side: one row per generated event.
        con.execute("INSERT INTO log SELECT unnest($1), unnest($2), unnest($3), unnest($4), unnest($5)",
                    [list(range(len(rows)))] + [[row[k] for row in rows] for k in range(4)])
        place = str(temporary).replace("'", "''")
        con.execute(f"COPY (SELECT {', '.join(quoted)} FROM log ORDER BY row_no) "
                    f"TO '{place}' (FORMAT parquet, COMPRESSION zstd)")
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        con.close()
    os.replace(temporary, target)
    return target


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--cases", type=positive, default=DEFAULT_CASES, help=f"cases per map (default {DEFAULT_CASES})")
    args = parser.parse_args(argv)
    for relative in MAPS:
        journey = read_journey(HERE / relative)
        rows = generate(journey, args.seed, args.cases)
        target = write_parquet(journey, rows)
        print(f"{relative}: {args.cases} cases, {len(rows)} events, "
              f"{target.stat().st_size:,} bytes -> {target.relative_to(HERE.parent).as_posix()}")


if __name__ == "__main__":
    main()
