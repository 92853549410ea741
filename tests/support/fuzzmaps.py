"""Hypothesis strategies for maps (valid, nearly valid, arbitrary YAML) and the pipeline they go through.

Shared by tests/reliability/test_fuzz_pipeline.py (CI-sized) and benchmarks/fuzz (long runs).
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from pathlib import Path

import yaml
from hypothesis import strategies as st

from journeymap.findings import SEVERITIES
from journeymap.rules.registry import RULES

# Strategies are built once: hypothesis spends most of its time constructing strategies made per draw.
SLUG = st.builds(lambda first, rest: first + rest, st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789"),
                 st.text("abcdefghijklmnopqrstuvwxyz0123456789-_", max_size=7))
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
NASTY = st.sampled_from(['<script>alert(1)</script>', '"', "\\", "\\N", "} digraph {", "]; [label=x]", "&amp;",
                         "{{7*7}}", "\u2028", "\x01", "no", "12:30", "ü", "顧客", "رحلة", "🙂", "a\r\nb", ""])
WORDS = st.sampled_from(["frustrated", "unhappy", "neutral", "happy", "delighted"])
TEXTS = st.one_of(TEXT, NASTY)
INDEX = st.integers(0, 10**6)


def pick(draw, items: list):
    return items[draw(INDEX) % len(items)]


TEXT_POOL = st.lists(TEXTS, min_size=6, max_size=6)
SLUG_POOL = st.lists(SLUG, min_size=8, max_size=8, unique=True)


@st.composite
def valid_maps(draw) -> dict:
    """A map that obeys the schema and every reference (warnings allowed).

    Hypothesis draws a pool of texts and ids and a seed; the structure comes from the seed.
    Drawing every small choice through hypothesis made generation slower than the pipeline.
    """
    texts, ids, rnd = draw(TEXT_POOL), draw(SLUG_POOL), random.Random(draw(INDEX))
    names = [text if text.strip() else f"n{text}" for text in texts]  # a blank name is a schema error
    personas = ids[:rnd.randint(1, 3)]
    phases = [f"p-{i}" for i in ids[:rnd.randint(1, 4)]]
    touchpoints = [f"t-{i}" for i in ids[:rnd.randint(1, 8)]]
    pains = {t: rnd.sample(ids, rnd.randint(0, 2)) for t in touchpoints}
    entries = [_touchpoint(rnd, texts, names, t, phases, personas, touchpoints, pains[t]) for t in touchpoints]
    opportunities = []
    for index, touchpoint in enumerate(rnd.sample(touchpoints, rnd.randint(0, len(touchpoints)))):
        target = touchpoint + (f"#{pains[touchpoint][0]}" if pains[touchpoint] and rnd.random() < .5 else "")
        opportunities.append({"id": f"o{index}", "title": rnd.choice(names), "addresses": [target],
                              "impact": rnd.choice(["low", "medium", "high"]),
                              "status": rnd.choice(["idea", "planned", "in-progress", "done"])})
    return {"journeymap": 1, "title": rnd.choice(names), "lang": rnd.choice(["en", "de"]),
            "personas": [{"id": p, "name": rnd.choice(names)} for p in personas],
            "phases": [{"id": p, "name": rnd.choice(names)} for p in phases],
            "touchpoints": entries, "opportunities": opportunities}


def _touchpoint(rnd, texts, names, touchpoint, phases, personas, touchpoints, pain_ids) -> dict:
    entry = {"id": touchpoint, "name": rnd.choice(names), "phase": rnd.choice(phases)}
    if rnd.random() < .5:
        entry["personas"] = rnd.sample(personas, rnd.randint(0, len(personas)))
    kind = rnd.randrange(4)
    if kind == 1:
        entry["emotion"] = rnd.randint(-2, 2)
    elif kind == 2:
        entry["emotion"] = rnd.choice(["frustrated", "unhappy", "neutral", "happy", "delighted"])
    elif kind == 3:
        entry["emotion"] = {p: rnd.randint(-2, 2) for p in rnd.sample(personas, rnd.randint(0, len(personas)))}
    if rnd.random() < .5:
        entry["effort"] = rnd.randint(1, 7)
    entry["pains"] = [{"id": p, "text": rnd.choice(texts), "severity": rnd.randint(1, 5)} for p in pain_ids]
    if rnd.random() < .3:
        entry["pains"].append(rnd.choice(texts))
    flows, left = [], 1.0
    for target in rnd.sample(touchpoints, rnd.randint(0, min(3, len(touchpoints)))):
        if rnd.random() < .5:
            share = round(left * rnd.random(), 3)
            left = max(0.0, left - share)
            flows.append({"to": target, "share": share, "loop": rnd.random() < .3})
        else:
            flows.append(target)
    entry["next"] = flows
    if rnd.random() < .5:
        entry["kpis"] = {"volume": rnd.randint(0, 10**6),
                         "nps": {"value": rnd.randint(-100, 100), "target": rnd.randint(-100, 100)}}
    entry["moment_of_truth"] = rnd.random() < .3
    return entry


MUTATIONS = ("drop-required", "wrong-type", "bad-reference", "out-of-range", "duplicate-id", "unknown-key",
             "yaml-1.1", "empty-list")


@st.composite
def nearly_valid_maps(draw) -> dict:
    """A valid map with exactly one mutation."""
    data = draw(valid_maps())
    touchpoint = pick(draw, data["touchpoints"])
    mutation = pick(draw, list(MUTATIONS))
    if mutation == "drop-required":
        del touchpoint[pick(draw, ["id", "name", "phase"])]
    elif mutation == "wrong-type":
        touchpoint[pick(draw, ["name", "effort", "pains", "next", "emotion"])] = draw(WRONG_VALUES)
    elif mutation == "bad-reference":
        touchpoint[pick(draw, ["phase", "channel", "owner"])] = draw(SLUG) + "x"
    elif mutation == "out-of-range":
        touchpoint[pick(draw, ["effort", "emotion"])] = draw(ANY_FLOAT)
    elif mutation == "duplicate-id":
        data["touchpoints"].append(dict(touchpoint))
    elif mutation == "unknown-key":
        touchpoint[draw(SLUG) + "_"] = draw(TEXTS)
    elif mutation == "yaml-1.1":
        touchpoint["name"] = pick(draw, [False, True, 1.1, 750, 15, None])
    else:
        data[pick(draw, ["personas", "phases", "touchpoints"])] = []
    return data


WRONG_VALUES = st.one_of(st.integers(), st.booleans(), st.lists(st.integers(), max_size=2), st.dictionaries(SLUG, SLUG))
ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True)


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXTS, SLUG)
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(st.one_of(SLUG, TEXTS), inner, max_size=4)),
                       max_leaves=25)
_KEYED = st.dictionaries(st.sampled_from(["journeymap", "title", "personas", "phases", "touchpoints",
                                          "opportunities", "include", "data", "rules", "analysis", "lang"]),
                         _VALUES, max_size=8)
_ARBITRARY = st.one_of(_VALUES, _KEYED).map(lambda data: yaml.safe_dump(data, allow_unicode=True))


def arbitrary_yaml():
    return _ARBITRARY


def to_yaml(data: dict) -> str:
    """Maps are dumped as JSON (valid YAML) or block YAML, to exercise both styles."""
    return json.dumps(data, ensure_ascii=False) if len(json.dumps(data)) % 2 else yaml.safe_dump(data,
                                                                                                allow_unicode=True)


class Pipeline:
    """load -> validate -> analyze -> render DOT text and HTML; records the slowest example (CPU seconds)."""

    def __init__(self):
        self.path = Path(tempfile.mkdtemp(prefix="journeymap-fuzz-")) / "fuzz.journey.yaml"
        self.examples = 0
        self.slowest = (0.0, "")

    def __call__(self, text: str | bytes) -> None:
        from journeymap.analysis.run import analyze, to_dict
        from journeymap.render.dot import render_dot
        from journeymap.render.html import render_html
        from journeymap.rules.pipeline import validate_file

        content = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
        self.path.write_bytes(content)
        started = time.process_time()  # CPU time: a busy machine must not make a fast example look hung
        result = validate_file(self.path, "fuzz.journey.yaml")
        for d in result.diagnostics:
            assert d.rule in RULES and d.severity in SEVERITIES and d.line >= 1 and d.column >= 1
        if not result.has_errors:
            analysis = analyze(result.journey)
            json.dumps(to_dict(analysis))
            render_dot(result.journey, analysis)
            render_html(result.journey, analysis, result.diagnostics)
        elapsed = time.process_time() - started
        self.examples += 1
        if elapsed > self.slowest[0]:
            self.slowest = (elapsed, content[:200].decode("utf-8", "replace"))
        assert elapsed < 2.0, f"example took {elapsed:.2f} s"
