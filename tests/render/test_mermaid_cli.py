"""The real Mermaid CLI (mmdc, from scripts/install.sh) accepts every Mermaid export, hostile names included."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from journeymap.source.discover import find_maps
from journeymap.render.formats import render_format

from support.export_maps import HOSTILE_MAP, render_input, write_map
from support.mermaid_cli import mmdc
from support.paths import SAMPLES

pytestmark = pytest.mark.mermaid

SAMPLE_MAPS = [path for path, _, _ in find_maps([SAMPLES])]
SVG = "{http://www.w3.org/2000/svg}"


def drawn_texts(svg: Path) -> set[str]:
    return {"".join(element.itertext()) for element in ET.parse(svg).getroot().iter(f"{SVG}tspan")}


@pytest.mark.parametrize("path", SAMPLE_MAPS, ids=[p.parent.name for p in SAMPLE_MAPS])
def test_mmdc_renders_every_sample(path, tmp_path):
    source = render_format("mermaid", render_input(path)).decode("utf-8")
    done, svg = mmdc(source, tmp_path, path.stem)
    assert done.returncode == 0, done.stderr
    assert "<svg" in svg.read_text(encoding="utf-8")


def test_mmdc_draws_every_hostile_task_as_written(tmp_path):
    source = render_format("mermaid", render_input(write_map(tmp_path, "h.journey.yaml", HOSTILE_MAP))).decode("utf-8")
    done, svg = mmdc(source, tmp_path, "hostile")
    assert done.returncode == 0, done.stderr
    assert "<svg" in svg.read_text(encoding="utf-8")
    lines = source.splitlines()
    tasks = [line.strip().split(": ")[0] for line in lines[2:] if not line.startswith("    section ")]
    sections = [line.removeprefix("    section ") for line in lines if line.startswith("    section ")]
    # Nothing became a comment, a title or a section: every task and section is drawn, with its text.
    assert sorted(set(tasks + sections) - drawn_texts(svg)) == []
    root = ET.parse(svg).getroot()
    assert sum(1 for r in root.iter(f"{SVG}rect") if r.get("class", "").startswith("task task-type-")) == len(tasks)


def test_mmdc_rejects_what_the_sanitising_prevents(tmp_path):
    """The check has teeth: the raw text of the hostile map is not a valid diagram."""
    done, _ = mmdc("journey\n    title T\n    section S\n        Section two; with # hash: 3: Anna, Ärztin: #1\n",
                   tmp_path, "raw")
    assert done.returncode != 0
