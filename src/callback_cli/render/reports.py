"""Drawing the reports: stats, the weekly report, patterns and people."""

from __future__ import annotations

from datetime import date

from callback_cli.render import STATUS_STYLE, console, cut, esc, left_out, report_rows
from callback_cli.render.tables import lines_table

BAR = 10


def pct(rate) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"


def one_in(rate) -> str:
    if not rate:
        return "—"
    n = 1 / rate
    return f"1 in {n:.0f}" if n >= 9.5 else f"1 in {n:.1f}".replace(".0", "")


def plural(n: int, word: str) -> str:
    return f"[bold]{n}[/] {word}{'' if n == 1 else 's'}"


def bar(rate, width: int = BAR) -> str:
    if rate is None:
        return " " * width
    full = round(rate * width)
    return "█" * full + "[dim]" + "·" * (width - full) + "[/]"


def _range(doc) -> str:
    if doc.get("since") and doc.get("until"):
        return f"{doc['since']} to {doc['until']}"
    if doc.get("since"):
        return f"since {doc['since']}"
    if doc.get("until"):
        return f"up to {doc['until']}"
    return "all time"


def _summary(doc) -> str:
    return (
        f"[bold]{doc['auditions']}[/] auditions · [bold]{doc['advanced']}[/] advanced "
        f"(callback rate [bold]{pct(doc['callback_rate'])}[/], {one_in(doc['callback_rate'])})"
        f" · [bold]{doc['booked']}[/] booked ({one_in(doc['booking_rate'])})"
        f" · conversion {pct(doc['conversion'])}"
    )


def _context(doc) -> str:
    typical = doc["typical"]
    low, high = typical["booking_rate_range"]
    return (
        f"[dim]For context: actors often quote about {one_in(typical['callback_rate'])} "
        f"auditions leading to a callback, and a booking in {1 / high:.0f} to {1 / low:.0f}. "
        f"Your figures: {one_in(doc['callback_rate'])} and {one_in(doc['booking_rate'])}. "
        "Small numbers swing a lot.[/]"
    )


def stats(doc: dict, con=None) -> None:
    from rich.table import Table  # lazy: Rich costs start-up time that --json, --ids and -q never pay

    con = con or console()
    con.print(f"[bold]Your auditions, {_range(doc)}[/]")
    if not doc["auditions"]:
        con.print("No auditions in this range yet.")
        return
    con.print(_summary(doc))
    con.print(_context(doc))
    if not doc["by"]:
        return
    con.print()
    if doc.get("series"):
        _chart(doc["series"], doc["by"], con)
        return
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column(doc["by"], overflow="fold")
    for name in ("auditions", "advanced", "booked"):
        table.add_column(name, justify="right")
    table.add_column("callback rate", no_wrap=True)
    table.add_column("booking", justify="right", no_wrap=True)
    groups, hidden = cut(doc["groups"], report_rows())
    for g in groups:
        key = "(not set)" if g["key"] is None else esc(g["key"])
        table.add_row(
            key,
            str(g["auditions"]),
            str(g["advanced"]),
            str(g["booked"]),
            f"{bar(g['callback_rate'])} {pct(g['callback_rate']):>4}",
            pct(g["booking_rate"]),
        )
    con.print(table)
    left_out(hidden, "groups (the smallest)", "--json lists them all", con)


def _chart(series: list[dict], by: str, con) -> None:
    """Volume as a bar per week or month, with its callback rate beside it. Drawn as plain
    lines (one print): a chart has fixed-width columns, and a Table would cost more time."""
    hidden = max(0, len(series) - report_rows())
    series = series[hidden:]  # the most recent buckets
    top = max(g["auditions"] for g in series) or 1
    width = 30
    lines = [
        f"[bold]auditions per {by} ([cyan]█[/cyan]) and callback rate[/]",
        f"[bold]{by:<9}{'volume':<{width + 1}}{'n':>4}  callbacks[/]",
    ]
    for g in series:
        n = g["auditions"]
        blocks = max(1 if n else 0, round(n / top * width))
        volume = "[cyan]" + "█" * blocks + "[/]" + " " * (width - blocks)
        rate = "" if not n else f"  {bar(g['callback_rate'])} {pct(g['callback_rate']):>4}"
        count = f"{n:>4}" if n else "   [dim]0[/]"
        lines.append(f"{g['key']:<9}{volume} {count}{rate}")
    left_out(hidden, f"earlier {by}s", "narrow with --since, or see them all with --json", con)
    con.print("\n".join(lines), overflow="ignore", crop=False)


def patterns(doc: dict, verdicts: list[str], con=None) -> None:
    """`verdicts` holds the words for each of doc["patterns"] (reports.verdict)."""
    con = con or console()
    overall = doc["overall"]
    if not overall["auditions"]:
        con.print("No auditions yet: patterns need a few dozen to say anything.")
        return
    con.print(
        f"[bold]What goes with callbacks[/] — your usual: {pct(overall['callback_rate'])} "
        f"({overall['advanced']} of {overall['auditions']} auditions advanced)"
    )
    standouts = [p for p in doc["patterns"] if p["signal"]]
    if not standouts:
        con.print(
            f"Nothing stands out yet. With {overall['auditions']} auditions every group's "
            "rate is within what chance alone would give; keep logging."
        )
    if not doc["patterns"]:
        con.print(f"[dim]No group has {doc['min']} or more auditions yet (change with --min).[/]")
        return
    shown, hidden = cut(doc["patterns"], report_rows())
    rows: list[list[str] | None] = []
    styles: dict[str, str] = {}
    for p, words in zip(shown, verdicts, strict=False):
        if (
            rows
            and standouts
            and not p["signal"]
            and rows[-1] is not None
            and shown[len([r for r in rows if r is not None]) - 1]["signal"]
        ):
            rows.append(None)  # a break between the stand-outs and the rest
        styles[words] = {"above": "green", "below": "red"}.get(p["signal"], "dim")
        rows.append(
            [
                p["dimension"],
                str(p["key"]),
                str(p["auditions"]),
                pct(p["callback_rate"]),
                f"{pct(p['low'])[:-1]}–{pct(p['high'])}",
                words,
            ]
        )
    lines_table(
        ["factor", "value", "n", "rate", "95% range", "verdict"],
        rows,
        {5: lambda text: styles.get(text, "")},
        right={2, 3, 4},
        shrink=[1],
        con=con,
    )
    left_out(hidden, "groups", "raise --min, or see them all with --json", con)
    chance = (
        f" With {len(doc['patterns'])} groups compared, about "
        f"{len(doc['patterns']) // 20} may stand out by chance alone."
        if len(doc["patterns"]) >= 40
        else ""
    )
    con.print(
        f"[dim]Groups with fewer than {doc['min']} auditions are left out. A verdict needs "
        f"the whole 95% range above or below your usual rate.{chance}[/]"
    )


def people(rows: list[dict], not_seen: int | None = None, con=None) -> None:
    con = con or console()
    if not rows:
        con.print(
            "No casting offices to show."
            if not_seen is None
            else f"You have been in front of every casting office within {not_seen} days."
        )
        return
    if not_seen is not None:
        con.print(f"[bold]Casting offices you have not seen for {not_seen} days or more[/]")
    shown, hidden = cut(rows, report_rows())
    lines_table(
        ["casting", "in", "called back", "booked", "rate", "last seen", "projects"],
        [
            [
                r["casting"],
                str(r["auditions"]),
                str(r["advanced"]),
                str(r["booked"]),
                pct(r["callback_rate"]),
                f"{r['last_seen']} ({r['days_since']} d)",
                ", ".join(r["projects"]),
            ]
            for r in shown
        ],
        right={1, 2, 3, 4},
        shrink=[6, 0],
        con=con,
    )
    left_out(hidden, "offices", "see them all with --json", con)


def _long(d: str) -> str:
    day = date.fromisoformat(d)
    return f"{day:%a} {day.day} {day:%b}"


def report(doc: dict, today: date, con=None) -> None:
    con = con or console()
    week = doc["week"]
    con.print(f"[bold]Week of {_long(week['start'])} – {_long(week['end'])} {week['end'][:4]}[/]")
    if doc["auditions"]:
        shown, hidden = cut(doc["auditions"], report_rows())
        rows = [
            [
                _long(r["date"]),
                r["project"],
                r["role"] or "",
                r["casting"] or "",
                r["status"] + (" (upcoming)" if r["upcoming"] else ""),
            ]
            for r in shown
        ]
        lines_table(
            ["date", "project", "role", "casting", "status"],
            rows,
            {4: lambda text: STATUS_STYLE.get(text.split()[0], "")},
            con=con,
        )
        left_out(hidden, "auditions", "see them all with callback list --week", con)
    else:
        con.print("No auditions this week.")
    trail = doc["trailing"]
    before = (
        f"{pct(trail['callback_rate'])} over the {trail['weeks']} weeks before "
        f"({plural(trail['auditions'], 'audition')})"
        if trail["auditions"]
        else f"no auditions in the {trail['weeks']} weeks before"
    )
    streak = doc["streak_weeks"]
    lines = [
        f"This week: {plural(len(doc['auditions']), 'audition')}, "
        f"{plural(doc['callbacks'], 'callback')}, {plural(doc['bookings'], 'booking')}. "
        f"Callback rate {pct(doc['callback_rate'])} against {before}.",
        f"Streak: {streak} week{'s' if streak != 1 else ''} in a row with an audition. "
        + (
            f"Last booking {doc['last_booking']} ({doc['weeks_since_booking']} weeks ago)."
            if doc["last_booking"]
            else "No booking logged yet."
        ),
        "",
        "[bold]Follow-ups[/]",
    ]
    shown, hidden = cut(doc["followups"], 10)
    lines += [f"  • #{item['audition_id']} {esc(item['text'])}" for item in shown]
    if hidden:
        lines.append(f"[dim]… {hidden} more follow-ups not shown; see callback followups.[/]")
    if not shown:
        lines.append("  Nothing outstanding.")
    lines.append("[bold]Coming up[/]")
    for up in doc["upcoming"][:10]:
        role = f" ({esc(up['role'])})" if up["role"] else ""
        lines.append(
            f"  • {_long(up['date'])}: {up['kind']} — #{up['audition_id']} {esc(up['project'])}{role}"
        )
    if not doc["upcoming"]:
        lines.append("  Nothing scheduled.")
    con.print("\n".join(lines))  # one print: each call has a cost of its own
