"""The docs cannot drift: docs/rules.md is generated from the rules, and the docs cover the format spec."""

import importlib.util
import os
import re

import pytest

from support.paths import ROOT

SPEC = ROOT.parent / "shared" / "spec" / "format-v1.md"
DOCS = ROOT / "docs"


def load_generator():
    spec = importlib.util.spec_from_file_location("gen_rules_doc", ROOT / "scripts" / "gen_rules_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def spec_section(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end, text.index(start))]


def spec_rule_ids(text: str) -> set[str]:
    """The backticked ids of the Errors/Warnings paragraphs, without the examples in parentheses."""
    rules = spec_section(text, "Errors:", "Exit codes")
    while re.search(r"\([^()]*\)", rules):
        rules = re.sub(r"\([^()]*\)", "", rules)
    return set(re.findall(r"`([a-z0-9-]+)`", rules))


def spec_top_level_keys(text: str) -> set[str]:
    table = spec_section(text, "## Top level", "\n## ")
    return set(re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.MULTILINE))


def test_rules_md_is_generated_from_the_rule_docstrings():
    assert (DOCS / "rules.md").read_text(encoding="utf-8") == load_generator().render(), \
        "docs/rules.md is out of date: run python3 scripts/gen_rules_doc.py"


def test_docs_cover_every_rule_id_and_top_level_key_of_the_spec():
    if not SPEC.is_file():  # CI and developers have ../shared beside the clone; a stray clone may not
        if os.environ.get("CI"):
            pytest.fail(f"the format spec is expected beside the project at {SPEC}")
        pytest.skip(f"no format spec at {SPEC}")
    text = SPEC.read_text(encoding="utf-8")
    rule_ids, keys = spec_rule_ids(text), spec_top_level_keys(text)
    assert len(rule_ids) >= 19 and len(keys) >= 15, (rule_ids, keys)  # the spec parsed as expected
    rules_doc = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert sorted(r for r in rule_ids if f"\n## {r}\n" not in rules_doc) == []
    format_doc = (DOCS / "format.md").read_text(encoding="utf-8")
    assert sorted(k for k in keys if f"`{k}`" not in format_doc) == []


def test_the_ci_examples_are_valid_yaml_and_json():
    import json
    import textwrap

    import yaml

    text = (DOCS / "ci.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^( *)```(yaml|json)\n(.*?)^\1```", text, flags=re.MULTILINE | re.DOTALL)
    assert len(blocks) >= 8
    for indent, language, body in blocks:
        body = textwrap.dedent(body)
        parsed = yaml.safe_load(body) if language == "yaml" else json.loads(body)
        assert parsed is not None, body


def test_the_findings_shown_in_rules_md_are_what_validate_prints(validate, tmp_path):
    """A ```yaml example followed by the ```text finding it gives (file m.journey.yaml): run it."""
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    example_then_finding = r"```yaml\n((?:(?!```).)*)```\n\n[^`\n]*\n\n```text\n(m\.journey\.yaml:.*?)```"
    pairs = re.findall(example_then_finding, text, flags=re.DOTALL)
    assert len(pairs) >= 2
    for example, shown in pairs:
        (tmp_path / "m.journey.yaml").write_text(example, encoding="utf-8")
        run = validate("m.journey.yaml", cwd=tmp_path)
        assert run.code == 1 and set(shown.splitlines()) <= set(run.lines), (shown, run.out)


def test_the_editor_settings_are_valid_json_and_toml_and_start_journeymap_lsp():
    import json
    import tomllib

    text = (DOCS / "editors.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```(json|toml|lua|elisp)\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    assert sorted({language for language, _ in blocks}) == ["elisp", "json", "lua", "toml"]
    for language, body in blocks:
        if language == "json":
            settings = json.loads(body)
            assert [settings["glspc.server.command"], *settings["glspc.server.commandArguments"]] == ["journeymap", "lsp"]
        elif language == "toml":
            assert tomllib.loads(body)["language-server"]["journeymap"] == {"command": "journeymap", "args": ["lsp"]}
        else:
            assert '"journeymap" "lsp"' in body or '"journeymap", "lsp"' in body, body
