"""yaml-syntax (error): the file is not parseable YAML.

Reported at the place the YAML parser stopped, with the parser's reason. Also used for a
second YAML document in one file, aliases to unknown or enclosing anchors, and custom tags.

Passing::

    title: "Gym membership"

Failing::

    title: "Gym membership     # the closing quote is missing
"""

ID = "yaml-syntax"
SEVERITY = "error"
BREAKS = "model"  # its errors leave this unsound for the warning rules that READS it
