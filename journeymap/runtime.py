"""Process-level tuning shared by the pipeline stages."""

from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while building large, acyclic structures.

    Loading a map allocates hundreds of thousands of small objects; the collector's repeated
    full passes over them made time grow faster than the map. Reference counting still frees
    everything, and the collector runs again afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
