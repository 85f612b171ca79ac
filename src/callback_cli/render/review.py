"""Drawing the season review in the terminal: the same data as its page, charts as bars."""

from __future__ import annotations

from datetime import date

from callback_cli.render import console, cut, esc, left_out, lines_table, report_rows
from callback_cli.render.reports import bar, one_in, pct

WIDTH = 24


def _range(doc: dict) -> str:
    since, until = doc["since"], doc["until"]
    if since and until and since[5:] == "01-01" and until[5:] == "12-31" and since[:4] == until[:4]:
        return since[:4]
    if since and until:
        return f"{since} to {until}"
    return f"since {since}" if since else (f"up to {until}" if until else "all time")


def season(doc: dict, today: date, con=None) -> None:
    con = con or console()
    lines = [f"[bold]Season review: {_range(doc)}[/]"]
    if not doc["auditions"]:
        con.print("\n".join(lines + ["No auditions in this range yet."]))
        return
    lines.append(
        f"[bold]{doc['auditions']}[/] auditions · [bold]{doc['advanced']}[/] called back "
        f"(callback rate [bold]{pct(doc['callback_rate'])}[/], {one_in(doc['callback_rate'])}) · "
        f"[bold]{doc['booked']}[/] booked ({one_in(doc['booking_rate'])})"
    )
    lines += ["", "[bold]Month by month[/] (volume [cyan]█[/], callback rate and its 95% range)"]
    months = doc["months"]
    top = max((m["auditions"] for m in months), default=0) or 1
    for m in months:
        n = m["auditions"]
        blocks = max(1 if n else 0, round(n / top * WIDTH))
        volume = "[cyan]" + "█" * blocks + "[/]" + " " * (WIDTH - blocks)
        rate = (
            f"  {bar(m['callback_rate'])} {pct(m['callback_rate']):>4}  "
            f"[dim]{pct(m['low'])[:-1]}–{pct(m['high'])}[/]"
            if n
            else ""
        )
        lines.append(f"{m['key']}  {volume} {n:>4}{rate}")
    con.print("\n".join(lines), overflow="ignore", crop=False)

    offices = doc["casting"]
    if offices:
        con.print("\n[bold]Casting offices that call you in[/]")
        shown, hidden = cut(offices, min(10, report_rows()))
        lines_table(
            ["casting", "in", "called back", "booked", "rate", "last seen"],
            [
                [
                    o["casting"],
                    str(o["auditions"]),
                    str(o["advanced"]),
                    str(o["booked"]),
                    pct(o["callback_rate"]),
                    o["last_seen"],
                ]
                for o in shown
            ],
            right={1, 2, 3, 4},
            shrink=[0],
            con=con,
        )
        left_out(hidden, "offices", "see them all with callback people or review --json", con)
    quiet = doc["not_seen"]
    if quiet["offices"]:
        names = ", ".join(f"{esc(o['casting'])} ({o['days_since']} d)" for o in quiet["offices"][:8])
        more = len(quiet["offices"]) - 8
        con.print(
            f"\n[bold]Not seen for {quiet['days']} days or more:[/] {names}"
            + (f" [dim]and {more} more[/]" if more > 0 else "")
        )
    pat = doc["patterns"]
    con.print("\n[bold]What goes with callbacks[/]")
    if pat["standouts"]:
        for p in pat["standouts"]:
            con.print(
                f"  • {esc(p['dimension'])} {esc(p['key'])}: {pct(p['callback_rate'])} of {p['auditions']} "
                f"({p['verdict']}, range {pct(p['low'])[:-1]}–{pct(p['high'])})"
            )
    else:
        con.print(
            f"  Nothing stands out yet: with {pat['overall']['auditions']} auditions every group's "
            "rate is within what chance alone would give."
        )
    con.print("\n[bold]Bookings[/]")
    for b in doc["bookings"]:
        role = f" ({esc(b['role'])})" if b["role"] else ""
        con.print(f"  • {b['booked_on']}: {esc(b['project'])}{role}")
    if not doc["bookings"]:
        con.print("  None in this range yet.")
