"""The journey as a Graphviz flow diagram (DOT text), from the model and the analysis.

Phases are clusters left to right; each touchpoint is an HTML-like table showing its name,
channel, emotion (colour *and* number and word, so it survives black-and-white printing),
effort and friction; hotspots get a heavy dark border and a "HOTSPOT #n" band. Node ids are
generated (tp0, tp1, ...); user text reaches DOT only through `labels.html_text`.
"""

from __future__ import annotations

import graphviz

from journeymap.model.graph import ordered_touchpoints
from journeymap.i18n.catalog import labels
from journeymap.model.emotion import LEVELS
from journeymap.model.format import emotion_for, format_number, passes
from journeymap.render.hotspot_why import hotspot_rule, why
from journeymap.render.html_label import bold, font, italic
from journeymap.render.labels import html_text, tooltip_text, wrapped
from journeymap.render.options import MARGIN_INCHES, PAPER_INCHES, DiagramOptions, paper_points  # noqa: F401
from journeymap.render.palette import (EMOTION_COLORS, EMOTION_MARKS, EMOTION_TEXT, HOTSPOT_COLOR, emotion_step,
                                       emotion_word)

FONT = "DejaVu Sans"


def render_dot(journey, analysis, options: DiagramOptions = DiagramOptions()) -> str:
    """DOT source of the diagram; the same input always gives the same text."""
    model = journey.model
    text = labels(options.lang or model.lang)
    ids = {node: f"tp{i}" for i, node in enumerate(ordered_touchpoints(journey.graph))}
    graph = graphviz.Digraph("journey", graph_attr=_graph_attributes(model, options, text),
                             node_attr={"shape": "plain", "fontname": FONT, "fontsize": "11"},
                             edge_attr={"fontname": FONT, "fontsize": "10", "color": "#555555", "arrowsize": "0.7"})
    lang = options.lang or model.lang
    marked = {h.touchpoint: (h.rank, why(h, analysis, lang))
              for h in analysis.hotspots[:options.hotspots] if h.friction > 0}
    shown = _shown(journey, options.persona)
    for index, phase in enumerate(model.phases):
        members = [n for n in ids if n in shown and journey.graph.nodes[n]["touchpoint"].phase == phase.id]
        if not members:
            continue
        with graph.subgraph(name=f"cluster_p{index}") as cluster:
            cluster.attr(label=f"<{bold(html_text(phase.name))}>", style="rounded,filled", fillcolor="#f4f4f4",
                         color="#9a9a9a", fontname=FONT, fontsize="16", labeljust="l", margin="14")
            for node in members:
                touchpoint = journey.graph.nodes[node]["touchpoint"]
                cluster.node(ids[node], _node_label(touchpoint, analysis, marked.get(node), options, model, text),
                             tooltip=tooltip_text(touchpoint.name))
            with cluster.subgraph() as column:  # a phase is one column: its touchpoints stack
                column.attr(rank="same")
                for node in members:
                    column.node(ids[node])
    _edges(graph, journey, ids, shown)
    observed = _observed_edges(graph, journey, ids, shown, text)
    _phase_order(graph, journey, ids, shown)
    with graph.subgraph() as corner:
        corner.attr(rank="max")
        rule = hotspot_rule(analysis.hotspot_min, lang)
        if len(analysis.hotspots) > len(marked):   # the diagram marks the first few; say so, the rest are not "cool"
            rule += " " + text["legend.hotspot.marked"].format(marked=len(marked), total=len(analysis.hotspots))
        corner.node("legend", _legend(text, options, observed=observed, rule=rule), shape="plain")
    last = [n for n in ids if n in shown]
    if last:  # keeps the legend right of the last phase
        graph.edge(ids[last[-1]], "legend", style="invis")
    return graph.source


def _shown(journey, persona: str | None) -> set[str]:
    graph = journey.graph
    return {n for n in graph if persona is None or passes(graph.nodes[n]["touchpoint"], persona)}


def _graph_attributes(model, options: DiagramOptions, text) -> dict[str, str]:
    title = html_text(model.title)
    persona_names = {p.id: p.name for p in model.personas}
    subtitle = html_text(f"{text['persona']}: {persona_names.get(options.persona, options.persona)}") \
        if options.persona else ""
    attributes = {
        "rankdir": "LR", "newrank": "true", "fontname": FONT, "labelloc": "t", "labeljust": "l",
        "label": f"<{font(bold(title), point_size=22)}" + (f"<BR/>{subtitle}" if subtitle else "") + ">",
        "nodesep": "0.25", "ranksep": "0.55", "pad": "0.3", "bgcolor": "white",
    }
    if options.paper:
        width, height = PAPER_INCHES[options.paper]
        if options.portrait:
            width, height = height, width
        # scale (down or up) to the printable area; the PDF page is then set to the exact paper size
        attributes.update(size=f"{width - 2 * MARGIN_INCHES:.2f},{height - 2 * MARGIN_INCHES:.2f}!", pad="0",
                          ratio="fill")
    if options.large:
        attributes.update(nslimit="2", nslimit1="2", mclimit="0.5", searchsize="10", remincross="false")
    return attributes


def _emotion_cells(touchpoint, options, model, text) -> str:
    personas = [options.persona] if options.persona else [p.id for p in model.personas if passes(touchpoint, p.id)]
    values = {p: emotion_for(touchpoint, p) for p in personas}
    known = {p: v for p, v in values.items() if v is not None}
    lang = options.lang or model.lang
    if not known:
        return f'<TD ALIGN="LEFT">{italic(html_text(text["no_emotion"]))}</TD>'
    if len(set(known.values())) == 1:
        value = next(iter(known.values()))
        return _emotion_cell(value, text, lang)
    names = {p.id: p.name.split(",")[0] for p in model.personas}
    rows = "".join(f"<TR>{_emotion_cell(v, text, lang, html_text(names.get(p, p)) + ' ')}</TR>"
                   for p, v in known.items())
    return f'<TD><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="1">{rows}</TABLE></TD>'


def _emotion_cell(value: float, text, lang: str, prefix: str = "") -> str:
    step = emotion_step(value)
    number = format_number(value).replace("-", "−")
    signed = number if value <= 0 else f"+{number}"
    # Graphviz writes each run of a label as its own SVG <text>, and a browser drops the whitespace a
    # <text> starts with: the space after the bold number ends the bold run, so the word keeps it
    content = f"{prefix}{EMOTION_MARKS[step]} {bold(signed + ' ')}{html_text(emotion_word(value, lang))}"
    return f'<TD ALIGN="LEFT" BGCOLOR="{EMOTION_COLORS[step]}">{font(content, color=EMOTION_TEXT[step])}</TD>'


def _node_label(touchpoint, analysis, hotspot_rank, options, model, text) -> str:
    friction = analysis.friction[touchpoint.id]
    score = friction.score if friction.by_persona else None
    rows = []
    if hotspot_rank:
        rank, reason = hotspot_rank
        band = font(bold(f'▲ {html_text(text["hotspot"])} #{rank}') + "<BR/>" + _small(wrapped(reason, 30)),
                    color="white")
        rows.append(f'<TR><TD COLSPAN="2" BGCOLOR="{HOTSPOT_COLOR}" ALIGN="LEFT" BALIGN="LEFT">{band}</TD></TR>')
    rows.append(f'<TR><TD COLSPAN="2" ALIGN="LEFT" BALIGN="LEFT">{bold(wrapped(touchpoint.name, 22))}</TD></TR>')
    channel = _channel(touchpoint, model, text)
    mot = f'★ {html_text(text["moment_of_truth"])}' if touchpoint.moment_of_truth else ""
    if channel or mot:
        rows.append(f'<TR><TD ALIGN="LEFT">{_small(channel)}</TD><TD ALIGN="RIGHT">{_small(mot)}</TD></TR>')
    effort = f"{html_text(text['effort'])} {format_number(touchpoint.effort)}/7" if touchpoint.effort is not None else ""
    rows.append(f"<TR>{_emotion_cells(touchpoint, options, model, text)}<TD ALIGN=\"RIGHT\">{effort}</TD></TR>")
    if score is not None:
        rows.append(f'<TR><TD COLSPAN="2" ALIGN="LEFT">{html_text(text["friction"])} {bold(f"{score:.2f}")} '
                    f'{_bar(score)}</TD></TR>')
    border, color = ("4", HOTSPOT_COLOR) if hotspot_rank else ("1", "#333333")
    double = ' STYLE="rounded"' if not touchpoint.moment_of_truth else ""
    table = (f'<TABLE BORDER="{border}" COLOR="{color}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" '
             f'BGCOLOR="white"{double}>{"".join(rows)}</TABLE>')
    if touchpoint.moment_of_truth:  # a double border: an outer table around the inner one
        table = (f'<TABLE BORDER="2" COLOR="{color}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2" BGCOLOR="white">'
                 f"<TR><TD>{table}</TD></TR></TABLE>")
    return f"<{table}>"


def _small(content: str) -> str:
    return font(content, point_size=9)


def _bar(score: float) -> str:
    filled = int(round(score * 10))
    return font("█" * filled, color=HOTSPOT_COLOR) + font("░" * (10 - filled), color="#bbbbbb")


def _channel(touchpoint, model, text) -> str:
    channels = {c.id: c for c in reversed(model.channels)}
    channel = channels.get(touchpoint.channel)
    if channel is None:
        return html_text(touchpoint.channel or "")
    return f"{html_text(channel.name)} ({html_text(text['kind.' + channel.kind])})"


def _edges(graph, journey, ids, shown) -> None:
    nx_graph = journey.graph
    for source, target, data in sorted(nx_graph.edges(data=True), key=lambda e: (ids[e[0]], e[2]["index"])):
        if source not in shown or target not in shown:
            continue
        backward = nx_graph.nodes[target]["phase_index"] < nx_graph.nodes[source]["phase_index"]
        parts = []
        if data["share"] is not None:
            parts.append(bold(f"{format_number(round(data['share'] * 100, 1))} %"))
        if data["label"]:
            parts.append(wrapped(data["label"], 24))
        attributes = {"penwidth": f"{1 + 5 * (data['share'] if data['share'] is not None else 0.3):.2f}"}
        if parts:
            attributes["label"] = "<" + "<BR/>".join(parts) + ">"
        if data["loop"] or backward:
            attributes.update(style="dashed", constraint="false", color="#0571b0" if data["loop"] else "#ca0020",
                              penwidth="1.5")
            attributes["label"] = "<↺ " + ("<BR/>".join(parts) if parts else "") + ">"
        graph.edge(ids[source], ids[target], **attributes)


OBSERVED_COLOR = "#7b3294"  # purple: apart from the red of backward flows and the blue of loops


def _observed_edges(graph, journey, ids, shown, text) -> bool:
    """Flows the event logs show and the map lacks (as `unmapped-flow` finds them): dotted, purple."""
    from journeymap.analysis.designed_vs_observed import compare

    drawn = set()
    for log in journey.observations:
        if log.observation is None:
            continue
        for flow in compare(journey, log.observation.flows):
            pair = (flow.source, flow.target)
            if not flow.lacking or pair in drawn:
                continue
            if flow.source not in shown or flow.target not in shown or flow.target not in ids:
                continue
            drawn.add(pair)
            share = format_number(round(flow.observed_share * 100, 1))
            graph.edge(ids[flow.source], ids[flow.target], style="dotted", color=OBSERVED_COLOR, penwidth="2",
                       constraint="false", fontcolor=OBSERVED_COLOR,
                       label=f"<{italic(html_text(text['observed.short']) + f' {share} %')}>")
    return bool(drawn)


def _phase_order(graph, journey, ids, shown) -> None:
    """Invisible edges between the first touchpoints of consecutive phases keep phases left to right."""
    firsts = []
    for phase_index in range(len(journey.model.phases)):
        members = [n for n in ids if n in shown and journey.graph.nodes[n]["phase_index"] == phase_index]
        if members:
            firsts.append(members[0])
    for a, b in zip(firsts, firsts[1:]):
        graph.edge(ids[a], ids[b], style="invis", weight="0")


def _legend(text, options, *, observed: bool = False, rule: str = "") -> str:
    rows = [f'<TR><TD COLSPAN="2" ALIGN="LEFT">{bold(html_text(text["legend"]))}</TD></TR>']
    for level in LEVELS:
        signed = f"+{level.value}" if level.value > 0 else str(level.value).replace("-", "−")
        rows.append(f'<TR><TD BGCOLOR="{level.colour}">{font(level.mark + " " + bold(signed), color=level.text_colour)}'
                    f'</TD><TD ALIGN="LEFT">{html_text(text["emotion"])}: '
                    f'{html_text(text[level.label])}</TD></TR>')
    rows.append(f'<TR><TD BGCOLOR="{HOTSPOT_COLOR}">{font(bold("▲ #1"), color="white")}</TD>'
                f'<TD ALIGN="LEFT" BALIGN="LEFT">{html_text(text["legend.hotspot"])}<BR/>'
                f'{_small(html_text(rule))}</TD></TR>')
    rows.append(f'<TR><TD>★</TD><TD ALIGN="LEFT">{html_text(text["legend.moment_of_truth"])}</TD></TR>')
    rows.append(f'<TR><TD>{_bar(0.6)}</TD><TD ALIGN="LEFT">{html_text(text["legend.friction"])}</TD></TR>')
    rows.append(f'<TR><TD>1..7</TD><TD ALIGN="LEFT">{html_text(text["legend.effort"])}</TD></TR>')
    rows.append(f'<TR><TD>━━ 60 %</TD><TD ALIGN="LEFT">{html_text(text["flow"])}</TD></TR>')
    rows.append(f'<TR><TD>{font("╌╌ ↺", color="#0571b0")}</TD><TD ALIGN="LEFT">{html_text(text["loop"])}</TD></TR>')
    if observed:
        rows.append(f'<TR><TD>{font("┈┈ 12 %", color=OBSERVED_COLOR)}</TD>'
                    f'<TD ALIGN="LEFT">{html_text(text["legend.observed"])}</TD></TR>')
    return ('<<TABLE BORDER="1" COLOR="#9a9a9a" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3" BGCOLOR="white">'
            + "".join(rows) + "</TABLE>>")
