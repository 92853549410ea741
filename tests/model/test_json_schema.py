"""The editor JSON Schema: an independent validator (check-jsonschema) accepts the samples and rejects bad maps."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from journeymap.model.json_schema import json_schema_text

from support.paths import ROOT, SAMPLES

SAMPLE_MAPS = sorted(SAMPLES.rglob("*.journey.yaml"))


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess:
    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    return subprocess.run([tool, "--schemafile", str(schema), *map(str, files)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def schema_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "journeymap.schema.json"
    path.write_text(json_schema_text(), encoding="utf-8")
    return path


def test_the_committed_schema_is_up_to_date():
    assert (ROOT / "journeymap.schema.json").read_text(encoding="utf-8") == json_schema_text(), \
        "run: journeymap schema -o journeymap.schema.json"


def test_every_sample_passes_check_jsonschema(schema_file):
    assert len(SAMPLE_MAPS) >= 4
    done = check_jsonschema(schema_file, *SAMPLE_MAPS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_sample_with_a_wrong_type_fails_check_jsonschema(schema_file, tmp_path):
    text = (SAMPLES / "online-shop" / "first-purchase.journey.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.journey.yaml"
    bad.write_text(text.replace("effort: 6", 'effort: "very hard"', 1), encoding="utf-8")
    assert 'effort: "very hard"' in bad.read_text(encoding="utf-8")
    done = check_jsonschema(schema_file, bad)
    assert done.returncode == 1
    assert "very hard" in done.stdout


def test_unknown_keys_fail_check_jsonschema(schema_file, write):
    bad = write("typo.journey.yaml", """
        journeymap: 1
        title: "Typo"
        touchpoints:
          - {id: a, name: "A", phase: p, emotoin: happy}
        """)
    assert check_jsonschema(schema_file, bad).returncode == 1
