"""Why a hotspot has its rank, in one line of the report's language: "friction 0.49 × 3,200 contacts"."""

from __future__ import annotations

from journeymap.i18n.catalog import counted_label, labels
from journeymap.i18n.numbers import figure, localized_number


def why(hotspot, analysis, lang: str) -> str:
    """The two figures the rank is made of: friction, and the volume that weights it (docs/analysis.md)."""
    text = labels(lang)
    friction = localized_number(f"{hotspot.friction:.2f}", lang)
    if analysis.volume_basis == "none" or analysis.volume_median is None:   # every weight is 1
        return text["hotspot.why.friction"].format(friction=friction)
    key = "hotspot.why.cases" if analysis.volume_basis == "observed" else "hotspot.why"
    if hotspot.volume is None:       # counted with the median of the known volumes
        return text[key + ".estimated"].format(friction=friction, volume=figure(analysis.volume_median, lang))
    return counted_label(lang, key, hotspot.volume).format(friction=friction, volume=figure(hotspot.volume, lang))


def none_reach(hotspot_min: float, lang: str) -> str:
    """What a map without hotspots says instead of a list."""
    return labels(lang)["hotspots.below"].format(minimum=localized_number(f"{hotspot_min:.2f}", lang))


def hotspot_rule(hotspot_min: float, lang: str) -> str:
    """The threshold in one sentence, for the notes under a hotspot list."""
    return labels(lang)["note.hotspot_min"].format(minimum=localized_number(f"{hotspot_min:.2f}", lang))
