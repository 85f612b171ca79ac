"""The report pages: one self-contained HTML file (inline CSS and SVG, system fonts, no
network), made from the same plain data as the terminal report and `--json`.

Jinja2 and the chart library are imported only when a page is written (start-up of every
other command stays as it was). Autoescaping is on for the whole template: every string
that comes from the journal is escaped; only the chart SVGs (built by pygal, whose text is
escaped by its XML writer) are marked safe.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from callback_cli import __version__
from callback_cli.errors import BadInput
from callback_cli.render import charts

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def _env():
    import jinja2  # lazy: only when a page is written (~0.13 s of CPU to import)

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(pct=pct, long=long_date, short=short_date, one_in=one_in, plural=plural)
    return env


# ---- words and numbers ------------------------------------------------------------------
def pct(rate) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"


def one_in(rate) -> str:
    if not rate:
        return "—"
    n = 1 / rate
    return f"1 in {n:.0f}" if n >= 9.5 else f"1 in {n:.1f}".replace(".0", "")


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def long_date(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d:%a} {d.day} {d:%b} {d.year}"


def short_date(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d:%a} {d.day} {d:%b}"


def _month_label(key: str) -> str:
    year, month = key.split("-")
    return date(int(year), int(month), 1).strftime("%b")


def _change(now, before, n: int) -> dict | None:
    """The direction of the week's callback rate against the weeks before, in points; with
    fewer than 5 auditions this week it is not coloured as news (`few`)."""
    if now is None or before is None:
        return None
    points = round((now - before) * 100)
    direction = "up" if points > 0 else "down" if points < 0 else "level"
    return {"points": abs(points), "direction": direction, "few": n < 5}


def _status(rec: dict, today: str) -> str:
    """What the status pill says: a callback or pin dated after today is still to come."""
    if rec["upcoming"]:
        return "upcoming"
    latest = [e for e in rec["events"] if e["status"] == rec["status"]]
    if latest and latest[-1]["date"] > today:
        return f"{rec['status']} (scheduled)"
    return rec["status"]


def _range_words(since: str | None, until: str | None) -> str:
    if since and until:
        if since[5:] == "01-01" and until[5:] == "12-31" and since[:4] == until[:4]:
            return f"the {since[:4]} season"
        return f"{long_date(since)} to {long_date(until)}"
    if since:
        return f"since {long_date(since)}"
    if until:
        return f"up to {long_date(until)}"
    return "all of your auditions"


# ---- the charts' data, shared by the page and the SVG card --------------------------------
def _week_chart(extras: dict) -> dict:
    weeks = extras["weeks"]
    rows = []
    for i, w in enumerate(weeks):
        start = date.fromisoformat(w["start"])
        # a label every fourth week, counted back from the report's week, so the last is labelled
        rows.append({**w, "label": f"{start.day} {start:%b}", "major": (len(weeks) - 1 - i) % 4 == 0})
    total = sum(w["auditions"] for w in weeks)
    advanced = sum(w["advanced"] for w in weeks)
    summary = (
        f"Auditions per week over the last {len(weeks)} weeks, the week of {long_date(weeks[0]['start'])} "
        f"to the week of {long_date(weeks[-1]['start'])}: {plural(total, 'audition')}, "
        f"{advanced} of them advanced to a callback or further. The numbers are in the table below."
    )
    return {"rows": rows, "summary": summary, "title": "Auditions per week", "weeks": len(weeks)}


def _month_chart(months: list[dict], usual) -> dict:
    rows = [
        {**m, "label": _month_label(m["key"]) + (f" {m['key'][2:4]}" if i == 0 else "")}
        for i, m in enumerate(months)
    ]
    summary = "Callback rate by month with its 95% range: " + "; ".join(
        f"{_month_label(m['key'])} {m['key'][:4]}: {pct(m['callback_rate'])} of {m['auditions']}"
        for m in months
    )
    return {"rows": rows, "summary": summary, "usual": usual, "title": "Callback rate by month"}


def _groups_chart(groups: list[dict], what: str) -> dict:
    rows = [{**g, "label": "(not set)" if g["key"] is None else str(g["key"])} for g in groups]
    summary = f"Auditions by {what}: " + "; ".join(
        f"{r['label']}: {r['auditions']}, {r['advanced']} advanced" for r in rows
    )
    return {"rows": rows, "summary": summary, "title": f"By {what}"}


def _svg(kind: str, chart: dict, narrow: bool = False) -> str:
    from markupsafe import Markup  # lazy: ships with Jinja2, loaded with it

    rows = chart["rows"]
    if not rows:
        return Markup("")
    if kind == "volume":
        if narrow:  # a phone gets the last 13 bars, drawn larger
            rows = [{**r, "major": (len(rows[-13:]) - 1 - i) % 4 == 0} for i, r in enumerate(rows[-13:])]
            svg = charts.weekly_volume(rows, chart["summary"], width=400, height=260)
        else:
            svg = charts.weekly_volume(rows, chart["summary"])
    elif kind == "rate":
        svg = charts.rate_with_range(rows, chart["usual"], chart["summary"], narrow=narrow)
    else:
        svg = charts.counts_by(rows, chart["summary"])
    return Markup(svg)  # pygal's XML writer escaped every label it holds


def _both(kind: str, chart: dict) -> dict:
    """A chart drawn for a wide page (and print), and again for a phone's width."""
    return {"wide": _svg(kind, chart), "narrow": _svg(kind, chart, narrow=True)}


# ---- the pages ---------------------------------------------------------------------------
def week_context(doc: dict, extras: dict, today: date, name: str | None) -> dict:
    week = doc["week"]
    trail = doc["trailing"]
    months = extras["months"]
    usual_n = sum(m["auditions"] for m in months)
    usual = (sum(m["advanced"] for m in months) / usual_n) if usual_n else None
    last_booking = doc["last_booking"]
    charts = {
        "weeks": _week_chart(extras),
        "months": _month_chart(months, usual),
        "type": _groups_chart(extras["by_type"], "type"),
        "format": _groups_chart(extras["by_format"], "format"),
    }
    svgs = {
        "weeks": _both("volume", charts["weeks"]),
        "months": _both("rate", charts["months"]),
        "type": _svg("groups", charts["type"]),
        "format": _svg("groups", charts["format"]),
    }
    return {
        "kind": "week",
        "title": f"Week of {short_date(week['start'])} – {long_date(week['end'])}",
        "name": name,
        "today": today.isoformat(),
        "doc": doc,
        "week": week,
        "rows": [{**r, "status_text": _status(r, today.isoformat())} for r in doc["auditions"]],
        "headline": {
            "auditions": len(doc["auditions"]),
            "counted": doc["counted"],
            "callbacks": doc["callbacks"],
            "bookings": doc["bookings"],
            "callback_rate": doc["callback_rate"],
            "trailing": trail,
            "change": _change(doc["callback_rate"], trail["callback_rate"], doc["counted"]),
            "streak": doc["streak_weeks"],
            "last_booking": last_booking,
            "days_since_booking": (today - date.fromisoformat(last_booking)).days if last_booking else None,
        },
        "charts": charts,
        "svgs": svgs,
        "version": __version__,
    }


def season_context(doc: dict, today: date, name: str | None) -> dict:
    charts = {
        "months": _month_chart(doc["months"], doc["callback_rate"]),
        "type": _groups_chart(doc["by_type"], "type"),
        "format": _groups_chart(doc["by_format"], "format"),
        "casting": _groups_chart([{**c, "key": c["casting"]} for c in doc["casting"][:8]], "casting office"),
    }
    volume = {
        "rows": [{**m, "label": _month_label(m["key"]), "major": True} for m in doc["months"]],
        "summary": "Auditions per month: "
        + "; ".join(f"{_month_label(m['key'])} {m['key'][:4]}: {m['auditions']}" for m in doc["months"]),
        "title": "Auditions per month",
    }
    charts["volume"] = volume
    svgs = {
        "volume": _both("volume", volume),
        "months": _both("rate", charts["months"]),
        "type": _svg("groups", charts["type"]),
        "format": _svg("groups", charts["format"]),
        "casting": _svg("groups", charts["casting"]),
    }
    return {
        "kind": "season",
        "title": _range_words(doc["since"], doc["until"]).capitalize(),
        "name": name,
        "today": today.isoformat(),
        "doc": doc,
        "charts": charts,
        "svgs": svgs,
        "version": __version__,
    }


def render(template: str, context: dict) -> str:
    return _env().get_template(template).render(**context)


def week_page(doc: dict, extras: dict, today: date, name: str | None = None) -> str:
    return render("report.html.j2", week_context(doc, extras, today, name))


def season_page(doc: dict, today: date, name: str | None = None) -> str:
    return render("review.html.j2", season_context(doc, today, name))


def week_card(extras: dict) -> str:
    """The main chart alone, as a standalone SVG file (for a message or a slide)."""
    return _card(_svg("volume", _week_chart(extras)))


def season_card(doc: dict) -> str:
    return _card(_svg("rate", _month_chart(doc["months"], doc["callback_rate"])))


def _card(svg: str) -> str:
    """A standalone SVG: the XML declaration, a white card behind the chart."""
    svg = str(svg)
    if not svg:
        raise BadInput("there is nothing to chart in this range")
    head, rest = svg.split(">", 1)
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        + head
        + '><rect width="100%" height="100%" fill="#fff"/>'
        + rest
    )


# ---- writing the file ----------------------------------------------------------------------
def write(path: Path, text: str | bytes, journal: Path | None = None) -> None:
    """Write a page or card with the one safe writer (callback_cli.files): 0600, through a
    temporary file with an unpredictable name in the same folder, only over a regular file,
    never through a link, never over the journal (or its -wal/-shm)."""
    from callback_cli import files  # lazy: only --html/--svg write a file

    data = text.encode("utf-8") if isinstance(text, str) else text
    files.write_file(Path(path).expanduser(), journal, lambda fh: fh.write(data), binary=True)
