"""Map versions a render reads besides the maps it renders (REV:path), and the comparison reports between them."""

from __future__ import annotations

from pathlib import Path


class BadRevision(ValueError):
    """A revision that git cannot read, named by the option that gave it: a usage error."""


class SideCache:
    """Each map version (a file, or REV:path) loaded once per command, for the comparisons and the summary."""

    def __init__(self, today, allow_outside: bool, named_by: dict[str, str]):
        self.today, self.allow_outside, self.loaded = today, allow_outside, {}
        self.named_by = named_by      # revision -> the option that named it, for a clear usage error

    def __call__(self, spec: str):
        from journeymap.compare.diff import load_side
        from journeymap.source.revisions import GitProblem

        if spec not in self.loaded:
            try:
                self.loaded[spec] = load_side(spec, self.today, allow_outside=self.allow_outside)
            except GitProblem as exc:
                revision = spec.partition(":")[0]
                raise BadRevision(f"{self.named_by.get(revision, 'git')} {revision}: {exc}") from None
        return self.loaded[spec]


def write_compares(jobs, revision: str, sides: SideCache, lang: str | None, paper: str | None,
                   portrait: bool = False) -> dict[str, str]:
    """A comparison report per map that changed since revision (both versions valid); display -> its file."""
    from journeymap.compare.comparison import compare_sides
    from journeymap.compare.diff import diff_sides
    from journeymap.compare.html import render_compare_html
    from journeymap.writer import write_atomic

    written = {}
    for job in jobs:
        old, new = sides(f"{revision}:{job.display}"), sides(job.display)
        target = Path(job.output_base + ".compare.html")
        if old is None or old.journey is None or new.journey is None or diff_sides(old, new).status == "unchanged":
            target.unlink(missing_ok=True)     # a report of an earlier run would tell of changes that are not there
            continue
        write_atomic(target, render_compare_html(compare_sides(old, new), old, new, lang=lang,
                                                 paper=paper or "A3", portrait=portrait))
        written[job.display] = str(target)
    return written
