"""Fuzzing load -> validate -> analyze -> render (DOT text and HTML): only diagnostics, never a traceback or a hang.

CI runs a few hundred examples per kind; `benchmarks/fuzz --long` runs 100,000 and more.
"""

import os

from hypothesis import HealthCheck, given, settings

from support.fuzzmaps import Pipeline, arbitrary_yaml, nearly_valid_maps, to_yaml, valid_maps

EXAMPLES = int(os.environ.get("JOURNEYMAP_FUZZ_MAPS", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
pipeline = Pipeline()


@FUZZ
@given(data=valid_maps())
def test_valid_maps_render(data):
    pipeline(to_yaml(data))


@FUZZ
@given(data=nearly_valid_maps())
def test_nearly_valid_maps_give_diagnostics(data):
    pipeline(to_yaml(data))


@FUZZ
@given(text=arbitrary_yaml())
def test_arbitrary_yaml_gives_diagnostics(text):
    pipeline(text)


def test_generated_valid_maps_really_are_valid():
    """The valid-map strategy must produce maps without errors, or the render half is never reached."""
    from hypothesis import find

    from journeymap.rules.pipeline import validate_file

    sample = find(valid_maps(), lambda d: len(d["touchpoints"]) >= 3)
    pipeline.path.write_text(to_yaml(sample), encoding="utf-8")
    result = validate_file(pipeline.path)
    assert not result.has_errors, result.diagnostics
