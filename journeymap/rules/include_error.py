"""include-error (error): an ``include`` cannot be used.

A missing file, a folder, a file that is not UTF-8 text (e.g. binary), an empty or non-mapping
file, an include cycle, or a file outside the project: an absolute path, a ``../`` that leaves
the git work tree holding the map (the map's folder when no work tree holds it), or a symbolic
link that points out of it (``--allow-outside`` lifts that; see reliability.md). Reported at the
``include`` entry of the including file. (An id defined both in a library and in the map is a
``duplicate-id``.) While a library is lost, references to personas, phases, channels and owners
are not checked: the library may have defined them.

Passing::

    include: [../shared/personas.yaml]

Failing::

    include: [../shared/persona.yaml]   # cannot include '../shared/persona.yaml': no such file
"""

ID = "include-error"
SEVERITY = "error"
BREAKS = "model"  # its errors leave this unsound for the warning rules that READS it
