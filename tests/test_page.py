"""The report pages (`report --html`, `review --html`) and chart cards (`--svg`): escaping,
well-formed HTML, figures equal to the JSON documents, offline, written 0600 and safely.
The browser checks (phone and desktop widths) are in test_browser.py."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date

import html5lib
import pytest
from handjournal import build

from callback_cli import review
from callback_cli.render import page

HOSTILE = {
    "project": "<script>alert('p')</script>",
    "role": '<img src=x onerror="alert(1)">',
    "notes": "Said \"yes\" & 'no' </td></tr></table><script>alert(3)</script>",
    "casting": "<b>Bold & Co</b>",
}
NS = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def hand(cli):
    build(cli)
    return cli


def parse(text: str):
    """html5lib in strict mode: any parse error fails the test."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(text)


def elements(tree):
    return (e for e in tree.iter() if isinstance(e.tag, str))  # comments have a function as tag


def texts(tree) -> list[str]:
    return ["".join(e.itertext()) for e in elements(tree)]


def figure(tree, name: str) -> str:
    found = [e for e in tree.iter() if e.get("data-figure") == name]
    assert len(found) == 1, name
    return "".join(found[0].itertext()).split()[0]


def table_rows(tree, caption: str) -> dict[str, list[str]]:
    """The rows of the chart's own table (its text alternative), by data-key."""
    for table in tree.iter(f"{NS}table"):
        cap = table.find(f"{NS}caption")
        if cap is not None and "".join(cap.itertext()) == caption:
            return {
                tr.get("data-key"): ["".join(td.itertext()) for td in tr if str(td.tag).endswith("td")]
                for tr in table.iter(f"{NS}tr")
                if tr.get("data-key")
            }
    raise AssertionError(f"no table captioned {caption!r}")


def pct(rate) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"


# ---- escaping -------------------------------------------------------------------------------
def test_every_user_string_is_escaped_on_both_pages(cli, tmp_path):
    cli.add(
        HOSTILE["project"],
        "--date", "2026-03-10", "--role", HOSTILE["role"], "--note", HOSTILE["notes"],
        "--casting", HOSTILE["casting"], "--type", "tv",
    )  # fmt: skip
    aid = cli.add("Other", "--date", "2026-03-02", "--casting", HOSTILE["casting"])
    cli("mark", aid, "booked", "--date", "2026-03-04")
    (tmp_path / "config.toml").write_text("name = \"<script>alert('name')</script> & Co\"\n")
    cli("report", "--html", tmp_path / "w.html")
    cli("review", "--year", "2026", "--html", tmp_path / "s.html")
    for name in ("w.html", "s.html"):
        text = (tmp_path / name).read_text()
        tree = parse(text)
        # nothing the journal holds became markup: no script or img element anywhere (SVG too)
        tags = {e.tag.split("}")[-1] for e in elements(tree)}
        assert not tags & {"script", "img", "b", "iframe", "object"}, (name, tags & {"script", "img", "b"})
        assert not any("onerror" in attr for e in elements(tree) for attr in e.attrib), name
        assert "<script" not in text and "<img" not in text and "<b>" not in text
        # ... and every string is still there, as the very text the user typed
        all_text = "\n".join(texts(tree))
        assert "<script>alert('name')</script> & Co" in all_text
        assert HOSTILE["casting"] in all_text
    week_text = "\n".join(texts(parse((tmp_path / "w.html").read_text())))
    for key in ("project", "role", "notes"):
        assert HOSTILE[key] in week_text, key
    assert "&lt;script&gt;alert(&#39;p&#39;)&lt;/script&gt;" in (tmp_path / "w.html").read_text()


def test_chart_labels_are_escaped_in_the_svg(cli, tmp_path):
    cli.add("P", "--date", "2026-03-10", "--casting", "<script>x()</script> & \"A\" 'B'")
    cli("review", "--year", "2026", "--svg", tmp_path / "c.svg", "--html", tmp_path / "s.html")
    ET.fromstring((tmp_path / "c.svg").read_text())  # well-formed XML
    html = (tmp_path / "s.html").read_text()
    assert "<script>x()" not in html and "&lt;script&gt;x()" in html


# ---- well-formed, offline, with text alternatives ---------------------------------------------
def test_pages_parse_and_need_no_network(hand, tmp_path):
    hand("report", "--html", tmp_path / "w.html")
    hand("review", "--year", "2026", "--html", tmp_path / "s.html")
    for name in ("w.html", "s.html"):
        text = (tmp_path / name).read_text()
        parse(text)
        urls = set(re.findall(r"https?://[^\s\"'<>)]+", text))
        assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, urls
        assert "@import" not in text and "url(" not in text and "<link" not in text
        assert "<script" not in text  # no script at all, the charts' included


def test_each_chart_has_a_text_alternative(hand, tmp_path):
    hand("report", "--html", tmp_path / "w.html")
    tree = parse((tmp_path / "w.html").read_text())
    svgs = [e for e in elements(tree) if e.tag.endswith("}svg")]
    assert len(svgs) >= 4
    for svg in svgs:
        assert svg.get("role") == "img"
        title = next(c for c in svg if isinstance(c.tag, str) and c.tag.endswith("title"))
        assert re.search(r"\d", title.text), title.text  # the summary holds the figures
    captions = ["".join(c.itertext()) for c in tree.iter(f"{NS}caption")]
    assert "Auditions per week" in captions and "Callback rate by month" in captions


def test_page_shows_title_name_range_and_footer(hand, tmp_path):
    (tmp_path / "config.toml").write_text('name = "Alex Morgan"\n')
    hand("report", "--html", tmp_path / "w.html")
    text = (tmp_path / "w.html").read_text()
    tree = parse(text)
    title = "".join(next(tree.iter(f"{NS}title")).itertext())
    assert title == "Week of Mon 9 Mar – Sun 15 Mar 2026 · Alex Morgan"
    assert "Alex Morgan" in "".join(next(tree.iter(f"{NS}header")).itertext())
    assert "Made with callback" in "".join(next(tree.iter(f"{NS}footer")).itertext())


# ---- the figures are the JSON documents' figures ---------------------------------------------
def test_week_page_figures_equal_report_json_and_stats_json(hand, tmp_path):
    doc = hand.json("report")
    hand("report", "--html", tmp_path / "w.html")
    tree = parse((tmp_path / "w.html").read_text())
    assert figure(tree, "auditions") == str(len(doc["auditions"])) == "1"
    assert figure(tree, "callbacks") == str(doc["callbacks"])
    assert figure(tree, "bookings") == str(doc["bookings"])
    assert figure(tree, "callback_rate") == pct(doc["callback_rate"])
    assert figure(tree, "streak_weeks") == str(doc["streak_weeks"])
    days = (date(2026, 3, 11) - date.fromisoformat(doc["last_booking"])).days
    assert figure(tree, "days_since_booking") == str(days)
    weeks = table_rows(tree, "Auditions per week")
    assert len(weeks) == 26 and list(weeks)[-1] == doc["week"]["start"]
    for start in ("2026-01-05", "2026-01-12", "2026-02-16", "2026-03-02", "2026-03-09"):
        end = date.fromisoformat(start).toordinal() + 6
        s = hand.json("stats", "--since", start, "--until", date.fromordinal(end).isoformat())
        assert weeks[start][:4] == [str(s["auditions"]), str(s["advanced"]), str(s["booked"]),
                                   pct(s["callback_rate"])], start  # fmt: skip
    months = table_rows(tree, "Callback rate by month")
    by_month = {g["key"]: g for g in hand.json("stats", "--by", "month")["groups"]}
    for key in ("2026-01", "2026-02", "2026-03"):
        assert months[key][:3] == [str(by_month[key][k]) for k in ("auditions", "advanced", "booked")]
    by_type = table_rows(tree, "By type")
    week_types = hand.json("stats", "--since", "2026-03-09", "--until", "2026-03-15", "--by", "type")
    assert {k: v[0] for k, v in by_type.items()} == {
        g["key"]: str(g["auditions"]) for g in week_types["groups"]
    }


def test_season_page_figures_equal_review_json_and_stats_json(hand, tmp_path):
    doc = hand.json("review", "--year", "2026")
    s = hand.json("stats", "--since", "2026-01-01", "--until", "2026-12-31")
    assert (doc["auditions"], doc["advanced"], doc["booked"]) == (s["auditions"], s["advanced"], s["booked"])
    hand("review", "--year", "2026", "--html", tmp_path / "s.html")
    tree = parse((tmp_path / "s.html").read_text())
    assert figure(tree, "auditions") == str(s["auditions"]) == "6"
    assert figure(tree, "advanced") == str(s["advanced"])
    assert figure(tree, "booked") == str(s["booked"])
    assert figure(tree, "callback_rate") == pct(s["callback_rate"])
    months = table_rows(tree, "Auditions per month")
    assert {k: v[0] for k, v in months.items()} == {m["key"]: str(m["auditions"]) for m in doc["months"]}
    offices = table_rows(tree, "By casting office")
    people = hand.json("people", "--since", "2026-01-01", "--until", "2026-12-31")
    assert {v[0] for v in offices.values()} == {str(p["auditions"]) for p in people}


# ---- files: 0600, safely, never over the journal ---------------------------------------------
def test_pages_and_cards_are_written_0600(hand, tmp_path):
    os.umask(0o022)
    hand("report", "--html", tmp_path / "w.html", "--svg", tmp_path / "w.svg")
    hand("review", "--html", tmp_path / "s.html", "--svg", tmp_path / "s.svg")
    for name in ("w.html", "w.svg", "s.html", "s.svg"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no temp file left


def test_replacing_a_page_keeps_it_0600_and_replaces_it_whole(hand, tmp_path):
    target = tmp_path / "w.html"
    target.write_text("old")
    target.chmod(0o644)
    hand("report", "--html", target)
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_page_never_goes_over_the_journal(hand, db_path):
    before = db_path.read_bytes()
    result = hand("report", "--html", db_path, code=2)
    assert result.stderr.startswith("Error:") and "journal" in result.stderr
    hand("review", "--svg", db_path, code=2)
    assert db_path.read_bytes() == before
    assert hand.json("stats")["auditions"] == 6


def test_a_page_into_a_missing_folder_is_one_error_line(hand, tmp_path):
    result = hand("report", "--html", tmp_path / "nowhere" / "w.html", code=1)
    assert result.stderr.startswith("Error:") and result.stderr[-1] == "\n"
    assert result.stderr.count("\n") == 1


def test_svg_card_is_a_standalone_svg(hand, tmp_path):
    hand("report", "--svg", tmp_path / "w.svg")
    root = ET.fromstring((tmp_path / "w.svg").read_text())
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox")
    assert root.find("{http://www.w3.org/2000/svg}title") is not None
    assert not [e for e in root.iter() if e.tag.endswith("script")]


# ---- start-up: the terminal report does not load the page's libraries ------------------------
@pytest.mark.parametrize("command", [["report"], ["review"], ["report", "--json"]])
def test_terminal_report_does_not_import_jinja2_or_pygal(hand, command):
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "callback_cli", *command],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    assert result.returncode == 0, result.stderr
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert not {m for m in imported if m.split(".")[0] in ("jinja2", "pygal", "markupsafe")}


def test_writing_a_page_imports_them(hand, tmp_path):
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "callback_cli", "report", "--html", tmp_path / "w.html"],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    assert result.returncode == 0, result.stderr
    assert "| jinja2" in result.stderr and "| pygal" in result.stderr


# ---- the renderer, directly ------------------------------------------------------------------
def _doc(**over) -> dict:
    doc = {
        "week": {"start": "2026-03-09", "end": "2026-03-15"},
        "auditions": [],
        "callbacks": 0,
        "bookings": 0,
        "callback_rate": None,
        "counted": 0,
        "trailing": {"weeks": 12, "start": "2025-12-15", "auditions": 0, "callback_rate": None},
        "streak_weeks": 0,
        "last_booking": None,
        "weeks_since_booking": None,
        "followups": [],
        "upcoming": [],
    }
    return {**doc, **over}


def _extras(weeks: int = 26) -> dict:
    trend = [
        {"start": date.fromordinal(date(2026, 3, 9).toordinal() - 7 * (weeks - 1 - i)).isoformat(),
         "auditions": 0, "advanced": 0, "booked": 0, "callback_rate": None, "low": None, "high": None}
        for i in range(weeks)
    ]  # fmt: skip
    return {"weeks": trend, "months": [], "by_type": [], "by_format": []}


def test_an_empty_week_still_makes_a_whole_page():
    html = page.week_page(_doc(), _extras(), date(2026, 3, 11))
    tree = parse(html)
    assert "No auditions this week." in html and "Nothing outstanding." in html
    assert figure(tree, "auditions") == "0"


def test_the_rate_change_is_not_news_on_a_few_auditions():
    few = page.week_context(
        _doc(callback_rate=0.0, counted=2, trailing={"weeks": 12, "auditions": 20, "callback_rate": 0.2}),
        _extras(), date(2026, 3, 11), None,
    )["headline"]["change"]  # fmt: skip
    assert few == {"points": 20, "direction": "down", "few": True}
    many = page.week_context(
        _doc(callback_rate=0.5, counted=8, trailing={"weeks": 12, "auditions": 20, "callback_rate": 0.2}),
        _extras(), date(2026, 3, 11), None,
    )["headline"]["change"]  # fmt: skip
    assert many == {"points": 30, "direction": "up", "few": False}


def test_weekly_trend_follows_the_configured_week_start(hand, tmp_path):
    from callback_cli.store import Store

    store = Store.open(hand.path)
    try:
        sunday = review.weekly_trend(store, date(2026, 3, 11), date(2026, 3, 8), weeks=2)
        assert [(w["start"], w["auditions"]) for w in sunday] == [("2026-03-01", 1), ("2026-03-08", 1)]
        monday = review.weekly_trend(store, date(2026, 3, 11), date(2026, 3, 9), weeks=2)
        assert [(w["start"], w["auditions"]) for w in monday] == [("2026-03-02", 1), ("2026-03-09", 1)]
        assert monday[1]["low"] is not None and monday[1]["high"] <= 1
    finally:
        store.close()
