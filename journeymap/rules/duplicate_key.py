"""duplicate-key (error): a key appears twice in one mapping.

YAML would silently keep only one of the two values. Points at the second key and names the
lines of both. ``k`` and ``"k"`` are the same key.

A list entry written without its ``- `` reads as more keys of the entry above it, and each of
its keys as a duplicate. When a mapping's first key comes again together with another of its
keys, that is one finding, at the first repeat, saying which lines lack the ``- ``; those
entries are then read as the list items they were meant to be, so nothing else (such as a
``next`` naming them) is reported for them.

Passing::

    - id: checkout
      name: "Checkout"

Failing::

    - id: checkout
      name: "Checkout"
      name: "Pay"        # duplicate key 'name': first at line 2, again at line 3

A touchpoint without its ``- ``::

    touchpoints:
      - id: trial
        name: "Books a trial"
        id: pay
        name: "Pays"

is one finding::

    m.journey.yaml:4:5: error: each touchpoint starts with '- ' (a list item); line 4 looks like a new touchpoint without '- ': write '- id: pay' with the '-' in column 3, as on line 2 [duplicate-key]
"""

ID = "duplicate-key"
SEVERITY = "error"
BREAKS = "model"  # its errors leave this unsound for the warning rules that READS it
