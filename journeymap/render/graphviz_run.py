"""Running the Graphviz `dot` binary: formats, timeout, and errors that say how to fix things."""

from __future__ import annotations

import functools
import shutil
import subprocess

DOT_FORMATS = frozenset({"svg", "png", "pdf"})
INSTALL_HINT = "Graphviz 'dot' is not installed: run 'sudo apt-get install graphviz' (or bash setup.sh as root)"
DEFAULT_TIMEOUT = 60.0


class ExecutableNotFound(RuntimeError):
    """The dot binary is missing."""

    def __init__(self):
        super().__init__(INSTALL_HINT)


class LayoutFailed(RuntimeError):
    """dot failed or took too long; the message says which and what to try."""


def dot_available() -> bool:
    return shutil.which("dot") is not None


@functools.lru_cache(maxsize=1)
def dot_version() -> str:
    """`dot -V` output (part of the render cache key: another Graphviz may lay out differently)."""
    if not dot_available():
        return "none"
    done = subprocess.run(["dot", "-V"], capture_output=True, text=True, timeout=20)
    return (done.stderr or done.stdout).strip()


def run_dot(source: str, output_format: str, *, timeout: float = DEFAULT_TIMEOUT,
            extra: tuple[str, ...] = ()) -> bytes:
    """Lay out DOT source and return the rendered bytes."""
    if output_format not in DOT_FORMATS:
        raise ValueError(f"unknown Graphviz format {output_format!r}; use one of {', '.join(sorted(DOT_FORMATS))}")
    if not dot_available():
        raise ExecutableNotFound()
    try:
        done = subprocess.run(["dot", f"-T{output_format}", *extra], input=source.encode("utf-8"),
                              capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise LayoutFailed(f"Graphviz took longer than {timeout:g} s to lay out the diagram; "
                           "raise --timeout or render one persona with --persona") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise LayoutFailed(f"Graphviz failed: {reason[0] if reason else f'exit code {done.returncode}'}")
    return done.stdout
