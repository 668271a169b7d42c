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


def usage_error(exc: click.UsageError) -> str:
    """A usage error in one line (click prints the whole usage block above it): the problem
    and where to read about the command."""
    message = " ".join(exc.format_message().split())
    where = exc.ctx.command_path if exc.ctx is not None else "toolkit"
    return f"toolkit: error: {message} (see '{where} --help')"


class ToolkitGroup(click.Group):
    """A click group that turns library errors into one-line messages and exit codes, and
    imports each subcommand's module when the command is first asked for. A usage error
    (an unknown command or option, a value not among the choices) is one line and exit 2."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.NoArgsIsHelpError:
            raise  # ``toolkit`` alone: the help, as click shows it
        except click.UsageError as exc:
            click.echo(usage_error(exc), err=True)
            ctx.exit(EXIT_USAGE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands: dict[str, str] = {}
        """Command name -> ``"module:attribute"`` of a command not imported yet."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self.lazy_commands.pop(cmd_name, None)
        if target is not None:
            import importlib

            module, _, attribute = target.partition(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

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
        except click.exceptions.NoArgsIsHelpError:
            raise  # a group given no subcommand: its help
        except click.UsageError as exc:
            click.echo(usage_error(exc), err=True)
            ctx.exit(EXIT_USAGE)
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
    """Name the subcommands; each module is imported when its command is first used, so that
    ``toolkit glossary match`` does not import the pipeline (0.2 s of every start)."""
    cli.lazy_commands.update(
        {
            "normalize": "toolkit.cli.text:normalize_cmd",
            "segment": "toolkit.cli.text:segment_cmd",
            "glossary": "toolkit.cli.glossary:glossary_group",
            "translate": "toolkit.cli.translate:translate_cmd",
            "evaluate": "toolkit.cli.evaluate:evaluate_cmd",
            "summarize": "toolkit.cli.summarize:summarize_cmd",
            "run": "toolkit.cli.run:run_cmd",
            "batch": "toolkit.cli.batch:batch_cmd",
            "models": "toolkit.cli.models:models_group",
            "review": "toolkit.cli.review:review_group",
        }
    )


_register()


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="toolkit")
