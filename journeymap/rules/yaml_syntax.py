"""yaml-syntax (error): the file is not parseable YAML.

Reported at the place the YAML parser stopped, with the parser's reason. Also used for a
second YAML document in one file, aliases to unknown or enclosing anchors, and custom tags.

The common mistakes are said in plain words, with the fix, and the parser's own words in
parentheses: a tab used for indentation (at the tab); a line indented differently from the
keys above it (at its key, naming the key to line it up with, or the line that ended its
block too early); a ``: `` inside an unquoted value; the first entry of a list written
without its ``- `` (later entries without it are a ``duplicate-key``).

Passing::

    title: "Gym membership"
    touchpoints:
      - id: trial
        name: "Books a trial"

Failing::

    title: "Gym membership     # the closing quote is missing

A line out of line::

    touchpoints:
      - id: trial
       name: "Books a trial"

is reported at its key::

    m.journey.yaml:3:4: error: this line is indented differently from the key above it: 'name:' starts in column 4, 'id:' on line 2 in column 5; line up 'name:' with 'id:' (YAML parser: did not find expected '-' indicator) [yaml-syntax]
"""

ID = "yaml-syntax"
SEVERITY = "error"
BREAKS = "model"  # its errors leave this unsound for the warning rules that READS it
