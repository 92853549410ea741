"""Places in a buffer: YAML's lines and columns (characters) against the protocol's lines and UTF-16 units."""

from __future__ import annotations

from journeymap.lsp.lines import Lines, Place


def test_an_emoji_counts_two_utf16_units_and_one_yaml_column():
    lines = Lines('name: "🙂 Pays"\nphase: join\n')
    offset = lines.offset(1, 10)  # the P of Pays: column 10 in characters
    assert lines.text[offset] == "P" and lines.place(offset) == Place(0, 10)
    assert lines.offset_at(0, 10) == offset
    assert lines.offset_at(0, 8) == lines.offset(1, 8)  # inside the emoji's two units: its start


def test_a_line_separator_is_a_yaml_line_but_not_an_editor_line():
    lines = Lines("a: 1\u2028b: 2\nc: 3\n")
    offset = lines.offset(3, 1)  # YAML counts U+2028 as a break: c is on its third line
    assert lines.text[offset] == "c" and lines.place(offset) == Place(1, 0)
    assert lines.yaml_position(lines.offset_at(0, 5)) == (2, 1)  # b, on the editor's first line


def test_places_past_a_line_or_the_text_are_held_at_their_end():
    lines = Lines("ab\r\ncd")
    assert lines.offset_at(0, 99) == 2 and lines.offset_at(1, 99) == 6 and lines.offset_at(7, 0) == 6
    assert lines.offset(1, 99) == 2 and lines.offset(9, 1) == 4
    assert lines.token_end(lines.offset(2, 1)) == 6 and lines.editor_line(1) == "cd" and lines.editor_line(5) == ""
