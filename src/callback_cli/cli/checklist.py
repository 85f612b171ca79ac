"""The follow-up checklist: followups (todo), done, calendar, and the config in force."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from callback_cli import config, dates, render
from callback_cli.cli import options as o
from callback_cli.cli.app import app
from callback_cli.cli.common import db_path, open_journal, open_store

ITEM_HELP = "notes, thank-you, prep, no-word or feedback."


def _complete_items(incomplete: str):
    from callback_cli.followups import ITEMS

    return [i for i in ITEMS if i.startswith(incomplete)]


def followups(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Include checked-off items.")] = False,
    json: o.Json = False,
) -> None:
    """The follow-up and prep checklist.

    Example: callback followups --all
    """
    from callback_cli import followups as rules

    today = dates.today()
    items = rules.items(open_store(ctx), today, config.load(), include_done=all_)
    if json:
        render.json_out([{**i, "group": rules.group_of(i, today)} for i in items])
    else:
        from callback_cli.render.followups import checklist

        checklist(items, today)


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
    due = journal.done(id, item, config.load(), undo=undo)
    if json:
        render.json_out({"audition_id": id, "item": item, "due": due, "done": not undo})
    else:
        render.say(f"{'Unchecked' if undo else 'Checked off'} {item} for #{id} ({due}).")


@app.command()
def calendar(
    ctx: typer.Context,
    output: Annotated[
        Optional[Path],
        typer.Option("--output", "-o", help="Write to this .ics file (default: standard output)."),
    ] = None,
) -> None:
    """Upcoming auditions and callbacks as a calendar (.ics) file.

    Each event carries its prep checklist.

    Example: callback calendar -o ~/auditions.ics
    """
    from callback_cli import followups as rules
    from callback_cli.ical import to_ics

    from callback_cli import files

    if output is not None:
        files.check_target(output, db_path(ctx))  # before any work: never over the journal
    entries = rules.calendar_entries(open_store(ctx), dates.today(), config.load())
    data = to_ics(entries)
    if output is None:
        sys.stdout.buffer.write(data)
        return
    files.write_file(output, db_path(ctx), lambda fh: fh.write(data), binary=True)
    render.notice(f"Wrote {len(entries)} events to {render.visible(output)}")


@app.command("config")
def show_config(json: o.Json = False) -> None:
    """Show the settings in force and where the config file is.

    Example: callback config
    """
    cfg = config.load()
    doc = {
        "path": cfg.path,
        "loaded": cfg.loaded,
        "stale_days": cfg.stale_days,
        "followup_days": cfg.followup_days,
        "week_start": cfg.week_start,
        "date_order": cfg.date_order,
        "thank_you_after_days": cfg.thank_you_after_days,
        "items": dict(cfg.items),
    }
    if json:
        render.json_out(doc)
        return
    where = "" if cfg.loaded else " (not there: these are the defaults)"
    render.say(f"[bold]Config file[/]: {render.esc(cfg.path)}{where}")
    for key in ("stale_days", "followup_days", "week_start", "date_order", "thank_you_after_days"):
        render.say(f"{key} = {doc[key]!r}".replace("'", '"'))
    render.say(render.esc("[items]"))
    for key, value in cfg.items.items():
        render.say(f"{key} = {str(value).lower()}")
