"""The follow-up checklist: followups (todo), done, calendar, and the config in force."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from callback_cli import config, dates, render
from callback_cli.cli import options as o
from callback_cli.cli.app import app
from callback_cli.cli.common import open_journal, open_store

ITEM_HELP = "notes, thank-you, prep, no-word or feedback."


def _complete_items(incomplete: str):
    from callback_cli.followups import ITEMS

    return [i for i in ITEMS if i.startswith(incomplete)]


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
    from callback_cli import followups as rules

    today = dates.today()
    items = rules.items(open_store(ctx), today, config.load(), include_done=all_)
    if json:
        render.json_out([{**i, "group": rules.group_of(i, today)} for i in items])
    else:
        from callback_cli.render.followups import checklist

        checklist(items, today, all_=all_)


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

    entries = rules.calendar_entries(open_store(ctx), dates.today(), config.load())
    if output is None and sys.stdout.isatty():
        # raw iCalendar is for a calendar app, not for reading: say where to put it instead
        render.say(
            f"{len(entries)} upcoming {'event' if len(entries) == 1 else 'events'} to put in a calendar. "
            "Write the file your calendar app imports with: callback calendar -o auditions.ics "
            "(piped, callback calendar prints the iCalendar text)."
        )
        return
    data = to_ics(entries)
    if output is None:
        sys.stdout.buffer.write(data)
        return
    from callback_cli.errors import CallbackError

    try:
        output.write_bytes(data)
    except OSError as exc:
        raise CallbackError(f"cannot write {output}: {exc.strerror}") from None
    render.notice(f"Wrote {len(entries)} events to {output}")


def _complete_config(ctx: typer.Context, incomplete: str):
    return [k for k in config.known_keys() if k.startswith(incomplete)]


@app.command("config")
def show_config(
    action: Annotated[
        Optional[str],
        typer.Argument(help="set or unset; leave out to show the settings.", show_default=False),
    ] = None,
    key: Annotated[
        Optional[str],
        typer.Argument(
            help="A setting, e.g. stale_days or items.thank-you.", autocompletion=_complete_config
        ),
    ] = None,
    value: Annotated[Optional[str], typer.Argument(help="Its new value (for set).")] = None,
    json: o.Json = False,
) -> None:
    """Show the settings in force, or change one in the config file.

    Example: callback config set stale_days 21
    """
    from callback_cli.errors import BadInput

    if action is not None:
        if action not in ("set", "unset"):
            raise BadInput(f"config takes set KEY VALUE or unset KEY, not {action!r}")
        if key is None or (action == "set") != (value is not None):
            raise BadInput("give config set KEY VALUE, or config unset KEY")
        _change(key, value)
        config.load.cache_clear()
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
    if action is not None:
        render.say(f"{'Set' if value is not None else 'Unset'} {key} in {render.esc(cfg.path)}.")
        return
    from callback_cli.render.layout import paragraph

    width = render.size().width
    where = "" if cfg.loaded else " (not there yet: these are the defaults)"
    lines = paragraph(f"[bold]Config file[/]: {render.esc(cfg.path)}{where}", width)
    pairs = [(k, f"{k} = {doc[k]!r}".replace("'", '"')) for k in config.DEFAULTS]
    pairs.append(("items", "[items]"))
    pairs += [(None, f"{k} = {str(v).lower()}") for k, v in cfg.items.items()]
    pad = max(len(text) for _, text in pairs) + 2
    for key_, text in pairs:
        why = config.EXPLAIN.get(key_ or "", "")
        if not why:
            lines.append(render.esc(text))
            continue
        lines += paragraph(f"[dim]{render.esc(why)}[/]", width, render.esc(text.ljust(pad)), pad)
    lines.append("")
    lines += paragraph(
        "Change one with: callback config set stale_days 21 (unset KEY goes back to the default).", width
    )
    render.lines_out(lines)


def _change(key: str, value: Optional[str]) -> None:
    """Edit the config file: validated first, written whole and 0600 (it is the user's)."""
    import os

    from callback_cli.errors import CallbackError
    from callback_cli.paths import config_path

    path = config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except OSError as exc:
        raise CallbackError(f"cannot read {path}: {exc.strerror}") from None
    new = config.edited(text, key, value)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(new)
        os.replace(tmp, path)
    except OSError as exc:
        raise CallbackError(f"cannot write {path}: {exc.strerror}") from None
