"""The edit room of `journeymap serve --edit`: one browser edit, from untrusted JSON to the file written back.

request.py checks the JSON; apply.py runs one operation (emotion.py, touchpoint_values.py, pains.py,
gains.py, notes.py, opportunities.py) on the map loaded by round_trip.py and refuses what checks.py
finds changed beyond it; transaction.py does it under the map's lock, validates and writes.
"""
