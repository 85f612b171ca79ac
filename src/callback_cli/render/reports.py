"""Drawing the reports: stats, the weekly report, patterns and people.

Each screen is laid out by `render.layout` for the screen's width and height: paragraphs
wrap at words, tables keep their most important columns, and whatever does not fit a
screenful is counted in a closing "N more — --all to see them" line.
"""

from __future__ import annotations

from datetime import date

from callback_cli.render import STATUS_STYLE, esc, layout, lines_out, size
from callback_cli.render.layout import Column
from callback_cli.render.words import ago, ago_days, day, plural, who_for
from callback_cli.render.words import status as status_word

BAR = 10


def pct(rate) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"


def one_in(rate) -> str:
    if not rate:
        return "—"
    n = 1 / rate
    # glued with no-break spaces: "1 in 5" is never split across lines
    return (f"1 in {n:.0f}" if n >= 9.5 else f"1 in {n:.1f}".replace(".0", "")).replace(" ", layout.NBSP)


def bold_count(n: int, word: str) -> str:
    """`[bold]1[/] audition`, `[bold]2[/] auditions`."""
    return f"[bold]{n}[/] {word}{'' if n == 1 else 's'}"


def bar(rate, width: int = BAR) -> str:
    if rate is None:
        return " " * width
    full = round(rate * width)
    return "█" * full + "·" * (width - full)


def _range(doc) -> str:
    if doc.get("since") and doc.get("until"):
        return f"{doc['since']} to {doc['until']}"
    if doc.get("since"):
        return f"since {doc['since']}"
    if doc.get("until"):
        return f"up to {doc['until']}"
    return "all time"


def _height(screen, all_: bool):
    """Rows are cut to a screenful in a terminal, to a classic one in a pipe (a report is a
    summary), and not at all with --all."""
    if all_:
        return None
    return screen.height or layout.PIPE_HEIGHT


def _more(n: int, what: str, width=None) -> list[str]:
    return layout.paragraph(f"[dim]… {n} more {what} — --all to see them[/]", width) if n else []


def _dropped(p: layout.Plan, how: str, width) -> list[str]:
    note = layout.dropped_note(p, how)
    return layout.paragraph(f"[dim]{esc(note)}[/]", width) if note else []


# ---- stats -------------------------------------------------------------------------------
def _summary(doc) -> str:
    return (
        f"{bold_count(doc['auditions'], 'audition')} · [bold]{doc['advanced']}[/] called back "
        f"(callback rate [bold]{pct(doc['callback_rate'])}[/], {one_in(doc['callback_rate'])})"
        f" · [bold]{doc['booked']}[/] booked ({one_in(doc['booking_rate'])})"
        # "conversion" is a marketer's word: say what it counts
        + (f"{layout.NBSP}· {pct(doc['conversion'])} of callbacks became bookings" if doc["advanced"] else "")
    )


def _context(doc) -> str:
    typical = doc["typical"]
    low, high = typical["booking_rate_range"]
    return (
        f"[dim]For context: actors often quote about {one_in(typical['callback_rate'])} "
        f"auditions leading to a callback, and a booking in {1 / high:.0f} to {1 / low:.0f}. "
        f"Yours: {one_in(doc['callback_rate'])} and {one_in(doc['booking_rate'])}. "
        "Small numbers swing a lot.[/]"
    )


def stats(doc: dict, con=None, all_: bool = False) -> None:
    screen = size(con)
    w = screen.width
    out = [f"[bold]Your auditions, {_range(doc)}[/]"]
    if not doc["auditions"]:
        out.append("No auditions in this range yet.")
        lines_out(out, con)
        return
    out += layout.paragraph(_summary(doc), w)
    out += layout.paragraph(_context(doc), w)
    for line in hear_back_lines(doc):
        out += layout.paragraph(line, w)
    if doc["by"]:
        out.append("")
        if doc.get("series"):
            out += _chart(doc["series"], doc["by"], screen, all_, len(out))
        else:
            out += _groups(doc, screen, all_, len(out))
    lines_out(out, con)


def _groups(doc: dict, screen, all_: bool, above: int) -> list[str]:
    by = doc["by"]
    columns = [
        Column(by, min=16),
        Column("auditions", right=True, cut=False),
        Column("called back", right=True, cut=False, priority=1),
        Column("booked", right=True, cut=False, priority=1),
        Column("callback rate", cut=False),
        Column("booking", right=True, cut=False, priority=2, name="booking rate"),
    ]
    rows = [
        [
            "(not set)" if g["key"] is None else str(g["key"]),
            str(g["auditions"]),
            str(g["advanced"]),
            str(g["booked"]),
            f"{bar(g['callback_rate'])} {pct(g['callback_rate']):>4}",
            pct(g["booking_rate"]),
        ]
        for g in doc["groups"]
    ]
    p = layout.plan(columns, rows, screen.width)
    note = _dropped(p, "widen the terminal, or use --json", screen.width)
    n = layout.rows_that_fit(len(rows), _height(screen, all_), above=above + 1, below=len(note))
    lines = layout.table(columns, rows[:n], screen.width, fitted=p)
    return lines + note + _more(len(rows) - n, "groups (the smallest)", screen.width)


def _chart(series: list[dict], by: str, screen, all_: bool, above: int) -> list[str]:
    """Volume as a bar per week or month, with its callback rate beside it: the most recent
    buckets that fit the screen, the bar as long as the width allows (up to 30)."""
    # key 8 + gap, bar, gap, n 4, gap 2, rate bar 10 + space + 4
    fixed = 9 + 1 + 4 + 2 + BAR + 1 + 4
    width = 30 if screen.width is None else max(8, min(30, screen.width - fixed))

    def note(hidden: int) -> list[str]:
        return layout.paragraph(
            f"[dim]… {hidden} earlier {by}s — --all to see them, or narrow with --since[/]", screen.width
        )

    # the note may take two lines on a narrow screen: rows_that_fit counts one
    n = layout.rows_that_fit(len(series), _height(screen, all_), above=above + 2, below=len(note(99)) - 1)
    hidden = len(series) - n
    series = series[hidden:]
    top = max(g["auditions"] for g in series) or 1
    lines = [
        *layout.paragraph(f"[bold]auditions per {by} ([cyan]█[/cyan]) and callback rate[/]", screen.width),
        f"[bold]{by:<9}{'volume':<{width + 1}}{'n':>4}  callbacks[/]",
    ]
    for g in series:
        count = g["auditions"]
        blocks = max(1 if count else 0, round(count / top * width))
        volume = "[cyan]" + "█" * blocks + "[/]" + " " * (width - blocks)
        rate = "" if not count else f"  {bar(g['callback_rate'])} {pct(g['callback_rate']):>4}"
        shown = f"{count:>4}" if count else "   [dim]0[/]"
        lines.append(f"{g['key']:<9}{volume} {shown}{rate}")
    if hidden:
        lines += note(hidden)
    return lines


# ---- patterns ----------------------------------------------------------------------------
def patterns(doc: dict, verdicts: list[str], con=None, all_: bool = False) -> None:
    """`verdicts` holds the words for each of doc["patterns"] (reports.verdict)."""
    screen = size(con)
    w = screen.width
    overall = doc["overall"]
    if not overall["auditions"]:
        lines_out(["No auditions yet: patterns need a few dozen to say anything."], con)
        return
    top = layout.paragraph(
        f"[bold]What goes with callbacks[/] — your usual: {pct(overall['callback_rate'])} "
        f"({overall['advanced']} of {plural(overall['auditions'], 'audition')} called back)",
        w,
    )
    standouts = [p for p in doc["patterns"] if p["signal"]]
    if not standouts:
        top += layout.paragraph(
            f"Nothing stands out yet. With {plural(overall['auditions'], 'audition')} every "
            "group's rate is within what chance alone would give; keep logging.",
            w,
        )
    if not doc["patterns"]:
        top += layout.paragraph(
            f"[dim]No group has {plural(doc['min'], 'audition')} or more yet (change with --min).[/]", w
        )
        lines_out(top, con)
        return
    many = len(doc["patterns"])
    foot = (
        f"Groups with fewer than {plural(doc['min'], 'audition')} are left out. " if doc["min"] > 1 else ""
    ) + "A verdict needs the whole 95% range above or below your usual rate."
    if many >= 40:
        foot += f" With {many} groups compared, about {many // 20} may stand out by chance alone."
    columns = [
        Column("factor", cut=False),
        Column("value", min=10),
        Column("n", right=True, cut=False),
        Column("rate", right=True, cut=False),
        Column("95% range", right=True, cut=False, priority=1),
        Column("verdict", cut=False, style=_verdict_style),
    ]
    rows: list = []
    for p, words in zip(doc["patterns"], verdicts, strict=True):
        if rows and standouts and not p["signal"] and rows[-1] is not None and rows[-1][6]:
            rows.append(None)  # a break between the stand-outs and the rest
        rows.append(
            [
                p["dimension"],
                str(p["key"]),
                str(p["auditions"]),
                pct(p["callback_rate"]),
                f"{pct(p['low'])[:-1]}–{pct(p['high'])}",
                words,
                p["signal"],
            ]
        )
    body = [r for r in rows if r is not None]
    p = layout.plan(columns, body, w)
    foot_lines = _dropped(p, "widen the terminal, or use --json", w) + layout.paragraph(f"[dim]{foot}[/]", w)
    n = layout.rows_that_fit(len(rows), _height(screen, all_), above=len(top) + 1, below=len(foot_lines))
    shown = rows[:n]
    while shown and shown[-1] is None:
        shown.pop()
    hidden = len(body) - len([r for r in shown if r is not None])
    lines = top + layout.table(columns, shown, w, fitted=p)
    lines += _more(hidden, "groups", w)
    lines_out(lines + foot_lines, con)


def _verdict_style(text: str) -> str:
    if text.startswith("above"):
        return "green"
    if text.startswith("below"):
        return "red"
    return "dim"


def _days(n) -> str:
    return "the same day" if n == 0 else f"{n:g} day" + ("" if n == 1 else "s")


def hear_back_lines(doc: dict) -> list[str]:
    """How long it takes to hear back: the median and 9-in-10 days, and how many cases."""
    calls, books = doc.get("days_to_callback"), doc.get("days_to_booking")
    if not calls or not calls["n"]:
        return []
    lines = [
        f"[bold]Time to hear back[/]: a first callback came a median {_days(calls['median'])} "
        f"after the audition; 9 in 10 within {_days(calls['p90'])} "
        f"({plural(calls['n'], 'callback')})."
    ]
    if books and books["n"]:
        lines.append(
            f"Bookings: a median {_days(books['median'])} after the audition; 9 in 10 within "
            f"{_days(books['p90'])} ({plural(books['n'], 'booking')})."
        )
    groups = [g for g in doc.get("days_to_callback_by_type") or () if g["key"]]
    if len(groups) > 1:
        lines.append(
            "By type: "
            + ", ".join(f"{esc(g['key'])} {_days(g['median'])} (n {g['n']})" for g in groups[:8])
            + "."
        )
    return lines


# ---- people ------------------------------------------------------------------------------
def people(rows: list[dict], not_seen: int | None = None, con=None, all_: bool = False) -> None:
    screen = size(con)
    w = screen.width
    if not rows:
        lines_out(
            [
                "No casting offices to show."
                if not_seen is None
                else f"You have been in front of every casting office within {not_seen} days."
            ],
            con,
        )
        return
    top = []
    if not_seen is not None:
        top = layout.paragraph(f"[bold]Casting offices you have not seen for {not_seen} days or more[/]", w)
    columns = [
        Column("casting", min=24),  # the office is what this table is about: cut it last
        Column("in", right=True, cut=False),
        Column("callbacks", right=True, cut=False, priority=1),
        Column("booked", right=True, cut=False, priority=1),
        Column("rate", right=True, cut=False),
        Column("hear back", right=True, cut=False, priority=2),
        Column("last seen", right=True, cut=False),
        Column("projects", priority=2, min=16),
    ]
    table_rows = [
        [
            r["casting"],
            str(r["auditions"]),
            str(r["advanced"]),
            str(r["booked"]),
            pct(r["callback_rate"]),
            f"{r['median_days_to_callback']:g} d (n {r['callbacks_timed']})"
            if r.get("callbacks_timed")
            else "–",
            ago_days(r["days_since"]),
            ", ".join(r["projects"]),
        ]
        for r in rows
    ]
    p = layout.plan(columns, table_rows, w)
    note = _dropped(p, "see them with --json", w)
    n = layout.rows_that_fit(len(rows), _height(screen, all_), above=len(top) + 1, below=len(note))
    lines = top + layout.table(columns, table_rows[:n], w, fitted=p)
    lines_out(lines + note + _more(len(rows) - n, "offices", w), con)


# ---- the weekly report -------------------------------------------------------------------
def report(doc: dict, today: date, con=None, all_: bool = False) -> None:
    screen = size(con)
    w = screen.width
    week = doc["week"]
    this_week = week["start"] <= today.isoformat() <= week["end"]
    out = [f"[bold]Week of {day(week['start'])} – {day(week['end'])} {week['end'][:4]}[/]"]
    if doc["auditions"]:
        columns = [
            Column("date", cut=False),
            Column("project", min=10),
            Column("role", priority=1, min=8),
            Column("casting", priority=2, min=8),
            Column("status", cut=False, style=lambda t: STATUS_STYLE.get(t.split()[0].rstrip(","), "")),
        ]
        rows = [
            [
                day(r["date"]) + (f" {r['time']}" if r.get("time") else ""),
                r["project"],
                r["role"] or "",
                r["casting"] or "",
                status_word(r, today),
            ]
            for r in doc["auditions"]
        ]
        p = layout.plan(columns, rows, w)
        limit = len(rows) if all_ else 12
        out += layout.table(columns, rows[:limit], w, fitted=p)
        out += _dropped(p, "see them with callback list --week", w)
        if len(rows) > limit:
            out += layout.paragraph(
                f"[dim]… {len(rows) - limit} more auditions — callback list --week to see them[/]", w
            )
    else:
        out.append("No auditions this week." if this_week else "No auditions that week.")
    out.append("")
    trail = doc["trailing"]
    before = (
        f"{pct(trail['callback_rate'])} over the {trail['weeks']} weeks before "
        f"({plural(trail['auditions'], 'audition')})"
        if trail["auditions"]
        else f"no auditions in the {trail['weeks']} weeks before"
    )
    which = "This week" if this_week else "That week"
    counted = doc.get("counted", len(doc["auditions"]))
    summary = (
        f"{which}: {bold_count(len(doc['auditions']), 'audition')}, "
        f"{bold_count(doc['callbacks'], 'callback')}, {bold_count(doc['bookings'], 'booking')}. "
    )
    if counted:
        summary += f"Callback rate {pct(doc['callback_rate'])}, against {before}."
    elif trail["auditions"]:
        summary += (
            f"Over the {trail['weeks']} weeks before: callback rate {pct(trail['callback_rate'])} "
            f"({plural(trail['auditions'], 'audition')})."
        )
    streak = doc["streak_weeks"]
    booking = (
        f"Last booking {day(doc['last_booking'], year=doc['last_booking'][:4] != str(today.year))} "
        f"({ago(doc['last_booking'], today)})."
        if doc["last_booking"]
        else "No booking logged yet."
    )
    out += layout.paragraph(summary, w)
    out += layout.paragraph(
        f"Streak: {plural(streak, 'week')} in a row with an audition. {booking}"
        if streak
        else f"No audition yet this week or the week before. {booking}",
        w,
    )
    coming = ["", "[bold]Coming up[/]"]
    for up in doc["upcoming"][:10]:
        when = day(up["date"]) + (f" {up['time']}" if up.get("time") else "")
        coming += layout.paragraph(
            f"{up['kind']} — #{up['audition_id']} {esc(who_for(up['project'], up['role']))}",
            w,
            f"  • {when}: ",
            4 + len(when) + 2,
            indent=4,
        )
    if len(doc["upcoming"]) > 10:
        coming += layout.paragraph(
            f"[dim]… {len(doc['upcoming']) - 10} more — callback calendar to see them[/]", w, "  ", 2
        )
    if not doc["upcoming"]:
        coming.append("  Nothing scheduled.")
    out += ["", "[bold]Follow-ups[/]"]
    blocks = [
        layout.paragraph(esc(item["text"]), w, f"  • [bold]#{item['audition_id']}[/] ", 4 + _idw(item))
        for item in doc["followups"]
    ]
    # the follow-ups take the room the rest leaves on the screen, two items at the least
    room = None if all_ or screen.height is None else screen.height - 1 - len(out) - len(coming)
    shown, hidden = layout.take_lines(blocks, max(room, 0)) if room is not None else (len(blocks), 0)
    if hidden and shown < 2:
        shown, hidden = min(2, len(blocks)), len(blocks) - min(2, len(blocks))
    for block in blocks[:shown]:
        out += block
    if hidden:
        out += layout.paragraph(f"[dim]… {hidden} more — callback followups to see them all[/]", w, "  ", 2)
    if not doc["followups"]:
        out.append("  Nothing outstanding.")
    out += coming
    lines_out(out, con)


def _idw(item: dict) -> int:
    return len(f"#{item['audition_id']} ")
