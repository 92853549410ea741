"""The emotion scale is defined once (model/emotion.py): the format, labels, palette and importer all read it."""

from __future__ import annotations

import ast

import pytest

from journeymap.i18n.catalog import LANGUAGES, labels
from journeymap.importers.mapping import EMOTIONS, SCALE
from journeymap.model.emotion import LEVELS, WORDS, nearest
from journeymap.model.format import Touchpoint
from journeymap.render.palette import EMOTION_COLORS, EMOTION_TEXT, emotion_step, emotion_word

from support.paths import ROOT

EMOTION_MODULE = ROOT / "journeymap" / "model" / "emotion.py"


def test_five_levels_from_frustrated_to_delighted():
    assert [(level.value, level.word) for level in LEVELS] == [
        (-2, "frustrated"), (-1, "unhappy"), (0, "neutral"), (1, "happy"), (2, "delighted")]
    assert WORDS == {"frustrated": -2, "unhappy": -1, "neutral": 0, "happy": 1, "delighted": 2}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_level_has_a_label_in_every_language(lang):
    for level in LEVELS:
        assert labels(lang)[level.label], (lang, level.word)
    assert labels("en")["emotion.delighted"] == "delighted" and labels("de")["emotion.delighted"] == "begeistert"


def test_a_value_takes_the_nearest_level_within_the_scale():
    assert [nearest(v).word for v in (-9, -1.6, -0.4, 0.5, 1.5, 7)] == [
        "frustrated", "frustrated", "neutral", "neutral", "delighted", "delighted"]
    assert emotion_step(-1.4) == -1 and emotion_word(1.2, "de") == "zufrieden"


def test_the_format_accepts_each_word_for_its_value():
    for level in LEVELS:
        touchpoint = Touchpoint.model_validate({"id": "a", "name": "A", "phase": "p", "emotion": level.word})
        assert touchpoint.emotion == level.value


def test_the_palette_and_the_mermaid_scores_come_from_the_scale():
    assert EMOTION_COLORS == {level.value: level.colour for level in LEVELS}
    assert EMOTION_TEXT == {level.value: level.text_colour for level in LEVELS}
    assert EMOTIONS == {5: "delighted", 4: "happy", 3: "neutral", 2: "unhappy", 1: "frustrated"}
    assert SCALE == "5 delighted, 4 happy, 3 neutral, 2 unhappy, 1 frustrated"


def test_the_scale_imports_nothing():
    tree = ast.parse(EMOTION_MODULE.read_text(encoding="utf-8"))
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    modules |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert modules <= {"__future__", "typing"}
