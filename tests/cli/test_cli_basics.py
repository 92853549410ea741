"""The CLI's entry points: help, version, module invocation, init, schema, exit codes."""

import json
import subprocess
import sys

from support.maps import MINIMAL_MAP


def test_help_lists_the_commands(jm):
    run = jm("--help")
    assert run.code == 0
    for command in ("validate", "init", "schema"):
        assert command in run.out


def test_version(jm):
    from journeymap import __version__
    run = jm("--version")
    assert run.code == 0 and run.out.strip() == f"journeymap, version {__version__}"


def test_python_dash_m_works():
    done = subprocess.run([sys.executable, "-m", "journeymap", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "validate" in done.stdout


def test_unknown_command_is_a_usage_error(jm):
    run = jm("frobnicate")
    assert run.code == 2 and "No such command" in run.err


def test_missing_path_is_a_usage_error(jm, tmp_path):
    run = jm("validate", tmp_path / "nope.journey.yaml")
    assert run.code == 2
    assert "no such file or folder" in run.err
    assert "Traceback" not in run.err


def test_folder_without_maps_is_a_usage_error(jm, tmp_path):
    run = jm("validate", tmp_path)
    assert run.code == 2 and "no *.journey.yaml files" in run.err


def test_init_writes_a_starter_that_validates_cleanly(jm, tmp_path):
    target = tmp_path / "new.journey.yaml"
    assert jm("init", target).code == 0
    text = target.read_text()
    assert text.startswith("# yaml-language-server: $schema=journeymap.schema.json")
    assert (tmp_path / "journeymap.schema.json").exists()
    run = jm("validate", "--strict", target)
    assert (run.code, run.out) == (0, "")


def test_init_refuses_to_overwrite(jm, tmp_path):
    target = tmp_path / "new.journey.yaml"
    target.write_text("keep me")
    run = jm("init", target)
    assert run.code == 2 and "already exists" in run.err
    assert target.read_text() == "keep me"


def test_schema_is_draft07_json(jm):
    run = jm("schema")
    schema = json.loads(run.out)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "touchpoints" in schema["properties"]


def test_strict_turns_warnings_into_failure(jm, write):
    path = write("m.journey.yaml", MINIMAL_MAP.replace(", owner: team, next", ", next"))
    assert jm("validate", path).code == 0
    run = jm("validate", "--strict", path)
    assert run.code == 1
    assert run.lines == [f"{path}:11:6: warning: touchpoint 'signup' has no owner: who answers for it? [no-owner]"]


def test_the_group_lists_each_command_with_its_own_summary():
    """`journeymap --help` lists summaries kept in the group (so it imports no command): they match the commands."""
    import click

    from journeymap.cli.main import COMMANDS, cli

    context = click.Context(cli)
    for name, (_, _, summary) in COMMANDS.items():
        command = cli.get_command(context, name)
        assert command.name == name and command.help.partition("\n\n")[0].split() == summary.split(), name
