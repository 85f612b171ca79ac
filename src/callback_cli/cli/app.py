"""The root Typer app: global options, and the one place errors become exit codes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from callback_cli import __version__
from callback_cli.errors import CallbackError, ImportRowsError

# command -> the module under cli/ that defines it, in the order help lists them
MODULES = {
    "add": "entry",
    "mark": "entry",
    "list": "view",
    "show": "view",
    "edit": "entry",
    "delete": "entry",
    "undo": "entry",
    "stats": "insight",
    "report": "insight",
    "patterns": "insight",
    "people": "insight",
    "followups": "checklist",
    "todo": "checklist",
    "done": "checklist",
    "calendar": "checklist",
    "config": "config",
    "export": "data",
    "import": "data",
    "demo": "demo",
}


class Group(TyperGroup):
    """Maps the exception family to `Error: ...` on stderr and the contract's exit codes."""

    def list_commands(self, ctx):  # the order of MODULES, not A-Z
        order = list(MODULES)
        return sorted(self.commands, key=lambda c: order.index(c) if c in order else len(order))

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ImportRowsError as exc:
            sys.stderr.write(f"Error: {exc}\n")
            for row, column, why in exc.problems[:50]:
                where = f"row {row}" + (f", column {column}" if column else "")
                sys.stderr.write(f"  {where}: {why}\n")
            if len(exc.problems) > 50:
                sys.stderr.write(f"  … and {len(exc.problems) - 50} more\n")
            raise typer.Exit(exc.exit_code) from None
        except CallbackError as exc:
            sys.stderr.write(f"Error: {exc}\n")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            stores = (ctx.obj or {}).get("stores", [])
            wrote = any(store.committed for store in stores)
            sys.stderr.write("\nCancelled.\n" if wrote else "\nCancelled; nothing was written.\n")
            raise typer.Exit(130) from None
        except BrokenPipeError:  # `callback list | head`
            sys.stderr.close()
            raise typer.Exit(0) from None


app = typer.Typer(
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
