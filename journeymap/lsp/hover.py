"""Hover: a touchpoint's friction, hotspot rank, emotion per persona and KPIs against their targets; a pain's
severity and the opportunities that address it; the name of any other id. Figures come from the one
Analysis (analysis/run.py) of the map's last version without errors, in the map's language."""

from __future__ import annotations

from lsprotocol import types

from journeymap.i18n.catalog import labels
from journeymap.i18n.numbers import figure, localized_number
from journeymap.lsp.documents import MapState
from journeymap.lsp.references import PAINS, Mention
from journeymap.model.emotion import nearest
from journeymap.render.hotspot_why import why


def hover_text(state: MapState, target: Mention, lang: str) -> str:
    """The hover's Markdown for an id."""
    words = labels(lang, "lsp")
    name = state.index.name(target.kind, target.id)
    head = f"**{_plain(name)}** · {words[f'kind.{target.kind}']} `{target.id}`" if name else \
        f"{words[f'kind.{target.kind}']} `{target.id}`"
    if target.kind == "touchpoints":
        return "\n\n".join([head] + _touchpoint(state, target.id, lang))
    if target.kind == PAINS:
        return "\n\n".join([head] + _pain(state, target.id, lang))
    return head


def analysis_of(state: MapState):
    """The Analysis of the map's last version without errors, made once for it (None if there is none)."""
    sound = state.sound
    if sound is None or sound.journey is None:
        return None
    if state.analysis is None:
        from journeymap.analysis.run import analyze
        try:
            state.analysis = analyze(sound.journey)
        except Exception:  # a figure the analysis cannot make is no reason to refuse the hover
            return None
    return state.analysis


def _touchpoint(state: MapState, touchpoint: str, lang: str) -> list[str]:
    words, text = labels(lang, "lsp"), labels(lang)
    analysis = analysis_of(state)
    if analysis is None or touchpoint not in analysis.friction:
        return [words["no_figures"]]
    friction = analysis.friction[touchpoint]
    hotspot = next((h for h in analysis.hotspots if h.touchpoint == touchpoint), None)
    if hotspot is None:
        rank = words["no_hotspot"].format(minimum=_number(analysis.hotspot_min, lang))
    else:  # with contact volumes, what the rank weighs: "friction 0.79 × 3,200 contacts"
        rank = words["hotspot"].format(rank=hotspot.rank, total=len(analysis.hotspots))
        rank += f" ({why(hotspot, analysis, lang)})" if analysis.volume_basis != "none" else ""
    parts = [f"{text['lane.friction']} **{_number(friction.score, lang)}** · {rank}"]
    feelings = [f"{_plain(state.index.name('personas', p.persona) or p.persona)}: {_emotion(p.emotion, lang)}"
                for p in friction.by_persona]
    if feelings:
        parts.append(f"{text['lane.emotion']}: " + " · ".join(feelings))
    kpis = [_kpi(kpi, lang) for kpi in analysis.kpis.get(touchpoint, [])]
    if kpis:
        parts.append(f"{text['lane.kpis']}:\n" + "\n".join(f"- {line}" for line in kpis))
    if state.sound is not state.validation:
        parts.append(f"_{words['stale']}_")
    return parts


def _pain(state: MapState, pain: str, lang: str) -> list[str]:
    words, text = labels(lang, "lsp"), labels(lang)
    touchpoint, _, _ = pain.partition("#")
    data = state.index.document.data
    parts = []
    severity = _severity(data, touchpoint, pain)
    if severity is not None:
        parts.append(words["severity"].format(severity=severity))
    addressing = []
    for item in _mappings(data.get("opportunities")):
        addresses = item.get("addresses")
        targets = [t for t in addresses if t in (pain, touchpoint)] if isinstance(addresses, list) else []
        if targets and isinstance(item.get("id"), str):
            whole = f" ({words['whole_touchpoint']})" if pain not in targets else ""
            addressing.append(f"- `{item['id']}` {_plain(str(item.get('title', '')))}{whole}")
    parts.append(f"{text['lane.opportunities']}:\n" + "\n".join(addressing) if addressing else words["unaddressed"])
    return parts


def _severity(data: dict, touchpoint: str, pain: str):
    for item in _mappings(data.get("touchpoints")):
        if item.get("id") == touchpoint:
            for entry in _mappings(item.get("pains")):
                if f"{touchpoint}#{entry.get('id')}" == pain:
                    return entry.get("severity", 3)
    return None


def _kpi(kpi, lang: str) -> str:
    text, said = labels(lang), labels(lang, "messages")
    value = figure(kpi.value, lang) + (f" {kpi.unit}" if kpi.unit else "")
    direction = said["better.lower"] if kpi.lower_is_better else said["better.higher"]
    if kpi.target is None:
        return f"{text.get(f'kpi.{kpi.name}', kpi.name)} {value} · {text['kpi.no_target']} · {direction}"
    verdict = text["kpi.met"] if kpi.meets_target else text["kpi.missed"]
    return (f"{text.get(f'kpi.{kpi.name}', kpi.name)} {value} · {text['col.target']} {figure(kpi.target, lang)} · "
            f"{direction} · **{verdict}**")


def _emotion(value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    level = nearest(value)
    return f"{labels(lang)[level.label]} ({localized_number(figure(value, 'en'), lang)})"


def _number(value: float, lang: str) -> str:
    return localized_number(f"{value:.2f}", lang)


def _plain(text: str) -> str:
    """Text from the map shown as itself, not as Markdown."""
    return "".join(f"\\{char}" if char in "\\`*_[]<>|~" else char for char in text)


def _mappings(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def hover(state: MapState, target: Mention, place: types.Range | None, lang: str) -> types.Hover:
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                                    value=hover_text(state, target, lang)), range=place)
