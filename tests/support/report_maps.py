"""Helpers for the HTML report tests: render in-process, the XSS map, the visible text, the tool's labels."""

from __future__ import annotations

import base64
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import yaml

from journeymap.cli.main import main
from journeymap.i18n.catalog import labels

TODAY = "2026-11-25"
A3_LANDSCAPE = (1190.55, 841.89)   # PDF points
A4_LANDSCAPE = (841.89, 595.28)
RENDERED = 0 if shutil.which("dot") else 2   # without Graphviz a report is still written, and exit 2 says why

# Each one has broken somebody's HTML report: script and title breakouts, attribute breakouts,
# javascript: URLs, entities that must stay text, template syntax, U+2028 (ends a JS string in old
# engines), and an SVG event handler.
PAYLOADS = (
    "<script>alert(1)</script>",
    "</script><script>alert(2)</script>",
    "</title><script>alert(3)</script>",
    '"><img src=x onerror=alert(4)>',
    "javascript:alert(5)",
    "&lt;b&gt;entity&amp;",
    "{{7*7}}",
    "line\u2028separator",
    "<svg onload=alert(6)>",
)
ALL_PAYLOADS = " ".join(PAYLOADS)


def render(*args) -> int:
    """Run `journeymap ARGS...` in-process (outside a test's capsys); returns the exit code."""
    try:
        main([str(a) for a in args])
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    return 0


def evil(field: str) -> str:
    """A text field holding every payload, prefixed by where it sits."""
    return f"{field}: {ALL_PAYLOADS}"


def xss_map() -> dict:
    """A valid map whose every text field is hostile (JSON is valid YAML)."""
    personas = [{"id": pid, "name": evil(f"persona {pid}"), "description": evil("persona description"),
                 "goals": [evil("goal")], "frustrations": [evil("frustration")], "traits": [evil("trait")],
                 "quote": evil("quote"), "share": 0.5, "clv": 800} for pid in ("ada", "bob")]
    return {
        "journeymap": 1, "title": evil("title"), "description": evil("description"), "owner": evil("owner"),
        "currency": "EUR", "personas": personas,
        "phases": [{"id": pid, "name": evil(f"phase {pid}"), "description": evil("phase description"),
                    "goal": evil("phase goal")} for pid in ("find", "buy")],
        "channels": [{"id": "web", "name": evil("channel"), "kind": "digital"}],
        "owners": [{"id": "team", "name": evil("owner name"), "department": evil("department"),
                    "contact": evil("contact")}],
        "touchpoints": [_touchpoint("search", "find", next_step="pay"), _touchpoint("pay", "buy")],
        "opportunities": [{"id": "fix", "title": evil("opportunity"), "addresses": ["pay#slow"], "impact": "high",
                           "cost": "low", "status": "planned", "notes": evil("notes")},
                          # money: the title is a label of the value/cost matrix too
                          {"id": "money", "title": evil("priced opportunity"), "addresses": ["pay"], "effect": 0.3,
                           "cost": 3000, "status": "idea"}],
    }


def _touchpoint(tid: str, phase: str, next_step: str | None = None) -> dict:
    touchpoint = {
        "id": tid, "name": evil(f"touchpoint {tid}"), "phase": phase, "channel": "web", "owner": "team",
        "action": evil("action"), "thoughts": evil("thoughts"), "description": evil("touchpoint description"),
        "emotion": {"ada": -2, "bob": 1}, "effort": 5,
        "pains": [{"id": "slow", "text": evil("pain"), "severity": 5}, evil("short pain")],
        "gains": [{"id": "quick", "text": evil("gain")}, evil("short gain")],
        "backstage": [evil("backstage")], "tags": [evil("tag")],
        "kpis": {"volume": 1000, "churn": 0.2, evil("custom kpi"): 3},
    }
    if next_step:
        touchpoint["next"] = [{"to": next_step, "share": 0.5, "label": evil("edge label")}]
    return touchpoint


def write_xss_map(folder: Path) -> Path:
    path = folder / "xss.journey.yaml"
    path.write_text(json.dumps(xss_map(), indent=1), encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------ text and labels

class _TextCollector(HTMLParser):
    """What a reader sees or hears: text outside script/style, and alt/title/aria-label values."""

    SKIP = {"script", "style"}
    SPOKEN = {"alt", "title", "aria-label"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.images: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
        attributes = dict(attrs)
        self.parts.extend(value for name, value in attrs if name in self.SPOKEN and value)
        if tag == "img" and (attributes.get("src") or "").startswith("data:image/svg+xml;base64,"):
            self.images.append(attributes["src"])

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def report_text(html: str) -> str:
    """The report's text without tags, plus the text drawn in its embedded diagram."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return " ".join(collector.parts + [svg_text(src) for src in collector.images])


def svg_text(data_url: str) -> str:
    """The <text> of a base64 SVG data URL."""
    root = ET.fromstring(base64.b64decode(data_url.split(",", 1)[1]))
    return " ".join("".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text"))


def user_strings(map_path: Path) -> str:
    """Every scalar of the map file and its KPI names, and its feedback files, joined: text the user wrote, in
    whatever language.

    Other keys are the format's own English words (effort, share, ...) and never shown.
    """
    found: list[str] = []

    def walk(node, free_keys: bool = False):
        if isinstance(node, dict):
            for key, value in node.items():
                if free_keys:
                    found.append(str(key))
                walk(value, free_keys=key == "kpis")
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif node is not None:
            found.append(str(node))

    data = yaml.safe_load(map_path.read_text(encoding="utf-8"))
    walk(data)
    # what customers wrote in the map's feedback files is shown too (quotes, unlinked words), as written
    found += [(map_path.parent / source["file"]).read_text(encoding="utf-8") for source in data.get("data") or []
              if source.get("kind") == "feedback" and (map_path.parent / source["file"]).is_file()]
    return "\n".join(found)


def label_pattern(label: str) -> re.Pattern:
    """A label as a whole-word, case-insensitive pattern ({n}-style placeholders match any word)."""
    parts = re.split(r"\{\w+\}", label)
    body = r"\S+".join(re.escape(part) for part in parts)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def foreign_labels(lang: str, user_text: str) -> dict[str, str]:
    """Labels of the other language that differ from `lang`'s and are words, unless the user wrote them too."""
    other = "de" if lang == "en" else "en"
    chosen = {}
    for key, label in labels(other).items():
        if label.lower() == labels(lang)[key].lower() or sum(c.isalpha() for c in label) < 4:
            continue
        if not label_pattern(label).search(user_text):
            chosen[key] = label
    return chosen


def labels_found(text: str, labels: dict[str, str]) -> dict[str, str]:
    return {key: label for key, label in labels.items() if label_pattern(label).search(text)}
