"""The edit room of `journeymap serve --edit`: one browser edit, from untrusted JSON to the file written back.

request.py and untrusted.py check the JSON; apply.py runs one operation (fields.py, emotion.py, pains.py,
gains.py, notes.py, kpis.py, opportunities.py, touchpoints.py with flows.py, phases.py) on the map loaded by
round_trip.py and refuses what checks.py finds changed beyond it; transaction.py does it under the map's
lock, validates and writes, and history.py remembers the room's edits for undo, redo and conflicts.
"""
