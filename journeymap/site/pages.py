"""The site's own pages, each from an autoescaped template: index, architecture, hotspots, owners, channels, opportunities.

Every page lies in the site's top folder and links by relative URL, so the site works from
file:// as on GitHub or GitLab Pages. Figures are formatted here, in the page's language; the
templates only place them.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote

from journeymap import __version__
from journeymap.i18n.catalog import counted_label, labels
from journeymap.i18n.numbers import figure, money
from journeymap.render.options import css_page_size
from journeymap.render.templates import asset, environment
from journeymap.site import architecture, portfolio
from journeymap.site.journeys import SiteMap
from journeymap.site.matrix import portfolio_matrix

PAGES = ("index", "architecture", "hotspots", "owners", "channels", "opportunities")
TEMPLATES = {"owners": "site_groups.html.j2", "channels": "site_groups.html.j2"}


def href(path: str) -> str:
    """A relative URL of a file of the site: each path segment percent-encoded ('#' or '?' in a map's name)."""
    return "/".join(quote(part) for part in path.split("/"))


class Site:
    """Everything the pages show, worked out once from the maps."""

    def __init__(self, maps: list[SiteMap], lang: str, paper: str = "A3", portrait: bool = False):
        self.maps, self.lang = maps, lang
        self.links = architecture.links(maps)
        self.parents = architecture.parents(self.links)
        self.tree = architecture.tree(maps, self.links)
        self.owners = portfolio.groups(maps, "owner")
        self.channels = portfolio.groups(maps, "channel")
        self.opportunities = portfolio.opportunities(maps, self.parents)
        self.hotspots = portfolio.hotspots(maps)
        self.totals = portfolio.totals(maps, self.opportunities)
        self.currency = portfolio.main_currency(maps)
        self.page_size = css_page_size(paper, portrait)

    def pages(self) -> dict[str, str]:
        """file name -> HTML of every page."""
        return {f"{name}.html": self.render(name) for name in PAGES}

    def render(self, name: str) -> str:
        s = labels(self.lang, "site")
        invalid = self.totals["invalid"]
        context = {
            "lang": self.lang, "s": s, "t": labels(self.lang), "page": name, "pages": PAGES,
            "page_title": s[f"page.{name}"], "version": __version__, "page_size": self.page_size,
            "style": asset("site.css") + asset("value.css"), "count": self.totals["maps"],
            "invalid_note": self.counted("invalid", invalid, total=self.totals["maps"]) if invalid else None,
        }
        context.update(getattr(self, f"_{name}")())
        return environment().get_template(TEMPLATES.get(name, f"site_{name}.html.j2")).render(context)

    # --- formatting -----------------------------------------------------------------------------
    def counted(self, key: str, count: int, **values) -> str:
        """The site's words for a count, in the form the count takes (catalog.counted_label)."""
        return counted_label(self.lang, key, count, "site").format(count=count, **values)

    def money(self, amount, currency: str | None) -> str:
        return "–" if amount is None else money(_cents(amount), currency, self.lang)

    def amounts(self, per_currency: dict[str, Decimal]) -> str:
        """'€252,000' or, with maps in several currencies, '€252,000 + CHF 1,200'; '–' when nothing is known."""
        parts = [money(_cents(amount), code or None, self.lang) for code, amount in sorted(per_currency.items())]
        return " + ".join(parts) if parts else "–"

    def number(self, value) -> str:
        return "–" if value is None else figure(float(value) if isinstance(value, Decimal) else value, self.lang)

    def cost(self, value, currency: str | None) -> str:
        """An opportunity's cost: an amount, or its level in words."""
        if isinstance(value, str):
            return labels(self.lang).get(f"level.{value}", value)
        return self.money(value, currency)

    def journey(self, site_map: SiteMap) -> dict:
        return {"title": site_map.title, "href": href(site_map.page) if site_map.valid else None,
                "file": site_map.file, "valid": site_map.valid}

    def group_name(self, group: portfolio.Group, kind: str) -> str:
        return group.name if group.id is not None else labels(self.lang, "site")[f"none.{kind}"]

    # --- pages ---------------------------------------------------------------------------------
    def _index(self) -> dict:
        rows = []
        for site_map in self.maps:
            top = site_map.hotspots[0] if site_map.hotspots else None
            rows.append({**self.journey(site_map), "owner": site_map.owner, "errors": site_map.errors,
                         "errors_text": self.counted("error", site_map.errors) if site_map.errors
                         else labels(self.lang, "site")["not_rendered"],
                         "warnings": site_map.warnings, "warnings_text": self.counted("warning", site_map.warnings),
                         "findings": site_map.findings, "problem": site_map.problem,
                         "hotspot": site_map.touchpoints[top.touchpoint].name if top else None,
                         "at_stake": self.money(site_map.at_stake, site_map.currency) if site_map.valid else None})
        return {"rows": rows, "total": self.amounts(self.totals["at_stake"]), "valid": self.totals["valid"]}

    def _architecture(self) -> dict:
        return {"tree": [self._node(node) for node in self.tree], "linked": bool(self.links)}

    def _node(self, node: architecture.Node) -> dict:
        shown = None if node.map is None else {
            **self.journey(node.map),
            "at_stake": self.money(node.map.at_stake, node.map.currency) if node.map.valid else None}
        return {"map": shown, "via": node.via, "repeated": node.repeated, "missing": node.missing,
                "children": [self._node(child) for child in node.children]}

    def _hotspots(self) -> dict:
        rows = [{"rank": rank, "name": h.name, "journey": self.journey(h.map), "friction": h.friction,
                 "volume": self.number(h.volume), "score": h.score,
                 "at_stake": self.money(h.at_stake, h.map.currency)}
                for rank, h in enumerate(self.hotspots, start=1)]
        return {"rows": rows}

    def _owners(self) -> dict:
        return self._groups(self.owners, "owner")

    def _channels(self) -> dict:
        return self._groups(self.channels, "channel")

    def _groups(self, groups: list[portfolio.Group], kind: str) -> dict:
        by_file = {m.file: m for m in self.maps}
        rows = [{"name": self.group_name(g, kind), "id": g.id, "touchpoints": g.touchpoints,
                 "volume": self.number(g.volume), "cost": self.amounts(g.cost),
                 "cost_per_contact": self.amounts(g.cost_per_contact), "friction": g.friction,
                 "at_stake": self.amounts(g.at_stake),
                 "journeys": [self.journey(by_file[f]) for f in g.journeys]} for g in groups]
        at_stake: dict[str, Decimal] = {}
        cost: dict[str, Decimal] = {}
        for g in groups:
            for code in g.at_stake:
                portfolio.add(at_stake, code, g.at_stake[code])
            for code in g.cost:
                portfolio.add(cost, code, g.cost[code])
        volumes = [g.volume for g in groups if g.volume is not None]
        return {"rows": rows, "kind": kind,
                "sum": {"touchpoints": sum(g.touchpoints for g in groups),
                        "volume": self.number(sum(volumes)) if volumes else "–",
                        "cost": self.amounts(cost), "at_stake": self.amounts(at_stake)}}

    def _opportunities(self) -> dict:
        rows = []
        for number, o in enumerate(self.opportunities, start=1):
            rows.append({"number": number, "title": o.title, "id": o.id,
                         "expected_value": self.money(o.expected_value, o.map.currency),
                         "cost": self.cost(o.cost, o.map.currency),
                         "return": "–" if o.return_ is None else f"{self.number(o.return_)}×",
                         "status": o.status, "owner": o.owner,
                         "journeys": [self.journey(m) for m in o.journeys]})
        chart, left_out = portfolio_matrix(self.opportunities, self.currency, self.lang)
        if chart:
            chart["legend"] = labels(self.lang, "site")["matrix.legend"]   # the table is below the chart here
        return {"rows": rows, "matrix": chart,
                "left_out": self.counted("matrix.left_out", left_out, currency=self.currency) if left_out else None,
                "expected_total": self.amounts(self.totals["expected_value"]),
                "cost_total": self.amounts(self.totals["cost"])}


def _cents(amount) -> Decimal:
    return Decimal(amount).quantize(portfolio.CENT)
