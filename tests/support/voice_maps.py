"""A café map with expectations, a competitor and a SWOT, hostile text in every field a user writes, and its report."""

from __future__ import annotations

from pathlib import Path

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


# A café whose feedback file (reviews(), 45 German and English rows) links by keyword and explicitly.
FEEDBACK_MAP = """\
journeymap: 1
title: Café
personas:
  - {id: lea, name: Lea}
  - {id: ben, name: Ben}
phases:
  - {id: visit, name: Visit}
owners:
  - {id: bar, name: Bar}
touchpoints:
  - id: queue
    name: Queue
    phase: visit
    owner: bar
    emotion: happy
    listen: ["wart*", queue, Schlange]
    next: [coffee]
  - {id: coffee, name: Coffee, phase: visit, owner: bar, emotion: happy, listen: [Kaffee, coffee], next: [staff]}
  - {id: staff, name: Staff, phase: visit, owner: bar, emotion: neutral, listen: [freundlich, friendly], next: [pay]}
  - {id: pay, name: Pays, phase: visit, owner: bar, emotion: neutral}
opportunities:
  - {id: fix, title: Fix it, addresses: [queue]}
data:
  - {file: feedback.csv, kind: feedback, text_column: text, rating_column: stars, date_column: date,
     source_column: site, touchpoint_column: touchpoint}
"""


def reviews() -> list[tuple]:
    """(text, stars, date, site, touchpoint): 45 rows."""
    rows = []
    for i in range(1, 13):   # 12 one-star rows on waiting, by keyword: the planted contradiction
        text = "Die Wartezeit war endlos" if i % 2 else "The queue took forever"
        rows.append((text, 1, f"2026-10-{i:02}", "Google" if i % 2 else "Trustpilot", ""))
    for i in range(1, 6):    # 10 on coffee: five 5-star in German, five 4-star in English
        rows.append(("Der Kaffee ist großartig", 5, f"2026-10-2{i}", "Google", ""))
        rows.append(("Great coffee!", 4, f"2026-10-2{i}", "Yelp", ""))
    for i in range(1, 5):    # 8 explicitly at pay; an explicit link wins over the keyword 'Schlange'
        text = "Kartenzahlung, aber lange Schlange" if i == 1 else "Kartenzahlung ging schnell"
        rows.append((text, 4, f"2026-09-0{i}", "Survey", "pay"))
        rows.append(("Card reader broken", 2, f"2026-09-1{i}", "Survey", "pay"))
    for i in range(1, 5):    # 4 that name coffee and the queue: linked to both
        rows.append(("Kaffee gut, aber die Schlange war lang", 3, f"2026-11-0{i}", "Google", ""))
    rows.append(("Sehr freundlich", 5, "2026-11-10", "Google", ""))
    rows.append(("Friendly barista", 5, "2026-11-11", "Yelp", ""))
    rows += [("Parkplatz fehlt", 2, "2026-11-12", "Google", "")] * 3   # 9 rows no touchpoint takes
    rows += [("Music too loud", 3, "2026-11-13", "Yelp", "")] * 2
    rows.append(("Toilette sauber", 4, "2026-11-14", "Google", ""))
    rows += [("Erwartung übertroffen", 5, "2026-11-15", "Google", "")] * 2   # 'wart*' is a word's start only
    rows.append(("Der Wärter war nett", 4, "2026-11-16", "Google", ""))
    return rows


def csv_text(rows) -> str:
    return "text,stars,date,site,touchpoint\n" + "".join(f'"{t}",{s},{d},{w},{tp}\n' for t, s, d, w, tp in rows)


# A café whose reviews change over three commits while the map stays as it is (history and compare).
MOVING_MAP = """\
journeymap: 1
title: Café
lang: {lang}
personas: [{{id: lea, name: Lea}}]
phases: [{{id: visit, name: Visit}}]
owners: [{{id: bar, name: Bar}}]
touchpoints:
  - {{id: queue, name: Queue, phase: visit, owner: bar, emotion: frustrated, listen: [queue], next: [coffee]}}
  - {{id: coffee, name: Coffee, phase: visit, owner: bar, emotion: happy, listen: [coffee]}}
opportunities: [{{id: fix, title: Fix it, addresses: [queue]}}]
data:
  - {{file: reviews.csv, kind: feedback, text_column: text, rating_column: stars}}
"""
MOVING_REVIEWS = (
    # September: queue 4 x 1 star (emotion -2), coffee 2 x 5 stars (+2)
    ("2026-09-01", "September reviews", ["queue slow,1"] * 4 + ["great coffee,5"] * 2),
    # October: the queue got better: + 4 x 4 stars: (4 + 16) / 8 = 2.5 stars, emotion -0.5
    ("2026-10-01", "October reviews", ["queue better now,4"] * 4),
    # November: the coffee went cold: + 2 x 1 star: (10 + 2) / 4 = 3 stars, emotion 0
    ("2026-11-01", "November reviews", ["coffee cold,1"] * 2),
)


def moving_feedback_repo(repo: Path, lang: str = "en") -> Path:
    """Three commits that change only reviews.csv (MOVING_REVIEWS); returns the map's path."""
    from support.gitrepo import git, init_repo

    init_repo(repo)
    path = repo / "cafe.journey.yaml"
    path.write_text(MOVING_MAP.format(lang=lang), encoding="utf-8")
    rows = ["text,stars"]
    for date, message, added in MOVING_REVIEWS:
        rows += added
        (repo / "reviews.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", message, f"--date={date}T09:00:00+00:00")
    return path
