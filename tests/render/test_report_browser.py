"""The HTML report in headless Chromium: loads cleanly, resists hostile text, fits A3/A4, speaks German, is accessible.

One Chromium (Debian's, through Playwright) serves the whole module; the samples are rendered
once. Screenshots go to the test's tmp folder and to /tmp/journeymap-shots/ for a person to look at.
"""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest

from journeymap.source.discover import find_maps, output_stem
from journeymap.i18n.catalog import labels
from journeymap.rules.pipeline import validate_file

from support.browser import PRINTABLE, SHOTS, Visit, browser  # noqa: F401  (browser is a fixture)
from support.page_checks import EVENT_HANDLERS, SCRIPT_URLS, without_csp
from support.paths import SAMPLES
from support.report_maps import (A3_LANDSCAPE, A4_LANDSCAPE, PAYLOADS, RENDERED, TODAY, foreign_labels, labels_found,
                                 render, svg_text, user_strings, write_xss_map)

pytestmark = pytest.mark.browser

SAMPLE_STEMS = [str(output_stem(relative)) for _, _, relative in find_maps([SAMPLES])]
GERMAN_MAP = SAMPLES / "bank-account" / "kontoeroeffnung.journey.yaml"
WIDEST = "online-shop/first-purchase"   # the most touchpoints: the hardest to fit on paper
PAPER_POINTS = {"A3": A3_LANDSCAPE, "A4": A4_LANDSCAPE}


# ------------------------------------------------------------------------------------ fixtures

@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    """Every sample as html + report-pdf on A3 (the default) and as html on A4, the widest also printed on A4;
    the German map also with --lang en. (Each print starts a Chromium: A4 prints of every sample cost 10+ s.)"""
    folders = {name: tmp_path_factory.mktemp(name) for name in ("A3", "A4", "lang-en")}
    assert render("render", SAMPLES, "-o", folders["A3"], "-f", "html,report-pdf", "--today", TODAY) == RENDERED
    assert render("render", SAMPLES, "-o", folders["A4"], "-f", "html", "--paper", "A4", "--today", TODAY) == RENDERED
    assert render("render", SAMPLES / f"{WIDEST}.journey.yaml", "-o", folders["A4"] / Path(WIDEST).parent,
                  "-f", "report-pdf", "--paper", "A4", "--today", TODAY) == RENDERED
    assert render("render", GERMAN_MAP, "-o", folders["lang-en"], "-f", "html", "--lang", "en",
                  "--today", TODAY) == RENDERED
    return folders


@pytest.fixture(scope="module")
def xss_report(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("xss")
    assert render("render", write_xss_map(folder), "-o", folder / "out", "-f", "html", "--today", TODAY) == RENDERED
    return folder / "out" / "xss.html"


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR", "not a PNG"
    return struct.unpack(">II", data[16:24])


# ------------------------------------------------------------------------- 1. loads cleanly

@pytest.mark.graphviz
@pytest.mark.parametrize("stem", SAMPLE_STEMS)
def test_sample_report_loads_without_errors_or_requests(browser, reports, stem, tmp_path):
    with Visit(browser, reports["A3"] / f"{stem}.html") as visit:
        assert visit.problems() == {}
        shot = tmp_path / f"{Path(stem).name}.png"
        visit.page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    width, height = png_size(data)
    assert width == 1920 and height >= 1080 and len(data) > 50_000
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, SHOTS / shot.name)


def test_persona_filter_script_runs_under_the_content_security_policy(browser, reports):
    with Visit(browser, reports["A3"] / "online-shop" / "first-purchase.html") as visit:
        page = visit.page
        assert page.is_visible("#persona-filter")  # the script unhid it: its CSP hash matches
        page.select_option("#persona-filter", "weekend-hiker")
        dimmed = page.eval_on_selector_all(".dimmed[data-persona]", "els => els.map(e => e.dataset.persona)")
        assert dimmed and "weekend-hiker" not in dimmed
        assert visit.problems() == {}


# ------------------------------------------------------------------------------ 2. hostile text

@pytest.mark.parametrize("csp", [True, False], ids=["with-csp", "without-csp"])
def test_xss_payloads_stay_text(browser, xss_report, csp, tmp_path):
    """Escaping alone must hold: the same checks with the Content-Security-Policy removed."""
    path = xss_report if csp else without_csp(xss_report, tmp_path / "xss-without-csp.html")
    with Visit(browser, path, settle_ms=300) as visit:
        page = visit.page
        assert visit.problems() == {}
        assert page.evaluate(EVENT_HANDLERS) == []
        assert page.evaluate(SCRIPT_URLS) == []
        assert page.eval_on_selector_all("script", "els => els.map(e => e.type)") == ["application/json", ""]
        assert page.eval_on_selector_all("img", "els => els.filter(e => !e.src.startsWith('data:')).length") == 0
        assert page.title().startswith("title: <script>alert(1)</script>")
        text = page.inner_text("body")
        for payload in PAYLOADS:
            assert payload in text
        assert text.count("{{7*7}}") == text.count("javascript:alert(5)") > 0   # never evaluated to 49
        markers = page.eval_on_selector_all(".persona h3 .marker",
                                            "els => els.map(e => e.getBoundingClientRect().width)")
        assert markers == [14, 14]   # long names do not squeeze the persona markers away
        names = page.eval_on_selector_all("#persona-filter option", "els => els.map(e => e.textContent)")
        assert names[1:] == [f"persona {pid}: {' '.join(PAYLOADS)}" for pid in ("ada", "bob")]


# ------------------------------------------------------------------------------- 3. print layout

OVERFLOW = """() => {
  const grid = document.getElementById('journey-grid');
  const cells = [...grid.querySelectorAll('th, td')].filter(c => c.scrollWidth > c.clientWidth + 1)
    .map(c => `${c.textContent.trim().slice(0, 40)} (${c.scrollWidth} > ${c.clientWidth})`);
  return {scrollWidth: grid.scrollWidth, clientWidth: grid.clientWidth, cells};
}"""


@pytest.mark.parametrize("stem, paper", [(stem, "A3") for stem in SAMPLE_STEMS] + [(WIDEST, "A4")])
def test_printed_report_is_landscape_paper(reports, stem, paper):
    from pypdf import PdfReader

    width, height = PAPER_POINTS[paper]
    pages = PdfReader(reports[paper] / f"{stem}.report.pdf").pages
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        box = page.mediabox
        assert abs(float(box.width) - width) <= 2 and abs(float(box.height) - height) <= 2, (number, box)


@pytest.mark.parametrize("paper", ["A3", "A4"])
@pytest.mark.parametrize("stem", SAMPLE_STEMS)
def test_printed_grid_fits_the_page_width(browser, reports, stem, paper):
    width, height = PRINTABLE[paper]
    with Visit(browser, reports[paper] / f"{stem}.html", width=round(width), height=round(height),
               media="print") as visit:
        page_size = visit.page.evaluate(
            "() => [...document.styleSheets[0].cssRules].find(rule => rule instanceof CSSPageRule).style.size")
        assert page_size == {"A3": "420mm 297mm", "A4": "297mm 210mm"}[paper]   # landscape, in a form CSS knows
        grid = visit.page.evaluate(OVERFLOW)
    assert grid["scrollWidth"] <= grid["clientWidth"] + 1
    assert grid["cells"] == []   # nothing sticks out of its cell into the next one


# ---------------------------------------------------------------------------------- 4. German

VISIBLE_TEXT = """() => [document.title, document.body.innerText,
  ...[...document.querySelectorAll('[alt], [title], [aria-label]')].flatMap(e =>
      [e.getAttribute('alt'), e.getAttribute('title'), e.getAttribute('aria-label')]),
  ...[...document.querySelectorAll('svg title, svg desc')].map(e => e.textContent)].filter(Boolean).join('\\n')"""


def spoken_text(page, map_path: Path) -> str:
    """Visible and spoken text plus the diagram's, without the validator's findings (English only, see docs)."""
    text = page.evaluate(VISIBLE_TEXT)
    diagram = page.get_attribute("#diagram img", "src")
    if diagram:
        text += "\n" + svg_text(diagram)
    for finding in validate_file(map_path, str(map_path), today=None).diagnostics:
        for part in (f"{finding.file}:{finding.line}:{finding.column}", finding.message, finding.rule):
            text = text.replace(part, " ")
    return text


@pytest.mark.graphviz
def test_german_report_has_no_english_label(browser, reports):
    english = foreign_labels("de", user_strings(GERMAN_MAP))
    assert {"lane.pains", "section.journey", "col.touchpoint", "effort"} <= set(english)  # the check has teeth
    with Visit(browser, reports["A3"] / "bank-account" / "kontoeroeffnung.html") as visit:
        assert visit.page.evaluate("document.documentElement.lang") == "de"
        text = spoken_text(visit.page, GERMAN_MAP)
    assert labels_found(text, english) == {}
    assert labels_found(text, {"lane.pains": labels("de")["lane.pains"]})


@pytest.mark.graphviz
def test_lang_en_gives_the_german_map_english_labels(browser, reports):
    german = foreign_labels("en", user_strings(GERMAN_MAP))
    with Visit(browser, reports["lang-en"] / "kontoeroeffnung.html") as visit:
        assert visit.page.evaluate("document.documentElement.lang") == "en"
        text = spoken_text(visit.page, GERMAN_MAP)
    wanted = {key: labels("en")[key] for key in ("lane.pains", "lane.action", "section.journey", "section.hotspots")}
    assert labels_found(text, wanted) == wanted
    assert labels_found(text, german) == {}


# --------------------------------------------------------------------------- 5. accessibility

STRUCTURE = """() => {
  const text = e => (e ? e.textContent.trim() : '');
  const curve = document.querySelector('figure.curve > svg');
  const labelled = id => document.getElementById(id);
  return {
    h1: document.querySelectorAll('h1').length,
    landmarks: ['header', 'main', 'nav', 'footer'].filter(tag => document.querySelector(tag)),
    sectionsWithoutHeading: [...document.querySelectorAll('section')].filter(s => {
      const heading = labelled(s.getAttribute('aria-labelledby') || '');
      return !heading || !/^H[1-6]$/.test(heading.tagName) || !s.contains(heading) || !text(heading);
    }).map(s => s.id),
    curve: {role: curve.getAttribute('role'), title: text(curve.querySelector(':scope > title')),
            desc: text(curve.querySelector(':scope > desc')),
            labelledBy: (curve.getAttribute('aria-labelledby') || '').split(' ').every(id => text(labelled(id)))},
    images: [...document.querySelectorAll('img')].map(img => (img.getAttribute('alt') || '').trim()),
    tablesWithoutHeaders: [...document.querySelectorAll('table')].filter(t => !t.querySelector('th')).length,
    headersWithoutScope: [...document.querySelectorAll('th')].filter(th =>
      !['row', 'col', 'rowgroup', 'colgroup'].includes(th.getAttribute('scope'))).map(th => text(th)),
  };
}"""

# WCAG 2.x relative luminance and contrast; backgrounds are composited down to the first opaque one.
CONTRAST = """() => {
  const rgba = value => { const m = value.match(/rgba?\\(([^)]*)\\)/); if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const backgrounds = new Map(), opacities = new Map();
  const background = element => {   // own colour over the parent's effective one; the page is white
    if (!element) return [255, 255, 255, 1];
    if (!backgrounds.has(element)) {
      const color = rgba(getComputedStyle(element).backgroundColor);
      backgrounds.set(element, color && color[3] >= 1 ? color
        : color && color[3] > 0 ? over(color, background(element.parentElement)) : background(element.parentElement));
    }
    return backgrounds.get(element);
  };
  const opacity = element => {
    if (!element) return 1;
    if (!opacities.has(element)) {
      opacities.set(element, Number(getComputedStyle(element).opacity) * opacity(element.parentElement));
    }
    return opacities.get(element);
  };
  const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const luminance = c => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
  const failures = [];
  for (const element of document.body.querySelectorAll('*')) {
    const own = [...element.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
    if (!own || element.closest('svg, script, style') || element.getClientRects().length === 0) continue;
    const style = getComputedStyle(element);
    if (style.visibility !== 'visible') continue;
    const back = background(element);
    const ink = rgba(style.color);
    const fore = over([ink[0], ink[1], ink[2], ink[3] * opacity(element)], back);
    const [light, dark] = [luminance(fore), luminance(back)].sort((a, b) => b - a);
    const ratio = (light + 0.05) / (dark + 0.05);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) failures.push(`${element.tagName}.${element.className} "${own.slice(0, 30)}": ` +
      `${ratio.toFixed(2)} < ${needed} (${style.color} on rgb(${back.slice(0, 3).map(Math.round)}))`);
  }
  return failures;
}"""


@pytest.mark.graphviz
@pytest.mark.parametrize("stem", SAMPLE_STEMS)
def test_report_structure_is_accessible(browser, reports, stem):
    with Visit(browser, reports["A3"] / f"{stem}.html") as visit:
        found = visit.page.evaluate(STRUCTURE)
    assert found["h1"] == 1
    assert found["landmarks"] == ["header", "main", "nav", "footer"]
    assert found["sectionsWithoutHeading"] == []
    assert found["curve"]["role"] == "img" and found["curve"]["labelledBy"]
    assert found["curve"]["title"] and found["curve"]["desc"]
    assert found["images"] and all(found["images"])   # the diagram, with its alt text
    assert found["tablesWithoutHeaders"] == 0
    assert found["headersWithoutScope"] == []


@pytest.mark.parametrize("stem", SAMPLE_STEMS)
def test_text_contrast_meets_wcag_aa(browser, reports, stem):
    with Visit(browser, reports["A3"] / f"{stem}.html") as visit:   # print changes sizes, not colours
        assert visit.page.evaluate(CONTRAST) == []
