"""Writing commands: add, mark, edit, delete, undo."""

# No `from __future__ import annotations` here: Typer would have to evaluate every option's
# annotation string again on each run (about 3 ms of start-up); these are real objects.

import sys
from datetime import date as date_
from typing import Annotated, Optional

import typer

from callback_cli import config, dates, models, render
from callback_cli.cli import options as o
from callback_cli.cli.app import app
from callback_cli.cli.common import open_journal, open_store, require_terminal
from callback_cli.errors import BadInput
from callback_cli.journal import clean_fields

Id = Annotated[int, typer.Argument(help="The audition's id (callback list shows them).", show_default=False)]


def _read_note(note: str | None) -> str | None:
    if note == "-":
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        if isinstance(data, str):
            return data
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BadInput(
                f"the note on standard input is not valid UTF-8 text (byte {exc.start + 1})"
            ) from None
    return note


def _fields(params: dict) -> dict:
    """The record's fields among a command's parameters (`--note` fills `notes`)."""
    given = {k: v for k, v in params.items() if k in models.FIELDS and k != "tags"}
    given["notes"] = _read_note(params.get("note"))
    return given


@app.command()
def add(
    ctx: typer.Context,
    project: Annotated[
        Optional[str],
        typer.Argument(
            help="The project (show, film, play, brand). Leave out in a terminal to be asked.",
            autocompletion=o.from_journal("project"),
            show_default=False,
        ),
    ] = None,
    role: o.Role = None,
    date: o.When = None,
    time: o.Time = None,
    type: o.Type = None,
    format: o.Format = None,
    size: o.Size = None,
    casting: o.Casting = None,
    source: o.Source = None,
    location: o.Location = None,
    room: o.Room = None,
    headshot: o.Headshot = None,
    rating: o.Rating = None,
    outfit: o.Outfit = None,
    direction: o.Direction = None,
    tape_due: o.Due = None,
    miles: o.Miles = None,
    tag: o.Tag = None,
    note: o.Note = None,
    json: o.Json = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the new id.")] = False,
) -> None:
    """Log an audition; bare in a terminal, it asks for the fields.

    Example: callback add "Night Shift" --role "Nurse Kim" --type tv --format self-tape
    """
    today = dates.today()
    raw = _fields(locals())
    tags = list(tag or [])
    store = None
    if project is None:
        require_terminal('give the PROJECT to log, e.g. callback add "Night Shift"')
        from callback_cli.cli.prompting import ask_audition  # lazy: tempfile/subprocess only when asking

        store = open_store(ctx)  # read for the prompts' suggestions; created only once answered
        raw, tags = ask_audition(store, raw, tags, today)
    values = clean_fields(raw, base=today, order=config.load().date_order, nearest=True)
    # a --date weeks ahead (a date answered at the prompt showed its meaning as it was typed)
    slip = _far_ahead(values.get("date"), today) if date is not None else None
    if store is not None and store.exists:
        journal = open_journal(ctx, store=store)  # the journal is open already: use it
    else:
        journal = open_journal(ctx, create=True)
    aid = journal.add(values, tags)
    if slip:
        render.notice(
            f"Note: #{aid} is dated {slip}; callback edit {aid} --date DATE changes it if that was a slip."
        )
    if quiet:
        sys.stdout.write(f"{aid}\n")
    elif json:
        render.json_out(journal.record(aid))
    else:
        render.added(journal.record(aid), today)


AHEAD_DAYS = 21  # an audition dated further ahead than this is more often a slip than a plan


def _far_ahead(iso: str | None, today) -> str | None:
    """A --date weeks ahead is usually a typo (or a year-less date read the wrong way): in a
    terminal, ask; in a pipe, go ahead, returning the words to say so on stderr."""
    if not iso or (date_.fromisoformat(iso) - today).days <= AHEAD_DAYS:
        return None
    from callback_cli.render.prompt import confirm  # lazy: only for a date weeks ahead
    from callback_cli.render.words import ago, day  # lazy: only for a date weeks ahead

    when = date_.fromisoformat(iso)
    what = f"{day(when, year=True)}, {ago(when, today)}"
    if sys.stdin.isatty() and sys.stdout.isatty():
        if not confirm(f"That date is {what}. Log it for then?"):
            raise BadInput("not logged: give the date again with --date")
        return None
    return what


@app.command()
def mark(
    ctx: typer.Context,
    id: Id,
    status: Annotated[
        str,
        typer.Argument(
            help="callback, pinned (avail, hold), booked, released, declined, no-response.",
            autocompletion=o.complete_statuses,
            show_default=False,
        ),
    ],
    date: Annotated[
        Optional[str],
        typer.Option(
            "--date", "-d", help='When it happened, or is scheduled, with a time if you like: "next tue 2pm".'
        ),
    ] = None,
    time: o.Time = None,
    note: Annotated[
        Optional[str],
        typer.Option(
            "--note", "-n", help="A word on this outcome, e.g. who was in the room ('-' reads stdin)."
        ),
    ] = None,
    json: o.Json = False,
) -> None:
    """Append an outcome: a callback, a hold, a booking, a release.

    A future-dated callback is a scheduled one.

    Example: callback mark 12 callback --date "next tue 2:30pm" --note "producer session"
    """
    today = dates.today()
    order = config.load().date_order
    # an empty --date is a mistake, refused as add and edit refuse it; only no --date means today
    when, hhmm = dates.parse_date_time(date, base=today, order=order) if date is not None else (None, None)
    if time is not None:
        hhmm = dates.parse_time(time) if time.strip() else None
    journal = open_journal(ctx)
    status = journal.mark(id, status, when, _read_note(note), hhmm)
    rec = journal.record(id)
    if json:
        render.json_out(rec)
        return
    from callback_cli.render.words import day  # lazy: only mark's sentence (add -q needs none)

    when_iso = (when or today).isoformat()
    numbered = zip(rec["events"], models.callback_rounds(rec["events"]), strict=True)
    rounds = [n for e, n in numbered if n and e["date"] <= when_iso]
    round_ = rounds[-1] if rounds else 0
    label = f"callback (round {round_})" if status == "callback" and round_ > 1 else status
    ahead = " (scheduled)" if when_iso > today.isoformat() else ""
    on = day(when_iso, year=when_iso[:4] != str(today.year))
    at = f" at {dates.say_time(hhmm)}" if hhmm else ""
    render.say(f"Marked #{id} {render.esc(rec['project'])}: {render.status_text(label)} on {on}{at}{ahead}.")


@app.command()
def edit(
    ctx: typer.Context,
    id: Id,
    project: o.Project = None,
    role: o.Role = None,
    date: o.When = None,
    time: o.Time = None,
    type: o.Type = None,
    format: o.Format = None,
    size: o.Size = None,
    casting: o.Casting = None,
    source: o.Source = None,
    location: o.Location = None,
    room: o.Room = None,
    headshot: o.Headshot = None,
    rating: o.Rating = None,
    outfit: o.Outfit = None,
    direction: o.Direction = None,
    tape_due: o.Due = None,
    miles: o.Miles = None,
    tag: o.TagReplace = None,
    note: o.Note = None,
    json: o.Json = False,
) -> None:
    """Change an audition's fields; an empty value clears one.

    With no options, in a terminal, it opens the audition in $EDITOR.

    Example: callback edit 12 --outfit "green jacket" --rating 4
    """
    today = dates.today()
    raw = _fields(locals())
    given = {k: v for k, v in raw.items() if v is not None}
    journal = open_journal(ctx)
    tags = list(tag) if tag is not None else None
    if not given and tags is None:
        require_terminal("nothing to change: give options such as --role or --outfit")
        from callback_cli.cli.prompting import edit_in_editor  # lazy: tempfile/subprocess only for $EDITOR

        given, tags = edit_in_editor(journal.record(id), today)
    changed = journal.edit(
        id, clean_fields(given, base=today, order=config.load().date_order, nearest=True), tags
    )
    if json:
        render.json_out(journal.record(id))
    elif changed:
        render.say(f"Updated #{id}: {', '.join(changed)}.")
    else:
        render.say(f"Nothing changed in #{id}.")


@app.command()
def delete(
    ctx: typer.Context,
    id: Id,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    json: o.Json = False,
) -> None:
    """Delete an audition and its history (undo brings it back).

    Example: callback delete 12 --yes
    """
    journal = open_journal(ctx)
    rec = journal.record(id)
    if not yes:
        require_terminal("refusing to delete without --yes")
        from callback_cli.render.prompt import confirm  # lazy: only when asking

        if not confirm(f"Delete #{id} {rec['project']} ({rec['date']})?"):
            raise BadInput("not deleted")
    journal.delete(id)
    if json:
        render.json_out(rec)
    else:
        render.say(f"Deleted #{id} {render.esc(rec['project'])}. callback undo brings it back.")


@app.command()
def undo(ctx: typer.Context, json: o.Json = False) -> None:
    """Revert the last change; repeat to go further back.

    Reverts add, mark, edit, delete, done and import.

    Example: callback undo
    """
    done = open_journal(ctx).undo()
    if json:
        render.json_out(done)
    else:
        render.say(f"Undid: {render.esc(done['summary'])}")
