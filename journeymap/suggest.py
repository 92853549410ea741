"""'Did you mean ...?' suggestions for unknown names."""

from __future__ import annotations

import difflib
from typing import Iterable


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like name, if any is close enough to be a likely typo."""
    matches = difflib.get_close_matches(str(name), sorted(set(candidates)), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'purchase'?)' or ''."""
    match = closest(name, candidates)
    return f" (did you mean '{match}'?)" if match else ""
