"""Counts as people write them: "1 map", "2 maps", "1 KPI did not move." — one rule (i18n.numbers.plural_form)
for every count in the terminal, the CI summary and the pages, in English and German."""

from __future__ import annotations

import re

import pytest

from journeymap.i18n.catalog import LANGUAGES, counted_label, labels, plural_key
from journeymap.i18n.numbers import counted, plural_form

from support.maps import MINIMAL_MAP, SIGNUP, WELCOME, map_with
from support.paths import ROOT

ONE_WARNING = map_with(touchpoints=[SIGNUP, '{id: welcome, name: "Gets a welcome mail", phase: stay}'])  # no-owner


@pytest.mark.parametrize("count, noun, other, text", [
    (0, "map", None, "0 maps"), (1, "map", None, "1 map"), (2, "map", None, "2 maps"),
    (1, "opportunity", "opportunities", "1 opportunity"), (3, "opportunity", "opportunities", "3 opportunities"),
    (7000, "case", None, "7,000 cases"),
])
def test_counted_takes_the_singular_for_exactly_one(count, noun, other, text):
    assert counted(count, noun, other) == text


def test_english_and_german_share_the_one_rule():
    assert [plural_form(n, lang) for lang in LANGUAGES for n in (0, 1, 2, 1.5)] == ["other", "one", "other", "other"] * 2


def test_a_singular_entry_words_the_same_values_as_its_plural():
    for lang in LANGUAGES:
        for table, entries in (("labels", labels(lang)), ("messages", labels(lang, "messages")),
                               ("serve", labels(lang, "serve")), ("site", labels(lang, "site"))):
            for key in [k for k in entries if k.endswith(".one")]:
                base = key.removesuffix(".one")
                assert base in entries, (lang, table, key)
                assert sorted(re.findall(r"\{(\w+)\}", entries[key])) == sorted(re.findall(r"\{(\w+)\}", entries[base]))
    assert counted_label("de", "trend.unmoved", 1).format(n=1) == "1 Kennzahl hat sich nicht bewegt."
    assert counted_label("de", "trend.unmoved", 2).format(n=2) == "2 Kennzahlen haben sich nicht bewegt."
    assert plural_key("trend.legend", 1) == "trend.legend"     # no singular of its own: the one entry


def test_no_count_is_pluralized_by_hand():
    """Every count phrase goes through the one rule: no `'s' if n != 1` and no `== 1 else` in code or templates."""
    by_hand = re.compile(r"""['"]s['"] if |\{['"]['"] if |== 1 else t\[""")
    found = [f"{path.relative_to(ROOT)}:{number}" for path in sorted((ROOT / "journeymap").rglob("*"))
             if path.suffix in (".py", ".j2") for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
             if by_hand.search(line)]
    assert found == []


# ------------------------------------------------------------------------------ what a user sees

def test_validate_counts_one_map_and_one_warning(jm, write):
    run = jm("validate", write("m.journey.yaml", ONE_WARNING))
    assert run.err.splitlines()[-1] == "1 map checked: 0 errors, 1 warning"


def test_render_counts_one_file(jm, write, tmp_path):
    run = jm("render", write("m.journey.yaml", MINIMAL_MAP), "-o", tmp_path / "out", "-f", "json")
    assert run.err.splitlines()[-1].startswith("1 map: 1 rendered (1 file), 0 unchanged;")


def test_the_ci_summary_counts_one_map_and_one_warning(jm, write, tmp_path):
    path = write("m.journey.yaml", ONE_WARNING)
    assert jm("render", path, "-o", tmp_path / "out", "-f", "json", "--summary", tmp_path / "s.md").code == 0
    summary = (tmp_path / "s.md").read_text(encoding="utf-8")
    assert "1 map · 1 rendered · 0 unchanged · 0 with errors" in summary
    assert "**✅ rendered** · 0 errors, 1 warning" in summary


@pytest.mark.parametrize("lang, status", [("en", "✔ valid, 1 warning"), ("de", "✔ gültig, 1 Warnung")])
def test_the_report_header_counts_one_warning(jm, write, tmp_path, lang, status):
    path = write("m.journey.yaml", ONE_WARNING)
    assert jm("render", path, "-o", tmp_path / lang, "-f", "html", "--lang", lang).code == 0
    html = (tmp_path / lang / "m.html").read_text(encoding="utf-8")
    assert status in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize("lang, cell", [("en", "✖ 1 error, 1 warning"), ("de", "✖ 1 Fehler, 1 Warnung")])
def test_the_served_index_counts_one_error_and_one_warning(lang, cell):
    from journeymap.serve.pages import index_page

    entry = {"url": "/m", "title": "Map", "key": "m.journey.yaml", "errors": 1, "warnings": 1, "projector": "/p"}
    html = index_page([entry], csrf="token", lang=lang)
    assert cell in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_a_comparison_with_one_better_touchpoint_says_so_in_the_singular(jm, write):
    old = write("old.journey.yaml", map_with(touchpoints=[SIGNUP.replace("next:", "effort: 6, next:"), WELCOME]))
    new = write("new.journey.yaml", map_with(touchpoints=[SIGNUP.replace("next:", "effort: 2, next:"), WELCOME]))
    text = jm("compare", old, new).out
    assert "1 touchpoint with less friction" in text
    for lang, words in (("en", "1 touchpoint with less friction"), ("de", "1 Kontaktpunkt mit weniger Reibung")):
        html = jm("compare", old, new, "--format", "html", "--lang", lang).out
        assert words in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
