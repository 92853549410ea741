"""How a poster is laid out on its paper: the type size, and which phases go on which sheet.

Everything is decided here, before Chromium sees the page, from an estimate of how many lines
each text takes, so that the same map on the same paper always gives the same sheets (and a
test can predict them). Sizes are in rem: 1 rem is the body text, whose size in points the
paper and the zoom set. The estimate errs on the wide side (characters counted wider than DejaVu
Sans draws them), so a sheet Chromium prints never spills onto a second page.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from journeymap.render.options import paper_mm

# On A1 the acceptance asks for touchpoint names of 14 pt and body text of 10 pt at least: these are the
# sizes at zoom 1, and nothing on the poster is smaller than the body text.
BODY_PT = 11.0
A1_LONG_MM = 841
# Smaller sheets are read from nearer, larger ones hold more: type follows the paper's long side, but not in
# proportion (A3 gets 0.66 of A1's type, A0 1.23), so an A3 print stays legible at arm's length.
SCALE_POWER = 0.6
MARGIN_EM = 1.3              # around the sheet
LANE_HEAD_EM = 11            # the column of lane names
MIN_COLUMN_EM = 11.5         # a touchpoint's column: about 19 characters of body text on a line
MAX_ZOOM, ZOOM_STEP = 2.4, 0.05
GAP, PAD = 0.45, 1.3         # space between paragraphs of a cell; a cell's padding (top and bottom) and rule
# The emotion curve takes what is left (a 1fr row). The estimate keeps 12 rem for it; the page lets it shrink to
# 8 rem before anything moves, room for the estimate to be a little short.
CURVE_MIN_EM, CURVE_FLOOR_EM = 12, 8
TITLE_SHARE = 0.55           # of the sheet's width, beside the personas
PERSONA_EM = 22              # a persona card's widest
QUOTE_LINES = 3              # a persona's quote is cut after three lines (poster.css)
LEGEND_FILL = 0.75           # the legend's chips, marks and gaps take a quarter of its line besides the words
# What poster.css gives each kind of paragraph: size (rem), line height, the average width of a character in
# em (measured on DejaVu Sans: 0.52 regular, 0.60 bold; counted wider, to err on the safe side), and the
# paragraph's own padding and margins in rem.
STYLES = {"body": (1.0, 1.3, 0.55, 0), "bold": (1.0, 1.3, 0.63, 0), "meta": (1.0, 1.3, 0.55, 0.2),
          "mot": (1.0, 1.3, 0.63, 0.2), "box": (1.0, 1.3, 0.55, 0.25), "box-bold": (1.0, 1.3, 0.63, 0.25),
          "mark": (1.0, 1.3, 0.6, 0.5), "name": (1.5, 1.2, 0.63, 0), "phase": (2.2, 1.2, 0.63, 0),
          "title": (3.4, 1.15, 0.63, 0), "persona": (1.3, 1.3, 0.63, 0), "label": (1.6, 1.3, 0.63, 0.6)}
MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class Plan:
    body_pt: float                       # 1 rem, in points
    width_mm: float
    height_mm: float
    sheets: tuple[tuple[int, int], ...]  # each sheet's columns, as columns[start:stop]

    @property
    def name_pt(self) -> float:
        """The size of the touchpoints' names, in points."""
        return self.body_pt * STYLES["name"][0]


@dataclass(frozen=True)
class Frame:
    """What stands on every sheet around the grid: the title, the persona cards, the sheet's label, the footer."""

    title: str
    personas: tuple[tuple[str, bool, str], ...] = ()   # each card's name, whether it has a share, its quote
    label: str = ""                      # 'Sheet 2 of 3 · phases …', as long as the longest
    footer: tuple[str, ...] = ()         # the legend and the hotspot line, each across the sheet

    def height_em(self, page_em: float, labelled: bool) -> float:
        """The header, the footer, and the gaps between them and the grid, on a sheet page_em wide
        (labelled: the poster has several sheets, each says which it is under the title)."""
        title_em = page_em * TITLE_SHARE
        title = _lines(self.title, title_em, "title") * 3.4 * 1.15 + 1.3 + 1.2 * 1.3
        if labelled:
            title += estimate([(self.label, "label")], title_em, pad=0)
        card_em = self._card_em(page_em)
        cards = [_lines(name, card_em, "persona") * 1.3 * 1.3 + 1.3 * share + 1.3 * min(QUOTE_LINES, _lines(
            quote, card_em, "body")) * bool(quote) + 0.4 for name, share, quote in self.personas]
        header = max([title, *cards]) + 1.2
        footer = sum(estimate([text], page_em * (LEGEND_FILL if index == 0 else 1), pad=0)
                     for index, text in enumerate(self.footer)) + 1.5
        return header + footer + 2

    def _card_em(self, page_em: float) -> float:
        room = page_em * (1 - TITLE_SHARE) - 2
        count = max(1, len(self.personas))
        return min(PERSONA_EM, (room - (count - 1)) / count) - 1.9


def paper_scale(paper: str, portrait: bool = False) -> float:
    """The type size of this paper against A1's."""
    return (max(paper_mm(paper, portrait)) / A1_LONG_MM) ** SCALE_POWER


def plan(columns: list[dict], phases: list[int], frame: Frame, *, paper: str, portrait: bool = False) -> Plan:
    """The sheets and type size for these columns. phases: how many columns each phase has, in order;
    a column is {row: [paragraph, ...], "span": columns of its phase}, a paragraph a text (body) or
    (text, style). Fewest sheets first, then the largest type."""
    width_mm, height_mm = paper_mm(paper, portrait)
    base_pt = BODY_PT * paper_scale(paper, portrait)
    fits_across = max(1, math.floor(_width_em(width_mm, base_pt) / MIN_COLUMN_EM))
    for count in range(max(1, math.ceil(len(columns) / fits_across)), len(columns) + 1):
        runs = split(phases, count, fits_across)
        if runs is None:
            continue
        zoom = _largest_zoom(columns, runs, width_mm, height_mm, base_pt, frame)
        if zoom is not None or count == len(columns):   # a column too tall for any sheet still gets one
            return Plan(round(base_pt * (zoom or 1.0), 2), width_mm, height_mm, tuple(runs))
    raise AssertionError("unreachable: a sheet per column always gives a plan")


def split(phases: list[int], count: int, capacity: int) -> list[tuple[int, int]] | None:
    """Columns cut into `count` sheets of at most `capacity` columns, at phase borders, as even as can be;
    a phase wider than a sheet is cut too. None when `count` sheets cannot hold them."""
    pieces = [size for whole in phases for size in _chunks(whole, capacity)]
    if count > len(pieces):
        return None
    best = _even_cut(pieces, count)
    if best is None or max(sum(pieces[a:b]) for a, b in best) > capacity:
        return None
    offsets = [0]
    for size in pieces:
        offsets.append(offsets[-1] + size)
    return [(offsets[a], offsets[b]) for a, b in best]


def _chunks(size: int, capacity: int) -> list[int]:
    """A phase of `size` columns in pieces of at most `capacity`, as even as can be."""
    parts = math.ceil(size / capacity)
    return [size // parts + (1 if i < size % parts else 0) for i in range(parts)]


def _even_cut(pieces: list[int], count: int) -> list[tuple[int, int]] | None:
    """Split pieces into `count` consecutive groups so that the widest group is as narrow as can be
    (the linear partition problem; a map has tens of phases, so a plain table does)."""
    prefix = [0]
    for size in pieces:
        prefix.append(prefix[-1] + size)
    best: dict[tuple[int, int], tuple[int, int]] = {(0, 0): (0, 0)}   # (groups, pieces) -> (widest, last cut)
    for groups in range(1, count + 1):
        for end in range(groups, len(pieces) + 1):
            options = [(max(best[groups - 1, cut][0], prefix[end] - prefix[cut]), cut)
                       for cut in range(groups - 1, end) if (groups - 1, cut) in best]
            if options:
                best[groups, end] = min(options)
    if (count, len(pieces)) not in best:
        return None
    cuts, end = [], len(pieces)
    for groups in range(count, 0, -1):
        cut = best[groups, end][1]
        cuts.append((cut, end))
        end = cut
    return cuts[::-1]


def _largest_zoom(columns, runs, width_mm, height_mm, base_pt, frame: Frame) -> float | None:
    """The largest zoom (1 .. MAX_ZOOM) at which every sheet's columns are wide enough and its lanes fit."""
    for step in range(round((MAX_ZOOM - 1) / ZOOM_STEP), -1, -1):
        body_pt = base_pt * (1 + step * ZOOM_STEP)
        fixed = frame.height_em(width_mm / (body_pt * MM_PER_PT) - 2 * MARGIN_EM, len(runs) > 1)
        if all(_sheet_fits(columns[start:stop], width_mm, height_mm, body_pt, fixed) for start, stop in runs):
            return 1 + step * ZOOM_STEP
    return None


def _sheet_fits(columns, width_mm, height_mm, body_pt, fixed) -> bool:
    column_em = _width_em(width_mm, body_pt) / len(columns)
    if column_em < MIN_COLUMN_EM:
        return False
    return fixed + _grid_em(columns, column_em) + CURVE_MIN_EM <= _height_em(height_mm, body_pt)


def _width_em(width_mm: float, body_pt: float) -> float:
    """The width the touchpoint columns share, in rem."""
    return width_mm / (body_pt * MM_PER_PT) - 2 * MARGIN_EM - LANE_HEAD_EM


def _height_em(height_mm: float, body_pt: float) -> float:
    return height_mm / (body_pt * MM_PER_PT) - 2 * MARGIN_EM


def _grid_em(columns: list[dict], column_em: float) -> float:
    """The height of the journey grid without its curve: each row as tall as its tallest cell (a phase's
    header spans the phase's columns on the sheet)."""
    rows = dict.fromkeys(row for column in columns for row in column if row != "span")
    height = 0.0
    for row in rows:
        widths = [column_em * min(column.get("span", 1), len(columns)) if row == "phase" else column_em
                  for column in columns]
        height += max(estimate(column.get(row, ()), width) for column, width in zip(columns, widths))
    return height


def estimate(paragraphs, width_em: float, *, pad: float = PAD) -> float:
    """The height in rem of a cell holding these paragraphs (a text, or (text, style)) in a column this wide."""
    if not paragraphs:
        return 0.0
    height = 0.0
    for paragraph in paragraphs:
        text, style = (paragraph, "body") if isinstance(paragraph, str) else paragraph
        size, line_height, _, extra = STYLES[style]
        height += _lines(text, width_em - 1, style) * size * line_height + extra
    return height + GAP * (len(paragraphs) - 1) + pad


def _lines(text: str, width_em: float, style: str) -> int:
    """How many lines a text wraps to in this width: greedy at spaces and hyphens, as a browser does."""
    size, _, char, _ = STYLES[style]
    return max(1, len(textwrap.wrap(text, max(1, math.floor(width_em / (size * char))), break_on_hyphens=True)))

