"""Asking for an audition's fields in a terminal, and editing one in $EDITOR."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Mapping
from datetime import date
from typing import Any

from callback_cli import config, models, render
from callback_cli.errors import BadInput, CallbackError
from callback_cli.journal import clean_fields, norm_tags
from callback_cli.store import Store


def _ask_valid(label: str, field: str, today: date, default=None, choices=None, hint=None):
    """Ask until the answer is valid; an empty answer leaves the field unset."""
    while True:
        answer = render.ask(label, default=default, choices=choices, hint=hint).strip()
        if not answer:
            return None
        try:
            clean_fields({field: answer}, base=today, order=config.load().date_order)
            return answer
        except BadInput as exc:
            render.notice(f"  {exc}")


def ask_audition(store: Store, raw: dict, tags: list, today: date) -> tuple[dict, list]:
    """Prompt for every field not given on the command line, offering what the journal knows."""
    render.say("[bold]Log an audition[/] [dim](Enter skips a field; Ctrl-C cancels)[/]")
    while not raw.get("project"):
        raw["project"] = render.ask("Project", hint=store.rows.distinct("project", 8)).strip() or None
    plan = [
        ("role", "Role", None, None, None),
        ("date", "Date", "today", None, None),
        ("type", "Type", store.rows.last_value("type"), None, list(models.TYPES)),
        ("format", "Format", store.rows.last_value("format"), None, list(models.FORMATS)),
        ("size", "Role size", None, None, list(models.SIZES)),
        ("casting", "Casting office", None, store.rows.distinct("casting", 8), None),
        ("source", "Source", store.rows.last_value("source"), store.rows.distinct("source", 8), None),
        ("rating", "How did it feel (1-5)", None, None, None),
        ("outfit", "What you wore", None, None, None),
        ("direction", "Direction given", None, None, None),
        ("notes", "Notes (what felt good, what did not)", None, None, None),
    ]
    for field, label, default, choices_hint, known in plan:
        if raw.get(field) is None:
            raw[field] = _ask_valid(label, field, today, default=default, hint=choices_hint or known)
    if not tags:
        known = store.rows.distinct("tag", 8)
        answer = render.ask("Tags (comma separated)", hint=known).strip()
        tags = norm_tags([answer]) if answer else []
    return raw, tags


# the editor shows the record's fields, the project first
_EDITABLE = ("project",) + tuple(f for f in models.FIELDS if f != "project")


def edit_in_editor(rec: Mapping[str, Any]) -> tuple[dict, list | None]:
    """Open the record as `field: value` lines in $EDITOR; return the fields that changed."""
    lines = [
        f"# Edit audition #{rec['id']}. One field a line; empty a value to clear it.",
        "# Notes may run over several lines (everything after 'notes:').",
    ]
    for name in _EDITABLE:
        value = ", ".join(rec["tags"]) if name == "tags" else rec.get(name)
        if name != "notes":
            lines.append(f"{name}: {'' if value is None else value}")
    lines.append(f"notes: {rec.get('notes') or ''}")
    text = _run_editor("\n".join(lines) + "\n")
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


def _run_editor(text: str) -> str:
    """Open text in $VISUAL or $EDITOR (vi if neither is set) and return what was saved."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(prefix="callback-edit-", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        code = subprocess.call(f"{editor} {shlex.quote(name)}", shell=True)
        if code != 0:
            raise CallbackError(f"the editor ({editor}) exited with {code}; nothing changed")
        with open(name, encoding="utf-8") as fh:
            return fh.read()
    finally:
        os.unlink(name)
