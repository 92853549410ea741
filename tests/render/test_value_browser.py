"""The Value at stake section in real Chromium: the matrix's labels stay inside it and clear of each other,
in English, German and a sample with many opportunities; screenshots (also grey) for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.browser import SHOTS, Visit, browser  # noqa: F401  (browser is a fixture)
from support.money import money_map
from support.paths import SAMPLES

pytestmark = pytest.mark.browser

TODAY = "2026-11-20"
PIL = pytest.importorskip("PIL.Image", reason="Pillow turns the screenshot grey")

# Every label of the matrix as a box, in page pixels: the point labels, the quadrant names, the ticks.
_BOXES = """() => {
  const svg = document.querySelector('.value-matrix svg');
  const box = (node) => { const r = node.getBoundingClientRect();
                          return {text: node.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  return {svg: box(svg), points: [...svg.querySelectorAll('.point text')].map(box),
          quadrants: [...svg.querySelectorAll('.quadrant')].map(box),
          dots: svg.querySelectorAll('.point circle').length};
}"""


def _overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def _report(jm, tmp_path: Path, source: Path, *args: str) -> Path:
    run = jm("render", source, "-o", tmp_path / "out", "-f", "html", "--today", TODAY, "-j", "1", *args)
    assert run.code == 0, run.err
    return next((tmp_path / "out").rglob("*.html"))


def _check_matrix(browser, page_file: Path, shot: str, points: int) -> None:  # noqa: F811
    with Visit(browser, page_file, width=1280, height=900) as visit:
        assert visit.problems() == {}
        boxes = visit.page.evaluate(_BOXES)
        assert boxes["dots"] == len(boxes["points"]) == points
        svg = boxes["svg"]
        for label in boxes["points"] + boxes["quadrants"]:
            assert svg["left"] <= label["left"] and label["right"] <= svg["right"] + 0.5, label
            assert svg["top"] <= label["top"] and label["bottom"] <= svg["bottom"] + 0.5, label
        labels = boxes["points"] + boxes["quadrants"]
        clashes = [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1:] if _overlap(a, b)]
        assert clashes == []
        SHOTS.mkdir(parents=True, exist_ok=True)
        visit.page.locator("#value").screenshot(path=str(SHOTS / f"{shot}.png"))
    PIL.open(SHOTS / f"{shot}.png").convert("L").save(SHOTS / f"{shot}-grey.png")


def test_the_matrix_of_the_acceptance_map_in_english_and_german(browser, jm, write, tmp_path):  # noqa: F811
    source = write("money.journey.yaml", money_map())
    _check_matrix(browser, _report(jm, tmp_path / "en", source), "value-en", points=1)
    _check_matrix(browser, _report(jm, tmp_path / "de", source, "--lang", "de"), "value-de", points=1)


@pytest.mark.parametrize("sample, points", [("online-shop/first-purchase.journey.yaml", 4),
                                            ("bank-account/kontoeroeffnung.journey.yaml", 2)])
def test_the_matrix_of_a_sample_keeps_its_labels_apart(browser, jm, tmp_path, sample, points):  # noqa: F811
    _check_matrix(browser, _report(jm, tmp_path, SAMPLES / sample), f"value-{Path(sample).parent.name}", points)
