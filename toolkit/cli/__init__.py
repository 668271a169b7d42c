"""The ``toolkit`` command line: a thin layer over the library.

Results go to stdout, messages and progress to stderr. Library exceptions become one line
on stderr and a distinct exit code (``EXIT_CODES``); tracebacks are never shown to users
(set ``TOOLKIT_DEBUG=1`` to see them).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from toolkit import __version__
from toolkit.errors import (
    ConfigError,
    GlossaryError,
    InputError,
    MissingDependencyError,
    ModelError,
    OutputError,
    ToolkitError,
)

EXIT_TABLE: tuple[tuple[int, str, tuple[type[ToolkitError], ...]], ...] = (
    (0, "success", ()),
    (1, "quality findings at or above --fail-on", ()),
    (2, "usage error", ()),
    (3, "bad input", (InputError,)),
    (4, "bad glossary", (GlossaryError,)),
    (5, "model or dependency unavailable", (ModelError, MissingDependencyError)),
    (6, "output not written", (OutputError,)),
    (7, "bad configuration", (ConfigError,)),
    (8, "some articles failed, the others were written (batch)", ()),
    (130, "interrupted", ()),
)
"""Every exit code, its meaning and the errors that give it: the one place they are written
(the --help epilog, the error handler and a README test read it)."""
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_CODES: dict[type[ToolkitError], int] = {
    error: code for code, _, errors in EXIT_TABLE for error in errors
}
EPILOG = "Exit codes: " + ", ".join(f"{code} {meaning}" for code, meaning, _ in EXIT_TABLE) + "."


# Library parameter -> the flag that sets it, where the two are not spelt alike.
FLAGS: dict[str, str] = {"target_language": "--target-lang", "model": "--model"}


def flag_for(parameter: str) -> str:
    """The command-line flag for a library parameter named in an error message."""
    return FLAGS.get(parameter, "--" + parameter.replace("_", "-"))


def exit_code_for(exc: ToolkitError) -> int:
    for cls in type(exc).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return 1


class ToolkitGroup(click.Group):
    """A click group that turns library errors into one-line messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ToolkitError as exc:
            if os.environ.get("TOOLKIT_DEBUG"):
                raise
            message = exc.render(flag_for)
            hint = os.environ.get("TOOLKIT_MODEL_HINT")
            if hint and isinstance(exc, ModelError):
                message += f" ({hint})"  # set by `make demo`: the offline alternative
            click.echo(f"toolkit: error: {message}", err=True)
            ctx.exit(exit_code_for(exc))
        except KeyboardInterrupt:
            click.echo("toolkit: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # stdout closed early (e.g. `| head`): not an error for the user.
            sys.stderr.close()
            ctx.exit(EXIT_OK)


@click.group(
    cls=ToolkitGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, "--version", "-V", prog_name="toolkit")
def cli() -> None:
    """Summarize Persian news, translate it into English and Russian under a glossary,
    and check the result."""


def _register() -> None:
    from toolkit.cli import batch as batch_commands
    from toolkit.cli import evaluate as evaluate_commands
    from toolkit.cli import glossary as glossary_commands
    from toolkit.cli import models as models_commands
    from toolkit.cli import run as run_commands
    from toolkit.cli import summarize as summarize_commands
    from toolkit.cli import text as text_commands
    from toolkit.cli import translate as translate_commands

    cli.add_command(text_commands.normalize_cmd)
    cli.add_command(text_commands.segment_cmd)
    cli.add_command(glossary_commands.glossary_group)
    cli.add_command(translate_commands.translate_cmd)
    cli.add_command(evaluate_commands.evaluate_cmd)
    cli.add_command(summarize_commands.summarize_cmd)
    cli.add_command(run_commands.run_cmd)
    cli.add_command(batch_commands.batch_cmd)
    cli.add_command(models_commands.models_group)


_register()


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="toolkit")
