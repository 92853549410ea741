"""Friction analysis: pure functions over a validated journey and its evidence, returning one serialisable Analysis."""
