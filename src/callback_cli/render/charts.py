"""The charts on the report pages, drawn as SVG by pygal.

pygal writes plain SVG in pure Python (no browser, no network, no compiled parts), draws
95% intervals on bars and lines itself, and costs about 0.1 s to import, against 0.4 s or
more for matplotlib: the week's page has a 1 s budget on a 100,000-audition journal. It is
imported only here, and this module only when a page or an SVG card is written.

Every chart is inline-ready: no XML declaration, no script, a viewBox (it scales to its
column), `role="img"` and a <title> holding a one-sentence summary; the page puts the
numbers beside it as a table, so a screen reader gets them all.
"""

from __future__ import annotations

from functools import lru_cache

# calm colours: one ink, one accent for "called back", a warm one for bookings, greys
INK = "#1f2933"
MUTED = "#52606d"
GRID = "#e4e7eb"
ACCENT = "#0f766e"
ACCENT_LIGHT = "#99d5cf"
QUIET = "#cbd2d9"
BOOKED = "#b45309"
FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'


@lru_cache(maxsize=1)
def _pygal():
    import pygal  # lazy: the chart library, only when a chart is drawn (see the module's note)
    from pygal.style import Style  # lazy: as above

    style = Style(
        background="transparent",
        plot_background="transparent",
        foreground=INK,
        foreground_strong=INK,
        foreground_subtle=GRID,
        opacity="1",
        opacity_hover="1",
        transition="none",
        colors=(ACCENT, QUIET, BOOKED, MUTED),
        font_family=FONTS,
        label_font_size=13,
        major_label_font_size=13,
        value_font_size=12,
        value_label_font_size=12,
        legend_font_size=13,
        title_font_size=15,
        tooltip_font_size=12,
        guide_stroke_dasharray="3,3",
        major_guide_stroke_dasharray="3,3",
        guide_stroke_color="#c3cad3",
        major_guide_stroke_color="#c3cad3",
        ci_colors=(INK, INK, INK, INK),
    )
    return pygal, style


def _common(**extra) -> dict:
    pygal, style = _pygal()
    return {
        "style": style,
        "js": [],
        "disable_xml_declaration": True,
        "explicit_size": False,
        "show_legend": False,
        "margin": 8,
        "spacing": 6,
        "show_x_guides": False,
        "print_zeroes": False,
        **extra,
    }


def _finish(chart, summary: str) -> str:
    """Render, then make the SVG fit for a page: no script, an accessible name."""

    def tidy(root):
        for defs in [e for e in root.iter() if str(e.tag).endswith("defs")]:
            for script in [c for c in defs if str(c.tag).endswith("script")]:
                defs.remove(script)
        for comment in [c for c in root if not isinstance(c.tag, str)]:
            root.remove(comment)  # pygal's credits: links a page that must open offline should not hold
        root.set("role", "img")
        root.set("focusable", "false")
        title = root.makeelement("title", {})
        title.text = summary
        root.insert(0, title)
        return root

    chart.add_xml_filter(tidy)
    return chart.render(is_unicode=True)


def _pct(value) -> str:
    return "" if value is None else f"{value * 100:.0f}%"


# ---- the charts -------------------------------------------------------------------------
def weekly_volume(weeks: list[dict], summary: str, width: int = 720, height: int = 300) -> str:
    """Auditions per week as stacked bars: the part that advanced (callback, pin or booking)
    in the accent colour, the rest grey; the report's week is the last bar."""
    pygal, _ = _pygal()
    top = max((w["auditions"] for w in weeks), default=0)
    chart = pygal.StackedBar(
        **_common(
            width=width,
            height=height,
            x_labels=[w["label"] for w in weeks],
            x_labels_major=[w["label"] for w in weeks if w.get("major")],
            show_minor_x_labels=False,
            truncate_label=-1,
            range=(0, max(top, 4)),
            y_labels=_steps(max(top, 4)),
            value_formatter=lambda v: f"{v:g}",
        )
    )
    chart.add("advanced", [w["advanced"] for w in weeks])
    chart.add("no callback yet", [w["auditions"] - w["advanced"] for w in weeks])
    return _finish(chart, summary)


def rate_with_range(buckets: list[dict], usual, summary: str, narrow: bool = False) -> str:
    """Callback rate per bucket as bars with their 95% Wilson range as whiskers, each label
    carrying its n, so a rate resting on three auditions looks like what it is; `usual`
    draws as a dashed line across."""
    pygal, _ = _pygal()
    across = narrow or len(buckets) > 7  # more labels than fit side by side: one a row
    kind = pygal.HorizontalBar if across else pygal.Bar
    if across:  # pygal stacks horizontal bars from the bottom: the oldest goes first on top
        buckets = buckets[::-1]
    chart = kind(
        **_common(
            width=400 if narrow else 720,
            height=44 + (30 if narrow else 26) * len(buckets) if across else 300,
            x_labels=[f"{b['label']} · n={b['auditions']}" for b in buckets],
            truncate_label=-1,
            range=(0, 1),
            y_labels=[0, 0.25, 0.5, 0.75, 1],
            value_formatter=_pct,
            margin_right=24 if narrow else 8,
        )
    )
    chart.add(
        "callback rate",
        [
            {"value": b["callback_rate"], "ci": {"low": b["low"], "high": b["high"]}}
            if b["auditions"]
            else None
            for b in buckets
        ],
    )
    if usual is not None:
        chart.add_xml_filter(lambda root: _reference_line(root, chart, usual))
    return _finish(chart, summary)


def _reference_line(root, chart, value: float):
    """A dashed line across the plot at `value` (pygal has no reference lines of its own)."""
    plot = next(e for e in root.iter() if e.get("class") == "plot")
    if chart.horizontal:  # pygal's view is transposed: y() measures along the width
        x = chart.view.y(value)
        d = f"M{x:.2f} 0 V{chart.view.width:.2f}"
    else:
        d = f"M0 {chart.view.y(value):.2f} H{chart.view.width:.2f}"
    line = plot.makeelement(
        "path",
        {
            "d": d,
            "stroke": INK,
            "stroke-width": "1.5",
            "stroke-dasharray": "6 4",
            "fill": "none",
            "class": "reference",
        },
    )
    plot.append(line)
    return root


def counts_by(groups: list[dict], summary: str) -> str:
    """A small horizontal bar chart: auditions per value (type, format, casting office),
    the advanced part in the accent colour."""
    pygal, _ = _pygal()
    groups = groups[:8][::-1]  # pygal stacks horizontal bars from the bottom: biggest on top
    top = max((g["auditions"] for g in groups), default=0)
    chart = pygal.HorizontalStackedBar(
        **_common(
            width=360,
            height=52 + 32 * len(groups),
            x_labels=[g["label"] for g in groups],
            truncate_label=18,
            range=(0, max(top, 2)),
            y_labels=_steps(max(top, 2), 4),
            value_formatter=lambda v: f"{v:g}",
        )
    )
    chart.add("advanced", [g["advanced"] for g in groups])
    chart.add("no callback yet", [g["auditions"] - g["advanced"] for g in groups])
    return _finish(chart, summary)


def _steps(top: int, most: int = 5) -> list[int]:
    """Whole-number axis labels (steps of 1, 2, 5, 10, 20, 50, ...), at most `most` + 1."""
    step, scale = 1, 1
    while top / step > most:
        for m in (1, 2, 5):
            step = m * scale
            if top / step <= most:
                break
        else:
            scale *= 10
            continue
        break
    return list(range(0, top + step, step))
