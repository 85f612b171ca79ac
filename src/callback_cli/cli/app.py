"""The root Typer app: global options, and the one place errors become exit codes."""

# No `from __future__ import annotations` here: Typer would have to evaluate every option's
# annotation string again on each run (about 3 ms of start-up); these are real objects.

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from callback_cli import __version__
from callback_cli.errors import CallbackError, ImportRowsError

# command -> the module under cli/ that defines it, in the order help lists them
MODULES = {
    "add": "entry",
    "mark": "entry",
    "list": "view",
    "show": "view",
    "search": "find",
    "edit": "entry",
    "delete": "entry",
    "undo": "entry",
    "stats": "insight",
    "report": "insight",
    "patterns": "insight",
    "people": "insight",
    "review": "review",
    "followups": "checklist",
    "todo": "checklist",
    "done": "checklist",
    "calendar": "checklist",
    "config": "config",
    "spend": "money",
    "expenses": "money",
    "export": "data",
    "import": "data",
    "demo": "demo",
}


def _error(message: str) -> None:
    """One `Error:` line; in a terminal it wraps at words, hanging under the message."""
    from callback_cli.render import wrapped_for_stderr  # lazy: only on the error path

    sys.stderr.write(wrapped_for_stderr(f"Error: {message}", indent=7) + "\n")


class Group(TyperGroup):
    """Maps the exception family to `Error: ...` on stderr and the contract's exit codes."""

    def list_commands(self, ctx):  # the order of MODULES, not A-Z
        order = list(MODULES)
        return sorted(self.commands, key=lambda c: order.index(c) if c in order else len(order))

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ImportRowsError as exc:
            _error(str(exc))
            for row, column, why in exc.problems[:50]:
                where = f"row {row}" + (f", column {column}" if column else "")
                sys.stderr.write(f"  {where}: {why}\n")
            if len(exc.problems) > 50:
                sys.stderr.write(f"  … and {len(exc.problems) - 50} more\n")
            if exc.hint:
                sys.stderr.write(f"  {exc.hint}\n")
            raise typer.Exit(exc.exit_code) from None
        except CallbackError as exc:
            _error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            stores = (ctx.obj or {}).get("stores", [])
            wrote = any(store.committed for store in stores)
            sys.stderr.write("\nCancelled.\n" if wrote else "\nCancelled; nothing was written.\n")
            raise typer.Exit(130) from None
        except BrokenPipeError:  # `callback list | head`
            sys.stderr.close()
            raise typer.Exit(0) from None


# what an option's value is, in a word, where its long name does not say it well
METAVARS = {
    "since": "DATE",
    "until": "DATE",
    "date": "DATE",
    "limit": "N",
    "minimum": "N",
    "rating": "1-5",
    "note": "TEXT",
    "direction": "TEXT",
    "db": "FILE",
    "output": "FILE",
    "html": "FILE",
    "svg": "FILE",
    "from_": "FORMAT",
    "map_": "HEADER=FIELD",
    "by": "FIELD",
    "search": "TEXT",
}


class Command(TyperCommand):
    """Help that reads as English: values named in words (`--date DATE`, `ID`), never the
    parser's `<str>`, `{id}` or `<int range>`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.metavar is None and not getattr(param, "is_flag", False):
                name = param.name or ""
                param.metavar = METAVARS.get(name, name.rstrip("_").upper())

    def collect_usage_pieces(self, ctx):
        # Typer wraps required arguments in braces ({ID}); the usage line reads better bare
        return [piece.strip("{}") for piece in super().collect_usage_pieces(ctx)]


class App(typer.Typer):
    def command(self, *args, cls=None, **kwargs):
        return super().command(*args, cls=cls or Command, **kwargs)


app = App(
    cls=Group,
    help="An audition journal for actors: log auditions, append outcomes, see what works.\n\n"
    'Example: callback add "Night Shift" --role "Nurse Kim" --type tv',
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"callback {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        Optional[Path],
        typer.Option(
            "--db",
            metavar="FILE",
            help="The journal file (default: $CALLBACK_DB, else the user data dir).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """An audition journal for actors."""
    ctx.obj = {"db": db, "stores": []}  # the journals this command opened (common.open_store)
