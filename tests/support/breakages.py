"""Plant known errors in real maps, each in its own touchpoint, and say where each must be reported.

Shared by tests/reliability/test_planted_errors.py (CI-sized) and `benchmarks/fuzz --long` (many seeds).
The planted map is the sample's data with k touchpoints broken, written out by PyYAML; where
each error must be reported is read from that text with PyYAML's own composer (an oracle that
does not go through journeymap's loader): the value that is wrong, the key that is unknown, the
mapping that misses a key, the `next` key whose shares overflow.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from support.paths import SAMPLES


@dataclass(frozen=True)
class Expected:
    """A planted error: the path into the map, whether the key or the value is pointed at, the rule."""

    path: tuple
    rule: str
    at: str = "value"   # "value" or "key"


def _first_next(touchpoint: dict):
    flows = touchpoint.get("next") or []
    return flows[0] if flows else None


def _effort(tp, base):
    tp["effort"] = 9
    return Expected(base + ("effort",), "schema")


def _emotion_word(tp, base):
    tp["emotion"] = "furious"
    return Expected(base + ("emotion",), "schema")


def _unknown_key(tp, base):
    tp["colour"] = "red"
    return Expected(base + ("colour",), "schema", "key")


def _phase_typo(tp, base):
    tp["phase"] = tp["phase"] + "-typo"
    return Expected(base + ("phase",), "unknown-reference")


def _missing_name(tp, base):
    del tp["name"]
    return Expected(base, "schema")


def _moment_not_bool(tp, base):
    tp["moment_of_truth"] = "yes"
    return Expected(base + ("moment_of_truth",), "schema")


def _kpi_out_of_range(tp, base):
    tp["kpis"] = {**(tp.get("kpis") or {}), "nps": 300}
    return Expected(base + ("kpis", "nps"), "schema")


def _pain_severity(tp, base):
    pains = tp.setdefault("pains", [])
    if pains and isinstance(pains[0], dict):
        pains[0]["severity"] = 9
    else:
        pains.insert(0, {"text": pains.pop(0) if pains else "Planted pain", "severity": 9})
    return Expected(base + ("pains", 0, "severity"), "schema")


def _owner_not_text(tp, base):
    tp["owner"] = 5
    return Expected(base + ("owner",), "schema")


def _next_typo(tp, base):
    first = _first_next(tp)
    if first is None:
        return None
    if isinstance(first, dict):
        first["to"] += "-typo"
        return Expected(base + ("next", 0, "to"), "unknown-reference")
    tp["next"][0] = first + "-typo"
    return Expected(base + ("next", 0), "unknown-reference")


def _share_out_of_range(tp, base):
    first = _first_next(tp)
    if first is None:
        return None
    tp["next"][0] = {**first, "share": 1.5} if isinstance(first, dict) else {"to": first, "share": 1.5}
    return Expected(base + ("next", 0, "share"), "schema")


def _share_overflow(tp, base):
    flows = tp.get("next") or []
    if len(flows) < 2:
        return None
    tp["next"] = [{**f, "share": 0.6} if isinstance(f, dict) else {"to": f, "share": 0.6} for f in flows]
    return Expected(base + ("next",), "share-overflow", "key")


def _duplicate_pain_id(tp, base):
    pains = tp.get("pains") or []
    with_id = [p for p in pains if isinstance(p, dict) and p.get("id")]
    if not with_id:
        return None
    pains.append(dict(with_id[0]))
    return Expected(base + ("pains", len(pains) - 1, "id"), "duplicate-id")


BREAKAGES = {
    "effort-out-of-range": _effort, "unknown-emotion-word": _emotion_word, "unknown-key": _unknown_key,
    "phase-typo": _phase_typo, "missing-name": _missing_name, "moment-not-bool": _moment_not_bool,
    "kpi-out-of-range": _kpi_out_of_range, "pain-severity": _pain_severity, "owner-not-text": _owner_not_text,
    "next-typo": _next_typo, "share-out-of-range": _share_out_of_range, "share-overflow": _share_overflow,
    "duplicate-pain-id": _duplicate_pain_id,
}


def sample_maps() -> list[Path]:
    return sorted(SAMPLES.rglob("*.journey.yaml"))


def copy_samples(target: Path) -> Path:
    """The samples as one git project (their includes reach ../shared) in a folder of their own."""
    shutil.copytree(SAMPLES, target)
    subprocess.run(["git", "init", "-q", str(target)], check=True)
    return target


def plant(data: dict, k: int, rng: random.Random) -> tuple[dict, list[tuple[str, Expected]]]:
    """Break k touchpoints (at random), one breakage each; returns the map and what was planted."""
    touchpoints = data["touchpoints"]
    planted = []
    for index in rng.sample(range(len(touchpoints)), min(k, len(touchpoints))):
        base = ("touchpoints", index)
        for name in rng.sample(sorted(BREAKAGES), len(BREAKAGES)):
            expected = BREAKAGES[name](touchpoints[index], base)
            if expected is not None:
                planted.append((name, expected))
                break
    return data, planted


def to_text(data: dict) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=10_000)


def position(text: str, expected: Expected) -> tuple[int, int]:
    """(line, column), 1-based, of the key or value at expected.path in text, as PyYAML composes it."""
    node = yaml.compose(text, Loader=yaml.CSafeLoader)
    key_node = None
    for part in expected.path:
        if isinstance(part, int):
            node, key_node = node.value[part], None
        else:
            key_node, node = next((k, v) for k, v in node.value if k.value == part)
    mark = (key_node if expected.at == "key" else node).start_mark
    return mark.line + 1, mark.column + 1


def planted_case(map_file: Path, k: int, seed: int) -> tuple[str, set[tuple[int, int, str]], list[str]]:
    """The broken text of a sample map, the (line, column, rule) of every planted error, their names."""
    data = yaml.load(map_file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    data, planted = plant(data, k, random.Random(seed))
    text = to_text(data)
    return text, {(*position(text, e), e.rule) for _, e in planted}, [name for name, _ in planted]


def check_planted(samples_copy: Path, sample: Path, seed: int) -> str | None:
    """Plant 1 + seed % 5 errors in the copy of one sample and validate it; None, or what went wrong."""
    from journeymap.rules.pipeline import validate_file

    target = samples_copy / sample.relative_to(SAMPLES)
    text, expected, names = planted_case(sample, 1 + seed % 5, seed)
    target.write_text(text, encoding="utf-8")
    try:
        result = validate_file(target, str(target))
    finally:
        target.write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
    errors = [(d.line, d.column, d.rule) for d in result.diagnostics if d.severity == "error"]
    if sorted(errors) == sorted(expected) and len(errors) == len(set(errors)):
        return None
    return (f"{sample.name} seed {seed} planted {names}: missing {sorted(set(expected) - set(errors))}, "
            f"unexpected {sorted(set(errors) - set(expected))}, reported {errors}")
