"""The catalogues en.toml and de.toml: the same keys and placeholders, read on demand, and no German left in Python."""

from __future__ import annotations

import ast
import re
import string
import subprocess
import sys
import tomllib

import pytest

from journeymap.i18n.catalog import LANGUAGES, Phrase, Term, catalogue, labels, phrase

from support.paths import ROOT

PACKAGE = ROOT / "journeymap"
CATALOGUES = {lang: tomllib.loads((PACKAGE / "i18n" / f"{lang}.toml").read_text(encoding="utf-8"))
              for lang in LANGUAGES}
GERMAN_WORD = re.compile(r"\w*[äöüÄÖÜß]\w*")


def entries(lang: str) -> dict[tuple[str, str], object]:
    return {(table, key): value for table, words in CATALOGUES[lang].items() for key, value in words.items()}


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_every_language_has_the_same_tables_and_keys():
    assert set(CATALOGUES) == {"en", "de"}
    for lang in LANGUAGES:
        assert sorted(CATALOGUES[lang]) == ["labels", "lsp", "messages", "serve", "site"], lang
        assert sorted(entries(lang)) == sorted(entries("en")), lang


def test_every_entry_is_text_with_the_same_placeholders_in_every_language():
    english = entries("en")
    for lang in LANGUAGES:
        for where, text in entries(lang).items():
            assert isinstance(text, str) and text.strip(), (lang, where)
            assert placeholders(text) == placeholders(english[where]), (lang, where)


def test_lookups_read_the_catalogue_once_and_fall_back_to_english():
    assert labels("de")["lane.notes"] == "Workshop-Notizen"
    assert labels("de") is labels("de") and catalogue("de") is catalogue("de")
    assert labels("fr") == labels("en")
    assert labels("de", "serve")["save"] == "Speichern"


def test_a_phrase_is_worded_in_each_language_with_its_values_localized():
    said = phrase("kpi-below-target", kpi=Term("kpi.churn", "churn"), value=-0.25, basis="",
                  touchpoint="cart", target=0.2, better=phrase("better.lower"), unit="")
    assert said.text("en") == "churn -0.25 at 'cart' is worse than its target 0.2 (lower is better)"
    assert said.text("de") == "Abwanderung −0,25 bei „cart“ verfehlt das Ziel 0,2 (niedriger ist besser)"
    assert isinstance(said, Phrase) and said.text() == said.text("en")


def test_loading_waits_for_the_first_word():
    """Importing the rules (every validate does) leaves the catalogues and the TOML parser unread."""
    probe = "import sys, journeymap.rules.pipeline, journeymap.rules.registry; print('tomllib' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         cwd=PACKAGE.parent)
    assert run.stdout.strip() == "False"


def python_sources():
    return sorted(PACKAGE.rglob("*.py"))


def strings_in(path: Path):
    """Every string literal of a module but its docstrings (they document, they do not label)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


@pytest.mark.parametrize("path", python_sources(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_german_label_is_left_in_python_source(path):
    english = entries("en")
    german = {text for where, text in entries("de").items() if text != english[where] and len(text) > 3}
    found = [(line, text) for line, text in strings_in(path)
             if text in german or any(len(word) > 1 for word in GERMAN_WORD.findall(text))]
    assert found == [], f"German text in {path.relative_to(PACKAGE)}: move it to journeymap/i18n/de.toml"


def test_i18n_imports_nothing_of_the_project_but_itself():
    for path in (PACKAGE / "i18n").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("journeymap"):
                assert node.module.startswith("journeymap.i18n"), (path.name, node.module)
