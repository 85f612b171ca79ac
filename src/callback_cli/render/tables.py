"""Tables: the audition list and one audition's panel (Rich), and plain fixed-width tables
for reports, laid out to the screen's width."""

from __future__ import annotations

from datetime import date

from callback_cli import models
from callback_cli.models import Record
from callback_cli.render import console, esc, say, status_text


def _ago(day: str, today: date) -> str:
    days = (today - date.fromisoformat(day)).days
    if days < 0:
        return f"in {-days} d"
    return "today" if days == 0 else f"{days} d"


# ---- tables and panels -------------------------------------------------------------------
def audition_table(records: list[Record], today: date, hidden: int = 0, filtered: bool = False) -> None:
    """The list for people; `hidden` rows were left out to fit the screen."""
    from rich.table import Table  # lazy: Rich costs start-up time that --json, --ids and -q never pay

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


# the short fields, in the record's order: project heads the panel, direction and notes come last
_PANEL_FIELDS = tuple(k for k in models.TEXT_FIELDS if k not in ("project", "direction", "notes"))


def audition_detail(rec: Record, today: date) -> None:
    from rich.panel import Panel  # lazy: Rich costs start-up time that --json, --ids and -q never pay
    from rich.table import Table  # lazy: Rich costs start-up time that --json, --ids and -q never pay

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
    for key in _PANEL_FIELDS:
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
    if rec.get("direction"):
        grid.add_row("", "")
        grid.add_row("direction", esc(rec["direction"]))
    if rec.get("notes"):
        grid.add_row("", "")
        grid.add_row("notes", esc(rec["notes"]))
    title = f"#{rec['id']} {esc(rec['project'])}"
    console().print(Panel(grid, title=title, title_align="left", expand=False))


def lines_table(
    headers: list[str], rows: list[list[str]], styles=None, right=(), shrink=None, con=None
) -> None:
    """A plain table as fixed-width lines, printed at once: much cheaper than a Rich Table
    for a report's summary rows. When the screen is too narrow the `shrink` columns give way
    in the order given (by default all, widest first), and long cells end in an ellipsis. `styles` maps a
    column to a style, or to a function of the cell; `right` lists right-aligned columns.
    A row that is None draws as an empty line (a section break)."""
    from rich.cells import cell_len, set_cell_size  # lazy: Rich only when drawing
    from rich.markup import escape  # lazy: Rich costs start-up time that --json, --ids and -q never pay

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
