"""The follow-up checklist: followups (todo), done, and calendar."""

# No `from __future__ import annotations` here: Typer would have to evaluate every option's
# annotation string again on each run (about 3 ms of start-up); these are real objects.

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from callback_cli import config, dates, render
from callback_cli import followups as rules
from callback_cli.cli import options as o
from callback_cli.cli.app import app
from callback_cli.cli.common import db_path, open_journal, open_store
from callback_cli.ical import local_zone, to_ics
from callback_cli.models import FOLLOWUP_ITEMS
from callback_cli.render.followups import checklist
from callback_cli.render.words import day

ITEM_HELP = ", ".join(FOLLOWUP_ITEMS[:-1]) + f" or {FOLLOWUP_ITEMS[-1]}."


def _complete_items(incomplete: str):
    return [i for i in FOLLOWUP_ITEMS if i.startswith(incomplete)]


def followups(
    ctx: typer.Context,
    all_: Annotated[
        bool, typer.Option("--all", "-a", help="Everything: checked-off items too, however long the list.")
    ] = False,
    json: o.Json = False,
) -> None:
    """The follow-up and prep checklist.

    Example: callback followups --all
    """
    today = dates.today()
    items = rules.items(open_store(ctx), today, config.load(), include_done=all_)
    grouped = [{**i, "group": rules.group_of(i, today)} for i in items]
    if json:
        render.json_out(grouped)
    else:
        checklist(grouped, all_=all_)


app.command("followups")(followups)
app.command("todo", help="The follow-up checklist (same as followups).\n\nExample: callback todo")(followups)


@app.command()
def done(
    ctx: typer.Context,
    id: Annotated[int, typer.Argument(help="The audition's id.", show_default=False)],
    item: Annotated[str, typer.Argument(help=ITEM_HELP, autocompletion=_complete_items, show_default=False)],
    undo: Annotated[bool, typer.Option("--undo", help="Put a checked item back on the list.")] = False,
    json: o.Json = False,
) -> None:
    """Check a follow-up item off the list.

    Example: callback done 12 thank-you
    """
    journal = open_journal(ctx)
    name, due = journal.done(id, item, config.load(), undo=undo)
    if json:
        render.json_out({"audition_id": id, "item": name, "due": due, "done": not undo})
    else:
        render.say(f"{'Unchecked' if undo else 'Checked off'} {name} for #{id} ({day(due)}).")


@app.command()
def calendar(
    ctx: typer.Context,
    output: Annotated[
        Optional[Path],
        typer.Option("--output", "-o", help="Write to this .ics file (default: standard output)."),
    ] = None,
    duration: Annotated[
        int,
        typer.Option(
            "--duration",
            callback=o.at_least(5, "--duration", 24 * 60),  # a range in words, not [5<=x<=1440]
            metavar="MINUTES",
            help="How long a timed audition or callback lasts.",
        ),
    ] = 30,
) -> None:
    """Upcoming auditions, callbacks and self-tape deadlines as a calendar (.ics) file.

    Each event carries its prep checklist; one with a call time is a timed event in your
    time zone, the others last all day. Callbacks ring the evening before (calendar_alarms
    in the config), self-tape deadlines a day before.

    Example: callback calendar -o ~/auditions.ics --duration 45
    """
    from callback_cli import files  # lazy: only commands that write a file need it

    if output is not None:
        files.check_target(output, db_path(ctx))  # before any work: never over the journal
    entries = rules.calendar_entries(open_store(ctx), dates.today(), config.load())
    if output is None and sys.stdout.isatty():
        # raw iCalendar is for a calendar app, not for reading: say where to put it instead
        render.say(
            f"{len(entries)} upcoming {'event' if len(entries) == 1 else 'events'} to put in a calendar. "
            "Write the file your calendar app imports with: callback calendar -o auditions.ics "
            "(piped, callback calendar prints the iCalendar text)."
        )
        return
    data = to_ics(entries, duration, local_zone())
    if output is None:
        sys.stdout.buffer.write(data)
        return
    files.write_file(output, db_path(ctx), lambda fh: fh.write(data), binary=True)
    render.notice(f"Wrote {len(entries)} events to {render.visible(output)}")
