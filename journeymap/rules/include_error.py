"""include-error (error): an ``include`` cannot be used.

A missing file, a folder, a file that is not UTF-8 text (e.g. binary), an empty or non-mapping
file, or an include cycle. Reported at the ``include`` entry of the including file. (An id
defined both in a library and in the map is a ``duplicate-id``.)

Passing::

    include: [../shared/personas.yaml]

Failing::

    include: [../shared/persona.yaml]   # cannot include '../shared/persona.yaml': no such file
"""

ID = "include-error"
SEVERITY = "error"
BREAKS = "model"  # its errors leave this unsound for the warning rules that READS it
