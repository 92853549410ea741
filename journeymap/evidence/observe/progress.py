"""A progress bar on stderr while an event log is observed, for logs that take more than a second.

Shown only where someone watches: stderr is a terminal, in the main process (render's parallel
workers and its own per-map bar stay quiet). $JOURNEYMAP_PROGRESS=always|never overrides that,
$JOURNEYMAP_PROGRESS_AFTER the one-second delay. The bar is drawn by a thread while the engine
works (the engines release the GIL), and cleared when the log is done: output stays as it was.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable

WIDTH = 24
TICK = 0.1
suppressed = False  # set while another bar owns stderr (render's per-map bar)


def wanted(stream) -> bool:
    choice = os.environ.get("JOURNEYMAP_PROGRESS", "auto")
    if choice in ("always", "never"):
        return choice == "always"
    return (not suppressed and multiprocessing.parent_process() is None
            and hasattr(stream, "isatty") and stream.isatty())


class Progress:
    """`total` steps (the engine's statements), each with an optional live fraction from the engine."""

    def __init__(self, label: str, *, stream=None):
        self.label = label
        self.stream = stream or sys.stderr
        self.total = 1
        self.done = 0
        self.within: Callable[[], float] | None = None
        self.weight = 1.0
        self.shown = 0.0
        self.started = time.monotonic()
        self.after = float(os.environ.get("JOURNEYMAP_PROGRESS_AFTER", "1"))
        self.drawn = 0  # length of the line on screen
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._tick, daemon=True) if wanted(self.stream) else None

    def __enter__(self) -> Progress:
        if self._thread is not None:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            if self.drawn:
                self.stream.write("\r" + " " * self.drawn + "\r")
                self.stream.flush()

    def at(self, done: float, total: float, within: Callable[[], float] | None = None, weight: float = 1) -> None:
        """`done` of `total` units of work are finished; the running step is `weight` units, and `within`
        says how far it is (0..1)."""
        self.done, self.total, self.within, self.weight = done, max(1, total), within, weight

    def fraction(self) -> float:
        inside = 0.0
        if self.within is not None:
            try:
                inside = min(1.0, max(0.0, float(self.within())))
            except Exception:  # an engine that cannot say right now: the step counts as begun
                inside = 0.0
        self.shown = max(self.shown, min(1.0, (self.done + self.weight * inside) / self.total))  # never backwards
        return self.shown

    def line(self) -> str:
        fraction = self.fraction()
        filled = round(fraction * WIDTH)
        return (f"observing {self.label} ▕{'█' * filled}{'░' * (WIDTH - filled)}▏ {100 * fraction:3.0f} % "
                f"{time.monotonic() - self.started:5.1f} s")

    def _tick(self) -> None:
        while not self._stop.wait(TICK):
            if time.monotonic() - self.started < self.after:
                continue
            line = self.line()
            self.stream.write("\r" + line + " " * max(0, self.drawn - len(line)))
            self.stream.flush()
            self.drawn = max(self.drawn, len(line))
