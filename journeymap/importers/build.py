"""Diagram -> ImportedMap: the mapping of docs/format.md ("Importing Mermaid journeys"), with its notes."""

from __future__ import annotations

from journeymap.findings import ERROR, Diagnostic
from journeymap.importers.ids import IdMaker
from journeymap.importers.mapping import (EMOTIONS, EVERYONE, IMPORT, ImportedMap, Note, Persona, Phase, Touchpoint,
                                          js_number, quoted_name, score_problem, text)
from journeymap.importers.mermaid import END, TOP, Diagram
from journeymap.importers.source import INPUT_LIMIT
from journeymap.source.positions import MAX_SCALAR_CHARS


def build_map(diagram: Diagram, *, source: str, fallback_title: str) -> tuple[ImportedMap | None, list, list[Note]]:
    """The map of one diagram, or the errors that keep it from being one; and the notes either way."""
    errors = [problem for problem in map(score_problem, diagram.tasks) if problem]
    if not diagram.tasks:
        errors.append(Diagnostic.at(diagram.position, ERROR, IMPORT, "the journey has no tasks, and a map needs at "
                                    "least one touchpoint: add a task such as 'Make tea: 5: Me'"))
    notes: list[Note] = []
    if errors:
        return None, errors, notes
    title, description, setting_comments = _settings(diagram, fallback_title, notes)
    if description and len(description) > MAX_SCALAR_CHARS:
        where = next(s.position for s in reversed(diagram.settings) if s.keyword in ("accTitle", "accDescr"))
        return None, [Diagnostic.at(where, ERROR, INPUT_LIMIT, f"the description is {len(description):,} characters "
                                    f"long, over the {MAX_SCALAR_CHARS:,} a text of a map may have")], notes
    personas, persona_of = _personas(diagram)
    phases, phase_of = _phases(diagram, title, notes)
    imported = ImportedMap(source, diagram.position.line, title, description, personas, phases, [],
                           everyone=not persona_of)
    imported.touchpoints = _touchpoints(diagram, phase_of, persona_of, notes)
    _place_comments(diagram, imported, setting_comments, notes)
    return imported, [], notes


def _settings(diagram: Diagram, fallback_title: str, notes: list[Note]):
    """Title and description (the last `title`, `accTitle`, `accDescr` count); earlier ones become comments."""
    last, comments = {}, {}
    if diagram.front_title:
        last["title"] = diagram.front_title
    for index, setting in enumerate(diagram.settings):
        if setting.keyword in last:
            notes.append(Note("set-twice", setting.position, f"'{setting.keyword}' is given more than once: Mermaid "
                              "keeps the last, and so does the map (the earlier text is kept as a YAML comment)"))
            comments.setdefault(index, []).append(f"earlier {setting.keyword}, replaced by a later one: "
                                                  f"{last[setting.keyword]}")
        if setting.from_next_line:
            notes.append(_next_line_note("title", setting))
        last[setting.keyword] = setting.text
    title = text(last.get("title", ""))
    if not title:
        title = fallback_title
        notes.append(Note("no-title", diagram.position, f"the diagram has no title: the map is titled "
                          f"{quoted_name(title)}, after the file"))
    parts = [text(last[keyword]) for keyword in ("accTitle", "accDescr") if keyword in last]
    return title, "\n\n".join(part for part in parts if part) or None, comments


def _next_line_note(keyword: str, statement) -> Note:
    named = quoted_name(text(statement.text if keyword == "title" else statement.name))
    return Note("keyword-next-line", statement.position, f"'{keyword}' has no text on its line, so Mermaid takes "
                f"the next line as its text ({named}), and so does the map")


def _personas(diagram: Diagram) -> tuple[list[Persona], dict[str, str]]:
    """A persona per actor name, in the order they first appear; none named: one for every customer."""
    ids, persona_of, personas = IdMaker("persona"), {}, []
    for task in diagram.tasks:
        for actor in map(text, task.actors):
            if actor and actor not in persona_of:
                persona_of[actor] = ids.make(actor, len(personas) + 1)
                personas.append(Persona(persona_of[actor], actor))
    return personas or [Persona(*EVERYONE)], persona_of


def _phases(diagram: Diagram, title: str, notes: list[Note]) -> tuple[list[Phase], dict]:
    """A phase per section, in order; tasks before the first section get a phase named after the title."""
    ids, phases, phase_of = IdMaker("phase"), [], {}
    before = [task for task in diagram.tasks if task.section is None]
    if before:
        phase_of[None] = ids.make(title, 1)
        phases.append(Phase(phase_of[None], title))
        notes.append(Note("before-section", before[0].position, "tasks before the first section are put in the "
                          f"phase {quoted_name(title)}, named after the title"))
    for index, section in enumerate(diagram.sections):
        name = text(section.name)
        if section.from_next_line:
            notes.append(_next_line_note("section", section))
        if not name:
            name = f"Section {index + 1}"
            notes.append(Note("blank-section", section.position, f"a section has no name: it is called '{name}'"))
        phase_of[index] = ids.make(name, len(phases) + 1)
        phases.append(Phase(phase_of[index], name))
    return phases, phase_of


def _touchpoints(diagram: Diagram, phase_of: dict, persona_of: dict[str, str], notes: list[Note]) -> list[Touchpoint]:
    """A touchpoint per task, chained with `next` in written order; the score is each actor's emotion."""
    ids = IdMaker("touchpoint")
    made = [ids.make(text(task.name), index + 1) for index, task in enumerate(diagram.tasks)]
    rank = {persona_id: index for index, persona_id in enumerate(persona_of.values())}
    touchpoints = []
    for index, task in enumerate(diagram.tasks):
        score = int(js_number(task.score_text))
        actors = _actors(task, persona_of, rank, notes)
        if not actors and persona_of:
            notes.append(Note("no-actor", task.position, f"task {quoted_name(text(task.name))} names no actor: a "
                              "touchpoint without personas is passed by every persona, so each gets its score"))
        emotion = tuple((persona_id, EMOTIONS[score]) for persona_id in actors) or EMOTIONS[score]
        following = made[index + 1] if index + 1 < len(made) else None
        touchpoint = Touchpoint(made[index], text(task.name), phase_of[task.section], actors or None, emotion, score,
                                following)
        if any("%%" in part for part in (task.name, *task.actors)):
            notes.append(Note("inline-comment", task.position, f"task {quoted_name(text(task.name))}: Mermaid reads "
                              "'%%' as a comment only at the start of a line, so here it is part of the text"))
        if task.ignored is not None:
            notes.append(Note("ignored-field", task.position, f"task {quoted_name(text(task.name))} has more after its "
                              "actors: Mermaid ignores it (kept as a YAML comment on the touchpoint)"))
            touchpoint.comments.append(f"Mermaid ignores the rest of the task line: :{task.ignored}")
        touchpoints.append(touchpoint)
    return touchpoints


def _actors(task, persona_of: dict[str, str], rank: dict[str, int], notes: list[Note]) -> tuple[str, ...]:
    """The task's personas in written order, each once; empty actors (`Task: 5:`) are none."""
    chosen, names = [], [name for name in map(text, task.actors) if name]
    for name in names:
        if persona_of[name] in chosen:
            notes.append(Note("actor-twice", task.position, f"task {quoted_name(text(task.name))} names "
                              f"{quoted_name(name)} twice: a persona passes a touchpoint once"))
        else:
            chosen.append(persona_of[name])
    if chosen != sorted(chosen, key=rank.__getitem__):
        in_order = ", ".join(sorted(dict.fromkeys(names), key=lambda name: rank[persona_of[name]]))
        notes.append(Note("actor-order", task.position, f"task {quoted_name(text(task.name))} lists its actors in "
                          "another order than they first appear: a map keeps a touchpoint's personas as a set, "
                          f"and its Mermaid export lists them in persona order ({in_order})"))
    return tuple(chosen)


def _place_comments(diagram: Diagram, imported: ImportedMap, earlier: dict[int, list[str]], notes: list[Note]):
    """Comments, directives and front matter go where they were: above the item they belong to."""
    # the sections' phases come last, after the phase of tasks before any section (if there is one)
    section_phase = imported.phases[len(imported.phases) - len(diagram.sections):]

    def target(anchor) -> list[str]:
        if anchor in (TOP, END):
            return imported.comments.setdefault(anchor[0], [])
        if anchor[0] == "setting":
            keyword = diagram.settings[anchor[1]].keyword
            place = "title" if keyword == "title" or not imported.description else "description"
            return imported.comments.setdefault(place, [])
        owner = section_phase[anchor[1]] if anchor[0] == "section" else imported.touchpoints[anchor[1]]
        return owner.comments

    for index, lines in earlier.items():
        target(("setting", index)).extend(lines)
    for comment in diagram.comments:
        target(comment.anchor).extend(_comment_lines(comment))
        if comment.kind == "directive":
            notes.append(Note("directive", comment.position, "Mermaid directives set how Mermaid draws; a map has no "
                              "such setting (kept as a YAML comment)"))
        elif comment.kind == "front-matter" and diagram.front_settings:
            notes.append(Note("front-matter", comment.position, f"front matter '{', '.join(diagram.front_settings)}' "
                              "sets how Mermaid draws; a map has no such setting (kept as a YAML comment)"))


def _comment_lines(comment) -> list[str]:
    if comment.kind != "comment":
        return [line.rstrip() for line in comment.text.split("\n")]
    line = comment.text.strip()
    return [line.lstrip("%").strip() if line.startswith("%") else line.lstrip("#").strip() if line.startswith("#")
            else line]
