"""`journeymap import mermaid`: a .mmd file or the ```mermaid journey blocks of a Markdown file -> map texts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from journeymap.findings import ERROR, Diagnostic, Position, sort_diagnostics
from journeymap.i18n.numbers import plural_form
from journeymap.importers.build import build_map
from journeymap.importers.mapping import IMPORT, ImportedMap, Note
from journeymap.importers.markdown import mermaid_blocks
from journeymap.importers.mermaid import SYNTAX, parse
from journeymap.importers.mermaid_text import clean_up, first_word, is_journey, protect
from journeymap.importers.source import INPUT_LIMIT, Block, long_line, read_text
from journeymap.source.loader import DEFAULT_MAX_BYTES
from journeymap.importers.writer import render_map
from journeymap.source.positions import SourceError

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
MAP_SUFFIXES = (".journey.yaml", ".journey.yml", ".yaml", ".yml")


@dataclass
class ImportResult:
    """The maps of one input file (nothing when there is any error), its errors and its notes."""

    maps: list[tuple[ImportedMap, str]] = field(default_factory=list)   # each map and its YAML text
    errors: list[Diagnostic] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def import_mermaid(path: Path, display: str) -> ImportResult:
    """Every journey diagram of the file as a map, or every error that stands in the way."""
    result = ImportResult()
    try:
        text = read_text(path, display)
    except SourceError as exc:
        result.errors.append(Diagnostic.at(exc.position, ERROR, exc.rule, exc.message))
        return result
    markdown = path.suffix.lower() in MARKDOWN_SUFFIXES
    journeys = _journey_blocks(text, display, markdown, result)
    title = Path(display).name.split(".")[0] or "Journey"
    for block, prepared in journeys:
        diagram, problem = parse(protect(prepared), block)
        if problem:
            result.errors.append(problem)
            continue
        imported, errors, notes = build_map(diagram, source=display, fallback_title=title)
        result.errors.extend(errors)
        result.notes.extend(notes)
        if imported:
            text = render_map(imported)
            if len(text.encode("utf-8")) > DEFAULT_MAX_BYTES:   # the map must stay within what validate reads
                result.errors.append(Diagnostic.at(diagram.position, ERROR, INPUT_LIMIT, "the map of this journey "
                                                   f"would be {len(text.encode('utf-8')) / 2 ** 20:.1f} MiB, over the "
                                                   f"{DEFAULT_MAX_BYTES // 2 ** 20} MiB a map may have: split the "
                                                   "diagram"))
            result.maps.append((imported, text))
    result.errors = sort_diagnostics(result.errors)
    if result.errors:
        result.maps = []
    return result


def _journey_blocks(text: str, display: str, markdown: bool, result: ImportResult) -> list:
    """(block, cleaned text) of each journey diagram; a long line or no journey at all is an error."""
    blocks = mermaid_blocks(text, display) if markdown else [Block(text, display)]
    if not markdown and (problem := long_line(blocks[0])):   # before any pattern runs over the line
        result.errors.append(problem)
        return []
    found, other = [], []
    for block in blocks:
        prepared = clean_up(block.text)
        if not is_journey(prepared.clean.text):
            other.append(first_word(prepared.clean.text) or "an empty block")
        elif problem := long_line(block):
            result.errors.append(problem)
        else:
            found.append((block, prepared))
    if not found and not result.errors:
        result.errors.append(_no_journey(display, markdown, other))
    return found


def _no_journey(display: str, markdown: bool, other: list[str]) -> Diagnostic:
    if not markdown:
        what = f"it starts with '{other[0]}'" if other[0] != "an empty block" else "the file is empty"
        return Diagnostic.at(Position(display), ERROR, SYNTAX, f"not a Mermaid journey diagram: {what} (a journey "
                             "starts with the word 'journey')")
    seen = f"; its mermaid blocks are: {', '.join(other)}" if other else ", and no ```mermaid block at all"
    return Diagnostic.at(Position(display), ERROR, IMPORT, f"no ```mermaid block starts with 'journey'{seen}")


def output_paths(output: Path, count: int) -> list[Path]:
    """-o MAP.journey.yaml for one map; MAP-1.journey.yaml, MAP-2.journey.yaml ... for several."""
    if count == 1:
        return [output]
    name = output.name
    suffix = next((s for s in MAP_SUFFIXES if name.lower().endswith(s) and len(name) > len(s)), "")
    stem = name[:len(name) - len(suffix)] if suffix else name
    return [output.with_name(f"{stem}-{number}{suffix}") for number in range(1, count + 1)]


def note_lines(notes: list[Note]) -> list[str]:
    """One line per kind of note, at its first place, with how often and where else it occurs."""
    by_kind: dict[str, list[Note]] = {}
    for note in notes:
        by_kind.setdefault(note.kind, []).append(note)
    lines = []
    for kind_notes in sorted(by_kind.values(), key=lambda group: (group[0].position.file, group[0].position.line,
                                                                 group[0].position.column)):
        first, more = kind_notes[0], kind_notes[1:]
        where = f"{first.position.file}:{first.position.line}:{first.position.column}"
        also = ""
        if more:
            shown = ", ".join(str(n.position.line) for n in more[:5]) + (", ..." if len(more) > 5 else "")
            also = f" (also {'line' if plural_form(len(more)) == 'one' else 'lines'} {shown})"
        lines.append(f"{where}: note: {first.message}{also}")
    return lines
