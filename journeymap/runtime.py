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


def release_map_garbage() -> None:
    """Between the maps of one command: free the reference cycles the last map left behind.

    The CLI runs with the cyclic collector paused (see `cli.main`): start-up imports pydantic,
    networkx and click, and the collector's passes over those long-lived objects cost about an
    eighth of a short command while freeing nothing. A map leaves a few cycles behind (networkx
    keeps views of a graph inside the graph), so a command over many maps collects once per map
    and then freezes the survivors (modules, caches), which later passes no longer scan.
    """
    if not gc.isenabled():
        gc.collect()
        gc.freeze()


def one_map_at_a_time(items):
    """The items of a loop over maps, freeing the previous map's garbage before each later one."""
    for index, item in enumerate(items):
        if index:
            release_map_garbage()
        yield item
