"""The pages in a real browser (headless Chromium): at a phone's and a desktop's width the
page draws something and nothing overflows sideways.

Without Chromium these tests skip and say why, except under CI=true, where they must run
(.ci/run installs Debian's `chromium`)."""

from __future__ import annotations

import os

import pytest
from browser import Browser, chromium, distinct_rows

if chromium() is None:
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true but chromium is not installed (.ci/run installs it with apt-get)")
    pytest.skip("chromium is not installed: apt-get install chromium to run the browser tests",
                allow_module_level=True)  # fmt: skip

PHONE, DESKTOP = 390, 1280
# one browser for the module: with pytest-xdist, its tests all run in the same worker
pytestmark = pytest.mark.xdist_group("browser")


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


@pytest.fixture
def pages(cli, tmp_path, monkeypatch):
    """The demo season's week and season pages, as a user would make them."""
    monkeypatch.setenv("CALLBACK_TODAY", "2026-11-23")
    demo = tmp_path / "demo.db"
    cli("demo", "--file", demo, "--quiet")
    cli("--db", demo, "report", "last", "--html", tmp_path / "week.html")
    cli("--db", demo, "review", "--year", "2026", "--html", tmp_path / "season.html")
    return {"week": tmp_path / "week.html", "season": tmp_path / "season.html"}


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("which", ["week", "season"])
def test_page_fits_the_width_and_is_drawn(browser, pages, which, width):
    browser.open(pages[which], width)
    scroll, viewport = browser.widths()
    assert viewport == width
    assert scroll == width, f"the {which} page overflows sideways at {width} px ({scroll} px wide)"
    shot = browser.screenshot()
    assert distinct_rows(shot) > 0.15, "the screenshot looks blank"


def test_the_blank_check_can_fail(browser, tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_text("<!DOCTYPE html><title>x</title><body style='background:#fff'></body>")
    browser.open(empty, PHONE)
    assert distinct_rows(browser.screenshot()) < 0.05


def test_the_overflow_check_can_fail(browser, tmp_path):
    wide = tmp_path / "wide.html"
    wide.write_text(
        "<!DOCTYPE html><meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>x</title><div style='width:600px'>wide</div>"
    )
    browser.open(wide, PHONE)
    scroll, _ = browser.widths()  # a phone zooms out to show it all: the viewport grows too
    assert scroll > 600


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_long_unbroken_names_do_not_push_the_page_sideways(browser, cli, tmp_path, width):
    long = "Supercalifragilistic" * 8
    aid = cli.add(long, "--date", "2026-03-10", "--role", long, "--casting", long, "--note", long)
    cli("mark", aid, "callback", "--date", "2026-03-12")
    cli("report", "--html", tmp_path / "w.html")
    cli("review", "--year", "2026", "--html", tmp_path / "s.html")
    for name in ("w.html", "s.html"):
        browser.open(tmp_path / name, width)
        assert browser.widths() == (width, width), name
