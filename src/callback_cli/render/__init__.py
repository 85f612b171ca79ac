"""Everything the user sees: Rich tables and panels for people, JSON/CSV/ids for scripts.

Rich is imported inside the functions that draw, so `--json`, `--ids` and `add --quiet`
never pay for it. With stdout not a terminal, or NO_COLOR set, Rich writes no escapes.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from functools import lru_cache

from callback_cli import models

STATUS_STYLE = {
    "auditioned": "",
    "callback": "bold yellow",
    "pinned": "bold magenta",
    "booked": "bold green",
    "released": "red",
    "declined": "dim",
    "no-response": "dim",
}
# one spreadsheet row an audition: its fields, then the outcome in readable columns
CSV_FIELDS = (
    ("id",)
    + models.FIELDS
    + ("status", "status_date", "callback_dates", "booked_date", "created_at", "updated_at", "uid")
)


# ---- the one sanitiser for human output -----------------------------------------------------
# Text people stored may hold terminal controls (clear-screen, hidden text, OSC 8 links, OSC 52
# clipboard writes). Whatever a person reads shows them as visible symbols instead: C0 (but
# tab and newline), DEL, C1, and the bidi overrides that can reorder what a line seems to say.
# --json, --csv and export keep the text exactly as stored.
def _visible_map() -> dict[int, str]:
    table = {c: chr(0x2400 + c) for c in range(32) if c not in (9, 10)}  # ␀ … ␟ (␛ for ESC)
    table[0x7F] = "\u2421"  # ␡
    for c in range(0x80, 0xA0):
        table[c] = f"<{c:02X}>"
    for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)):
        table[c] = f"<U+{c:04X}>"
    return table


_VISIBLE = _visible_map()


def visible(text) -> str:
    """Text made safe to print to a terminal: every control character shown, none obeyed."""
    return str(text).translate(_VISIBLE)


@lru_cache(maxsize=1)
def _console_class():
    from rich.console import Console

    class SafeConsole(Console):
        """Every string Rich turns into text (prints, table cells) is made visible first."""

        def render_str(self, text: str, **kwargs):
            return super().render_str(text.translate(_VISIBLE), **kwargs)

    return SafeConsole


@lru_cache(maxsize=2)
def console(stderr: bool = False):
    # NO_COLOR (no-color.org) means no escapes at all here, bold included, as in a pipe
    plain = {"color_system": None} if os.environ.get("NO_COLOR") else {}
    return _console_class()(stderr=stderr, highlight=False, soft_wrap=False, emoji=False, **plain)


def is_terminal() -> bool:
    return sys.stdout.isatty()


# ---- for scripts -------------------------------------------------------------------------
def json_out(data) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def ids_out(ids) -> None:
    sys.stdout.write("".join(f"{i}\n" for i in ids))


# OWASP's advice against CSV injection: a cell a spreadsheet would run as a formula starts
# with one of these; it is written with a leading ' (which spreadsheets show as text).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A CSV cell safe to open in a spreadsheet. Text that is a formula, or is already one or
    more quotes before a formula, gets one more leading quote, so that import can take exactly
    one away (callback_cli's CSV import does) and the round trip stays lossless."""
    if value.__class__ is str and value and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(rec: dict) -> dict:
    """One audition as a spreadsheet row: current status, callback dates and tags readable."""
    row = {k: rec.get(k) for k in CSV_FIELDS}
    row["tags"] = "; ".join(rec.get("tags") or [])
    row["callback_dates"] = "; ".join(e["date"] for e in rec.get("events", []) if e["status"] == "callback")
    row["booked_date"] = next((e["date"] for e in rec.get("events", []) if e["status"] == "booked"), None)
    latest = [e for e in rec.get("events", []) if e["status"] == rec.get("status")]
    row["status_date"] = latest[-1]["date"] if latest else None
    return {k: neutralise(v) for k, v in row.items()}


def csv_out(records, out=None) -> None:
    import csv

    writer = csv.DictWriter(out or sys.stdout, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for rec in records:
        writer.writerow(csv_row(rec))


# ---- small messages ----------------------------------------------------------------------
def say(text: str) -> None:
    console().print(text)


def plain(text: str) -> None:
    """One line for people, printed as it is (no markup), its control characters shown."""
    sys.stdout.write(visible(text) + "\n")


def notice(text: str) -> None:
    """A side remark for a person (stderr, so stdout stays clean for scripts)."""
    sys.stderr.write(visible(text) + "\n")


def status_text(status: str) -> str:
    style = STATUS_STYLE.get(status, "")
    return f"[{style}]{status}[/]" if style else status


def esc(text) -> str:
    from rich.markup import escape

    return escape(visible(text)) if text is not None else ""


def _ago(day: str, today: date) -> str:
    days = (today - date.fromisoformat(day)).days
    if days < 0:
        return f"in {-days} d"
    return "today" if days == 0 else f"{days} d"


def added(rec: dict) -> None:
    role = f" as {esc(rec['role'])}" if rec.get("role") else ""
    say(f"Logged #{rec['id']}: {esc(rec['project'])}{role}, {rec['date']}.")


# ---- tables and panels -------------------------------------------------------------------
def audition_table(records: list[dict], today: date, hidden: int = 0, filtered: bool = False) -> None:
    """The list for people; `hidden` rows were left out to fit the screen."""
    from rich.table import Table

    if not records:
        say(
            "No auditions match."
            if filtered
            else 'No auditions yet. Log one with: callback add "Project" --role "Role"'
        )
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("id", justify="right", style="dim")
    table.add_column("date", no_wrap=True)
    table.add_column("project", overflow="fold", ratio=3)
    table.add_column("role", overflow="fold", ratio=2)
    table.add_column("casting", overflow="fold", ratio=2)
    table.add_column("status", no_wrap=True)
    table.add_column("since", justify="right", no_wrap=True)
    for rec in records:
        status = status_text(rec["status"]) + (" [dim](stale)[/]" if rec["stale"] else "")
        table.add_row(
            str(rec["id"]),
            rec["date"],
            esc(rec["project"]),
            esc(rec["role"]),
            esc(rec["casting"]),
            status,
            _ago(rec["date"], today),
        )
    console().print(table)
    if hidden:
        say(f"[dim]… {hidden} more not shown; see them all with --all, or narrow with --since/--limit[/]")


def _rounds(events: list[dict]) -> list[tuple[str, dict]]:
    """Label events for people: callback rounds are numbered."""
    labelled, n = [], 0
    for event in events:
        label = event["status"]
        if label == "callback":
            n += 1
            label = f"callback {n}"
        labelled.append((label, event))
    return labelled


def audition_detail(rec: dict, today: date, full: bool = False) -> None:
    from rich.panel import Panel
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    when = rec["date"] + (
        " (upcoming)"
        if rec["upcoming"]
        else f" ({_ago(rec['date'], today)} ago)"
        if rec["date"] != today.isoformat()
        else " (today)"
    )
    grid.add_row("date", when)
    # the short fields; project heads the panel, direction and notes come last
    for key in models.TEXT_FIELDS[1:-2]:
        if rec.get(key):
            grid.add_row(key, esc(rec[key]))
    if rec.get("rating"):
        grid.add_row("felt", "★" * rec["rating"] + "☆" * (5 - rec["rating"]) + f" {rec['rating']}/5")
    if rec["tags"]:
        grid.add_row("tags", ", ".join(rec["tags"]))
    status = status_text(rec["status"]) + (" (stale: no word for a while)" if rec["stale"] else "")
    grid.add_row("status", status)
    grid.add_row("", "")
    grid.add_row("history", f"{rec['date']}  auditioned")
    for label, event in _rounds(rec["events"]):
        future = " [dim](scheduled)[/]" if event["date"] > today.isoformat() else ""
        note = f" — {esc(event['note'])}" if event.get("note") else ""
        grid.add_row("", f"{event['date']}  {status_text(label)}{future}{note}")
    long = {}
    for key in ("direction", "notes"):
        text = rec.get(key)
        if not text:
            continue
        if _is_long(text):
            long[key] = text  # drawn after the panel: Rich's wrapping of a huge cell is quadratic
            continue
        grid.add_row("", "")
        grid.add_row(key, esc(text))
    title = f"#{rec['id']} {esc(rec['project'])}"
    console().print(Panel(grid, title=title, title_align="left", expand=False))
    for key, text in long.items():
        _long_text(key, text, rec["id"], full)


LONG_LINES, LONG_CHARS = 30, 3000


def _is_long(text: str) -> bool:
    return len(text) > LONG_CHARS or text.count("\n") >= LONG_LINES


def _long_text(key: str, text: str, aid: int, full: bool) -> None:
    """A long note, as plain lines (linear in its length). In a terminal, and without
    --full, it is cut to a screenful and says how to see the rest."""
    con = console()
    lines = text.split("\n")
    shown, hidden, clipped = lines, 0, False
    if not full and is_terminal():
        width = max(20, con.size.width - 2) * 4  # a line of up to four screen rows
        room = max(10, con.size.height - 8)
        shown = [line if len(line) <= width else line[:width] + "…" for line in lines[:room]]
        hidden = len(lines) - len(shown)
        clipped = any(len(line) > width for line in lines[:room])
    sys.stdout.write(f"{key}\n" + "".join(f"  {visible(line)}\n" for line in shown))
    if hidden or clipped:
        con.print(
            f"[dim]… {hidden} more lines of {key} not shown; see them all with "
            f"callback show {aid} --full[/]"
        )


def screen_rows() -> int:
    """How many table rows fit on the screen; 0 (no limit) outside a terminal."""
    if not is_terminal():
        return 0
    return max(5, console().size.height - 6)


def lines_table(
    headers: list[str], rows: list[list[str]], styles=None, right=(), shrink=None, con=None
) -> None:
    """A plain table as fixed-width lines, printed at once: much cheaper than a Rich Table
    for a report's summary rows. When the screen is too narrow the `shrink` columns give way
    in the order given (by default all, widest first), and long cells end in an ellipsis. `styles` maps a
    column to a style, or to a function of the cell; `right` lists right-aligned columns.
    A row that is None draws as an empty line (a section break)."""
    from rich.cells import cell_len, set_cell_size
    from rich.markup import escape

    con = con or console()
    body = [r for r in rows if r is not None]
    widths = [max([cell_len(h)] + [cell_len(r[i]) for r in body]) for i, h in enumerate(headers)]
    room = con.size.width - 2 * (len(headers) - 1)
    while sum(widths) > room:
        if shrink is None:
            column = max(range(len(widths)), key=lambda i: widths[i])
        else:
            column = next((i for i in shrink if widths[i] > 8), None)
        if column is None or widths[column] <= 8:
            break
        widths[column] -= 1
    last = len(headers) - 1

    def cell(text: str, i: int, style: str = "") -> str:
        fitted = text if cell_len(text) <= widths[i] else set_cell_size(text, widths[i] - 1) + "…"
        gap = " " * (widths[i] - cell_len(fitted))
        fitted = escape(fitted)
        fitted = f"[{style}]{fitted}[/]" if style else fitted
        return gap + fitted if i in right else (fitted if i == last else fitted + gap)

    out = ["  ".join(cell(h, i, "bold") for i, h in enumerate(headers))]
    for r in rows:
        if r is None:
            out.append("")
            continue
        parts = []
        for i, text in enumerate(r):
            style = (styles or {}).get(i, "")
            parts.append(cell(text, i, style(text) if callable(style) else style))
        out.append("  ".join(parts))
    con.print("\n".join(out), overflow="ignore", crop=False, highlight=False)


PIPE_ROWS = 24  # a report is a summary: outside a terminal it is cut at a classic screenful


def report_rows() -> int:
    """How many rows a report's table shows: a screenful, or PIPE_ROWS outside a terminal."""
    return screen_rows() or PIPE_ROWS


def cut(rows: list, limit: int) -> tuple[list, int]:
    """The first `limit` rows and how many were left out."""
    return rows[:limit], max(0, len(rows) - limit)


def left_out(n: int, what: str, how: str, con=None) -> None:
    if n:
        (con or console()).print(f"[dim]… {n} more {what} not shown; {how}.[/]")


# ---- prompts (only ever called with a terminal on stdin) ---------------------------------
def ask(
    label: str, default: str | None = None, choices: list[str] | None = None, hint: list[str] | None = None
) -> str:
    from rich.prompt import Prompt

    if hint:
        console().print(f"[dim]  known: {', '.join(esc(h) for h in hint[:8])}[/]")
    return Prompt.ask(
        f"[bold]{label}[/]",
        default=default or "",
        choices=choices,
        show_default=bool(default),
        show_choices=bool(choices),
        console=console(),
    )


class progress:
    """A progress bar on stderr for long jobs in a terminal; nothing at all in a pipe."""

    def __init__(self, label: str, total: int, minimum: int = 2000):
        self.label, self.total = label, total
        self.on = total >= minimum and sys.stderr.isatty()
        self._bar = None

    def __enter__(self):
        if self.on:
            from rich.progress import Progress

            self._bar = Progress(console=console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.total)
        return self

    def __call__(self, done: int) -> None:
        if self._bar:
            self._bar.update(self._task, completed=done)

    def __exit__(self, *exc):
        if self._bar:
            self._bar.stop()
        return False


def confirm(question: str) -> bool:
    from rich.prompt import Confirm

    return Confirm.ask(question, default=False, console=console())


def recording(draw, kind: str, title: str) -> str:
    """Draw again into a recording console and return it as an HTML or SVG page (Rich's
    export); the caller saves it with callback_cli.files."""
    con = _console_class()(record=True, width=100, file=open(os.devnull, "w"), force_terminal=True)
    try:
        draw(con)
        return con.export_html() if kind == "html" else con.export_svg(title=visible(title))
    finally:
        con.file.close()
