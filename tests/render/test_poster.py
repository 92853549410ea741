"""The wall poster (render -f poster) as printed: read back from the PDF with pypdf and pdfplumber.

Every sample is rendered once, on A1 (the default); the PDF must have one page per sheet, each the
paper's size; on A1 no character is smaller than 10 pt and every touchpoint name is 14 pt or
more; a hotspot shows only when the analysis has one; a KPI is judged in its own direction; a map
too wide for one sheet is cut into labelled sheets by phase; a German poster has no English label.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

from journeymap.i18n.catalog import labels
from journeymap.rules.pipeline import validate_file
from journeymap.source.discover import find_maps, output_stem

from support.browser import Visit, browser, words_split_without_hyphen  # noqa: F401  (browser is a fixture)
from support.generate import generate_map
from support.maps import map_with
from support.paths import SAMPLES
from support.report_maps import TODAY, foreign_labels, labels_found, render, user_strings

pytestmark = pytest.mark.browser

SAMPLE_MAPS = {str(output_stem(relative)): path for path, _, relative in find_maps([SAMPLES])}
A1 = (2384, 1684)        # landscape, in points, written out rather than taken from the code under test
A0 = (3370, 2384)
NAME_PT, BODY_PT = 14, 10
CAFE = SAMPLES / "cafe" / "morning-coffee.journey.yaml"
TELECOM = SAMPLES / "telecom-support" / "service.journey.yaml"
GERMAN_MAP = SAMPLES / "bank-account" / "kontoeroeffnung.journey.yaml"
SHEET_LABEL = re.compile(r"Sheet (\d+) of (\d+) · (?:phases (.+?)–(.+?)|phase (.+?))$", re.MULTILINE)


# ------------------------------------------------------------------------------------ reading the PDF

def pages(pdf: Path) -> list:
    """(width, height, text, chars) of each page; a PDF is read once however many tests look at it."""
    return _pages(str(pdf), pdf.stat().st_mtime_ns)


@functools.cache
def _pages(pdf: str, _written: int) -> list:
    import pdfplumber
    with pdfplumber.open(io.BytesIO(Path(pdf).read_bytes())) as document:
        return [(page.width, page.height, page.extract_text(), page.chars) for page in document.pages]


def squeezed(text: str) -> str:
    """Text without spaces, line breaks and hyphens, ligatures spelt out: a name wrapped over lines still matches."""
    return re.sub(r"[\s\-\u00ad\u2010]", "", unicodedata.normalize("NFKC", text))


def big_blocks(chars: list[dict], minimum: float) -> list[str]:
    """The text set at `minimum` points or more, one block per left edge (a grid cell's lines share it):
    a touchpoint's name, wrapped over lines, reads as one block even beside its neighbours' names."""
    lines: dict[int, list[dict]] = defaultdict(list)
    for char in chars:
        if char["size"] >= minimum:
            lines[round(char["top"])].append(char)
    blocks: dict[int, list[str]] = defaultdict(list)
    for top in sorted(lines):
        run: list[dict] = []
        for char in sorted(lines[top], key=lambda c: c["x0"]) + [None]:
            if run and (char is None or char["x0"] - run[-1]["x1"] > run[-1]["size"] / 2):   # a space is 0.3 em
                blocks[round(run[0]["x0"] / 4)].append("".join(c["text"] for c in run))
                run = []
            if char is not None:
                run.append(char)
    return [squeezed("".join(parts)) for parts in blocks.values()]


def touchpoint_names(map_path: Path) -> list[str]:
    return [touchpoint.name for touchpoint in validate_file(map_path, str(map_path)).journey.model.touchpoints]


def assert_readable(pdf: Path, names: list[str]) -> None:
    """No character under 10 pt; every name found, whole, set at 14 pt or more on some sheet."""
    printed = pages(pdf)
    small = {(char["text"], round(char["size"], 1)) for *_, chars in printed for char in chars if char["size"] < BODY_PT}
    assert small == set()
    blocks = [block for *_, chars in printed for block in big_blocks(chars, NAME_PT)]
    assert [name for name in names if not any(squeezed(name) in block for block in blocks)] == []


def assert_sheets(pdf: Path, paper: tuple[int, int]) -> list[str]:
    """Every page exactly the paper; several pages are labelled 'Sheet i of n'; returns each page's text."""
    printed = pages(pdf)
    assert printed
    for number, (width, height, text, _) in enumerate(printed, 1):
        assert abs(width - paper[0]) <= 1 and abs(height - paper[1]) <= 1, (number, width, height)
        labels_here = SHEET_LABEL.findall(text)
        if len(printed) == 1:
            assert labels_here == []
        else:
            assert [label[:2] for label in labels_here] == [(str(number), str(len(printed)))]
    return [text for *_, text, _ in printed]


# ------------------------------------------------------------------------------------ fixtures

@pytest.fixture(scope="module")
def posters(tmp_path_factory) -> Path:
    """Every sample's poster, without --paper (A1)."""
    folder = tmp_path_factory.mktemp("posters")
    assert render("render", SAMPLES, "-o", folder, "-f", "poster", "--today", TODAY) == 0
    return folder


@pytest.fixture(scope="module")
def large_map(tmp_path_factory) -> Path:
    """40 touchpoints in 10 phases: far too many columns for one A1 sheet."""
    path = tmp_path_factory.mktemp("large") / "large.journey.yaml"
    path.write_text(generate_map(40), encoding="utf-8")
    return path


def poster_of(map_path: Path, folder: Path, *options: str) -> Path:
    assert render("render", map_path, "-o", folder, "-f", "poster", "--today", TODAY, *options) == 0
    return folder / map_path.name.replace(".journey.yaml", ".poster.pdf")


# ------------------------------------------------------------------------------------ every sample

@pytest.mark.parametrize("stem", SAMPLE_MAPS)
def test_sample_poster_is_one_a1_page_per_sheet(posters, stem):
    pdf = posters / f"{stem}.poster.pdf"
    assert_sheets(pdf, A1)
    title = squeezed(validate_file(SAMPLE_MAPS[stem], stem).journey.model.title)
    assert all(any(title in block for block in big_blocks(chars, NAME_PT)) for *_, chars in pages(pdf))  # on each


@pytest.mark.parametrize("stem", SAMPLE_MAPS)
def test_sample_poster_names_are_14_pt_and_nothing_is_under_10_pt(posters, stem):
    assert_readable(posters / f"{stem}.poster.pdf", touchpoint_names(SAMPLE_MAPS[stem]))


def test_small_maps_fit_one_sheet(posters):
    for stem in ("cafe/morning-coffee", "telecom-support/service", "bank-account/kontoeroeffnung"):
        assert len(pages(posters / f"{stem}.poster.pdf")) == 1, stem


# ------------------------------------------------------------------------------------ hotspots and KPIs

LOW_FRICTION = map_with(touchpoints=[
    '{id: signup, name: "Signs up", phase: join, owner: team, next: [welcome], emotion: 0, effort: 4, '
    'pains: [{text: "Form is long", severity: 2}], kpis: {volume: 500}}',
    '{id: welcome, name: "Gets a welcome mail", phase: stay, owner: team, emotion: 1, kpis: {volume: 400, '
    'wait_minutes: {value: 35, target: 10, better: lower, unit: min}, '
    'hold_minutes: {value: 4, target: 10, better: lower, unit: min}, csat: {value: 90, target: 80}}}'])


@pytest.fixture(scope="module")
def low_friction(tmp_path_factory) -> tuple[Path, Path]:
    """A map whose frictions all stay below 0.3, and its poster."""
    folder = tmp_path_factory.mktemp("low")
    path = folder / "low.journey.yaml"
    path.write_text(LOW_FRICTION, encoding="utf-8")
    return path, poster_of(path, folder / "out")


def test_a_map_without_hotspots_shows_none(low_friction):
    from journeymap.analysis.run import analyze

    path, pdf = low_friction
    frictions = [f.score for f in analyze(validate_file(path, str(path)).journey).friction.values()]
    assert 0.25 < max(frictions) < 0.3      # friction there is, just below analysis.hotspot_min
    text = "\n".join(assert_sheets(pdf, A1))
    assert "Signs up" in text and "Form is long" in text
    assert "▲" not in text and "hotspot" not in text.lower()


def test_a_hotspot_shows_its_rank_and_why(posters):
    text = " ".join(assert_sheets(posters / "cafe/morning-coffee.poster.pdf", A1))
    assert "▲ Hotspot #1" in text
    assert "friction 0.84 × 2,160 contacts" in text


def test_kpis_are_judged_in_their_own_direction(low_friction):
    text = " ".join(" ".join(assert_sheets(low_friction[1], A1)).split())
    assert "✖ wait_minutes 35 min target ≤ 10 min · missed" in text   # lower is better, and 35 is above 10
    assert "✔ hold_minutes 4 min target ≤ 10 min · met" in text
    assert "✔ CSAT 90 target ≥ 80 · met" in text


# ------------------------------------------------------------------------------------ a map too large for a sheet

def test_a_large_map_is_cut_into_labelled_sheets_by_phase(large_map, tmp_path):
    pdf = poster_of(large_map, tmp_path)
    texts = assert_sheets(pdf, A1)
    assert len(texts) >= 2
    phases = [f"Phase {number}" for number in range(10)]
    covered = []
    for text in texts:
        _, _, first, last, single = SHEET_LABEL.search(text).groups()
        first, last = (single, single) if single else (first, last)
        covered += phases[phases.index(first):phases.index(last) + 1]
    assert covered == phases        # in order, every phase once: whole phases on each sheet
    assert_readable(pdf, touchpoint_names(large_map))


def test_a_phase_wider_than_a_sheet_is_cut_and_says_so(tmp_path):
    from journeymap.analysis.run import analyze
    from journeymap.render.poster import poster_context, render_poster

    steps = [f'{{id: s{n}, name: "Step {n}", phase: join, owner: team{", next: [s%d]" % (n + 1) if n < 19 else ""}}}'
             for n in range(20)]
    path = tmp_path / "long.journey.yaml"
    path.write_text(map_with(phases=['{id: join, name: "Join"}'], touchpoints=steps), encoding="utf-8")
    journey = validate_file(path, str(path)).journey
    sheets = poster_context(journey, analyze(journey), "en", "A1", False)["sheets"]
    assert [len(sheet["columns"]) for sheet in sheets] == [10, 10]
    assert [sheet["label"] for sheet in sheets] == ["Sheet 1 of 2 · phase Join", "Sheet 2 of 2 · phase Join"]
    headers = re.findall(r"<h2>(.*?)</h2>", render_poster(journey, analyze(journey)))
    assert headers == ["Join →", "Join (continued)"]


# ------------------------------------------------------------------------------------ German

def unbroken(text: str) -> str:
    """Printed text with the words hyphenated at a line's end made whole again ('Schmerz‐\npunkte')."""
    return re.sub(r"[\u2010\u00ad-]\n(?=[a-zäöüß])", "", text)


def test_german_poster_has_no_english_label(posters, tmp_path):
    english = foreign_labels("de", user_strings(GERMAN_MAP) + "\n" + user_strings(TELECOM))
    assert {"lane.pains", "poster.target", "kpi.missed", "legend"} <= set(english)   # the check has teeth
    for pdf in (posters / "bank-account/kontoeroeffnung.poster.pdf", poster_of(TELECOM, tmp_path, "--lang", "de")):
        text = unbroken("\n".join(assert_sheets(pdf, A1)))
        assert labels_found(text, english) == {}
        assert labels("de")["lane.pains"] in text and labels("de")["legend"] in text


def test_german_poster_splits_words_only_at_hyphens(browser, tmp_path):  # noqa: F811
    from journeymap.analysis.run import analyze
    from journeymap.render.poster import render_poster

    journey = validate_file(GERMAN_MAP, str(GERMAN_MAP)).journey
    page = tmp_path / "poster.html"
    page.write_text(render_poster(journey, analyze(journey)), encoding="utf-8")
    with Visit(browser, page, media="print") as visit:
        assert words_split_without_hyphen(visit.page, ".sheet") == []
        hyphenated = visit.page.evaluate("() => document.querySelector('.grid').textContent.split('\u00ad').length")
    assert hyphenated > 100          # the German names and pains do carry soft hyphens


# ------------------------------------------------------------------------------------ the command line

def test_render_writes_the_poster_and_paper_a0_gives_an_a0_page(jm, posters, tmp_path):
    run = jm("render", CAFE, "-f", "poster", "-o", tmp_path / "a1", "--today", TODAY)
    assert run.code == 0
    assert run.err.splitlines()[-1].startswith("1 map: 1 rendered (1 file), 0 unchanged; output in ")
    written = tmp_path / "a1" / "morning-coffee.poster.pdf"
    assert written.read_bytes() == (posters / "cafe/morning-coffee.poster.pdf").read_bytes()   # same map, same bytes
    assert_sheets(written, A1)
    assert jm("render", CAFE, "-f", "poster", "--paper", "A0", "-o", tmp_path / "a0", "--today", TODAY).code == 0
    assert_sheets(tmp_path / "a0" / "morning-coffee.poster.pdf", A0)
