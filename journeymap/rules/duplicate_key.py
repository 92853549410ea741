"""duplicate-key (error): a key appears twice in one mapping.

YAML would silently keep only one of the two values. Points at the second key and names the
lines of both. ``k`` and ``"k"`` are the same key.

Passing::

    - id: checkout
      name: "Checkout"

Failing::

    - id: checkout
      name: "Checkout"
      name: "Pay"        # duplicate key 'name': first at line 2, again at line 3
"""

ID = "duplicate-key"
SEVERITY = "error"
BREAKS = "model"  # its errors leave this unsound for the warning rules that READS it
