"""Shared options, declared once, with shell completion from the vocabulary and the journal."""

from __future__ import annotations

import os
import re
from typing import Annotated, List, Optional

import typer

from callback_cli import models
from callback_cli.cli.common import open_store
from callback_cli.errors import BadInput


def one_per_case(values) -> list[str]:
    """Each value once whatever its case (`Jane Doe Casting` and `jane doe casting` are one
    office), the first spelling given kept: the journal lists the most used first."""
    seen, out = set(), []
    for v in values:
        if v and str(v).casefold() not in seen:
            seen.add(str(v).casefold())
            out.append(str(v))
    return out


def _for_shell(value: str) -> str:
    """Bash inserts a completion as it is, so a value with spaces comes quoted, with
    backslashes (`Kowalski\\ Casting`: one word however the user began it, quote or not);
    zsh and fish quote for themselves."""
    if os.environ.get("_CALLBACK_COMPLETE") != "complete_bash":
        return value
    return re.sub(r"([^\w@%+=:,./-])", r"\\\1", value)


def _starting(values, incomplete: str):
    """The values that begin with what was typed (any case), each once whatever its case."""
    low = incomplete.lower().lstrip("\"'").replace("\\", "")
    return [_for_shell(v) for v in one_per_case(values) if v.lower().startswith(low)]


def from_journal(column: str):
    """Shell completion from the values in the journal, quoted for bash."""

    def complete(ctx: typer.Context, incomplete: str):
        try:
            return _starting(open_store(ctx).rows.distinct(column), incomplete)
        except Exception:  # completion must never print a traceback into the shell
            return []

    return complete


def at_least(lowest: int, flag: str, highest: int = 2**63 - 1):
    """A check for a count option (instead of Click's `min=`, whose help reads `[x>=1]`); the
    highest is SQLite's largest integer unless a smaller one makes sense."""

    def check(value):
        if value is not None and value < lowest:
            raise BadInput(f"{flag} takes a number from {lowest} up, got {value}")
        if value is not None and value > highest:
            raise BadInput(f"{flag} takes a number up to {highest}, got {value}")
        return value

    return check


def complete_types(incomplete: str):
    return _starting(models.TYPES, incomplete)


def complete_formats(incomplete: str):
    return _starting(models.FORMATS, incomplete)


def complete_statuses(incomplete: str):
    return _starting(models.STATUSES + ("avail", "hold"), incomplete)


def complete_all_statuses(incomplete: str):
    return _starting(models.ALL_STATUSES + ("upcoming", "stale"), incomplete)


Json = Annotated[bool, typer.Option("--json", help="Print one JSON document (for scripts).")]
Csv = Annotated[bool, typer.Option("--csv", help="Print CSV (for spreadsheets).")]
Ids = Annotated[bool, typer.Option("--ids", help="Print the matching ids, one a line.")]
Since = Annotated[Optional[str], typer.Option(help="From this date (inclusive).")]
Until = Annotated[Optional[str], typer.Option(help="Up to this date (inclusive).")]
Week = Annotated[bool, typer.Option("--week", help="This week only.")]
Month = Annotated[bool, typer.Option("--month", help="This month only.")]
Year = Annotated[bool, typer.Option("--year", help="This year only.")]
All = Annotated[bool, typer.Option("--all", "-a", help="Show every row, not just what fits on the screen.")]

# the audition's fields, shared by add and edit
Role = Annotated[Optional[str], typer.Option("--role", "-r", help="The role read for.")]
When = Annotated[
    Optional[str],
    typer.Option("--date", "-d", help="When: 2026-11-03, today, yesterday, last fri, Nov 3 ..."),
]
Type = Annotated[
    Optional[str],
    typer.Option(
        "--type",
        "-t",
        help="film, tv, commercial, theatre, voiceover, web, student, other.",
        autocompletion=complete_types,
    ),
]
Format = Annotated[
    Optional[str],
    typer.Option("--format", "-f", help="in-person, self-tape or virtual.", autocompletion=complete_formats),
]
Size = Annotated[
    Optional[str],
    typer.Option("--size", help="Role size: lead, supporting, guest-star, co-star, featured ..."),
]
Casting = Annotated[
    Optional[str],
    typer.Option(
        "--casting", "-c", help="Casting director or office.", autocompletion=from_journal("casting")
    ),
]
Source = Annotated[
    Optional[str],
    typer.Option(
        "--source",
        help="How you got it: agent, manager, self-submitted, platform ...",
        autocompletion=from_journal("source"),
    ),
]
Location = Annotated[Optional[str], typer.Option("--location", help="Where it was.")]
Room = Annotated[Optional[str], typer.Option("--room", help="Who else was in the room.")]
Headshot = Annotated[Optional[str], typer.Option("--headshot", help="Which headshot was used.")]
Rating = Annotated[Optional[str], typer.Option("--rating", help="How it felt, 1 to 5.")]
Outfit = Annotated[
    Optional[str],
    typer.Option(
        "--outfit",
        help="What you wore (the prep list for a callback repeats it).",
        autocompletion=from_journal("outfit"),
    ),
]
Time = Annotated[
    Optional[str],
    typer.Option("--time", help='The call time: 10:30, 2:15pm (or put it in --date: "fri 2:15pm").'),
]
Due = Annotated[
    Optional[str],
    typer.Option(
        "--due",
        help='A self-tape\'s deadline: "thu 5pm", "Nov 30 noon" (the checklist and calendar remind you).',
    ),
]
Miles = Annotated[Optional[str], typer.Option("--miles", help="Miles driven for it (for taxes).")]
Direction = Annotated[Optional[str], typer.Option("--direction", help="Direction given in the room.")]
Tag = Annotated[
    Optional[List[str]],
    typer.Option("--tag", help="A tag (repeatable).", autocompletion=from_journal("tag")),
]
Note = Annotated[
    Optional[str], typer.Option("--note", "-n", help="Notes: what felt good, what did not ('-' reads stdin).")
]
Project = Annotated[
    Optional[str],
    typer.Option("--project", "-p", help="The project.", autocompletion=from_journal("project")),
]

StatusFilter = Annotated[
    Optional[List[str]],
    typer.Option(
        "--status",
        "-s",
        help="Only this status (repeatable): auditioned, callback, pinned, booked, released, declined, "
        "no-response, or upcoming (still to come) and stale (no word for a while).",
        autocompletion=complete_all_statuses,
    ),
]
TypeFilter = Annotated[
    Optional[List[str]],
    typer.Option("--type", "-t", help="Only this type (repeatable).", autocompletion=complete_types),
]
FormatFilter = Annotated[
    Optional[List[str]],
    typer.Option("--format", "-f", help="Only this format (repeatable).", autocompletion=complete_formats),
]
CastingFilter = Annotated[
    Optional[str],
    typer.Option(
        "--casting",
        "-c",
        help="Casting office containing this text (any case).",
        autocompletion=from_journal("casting"),
    ),
]
TagFilter = Annotated[
    Optional[List[str]],
    typer.Option(
        "--tag", help="Only with this tag (repeatable: any of them).", autocompletion=from_journal("tag")
    ),
]
TagReplace = Annotated[
    Optional[List[str]],
    typer.Option(
        "--tag",
        help="Replace the tags with these (repeatable); --tag '' clears them.",
        autocompletion=from_journal("tag"),
    ),
]
