"""Maps for the export tests: a small one for golden output, a tiny one for the JSON golden, a hostile one."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from journeymap.analysis.run import analyze
from journeymap.render.render_input import RenderInput
from journeymap.rules.pipeline import validate_file

TODAY = dt.date(2026, 11, 20)

SMALL_MAP = """\
journeymap: 1
title: "Gym: trial to renewal"
description: |
  Two personas | one gym, <b>no</b> *markup*.

  - not a list
lang: en
personas:
  - {id: lea, name: "Lea, beginner"}
  - {id: sam, name: "Sam"}
phases:
  - {id: join, name: "Join"}
  - {id: train, name: "Train"}
  - {id: renew, name: "Renew"}
  - {id: later, name: "Later"}
channels:
  - {id: app, name: "Member app", kind: digital}
owners:
  - {id: team, name: "Membership team"}
touchpoints:
  - id: trial
    name: "Books a trial: in the app"
    phase: join
    channel: app
    owner: team
    emotion: {lea: neutral, sam: unhappy}
    effort: 2
    kpis: {conversion: 0.8, volume: 1200}
    next: [intro]
  - id: intro
    name: "Intro session"
    phase: train
    owner: team
    personas: [lea]
    effort: 3
    next: [renewal]
  - id: renewal
    name: "=Renewal letter"
    phase: renew
    owner: team
    emotion: frustrated
    effort: 6
    pains:
      - {id: lock-in, text: "12-month lock-in", severity: 5}
      - "Letter arrives late"
    kpis:
      churn: {value: 0.42, target: 0.2}
      my_kpi: 7
opportunities:
  - {id: monthly, title: "Offer monthly renewal", addresses: [renewal], owner: team, impact: high, cost: low}
"""

TINY_MAP = """\
journeymap: 1
title: "Tiny"
personas:
  - {id: lea, name: "Lea"}
phases:
  - {id: join, name: "Join"}
owners:
  - {id: team, name: "Team"}
touchpoints:
  - {id: signup, name: "Signs up", phase: join, owner: team, emotion: unhappy, effort: 4, kpis: {nps: 10}}
"""

# Everything Mermaid's journey grammar reads as syntax, in every place user text goes: field
# separators, comments, directives, keywords at the start of a task, line breaks, <br>, names
# that start with blanks or are equal; and text that must survive (umlauts, CJK, emoji with ZWJ).
HOSTILE_MAP = r"""
journeymap: 1
title: "Hostile: #1; 100%% sure <b>bold</b>\nsecond line"
lang: de
personas:
  - {id: anna, name: "Anna, Ärztin: #1; 👩‍💻"}
  - {id: bob, name: "Bob\nBauer, 52"}
  - {id: twin-a, name: "Twin"}
  - {id: twin-b, name: "Twin"}
  - {id: blank, name: "\n\t Blank"}
phases:
  - {id: p1, name: "Phase 1: Suche #a; b"}
  - {id: p2, name: "section: 漢字 Übersicht"}
  - {id: p3, name: "\n3"}
owners: [{id: o, name: "O"}]
touchpoints:
  - {id: t1, name: "Title deed: check", phase: p1, owner: o, emotion: happy, next: [t2]}
  - {id: t2, name: "Section two; with # hash", phase: p1, owner: o, personas: [anna, bob], next: [t3]}
  - {id: t3, name: "journey", phase: p2, owner: o, emotion: {anna: -1, bob: 0}, next: [t4]}
  - {id: t4, name: "accDescr { not a description", phase: p2, owner: o, next: [t5]}
  - {id: t5, name: "%%{init: {'theme': 'dark'}}%%", phase: p2, owner: o, next: [t6]}
  - {id: t6, name: "a%%b <br> c", phase: p3, owner: o, next: [t7]}
  - {id: t7, name: "Zahlt 10 € 🎉 — 漢字, Ümläut\r\nzweite Zeile\u2028dritte", phase: p3, owner: o, next: [t8]}
  - {id: t8, name: " \t 8 ", phase: p3, owner: o, personas: [], next: [t9]}
  - {id: t9, name: "accTitle: x", phase: p3, owner: o}
"""


def write_map(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def render_input(path: Path, display: str | None = None, *, persona: str | None = None,
                 lang: str | None = None) -> RenderInput:
    """Validate and analyse a map as `journeymap render` does; the map must have no errors."""
    result = validate_file(path, display, today=TODAY)
    assert result.journey is not None and not result.has_errors, result.diagnostics
    return RenderInput(result.journey, analyze(result.journey, persona), result.diagnostics, lang=lang)
