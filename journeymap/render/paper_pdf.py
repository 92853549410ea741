"""A Graphviz PDF set on real paper: every page exactly the paper's size, the drawing centred."""

from __future__ import annotations

import io


def on_paper(pdf: bytes, width: float, height: float) -> bytes:
    """Set every page to exactly width x height points, the drawing centred (and shrunk if too big).

    Graphviz makes the page as big as the drawing; a print shop, a workshop printer and the
    acceptance check want the real paper size.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import RectangleObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        box = page.mediabox
        scale = min(1.0, width / float(box.width), height / float(box.height))
        if scale < 1.0:
            page.scale_by(scale)
            box = page.mediabox
        left = float(box.left) - (width - float(box.width)) / 2
        bottom = float(box.bottom) - (height - float(box.height)) / 2
        page.mediabox = RectangleObject([left, bottom, left + width, bottom + height])
        page.cropbox = page.mediabox
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
