"""Asking for an audition's fields in a terminal, and editing one in $EDITOR."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from datetime import date
from typing import Any

from callback_cli import config, dates, models, render
from callback_cli.cli.options import one_per_case
from callback_cli.errors import BadInput, CallbackError
from callback_cli.journal import clean_fields, norm_tags
from callback_cli.render.prompt import ask
from callback_cli.render.words import day
from callback_cli.store import Store


def _ask_valid(label: str, field: str, today: date, default=None, known=(), preview=None):
    """Ask until the answer is valid; an empty answer leaves the field unset."""
    while True:
        answer = ask(label, default=default, known=known, preview=preview).strip()
        if not answer:
            return None
        try:
            clean_fields({field: answer}, base=today, order=config.load().date_order, nearest=True)
            return answer
        except BadInput as exc:
            render.notice(f"  {exc}")


def date_preview(today: date):
    """What a date word means, shown under the prompt as it is typed: `next wed → Wed 25 Nov`."""

    def preview(text: str) -> str:
        if not text.strip():
            return " Enter for today, or: yesterday, last fri, Nov 3, 2026-11-03"
        try:
            when = dates.parse_date(text, base=today, order=config.load().date_order, nearest=True)
        except BadInput:
            return f" {text} → not a date yet"
        return f" {text.strip()} → {day(when, year=when.year != today.year)}"

    return preview


def _hint(values) -> None:
    if values:
        render.say(f"[dim]  {render.esc(', '.join(values))} (Tab completes, ↑ goes through them)[/]")


def ask_audition(store: Store, raw: dict, tags: list, today: date) -> tuple[dict, list]:
    """Prompt for every field not given on the command line, offering what the journal knows."""
    render.say("[bold]Log an audition[/] [dim](Enter skips a field; Ctrl-C or Ctrl-D cancels)[/]")
    projects = one_per_case(store.rows.distinct("project", 200))
    while not raw.get("project"):
        raw["project"] = ask("Project", known=projects).strip() or None
        if not raw["project"]:  # the one field that cannot be skipped: say so, not just ask again
            render.notice("  The project is needed: the show, film, play or brand (Ctrl-C cancels).")
    offices = one_per_case(store.rows.distinct("casting", 200))
    sources = one_per_case(store.rows.distinct("source", 50))
    plan = [
        ("role", "Role", None, (), None),
        ("date", "Date", "today", (), date_preview(today)),
        ("type", "Type", store.rows.last_value("type"), models.TYPES, None),
        ("format", "Format", store.rows.last_value("format"), models.FORMATS, None),
        ("size", "Role size", None, models.SIZES, None),
        ("casting", "Casting office", None, offices, None),
        ("source", "Source", store.rows.last_value("source"), sources, None),
        ("rating", "How did it feel (1-5)", None, (), None),
        ("outfit", "What you wore", None, one_per_case(store.rows.distinct("outfit", 50)), None),
        ("direction", "Direction given", None, (), None),
        ("notes", "Notes (what felt good, what did not)", None, (), None),
    ]
    for field, label, default, known, preview in plan:
        if raw.get(field) is None:
            if field in ("type", "format", "size", "casting", "source"):
                _hint(list(known)[:8])
            raw[field] = _ask_valid(label, field, today, default=default, known=known, preview=preview)
    if not tags:
        known_tags = store.rows.distinct("tag", 50)
        _hint(known_tags[:8])
        answer = ask("Tags (comma separated)", known=known_tags).strip()
        tags = norm_tags([answer]) if answer else []
    return raw, tags


# the editor shows the record's fields, the project first
_EDITABLE = ("project",) + tuple(f for f in models.FIELDS if f not in ("project", "expenses"))


def edit_in_editor(rec: Mapping[str, Any], today: date) -> tuple[dict, list | None]:
    """Open the record as `field: value` lines in the editor; return the fields that changed,
    validated. A bad value opens the editor again with the error at the top and the text as
    the user left it; an emptied file gives up with nothing changed."""
    lines = [
        f"# Edit audition #{rec['id']}. One field a line; empty a value to clear it.",
        "# Notes may run over several lines (everything after 'notes:').",
    ]
    for name in _EDITABLE:
        value = ", ".join(rec["tags"]) if name == "tags" else rec.get(name)
        if name != "notes":
            lines.append(f"{name}: {'' if value is None else value}")
    lines.append(f"notes: {rec.get('notes') or ''}")
    text = "\n".join(lines) + "\n"
    while True:
        text = _run_editor(text)
        if not text.strip():
            raise CallbackError("the file was emptied; nothing changed")
        changed, tags = _changes(rec, text)
        try:
            clean_fields(changed, base=today, order=config.load().date_order, nearest=True)
            return changed, tags
        except BadInput as exc:
            kept = "\n".join(line for line in text.splitlines() if not line.startswith(_ERROR))
            text = f"{_ERROR} {exc}\n{_ERROR} Fix it and save again (empty the file to give up).\n{kept}\n"


_ERROR = "# Error:"


def _changes(rec: Mapping[str, Any], text: str) -> tuple[dict, list | None]:
    found: dict = {}
    key: str | None = None
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        head, sep, rest = line.partition(":")
        if key == "notes":
            found["notes"] += "\n" + line
        elif sep and head.strip() in _EDITABLE:
            key = head.strip()
            found[key] = rest.strip()
    changed = {}
    for key, value in found.items():
        old = ", ".join(rec["tags"]) if key == "tags" else rec.get(key)
        if (value.strip() or None) != (str(old).strip() if old is not None else None):
            changed[key] = value.strip()
    tags = norm_tags([changed.pop("tags")]) if "tags" in changed else None
    return changed, tags


def editor() -> str:
    """$VISUAL, else $EDITOR, else nano when installed (friendlier to a newcomer), else vi."""
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or ("nano" if shutil.which("nano") else "vi")


def _run_editor(text: str) -> str:
    """Open text in the editor and return what was saved."""
    command = editor()
    fd, name = tempfile.mkstemp(prefix="callback-edit-", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        code = subprocess.call(f"{command} {shlex.quote(name)}", shell=True)
        if code != 0:
            raise CallbackError(f"the editor ({command}) exited with {code}; nothing changed")
        with open(name, encoding="utf-8") as fh:
            return fh.read()
    finally:
        os.unlink(name)
