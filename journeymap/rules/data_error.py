"""data-error (error): a ``data:`` CSV file cannot be used.

A missing file, a file outside the project (an absolute path, a ``../`` out of the git work
tree, a symbolic link out of it; ``--allow-outside`` lifts that), a missing column (with "did
you mean"), a row with the wrong number of fields, a touchpoint id that the map does not have,
a score that is not a number or outside the kind's scale (nps 0..10, csat 1..5, ces 1..7), or
a date that is not ISO ``YYYY-MM-DD``. Problems in rows are reported in the CSV file at their
line. Empty scores are skipped.

Passing (``nps.csv``)::

    touchpoint,score
    checkout,9

Failing::

    touchpoint,score
    checkout,11          # nps score 11 is outside 0..10
"""

from journeymap.findings import ERROR

ID = "data-error"
SEVERITY = ERROR
BREAKS = "data"  # its errors leave this unsound for the warning rules that READS it


def check(journey):
    for survey in journey.surveys:
        yield from survey.problems
    for log in journey.observations:
        yield from log.problems
    for feedback in journey.feedback:
        yield from feedback.problems
