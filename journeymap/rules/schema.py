"""schema (error): a key or value does not fit format v1.

Wrong type, missing required key, unknown key (with "did you mean"), value out of range,
unsupported ``journeymap:`` version, and YAML 1.1 surprises: unquoted ``no``, ``on``, ``1.10``,
``12:30``, ``017`` or dates in a text field are read as booleans, numbers or dates; the message
says how YAML read them and to quote them.

A schema error does not stop the check: the smallest part that holds it (the key, the value,
the list item) is left out, and the rest of the map still goes through the other error rules.
An item left out as a whole (a touchpoint without ``name``) is still known by its id, so what
refers to it is no error.

Passing::

    name: "no"
    effort: 3

Failing::

    name: no        # 'name' must be text, got a boolean (false from no); ... quote it ("no")
    effort: 9       # 'effort' must be between 1 and 7, got 9
"""

ID = "schema"
SEVERITY = "error"
BREAKS = "model"  # its errors leave this unsound for the warning rules that READS it
