"""encoding (error): the file is not UTF-8 text.

Points at the first byte that is not UTF-8 (line and column). A UTF-8 byte-order mark is
allowed; UTF-16/32 files and files with NUL bytes are refused with a hint to save as UTF-8.

Passing: a file saved as UTF-8 with ``name: "Überweisung"``.

Failing: the same file saved as Latin-1 (the ``Ü`` is byte 0xDC)::

    map.journey.yaml:3:10: error: not UTF-8: byte 0xdc cannot start a character here ... [encoding]
"""

ID = "encoding"
SEVERITY = "error"
BREAKS = "model"  # its errors leave this unsound for the warning rules that READS it
