"""Drawing auditions for people: the `list` table and the `show` page, laid out by
`render.layout` (columns by priority for the width, a screenful counted in lines)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Optional

from callback_cli import models, render
from callback_cli.dates import in_days, say_time, say_when
from callback_cli.money import show as money
from callback_cli.render import STATUS_STYLE, esc, layout, lines_out, size
from callback_cli.render.layout import Column
from callback_cli.render.words import ago, day, last_news, short_day, status

WORD_STYLE = {**STATUS_STYLE, "upcoming": "cyan", "stale": "dim", "booking": "green"}
HOW = "see them with --wide, or callback show ID"


def status_style(text: str) -> str:
    """The style of a human status word (`callback Thu 26 Nov`, `pinned, stale`)."""
    return WORD_STYLE.get(text.split(" ")[0].rstrip(","), "")


COLUMNS = [
    Column("id", right=True, cut=False, style="dim"),
    Column("date", right=True, cut=False),
    Column("project", min=14),
    Column("role", priority=1, min=8),
    Column("casting", priority=1, min=10),
    # whole unless nothing else is left to give (a 40-column terminal): then `callback Wed…`
    Column("status", min=30, style=status_style),
    Column("last news", right=True, cut=False, priority=2),
]


def _row(rec: Mapping[str, Any], today: date) -> list[str]:
    return [
        str(rec["id"]),
        short_day(rec["date"], today) + (f" {rec['time']}" if rec.get("time") else ""),
        layout.text_of(rec["project"]),
        layout.text_of(rec["role"]),
        layout.text_of(rec["casting"]),
        status(rec, today),
        last_news(rec, today),
    ]


def auditions(
    records: Sequence[Mapping[str, Any]],
    today: date,
    total: Optional[int] = None,
    filtered: bool = False,
    wide: bool = False,
    all_: bool = False,
) -> None:
    """The list: as many rows as fit the screen with the header and the closing note (all of
    them with `all_`, or in a pipe); `total` is how many matched, when more were fetched
    than shown. `wide` shows every column whole, however wide the lines."""
    if not records:
        lines_out(
            [
                "No auditions match."
                if filtered
                else 'No auditions yet. Log one with: callback add "Project" --role "Role"'
            ]
        )
        return
    screen = size()
    width = None if wide else screen.width
    rows = [_row(r, today) for r in records]
    p = layout.plan(COLUMNS, rows, width)
    note = layout.dropped_note(p, HOW)
    notes = layout.paragraph(f"[dim]{esc(note)}[/]", width) if note else []
    total = len(rows) if total is None else total
    height = None if all_ else screen.height
    n = layout.rows_that_fit(total, height, above=1, below=len(notes))
    n = min(n, len(rows))
    more = layout.paragraph(f"[dim]… {total - n} more — --all to see them[/]", width)
    if total > n and len(more) > 1:  # a screen too narrow for the note on one line
        n = layout.rows_that_fit(total, height, above=1, below=len(notes) + len(more) - 1)
    out = layout.table(COLUMNS, rows[:n], width, fitted=p)
    if total > n:
        out += layout.paragraph(f"[dim]… {total - n} more — --all to see them[/]", width)
    lines_out(out + notes)


def fetch_limit() -> Optional[int]:
    """How many records the list needs at most to fill the screen (None: no limit)."""
    return size().height


# ---- show --------------------------------------------------------------------------------
LABEL = 11  # "direction" and two spaces: the values hang under each other


def detail(rec: Mapping[str, Any], today: date, full: bool = False, currency: str = "USD") -> None:
    w = size().width
    head = f"#{rec['id']} "
    # a long project name wraps at words, hanging under itself (the terminal would break it anywhere)
    out = layout.paragraph(
        f"[bold]{esc(layout.text_of(rec['project']))}[/]", w, f"[bold]{head}[/]", len(head)
    )

    def field(label: str, markup: str) -> None:
        nonlocal out
        out += layout.paragraph(markup, w, f"[bold]{label:<{LABEL}}[/]" if label else " " * LABEL, LABEL)

    year = rec["date"][:4] != str(today.year)
    when = "today" if rec["date"] == today.isoformat() else ago(rec["date"], today)
    at = f" at {say_time(rec['time'])}" if rec.get("time") else ""
    field("date", f"{day(rec['date'], year=True)}{at} ({when})")
    # the short fields; the project heads the page, direction and notes come last
    for key in models.TEXT_FIELDS[1:-2]:
        if rec.get(key):
            field(key, esc(layout.text_of(rec[key])))
    if rec.get("rating"):
        field("felt", "★" * rec["rating"] + "☆" * (5 - rec["rating"]) + f" {rec['rating']}/5")
    if rec["tags"]:
        field("tags", esc(", ".join(rec["tags"])))
    if rec.get("tape_due"):
        due = date.fromisoformat(rec["tape_due"][:10])
        field("tape due", f"{say_when(due, rec['tape_due'][11:16] or None, today)} ({in_days(due, today)})")
    if rec.get("miles"):
        field("miles", f"{rec['miles']:g}")
    if rec.get("expenses"):
        cents = sum(round(x["amount"] * 100) for x in rec["expenses"])
        spent = "; ".join(
            f"{day(x['date'])} {money(round(x['amount'] * 100), currency)}"
            + (f" {esc(x['what'])}" if x["what"] else "")
            for x in rec["expenses"]
        )
        # in the currency, as spend and expenses say it ($18.50, not 18.50)
        field("spent", f"{money(cents, currency)} ({spent})")
    word = status(rec, today)
    style = status_style(word)
    field("status", f"[{style}]{esc(word)}[/]" if style else esc(word))
    out.append("")
    upcoming = rec["date"] > today.isoformat()
    history = [(rec["date"], "audition" if upcoming else "auditioned", "", upcoming, rec.get("time"))]
    rounds = 0
    for event in rec["events"]:
        label = event["status"]
        if label == "callback":
            rounds += 1
            label = f"callback {rounds}"
        future = event["date"] > today.isoformat()
        if future and label == "booked":
            label = "booking"  # not booked until its date
        history.append((event["date"], label, event.get("note") or "", future, event.get("time")))
    stamps = [day(d, year=year or d[:4] != str(today.year)) + (f" {t}" if t else "") for d, *_, t in history]
    widest = max(layout.width_of(x) for x in stamps)
    for n, (_, label, note, future, _) in enumerate(history):
        stamp = stamps[n].ljust(widest)  # the outcomes line up when one has a call time
        text = (
            f"{stamp}  [{status_style(label)}]{esc(label)}[/]" if status_style(label) else f"{stamp}  {label}"
        )
        text += (" [dim](upcoming)[/]" if n == 0 else " [dim](scheduled)[/]") if future else ""
        long_note = bool(note) and _is_long(note)
        text += f" — {esc(note)}" if note and not long_note else ""
        out += layout.paragraph(
            text,
            w,
            f"[bold]{'history':<{LABEL}}[/]" if n == 0 else " " * LABEL,
            LABEL,
            indent=LABEL + len(stamp) + 2,
        )
        if long_note:  # as written, line by line: wrapping a megabyte at words is not linear
            out += _long_text("", note, rec["id"], w, full, what="note on this outcome")
    for key in ("direction", "notes"):
        if rec.get(key):
            out.append("")
            if _is_long(rec[key]):
                out += _long_text(key, rec[key], rec["id"], w, full)
            else:
                field(key, esc(rec[key]))
    lines_out(out)


LONG_LINES, LONG_CHARS = 30, 3000


def _is_long(text: str) -> bool:
    return len(text) > LONG_CHARS or text.count("\n") >= LONG_LINES


def _long_text(key: str, text: str, aid: int, width: int, full: bool, what: str = "") -> list[str]:
    """A long note as lines, each as written (linear in its length: wrapping a megabyte of
    text at words is not). In a terminal, without --full, a screenful, saying how to see it all."""
    lines = text.split("\n")
    shown, cut, used = lines, False, len(lines)
    if not full and render.is_terminal():
        import textwrap  # lazy: only a long note shown in a terminal

        room_width = max(20, (width or 80) - LABEL)
        most = room_width * 4  # a line of up to four screen rows
        room = max(10, (size().height or 24) - 8)
        shown, used = [], 0
        for line in lines:  # screen rows, wrapped at words: bounded by the screen, so linear
            if len(shown) >= room:
                break
            if len(line) > most:
                line, cut = line[:most] + "…", True
            rows = textwrap.wrap(line, room_width) or [""]
            left = room - len(shown)
            if len(rows) > left:
                rows, cut = rows[:left], True
            shown += rows
            used += 1
        cut = cut or used < len(lines)
    out = [f"[bold]{key:<{LABEL}}[/]" + esc(shown[0])] + [" " * LABEL + esc(line) for line in shown[1:]]
    if cut:
        more = len(lines) - used
        more_words = f"{more} more lines" if more else "the rest"
        hint = f"see it all with callback show {aid} --full"
        out += layout.paragraph(f"[dim]… {more_words} of the {what or key} not shown; {hint}[/]", width)
    return out
