"""A café map with expectations, a competitor and a SWOT, hostile text in every field a user writes, and its report."""

from __future__ import annotations

from journeymap.analysis.run import analyze
from journeymap.render.html import render_html
from journeymap.rules.pipeline import validate_file

HOSTILE = "<script>alert(1)</script>"

CAFE = f"""\
journeymap: 1
title: Café
lang: {{lang}}
personas:
  - {{{{id: commuter, name: Commuter}}}}
  - {{{{id: tourist, name: Tourist}}}}
phases:
  - {{{{id: order, name: Order}}}}
  - {{{{id: drink, name: Drink}}}}
owners:
  - {{{{id: bar, name: Bar}}}}
competitors:
  - {{{{id: chain, name: "Big Chain {HOSTILE}"}}}}
touchpoints:
  - id: queue
    name: Queue
    phase: order
    owner: bar
    expects: "Coffee ready {HOSTILE}"
    expectation: {{{{commuter: delighted, tourist: 0}}}}
    emotion: frustrated
    benchmark:
      chain: {{{{emotion: 1, effort: 2, rating: 4.2, note: "app {HOSTILE}"}}}}
    next: [sip]
  - id: sip
    name: Sip
    phase: drink
    owner: bar
    expectation: neutral
    emotion: happy
    benchmark:
      chain: {{{{emotion: -1}}}}
opportunities:
  - {{{{id: preorder, title: Pre-order, addresses: [queue]}}}}
swot:
  opportunities: ["Offices next door"]
  threats: ["Chain opens {HOSTILE}"]
"""


def report(path) -> str:
    """The HTML report of a map file."""
    journey = validate_file(path, path.name).journey
    return render_html(journey, analyze(journey), [])
