"""No input whatsoever produces a traceback: arbitrary text and bytes give only diagnostics."""

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.findings import SEVERITIES
from journeymap.rules.registry import RULES
from journeymap.rules.pipeline import validate_file

EXAMPLES = int(os.environ.get("JOURNEYMAP_FUZZ_EXAMPLES", "2000"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

PIECES = list("abcz019 :-[]{},'\"&*!|>#%@`\n\t\\~?<=.ü\ufeff\x00") + [
    "journeymap: 1\n", "title: x\n", "personas:\n", "  - id: a\n", "    name: ", "touchpoints:\n", "phases:\n",
    "<<: *a\n", "next: [", "emotion: ", "no", "\r\n", "&a ", "*a"]
YAMLISH = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)


SCRATCH = Path(tempfile.mkdtemp(prefix="journeymap-fuzz-")) / "m.journey.yaml"


def check(content: bytes, path: Path = SCRATCH) -> None:
    path.write_bytes(content)
    result = validate_file(path, "fuzz.journey.yaml")
    for d in result.diagnostics:
        assert d.rule in RULES and d.severity in SEVERITIES
        assert d.line >= 1 and d.column >= 1 and d.message


@FUZZ
@given(text=st.text(max_size=300))
def test_arbitrary_text_gives_only_diagnostics(text):
    check(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_give_only_diagnostics(data):
    check(data)


@FUZZ
@given(text=YAMLISH)
def test_yaml_like_text_gives_only_diagnostics(text):
    check(text.encode("utf-8", "surrogatepass"))
