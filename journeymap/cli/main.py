"""The `journeymap` command: a group that imports a command's module only when that command runs."""

from __future__ import annotations

import importlib
import os
import sys

import click

from journeymap import __version__

# name -> (module under journeymap.cli, its click command, the summary `journeymap --help` lists). The
# summaries are kept here so that listing the commands imports none of them; each is the first
# paragraph of its command's docstring.
COMMANDS = {
    "analyze": ("analyze", "analyze", "Analyse where customers struggle and what to fix first."),
    "compare": ("compare", "compare",
                "Compare two versions of a journey as a journey map: as-is and to-be, or before and after."),
    "diff": ("compare", "diff", "What changed for the customer between two versions of a map."),
    "history": ("history", "history",
                "How a map's friction, KPIs and remembered experience moved over its git history."),
    "import": ("imports", "import_group", "Turn a diagram of another tool into a journeymap map."),
    "init": ("check", "init", "Write a commented starter map and the editor schema beside it."),
    "lsp": ("lsp", "lsp",
            "A language server for maps in the editor: findings as you type, ids completed, go to definition, rename."),
    "observe": ("observe", "observe", "Journeys observed in the maps' event logs, beside the designed map."),
    "render": ("render", "render", "Render maps to diagrams, HTML reports and exports."),
    "schema": ("check", "schema", "Print the JSON Schema of the map format, for editors and CI."),
    "serve": ("serve", "serve",
              "Show the reports of PATH (a map or a folder) live in the browser: a workshop on the projector."),
    "site": ("site", "site", "A static site of every map under DIR: the journeys, their architecture, owners, "
                             "channels and opportunities."),
    "validate": ("check", "validate", "Check maps: files, or folders searched for *.journey.yaml."),
}


class LazyGroup(click.Group):
    """Commands imported on demand: `journeymap validate` loads the validate command and what it needs, no more."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attribute, _ = COMMANDS[name]
        return getattr(importlib.import_module(f"journeymap.cli.{module}"), attribute)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as exc:  # click suggests from the commands it holds: none here
            raise click.exceptions.NoSuchCommand(exc.command_name, possibilities=COMMANDS, ctx=ctx) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the summaries above, shortened to the width as click shortens them."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, click.Command(name, help=summary).get_short_help_str(limit))
                for name, (_, _, summary) in sorted(COMMANDS.items())]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="journeymap")
def cli():
    """journeymap: customer journey maps as code.

    Describe personas, phases, touchpoints, emotions, pains and opportunities in YAML;
    validate them, analyse the friction, and render diagrams and reports.
    """


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; bad input never shows a traceback (set JOURNEYMAP_DEBUG=1 to see one for a bug)."""
    from journeymap.cli.common import EXIT_USAGE
    from journeymap.runtime import gc_paused

    try:
        with gc_paused():  # a short-lived process: see runtime.release_map_garbage
            cli.main(args=argv, prog_name="journeymap", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(EXIT_USAGE)
    except (BrokenPipeError, KeyboardInterrupt):
        sys.exit(EXIT_USAGE)
    except OSError as exc:
        click.echo(f"journeymap: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True)
        sys.exit(EXIT_USAGE)
    except Exception as exc:  # a bug: one line, not a traceback
        if os.environ.get("JOURNEYMAP_DEBUG"):
            raise
        click.echo(f"journeymap: internal error: {type(exc).__name__}: {exc} "
                   "(please report it with the map that caused it; JOURNEYMAP_DEBUG=1 shows details)", err=True)
        sys.exit(EXIT_USAGE)
