"""The poster's layout, decided before Chromium prints: how many columns a sheet holds, where sheets are cut
(at phase borders, as evenly as can be), and how large the type is. No browser needed."""

from __future__ import annotations

import pytest

from journeymap.render.poster_layout import Frame, paper_scale, plan, split


def columns(count: int, action: str = "Taps the button") -> list[dict]:
    """Touchpoint columns as the layout reads them: one phase each, a short name and an action."""
    return [{"span": 1, "phase": [("Phase", "phase")], "touchpoint": [(f"Step {n}", "name")], "action": [action]}
            for n in range(count)]


def sheets_of(count: int, paper: str = "A1", action: str = "Taps the button") -> tuple:
    return plan(columns(count, action), [1] * count, Frame("A journey"), paper=paper).sheets


@pytest.mark.parametrize("phases, count, expected", [
    ([3, 3, 4, 3, 4], 2, [(0, 10), (10, 17)]),        # the shop: whole phases, the wider sheet as narrow as can be
    ([4] * 10, 3, [(0, 12), (12, 24), (24, 40)]),     # 40 columns in 10 phases: 12 + 12 + 16
    ([20], 2, [(0, 10), (10, 20)]),                   # one phase wider than a sheet is cut in two halves
    ([5, 20, 5], 3, [(0, 5), (5, 15), (15, 30)]),     # …and its halves keep their neighbours' sheets apart
])
def test_split_cuts_at_phase_borders_as_evenly_as_can_be(phases, count, expected):
    assert split(phases, count, 17) == expected


def test_split_refuses_too_few_sheets():
    assert split([10, 10], 1, 17) is None       # 20 columns on one sheet of 17
    assert split([10, 10, 10], 2, 17) is None   # whole phases: 20 + 10 would overfill the first


@pytest.mark.parametrize("paper, across", [("A1", 17), ("A3", 13), ("A0", 20)])
def test_a_sheet_holds_as_many_columns_as_its_width_allows(paper, across):
    """Columns at least 11.5 rem wide, the rem scaled to the paper: A1 holds 17, A3 13, A0 20."""
    assert sheets_of(across, paper) == ((0, across),)
    assert len(sheets_of(across + 1, paper)) == 2


def test_long_texts_cut_the_map_into_more_sheets_than_its_width_needs():
    long_action = "Reads the terms and conditions, every clause of them, twice. " * 80
    assert len(sheets_of(10)) == 1
    assert len(sheets_of(10, action=long_action)) > 1


def test_type_is_never_below_the_a1_minimum_and_grows_on_a_sparse_map():
    crowded = plan(columns(17), [1] * 17, Frame("A journey"), paper="A1")
    sparse = plan(columns(4), [1] * 4, Frame("A journey"), paper="A1")
    assert crowded.body_pt >= 11 and crowded.name_pt >= 16.5
    assert 11 * 1.5 < sparse.body_pt <= 11 * 2.4


def test_type_follows_the_paper_but_less_than_in_proportion():
    assert paper_scale("A1") == 1
    assert paper_scale("A1", portrait=True) == 1
    assert 0.6 < paper_scale("A3") < 0.7 and 1.2 < paper_scale("A0") < 1.25
