"""input-limit (error): the input is too large to read safely.

A file over the size limit (default 5 MiB, ``--max-size``), nesting deeper than 64 levels, a
single value longer than 20,000 characters, or
aliases that expand to more than 100,000 nodes (or four times the nodes written, if that is
more: a "billion laughs" alias bomb). journeymap stops reading at the limit, so hostile files
cost little time and memory.

Passing: a normal map.

Failing::

    a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    ...                                  # nine levels: aliases expand to too many nodes
"""

ID = "input-limit"
SEVERITY = "error"
BREAKS = "model"  # its errors leave this unsound for the warning rules that READS it
