"""Drawing the season review in the terminal: the same data as its page, charts as bars.

Laid out by `render.layout` for the screen's width: paragraphs wrap at words, the offices'
table keeps its most important columns, and the month bars shrink on a narrow screen.
"""

from __future__ import annotations

from datetime import date

from callback_cli.render import esc, layout, lines_out, size
from callback_cli.render.layout import Column
from callback_cli.render.reports import bar, one_in, pct
from callback_cli.render.words import day

MOST_OFFICES = 10


def _range(doc: dict) -> str:
    since, until = doc["since"], doc["until"]
    if since and until and since[5:] == "01-01" and until[5:] == "12-31" and since[:4] == until[:4]:
        return since[:4]
    if since and until:
        return f"{since} to {until}"
    return f"since {since}" if since else (f"up to {until}" if until else "all time")


def season(doc: dict, today: date, con=None) -> None:
    w = size(con).width
    out = [f"[bold]Season review: {_range(doc)}[/]"]
    if not doc["auditions"]:
        lines_out(out + ["No auditions in this range yet."], con)
        return
    out += layout.paragraph(
        f"[bold]{doc['auditions']}[/] auditions · [bold]{doc['advanced']}[/] called back "
        f"(callback rate [bold]{pct(doc['callback_rate'])}[/], {one_in(doc['callback_rate'])}) · "
        f"[bold]{doc['booked']}[/] booked ({one_in(doc['booking_rate'])})",
        w,
    )
    out += [
        "",
        *layout.paragraph("[bold]Month by month[/] (volume [cyan]█[/], callback rate, its 95% range)", w),
    ]
    # 7 (key) + 2 + volume + 5 (n) + 2 + 10 (bar) + 5 (rate) + 10 (range); on a very narrow
    # screen the range goes (the page and --json keep it) rather than run past the edge
    ranges = w is None or w >= 47
    volume_width = 24 if w is None else max(6, min(24, w - (41 if ranges else 31)))
    months = doc["months"]
    top = max((m["auditions"] for m in months), default=0) or 1
    for m in months:
        n = m["auditions"]
        blocks = max(1 if n else 0, round(n / top * volume_width))
        volume = "[cyan]" + "█" * blocks + "[/]" + " " * (volume_width - blocks)
        rate = (
            f"  {bar(m['callback_rate'])} {pct(m['callback_rate']):>4}"
            + (f" [dim]{pct(m['low'])[:-1]}–{pct(m['high'])}[/]" if ranges else "")
            if n
            else ""
        )
        out.append(f"{m['key']}  {volume} {n:>4}{rate}")

    offices = doc["casting"]
    if offices:
        out += ["", "[bold]Casting offices that call you in[/]"]
        columns = [
            Column("casting", min=14),
            Column("in", right=True, cut=False),
            Column("called back", right=True, cut=False, name="callbacks"),
            Column("booked", right=True, cut=False, priority=1),
            Column("rate", right=True, cut=False),
            Column("last seen", right=True, cut=False, priority=2),
        ]
        rows = [
            [
                o["casting"],
                str(o["auditions"]),
                str(o["advanced"]),
                str(o["booked"]),
                pct(o["callback_rate"]),
                day(o["last_seen"], year=o["last_seen"][:4] != str(today.year)),
            ]
            for o in offices[:MOST_OFFICES]
        ]
        fitted = layout.plan(columns, rows, w)
        out += layout.table(columns, rows, w, fitted=fitted)
        note = layout.dropped_note(fitted, "see them with --json, or on the page (--html)")
        if note:
            out += layout.paragraph(f"[dim]{esc(note)}[/]", w)
        if len(offices) > MOST_OFFICES:
            out.append(
                f"[dim]… {len(offices) - MOST_OFFICES} more offices: callback people shows them all.[/]"
            )
    quiet = doc["not_seen"]
    if quiet["offices"]:
        names = ", ".join(f"{esc(o['casting'])} ({o['days_since']} d)" for o in quiet["offices"][:8])
        more = len(quiet["offices"]) - 8
        out += [""] + layout.paragraph(
            f"[bold]Not seen for {quiet['days']} days or more:[/] {names}"
            + (f" [dim]and {more} more[/]" if more > 0 else ""),
            w,
        )
    pat = doc["patterns"]
    out += ["", "[bold]What goes with callbacks[/]"]
    if pat["standouts"]:
        for p in pat["standouts"]:
            out += layout.paragraph(
                f"{esc(p['dimension'])} {esc(p['key'])}: {pct(p['callback_rate'])} of {p['auditions']} "
                f"({p['verdict']}, range {pct(p['low'])[:-1]}–{pct(p['high'])})",
                w,
                first="  • ",
                first_width=4,
            )
    else:
        out += layout.paragraph(
            f"Nothing stands out yet: with {pat['overall']['auditions']} auditions every group's "
            "rate is within what chance alone would give.",
            w,
            first="  ",
            first_width=2,
        )
    out += ["", "[bold]Bookings[/]"]
    for b in doc["bookings"]:
        # as every other screen says it: the role in the project, the day as a person reads it
        what = f"{esc(b['role'])} in {esc(b['project'])}" if b["role"] else esc(b["project"])
        when = day(b["booked_on"], year=b["booked_on"][:4] != str(today.year))
        out += layout.paragraph(f"{when}: {what}", w, first="  • ", first_width=4)
    if not doc["bookings"]:
        out.append("  None in this range yet.")
    lines_out(out, con)
