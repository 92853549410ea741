"""Structural mutations of the real sample maps, and the contract every input must keep.

A mutation works on the parsed YAML tree, as a person editing a map (or a script generating
one) gets it wrong: replace any value by one of another type or by an extreme, delete a key,
duplicate a list item, graft a subtree somewhere else, rename a key to a sibling's name. One
to three of them per input, drawn from a seeded random generator, so every input can be made
again from its seed.

The contract (issue 16): `validate` exits 1 and every error has a line, or it exits 0 and
`render` to every format exits 0 and writes every file.
"""

from __future__ import annotations

import copy
import functools
import json
import math
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from support.paths import SAMPLES

TODAY = "2026-12-01"
FAST_FORMATS = ("dot", "svg", "html", "mermaid", "markdown", "csv", "json")
SLOW_FORMATS = ("png", "pdf")                    # the long run, with report-pdf on a share of the maps
EXTENSIONS = {"mermaid": "mmd", "markdown": "md", "report-pdf": "report.pdf"}

EXTREMES = (None, True, False, 0, -1, 1, 7, 2**63, -(2**63), 10**400, 1e308, -1e308, 5e-324, math.nan, math.inf,
            -math.inf, "", " ", "\t", "\n", "  \u00a0 ", "x" * 5000, "🚀✨ 👩‍💻", "<b>bold</b> & <i>", "} digraph {",
            "\\N \\G \\L", "no", "yes", "12:30", "1.10", "~", "null", "2026-02-30", "-", "#", "a\u2028b",
            "\u202eRTL", "漢字", [], {}, [None], [[]], {"id": None}, {"": ""}, [1, "a", None], 0.5, -0.0)


@dataclass
class Mutant:
    seed: int
    sample: str                 # the sample map's path under samples/
    steps: list[str] = field(default_factory=list)
    text: str = ""


def sample_maps() -> list[Path]:
    return sorted(p.relative_to(SAMPLES) for p in SAMPLES.rglob("*.journey.yaml"))


def _positions(tree, path=()):
    """Every (container, key, path) under the tree: mapping keys and list indexes."""
    if isinstance(tree, dict):
        for key in list(tree):
            yield tree, key, path + (key,)
            yield from _positions(tree[key], path + (key,))
    elif isinstance(tree, list):
        for index in range(len(tree)):
            yield tree, index, path + (index,)
            yield from _positions(tree[index], path + (index,))


def _name(path) -> str:
    return ".".join(str(part) for part in path) or "(root)"


def mutate_once(tree, rnd: random.Random) -> str:
    """Apply one structural mutation in place; say what it did."""
    positions = list(_positions(tree))
    if not positions:
        return "nothing to mutate"
    container, key, path = rnd.choice(positions)
    kind = rnd.choice(("replace", "replace", "delete", "duplicate", "graft", "rename"))
    if kind == "replace":
        value = rnd.choice(EXTREMES)
        container[key] = copy.deepcopy(value)
        return f"replace {_name(path)} by {value!r:.40}"
    if kind == "delete":
        del container[key]
        return f"delete {_name(path)}"
    if kind == "duplicate":
        lists = [(c, k, p) for c, k, p in positions if isinstance(c, list)]
        if not lists:
            return mutate_once(tree, rnd)
        container, key, path = rnd.choice(lists)
        container.insert(key + rnd.choice((0, 1, len(container) - key)), copy.deepcopy(container[key]))
        return f"duplicate {_name(path)}"
    if kind == "graft":
        _, source_key, source_path = rnd.choice(positions)
        source = _at(tree, source_path)
        target, target_key, target_path = rnd.choice(positions)
        if isinstance(target[target_key], list) and rnd.random() < .5:
            target[target_key].insert(rnd.randint(0, len(target[target_key])), copy.deepcopy(source))
            return f"graft {_name(source_path)} into the list {_name(target_path)}"
        target[target_key] = copy.deepcopy(source)
        return f"graft {_name(source_path)} onto {_name(target_path)}"
    mappings = [(c, k, p) for c, k, p in positions if isinstance(c, dict) and len(c) > 1]
    if not mappings:
        return mutate_once(tree, rnd)
    container, key, path = rnd.choice(mappings)
    other = rnd.choice([k for k in container if k != key])
    container[other] = container.pop(key)
    return f"rename {_name(path)} to {other!r}"


def _at(tree, path):
    for part in path:
        tree = tree[part]
    return tree


def make_mutant(seed: int) -> Mutant:
    rnd = random.Random(seed)
    samples = sample_maps()
    sample = samples[seed % len(samples)]
    tree = copy.deepcopy(_parsed(sample))
    mutant = Mutant(seed, str(sample))
    for _ in range(rnd.choice((1, 1, 1, 2, 3))):
        mutant.steps.append(mutate_once(tree, rnd))
    mutant.text = dump(tree, rnd)
    return mutant


@functools.lru_cache(maxsize=None)
def _parsed(sample: Path):
    """Each sample is parsed once per process (libyaml): parsing was most of a mutant's cost."""
    return yaml.load((SAMPLES / sample).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def dump(tree, rnd: random.Random) -> str:
    """Block YAML or JSON (also YAML), as people and scripts write maps."""
    if rnd.random() < .2:
        try:
            return json.dumps(tree, ensure_ascii=False, indent=1)
        except ValueError:      # an integer too large for JSON's text: YAML takes it
            pass
    return yaml.dump(tree, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100)


class Project:
    """A scratch copy of samples/ (so includes and data files resolve); mutants are written beside their sample."""

    def __init__(self, folder: Path):
        self.folder = folder / "samples"
        if not self.folder.exists():
            shutil.copytree(SAMPLES, self.folder)   # event logs too: a link to outside would be refused

    def write(self, mutant: Mutant) -> Path:
        path = self.folder / Path(mutant.sample).parent / "mutant.journey.yaml"
        path.write_text(mutant.text, encoding="utf-8", errors="surrogatepass")
        return path


def check(mutant: Mutant, project: Project, out: Path, formats: tuple[str, ...]) -> str | None:
    """The contract for one input; None when it holds, else what went wrong."""
    from journeymap.rules.pipeline import validate_file

    path = project.write(mutant)
    if out.exists():
        shutil.rmtree(out)
    try:
        result = validate_file(path, "mutant.journey.yaml", today=_today())
    except Exception as error:  # noqa: BLE001  (a traceback is what we look for)
        return f"validate raised {type(error).__name__}: {error}"
    if result.has_errors:
        lineless = [d for d in result.diagnostics if d.severity == "error" and not (d.line >= 1 and d.column >= 1)]
        return f"errors without a line: {lineless}" if lineless else None
    return _rendered(path, out, formats)


def _rendered(path: Path, out: Path, formats: tuple[str, ...]) -> str | None:
    import contextlib
    import io

    from journeymap.cli.main import main

    stderr = io.StringIO()
    try:
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
            main(["render", str(path), "-o", str(out), "-f", ",".join(formats), "--force", "-j", "1",
                  "--today", TODAY])
        code = 0
    except SystemExit as done:
        code = done.code or 0
    except Exception as error:  # noqa: BLE001
        return f"render raised {type(error).__name__}: {error}"
    if code != 0:
        return f"valid, but render exited {code}: {stderr.getvalue().strip()[-400:]}"
    written = {p.name for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")}
    missing = [f for f in formats if f"mutant.{EXTENSIONS.get(f, f)}" not in written]
    empty = [p.name for p in out.rglob("mutant.*") if p.stat().st_size == 0]
    if missing or empty:
        return f"valid, rendered, but files missing {missing} or empty {empty}"
    return None


def _today():
    import datetime
    return datetime.date.fromisoformat(TODAY)
