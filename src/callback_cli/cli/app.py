"""The root Typer app: global options, and the one place errors become exit codes."""

# No `from __future__ import annotations` here: Typer would have to evaluate every option's
# annotation string again on each run (about 3 ms of start-up); these are real objects.

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from callback_cli import __version__
from callback_cli.errors import CallbackError, ImportRowsError, OutputClosed, OutputError

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


# what `callback --help` says of each command: one line that fits beside the names at 60
# columns (Click would cut each command's first sentence with "..." to fit the screen)
SUMMARIES = {
    "add": "Log an audition; with no project, it asks.",
    "mark": "Log a callback, hold, booking or release.",
    "list": "List auditions, newest first, with filters.",
    "show": "Show one audition with its whole history.",
    "search": "Find auditions by any word written in them.",
    "edit": "Change an audition; an empty value clears.",
    "delete": "Delete an audition (undo brings it back).",
    "undo": "Revert the last change; repeat to go back.",
    "stats": "Callback rate, booking ratio, conversion.",
    "report": "The weekly report (--html: a page to send).",
    "patterns": "Which choices go with callbacks.",
    "people": "Casting offices: who calls you in and back.",
    "review": "The season, for a meeting with your agent.",
    "followups": "The follow-up and prep checklist.",
    "todo": "The same checklist as followups.",
    "done": "Check a follow-up item off the list.",
    "calendar": "Upcoming dates as a calendar file (.ics).",
    "config": "Show the settings, or change one.",
    "spend": "Log a cost or miles driven, for taxes.",
    "expenses": "A year's costs and mileage, for taxes.",
    "export": "Export the journal as JSON, JSONL or CSV.",
    "import": "Bring in a spreadsheet or another journal.",
    "demo": "Build a demo journal and show its reports.",
}


# options whose value is a file name: any bytes the file system allows are fine there
_PATH_OPTIONS = ("--db", "-o", "--output", "--html", "--svg", "--png", "--file")


# the journals the running command opened (ctx.obj["stores"]), kept for after it returns
_STORES: list = []


def _committed(ctx=None) -> bool:
    """Whether this command has committed a change to the journal (honest messages when the
    output fails or Ctrl-C lands afterwards)."""
    stores = (ctx.obj or {}).get("stores", []) if ctx is not None else _STORES
    return any(store.committed for store in stores)


def _error(message: str) -> None:
    """One `Error:` line; in a terminal it wraps at words, hanging under the message. Its
    control characters are shown, not obeyed (a message may quote what was typed)."""
    from callback_cli.render import visible, wrapped_for_stderr  # lazy: only on the error path

    sys.stderr.write(wrapped_for_stderr(f"Error: {visible(message)}", indent=7) + "\n")


def report_output_error(exc: OutputError, code: int | None = None, committed: bool | None = None) -> int:
    """Standard output failed: a closed pipe ends quietly (exit 0, or the command's own code);
    anything else is one error line, saying whether the change was saved. Returns the code."""
    from callback_cli.cli import _silence_stdout  # lazy: cli/__init__ imports this module

    _silence_stdout()
    if isinstance(exc, OutputClosed):
        return code or 0
    saved = "; the change was saved" if (_committed() if committed is None else committed) else ""
    _error(f"{exc}{saved}")
    return 1


def _not_utf8(args: list[str]) -> str | None:
    """The first argument holding bytes that are not UTF-8 (Python keeps them as lone
    surrogates), unless it names a file: file names may be any bytes."""
    command = None
    after_path_option = False
    for n, arg in enumerate(args, 1):
        bad = any("\udc80" <= ch <= "\udcff" for ch in arg)
        names_a_file = after_path_option or (command == "import" and not arg.startswith("-"))
        if bad and not names_a_file and not any(arg.startswith(opt + "=") for opt in _PATH_OPTIONS):
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            return f"argument {n} ({shown!r}) is not valid UTF-8 text"
        after_path_option = arg in _PATH_OPTIONS
        if command is None and not arg.startswith("-") and (n == 1 or args[n - 2] != "--db"):
            command = arg
    return None


def whole_examples(text):
    """Help whose `Example:` line is never rewrapped: broken across lines by the formatter, a
    command did not paste as one (a terminal folds a long line itself, and joins it again when
    it is copied). Click keeps a paragraph as it is after a line holding only \\b."""
    if not text or "\n\nExample: " not in text:
        return text
    return text.replace("\n\nExample: ", "\n\n\b\nExample: ")


class HelpContext(typer.Context):
    """Help laid out for the terminal it is read in: Click never goes below 50 columns, so on
    a narrower terminal every line of help would run past the edge and break mid-word."""

    def make_formatter(self):
        formatter = super().make_formatter()
        if self.terminal_width is None:
            import shutil  # lazy: only when help is shown

            columns = shutil.get_terminal_size().columns
            if 0 < columns < formatter.width + 2:
                formatter.width = max(20, columns - 2)
        return formatter


class Group(TyperGroup):
    """Maps the exception family to `Error: ...` on stderr and the contract's exit codes."""

    context_class = HelpContext

    def format_commands(self, ctx, formatter):
        """Each command with its summary whole (wrapped on a narrow screen, never cut)."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, SUMMARIES.get(name) or command.get_short_help_str(10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def list_commands(self, ctx):  # the order of MODULES, not A-Z
        order = list(MODULES)
        return sorted(self.commands, key=lambda c: order.index(c) if c in order else len(order))

    def parse_args(self, ctx, args):
        problem = _not_utf8(list(args))
        if problem:
            _error(problem)
            raise typer.Exit(2)
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        _default_sigint()
        _STORES.clear()
        try:
            return super().invoke(ctx)
        except ImportRowsError as exc:
            _error(str(exc))
            for row, column, why in exc.problems[:50]:
                where = f"row {row}" + (f", column {column}" if column else "")
                sys.stderr.write(f"  {where}: {_visible(why)}\n")
            if len(exc.problems) > 50:
                sys.stderr.write(f"  … and {len(exc.problems) - 50} more\n")
            if exc.hint:
                sys.stderr.write(f"  {exc.hint}\n")
            raise typer.Exit(exc.exit_code) from None
        except OutputError as exc:
            raise typer.Exit(report_output_error(exc, committed=_committed(ctx))) from None
        except CallbackError as exc:
            _error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            if _committed(ctx):
                sys.stderr.write("\nInterrupted; the change was saved.\n")
                raise typer.Exit(0) from None
            sys.stderr.write("\nCancelled; nothing was written.\n")
            raise typer.Exit(130) from None
        except BrokenPipeError:  # `callback list | head`, where stdout is not guarded (tests)
            raise typer.Exit(report_output_error(OutputClosed(BrokenPipeError()), committed=False)) from None
        except UnicodeEncodeError as exc:
            if "surrogates not allowed" not in str(exc):
                raise
            _error("some text given is not valid UTF-8; nothing was written")
            raise typer.Exit(2) from None
        except (ValueError, TypeError, ArithmeticError, KeyError, IndexError, AttributeError):
            found = _invalid_value(ctx)
            if found is None:
                raise
            _error(str(found))
            raise typer.Exit(found.exit_code) from None
        finally:
            _STORES[:] = (ctx.obj or {}).get("stores", [])


def _visible(text: str) -> str:
    from callback_cli.render import visible  # lazy: only on this path (start-up pays for what a command uses)

    return visible(text)


def _default_sigint() -> None:
    """Ctrl-C from here on is a KeyboardInterrupt the handler above turns into a message
    (until now the launcher ended the process quietly while modules loaded)."""
    import signal  # lazy: only on this path (start-up pays for what a command uses)
    import threading  # lazy: only on this path (start-up pays for what a command uses)

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)


def _invalid_value(ctx):
    """After an unexpected failure: a value the journal should never hold, if there is one
    (the reading code trusts the file, so a bit flip or another program's write shows up
    as a crash deep inside a report)."""
    from callback_cli import paths  # lazy: only on this path (start-up pays for what a command uses)
    from callback_cli.store import find_invalid  # lazy: only after a failure

    root = ctx.find_root()
    try:
        return find_invalid(paths.journal_path((root.obj or {}).get("db")))
    except Exception:  # the diagnosis must never hide the original failure
        return None


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
    "tape_due": "DATE",
}


class Command(TyperCommand):
    """Help that reads as English: values named in words (`--date DATE`, `ID`), never the
    parser's `<str>`, `{id}` or `<int range>`."""

    context_class = HelpContext

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.help = whole_examples(self.help)
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
    help=whole_examples(
        "An audition journal for actors: log auditions, append outcomes, see what works.\n\n"
        'Example: callback add "Night Shift" --role "Nurse Kim" --type tv'
    ),
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
            readable=False,  # the journal's own checks say what is wrong, as for CALLBACK_DB
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """An audition journal for actors."""
    ctx.obj = {"db": db, "stores": []}  # the journals this command opened (common.open_store)
