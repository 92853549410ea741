"""stale-data (warning): the newest dated response of a data file is too old.

Older than ``analysis.stale_after_days`` (default 180) counted back from today (``--today``
sets the date, for reproducible runs). Only data sources with a ``date_column``.

Passing: newest response 2026-11-01, checked on 2026-11-25.

Failing::

    data:
      - {file: nps-2024.csv, kind: nps, date_column: date}   # newest response 2024-06-30, 513 days old
"""

from journeymap.findings import WARNING, Diagnostic
from journeymap.i18n.catalog import phrase, plural_key

ID = "stale-data"
SEVERITY = WARNING
READS = ("model", "data")  # not run while an error BREAKS one of these


def check(journey):
    limit = journey.model.analysis.stale_after_days
    for survey in journey.surveys:
        dates = [r.date for r in survey.responses if r.date is not None]
        if not dates:
            continue
        newest = max(dates)
        age = (journey.today - newest).days
        if age > limit:
            yield Diagnostic.said(journey.at("data", survey.index, "file"), SEVERITY, ID,
                                  phrase(ID, file=survey.source.file, date=newest, age=_days("stale.age", age),
                                         limit=_days("stale.limit", limit)))


def _days(key: str, count: int):
    """'692 days', '1 day' (German 'nach 180 Tagen', 'nach 1 Tag'): a number of days in the form it takes."""
    return phrase(plural_key(key, count, table="messages"), n=count)
