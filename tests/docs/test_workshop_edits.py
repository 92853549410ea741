"""docs/workshops.md, "What an edit changes in the file": every example edit makes exactly the diff and summary shown."""

from __future__ import annotations

import difflib
import json
import re

import pytest

from journeymap.serve.edit.apply import edit_text
from journeymap.serve.edit.summary import worded

from support.paths import ROOT

SECTION = (ROOT / "docs" / "workshops.md").read_text(encoding="utf-8").split("#### Examples", 1)[1].split("\n#### ")[0]
MAP = re.search(r"^```yaml\n(.*?)^```", SECTION, flags=re.M | re.S).group(1)
EXAMPLES = re.findall(r"^```json\n(.*?)\n```\n\n```diff\n(.*?)\n```\n\nSummary: (.*?)\n", SECTION, flags=re.M | re.S)


def test_the_section_shows_every_kind_of_edit():
    shown = {json.loads(edit)["op"] for edit, _, _ in EXAMPLES}
    assert shown == {"set", "emotion", "kpi", "remove-kpi", "set-opportunity", "remove-opportunity", "add-touchpoint",
                     "remove-touchpoint", "move-touchpoint", "add-phase", "rename-phase", "move-phase"}


@pytest.mark.parametrize("edit, diff, summary", EXAMPLES, ids=[e for e, _, _ in EXAMPLES])
def test_an_example_edit_makes_the_diff_shown(edit, diff, summary):
    applied = edit_text(MAP, json.loads(edit))
    made = [line for line in difflib.unified_diff(MAP.splitlines(), applied.text.splitlines(), lineterm="", n=1)
            if not line.startswith(("---", "+++"))]
    assert made == diff.split("\n")
    assert worded(applied.said, "en") == summary
