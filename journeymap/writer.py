"""The only place that writes files (atomically: temp file in the same folder + os.replace), and strict JSON."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write content so that readers see the old file or the whole new one, never a part."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise


def write_if_changed(path: Path, content: str | bytes) -> bool:
    """Write content atomically unless the file already holds exactly these bytes (its mtime then stays);
    True when written. An incremental build that finds nothing changed touches nothing."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if Path(path).read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


def json_text(value, *, indent: int | None = 2, sort_keys: bool = False, ascii_only: bool = False) -> str:
    """Strict JSON (RFC 8259) of an output: every JSON the tool prints or writes comes from here.

    Python's json writes NaN and Infinity as bare words that JSON.parse, jq and every strict reader
    refuse; a figure that is NaN is a bug upstream (an unknown figure is None), so it stops here as
    an internal error instead of going out as a file nobody can read.
    """
    import json

    try:
        return json.dumps(value, indent=indent, sort_keys=sort_keys, ensure_ascii=ascii_only, allow_nan=False)
    except ValueError as exc:
        if "JSON compliant" not in str(exc):
            raise
        raise ValueError("internal error: a figure is NaN or infinite, which JSON cannot hold "
                         "(an unknown figure must be None)") from None
