"""'Did you mean ...?' for unknown names, or the names there are when none is close."""

from __future__ import annotations

import difflib
from typing import Iterable

SHOWN = 8  # names listed before '… and N more'


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like name, if any is close enough to be a likely typo."""
    matches = difflib.get_close_matches(str(name), sorted(set(candidates)), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'purchase'?)' or ''."""
    match = closest(name, candidates)
    return f" (did you mean '{match}'?)" if match else ""


def did_you_mean_or_list(name: str, known: Iterable[str], kind: str, kinds: str) -> str:
    """' (did you mean 'purchase'?)' when a known name is close, else '; the phases are: discover, order, pickup'
    (known in the order given; kind and kinds name one and several, as 'phase' and 'phases')."""
    names = list(dict.fromkeys(known))
    return did_you_mean(name, names) or f"; {listing(names, kind, kinds)}"


def listing(names: list[str], kind: str, kinds: str) -> str:
    """'the phases are: a, b, c', the first SHOWN of many and '… and 12 more', 'the only phase is a', or
    'no phases are defined'."""
    if not names:
        return f"no {kinds} are defined"
    if len(names) == 1:
        return f"the only {kind} is {names[0]}"
    more = f" … and {len(names) - SHOWN} more" if len(names) > SHOWN else ""
    return f"the {kinds} are: {', '.join(names[:SHOWN])}{more}"
