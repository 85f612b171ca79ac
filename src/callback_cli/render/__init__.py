"""Everything the user sees: the console, small messages, JSON and ids for scripts.

layout.py fits tables and paragraphs to the screen (width → columns → lines); records.py
draws the audition list and one audition; reports.py and followups.py draw those screens;
words.py holds the words they share; prompt.py asks questions in a terminal; export.py
writes records as CSV, JSON or JSON Lines.
Rich is imported inside the functions that draw, so `--json`, `--ids` and `add --quiet`
never pay for it. With stdout not a terminal, or NO_COLOR set, Rich writes no escapes.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

STATUS_STYLE = {
    "auditioned": "",
    "callback": "bold yellow",
    "pinned": "bold magenta",
    "booked": "bold green",
    "released": "red",
    "declined": "dim",
    "no-response": "dim",
}


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
# a search finds none in a long text far sooner than translate() goes through it
_CONTROLS = re.compile("[" + "".join(map(re.escape, map(chr, _VISIBLE))) + "]")


def visible(text) -> str:
    """Text made safe to print to a terminal: every control character shown, none obeyed."""
    text = str(text)
    return text.translate(_VISIBLE) if _CONTROLS.search(text) else text


@lru_cache(maxsize=1)
def _console_class():
    from rich.console import Console  # lazy: Rich costs start-up time that --json, --ids and -q never pay

    class SafeConsole(Console):
        """Every string Rich turns into text (prints, table cells) is made visible first."""

        def render_str(self, text: str, **kwargs):
            return super().render_str(visible(text), **kwargs)

    return SafeConsole


@lru_cache(maxsize=2)
def console(stderr: bool = False):
    # NO_COLOR (no-color.org) means no escapes at all here, bold included, as in a pipe
    plain = {"color_system": None} if os.environ.get("NO_COLOR") else {}
    con = _console_class()(stderr=stderr, highlight=False, soft_wrap=False, emoji=False, **plain)
    if con.width <= 0:  # COLUMNS=0, or a terminal that says 0 x 0: Rich would print nothing
        con.width = 80
    return con


def is_terminal() -> bool:
    return sys.stdout.isatty()


def size(con=None):
    """The screen to lay out for: the terminal's (a pipe has no width), or a recording
    console's own width when a report is saved as HTML/SVG."""
    from callback_cli.render import layout  # lazy: Rich's cell widths, not for --json/--ids/-q

    if con is None or con is console():
        return layout.screen()
    return layout.Screen(con.width, None)


# what Rich would still change in the plain text on its way out: tabs (expanded to its tab
# stops) and the control codes it strips (the console has shown every other one already)
_RICH_TOUCHES = re.compile("[\t\a\b\v\f\r]")


def lines_out(lines: list[str], con=None) -> None:
    """Print laid-out markup lines at once; Rich must not wrap them again (in a pipe a line
    stays whole). Without colours (a pipe, NO_COLOR) the styles print as nothing, so the
    text the console makes of the markup (control characters shown) is written directly:
    the same characters as its print, without building its segments (a 3,000-line
    checklist in a pipe is written 3 times faster)."""
    con = con or console()
    markup = "\n".join(lines)
    if con.color_system is None and not con.record:
        # the app's consoles show controls (SafeConsole) and leave emoji codes alone (console())
        from callback_cli.render.layout import markup_text  # lazy: Rich's cell widths, not for --json

        text = markup_text(visible(markup)) if isinstance(con, _console_class()) else None
        if text is None:
            text = con.render_str(markup, highlight=False).plain
        if not _RICH_TOUCHES.search(text):
            con.file.write(text + "\n")
            return
    con.print(markup, soft_wrap=True, highlight=False)


# ---- for scripts -------------------------------------------------------------------------
def json_out(data) -> None:
    import json  # lazy: the screens people read never need it (2 ms of every start-up)

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def ids_out(ids) -> None:
    sys.stdout.write("".join(f"{i}\n" for i in ids))


# ---- small messages ----------------------------------------------------------------------
def say(text: str) -> None:
    """A message in Rich markup, wrapped at words for the screen (whole in a pipe)."""
    from callback_cli.render import layout  # lazy: Rich's cell widths, not for --json/--ids/-q

    lines_out(layout.paragraph(text, size().width))


def plain(text: str) -> None:
    """One line for people, printed as it is (no markup), its control characters shown."""
    sys.stdout.write(visible(text) + "\n")


def notice(text: str) -> None:
    """A side remark for a person (stderr, so stdout stays clean for scripts)."""
    sys.stderr.write(wrapped_for_stderr(visible(text)) + "\n")


def wrapped_for_stderr(text: str, indent: int = 2) -> str:
    """Plain text for stderr: in a terminal, wrapped at words with later lines hanging at
    `indent`; in a pipe, whole."""
    if not sys.stderr.isatty():  # scripts read one line per message, whatever COLUMNS says
        return text
    from callback_cli.render import layout  # lazy: Rich's cell widths, only for a terminal

    width = layout.screen(sys.stderr).width
    return "\n".join(layout.wrap(text, width, indent=indent))


def status_text(status: str) -> str:
    style = STATUS_STYLE.get(status, "")
    return f"[{style}]{status}[/]" if style else status


def esc(text) -> str:
    """A value as markup that shows it as it is (layout.escape), control codes made visible."""
    from callback_cli.render import layout  # lazy: Rich's cell widths, not for --json/--ids/-q

    return layout.escape(visible(text)) if text is not None else ""


def added(rec: Mapping[str, Any], today: date) -> None:
    from callback_cli.dates import say_time  # lazy: only a person's confirmation needs it
    from callback_cli.render.words import ago, day  # lazy: likewise

    role = f" as {esc(rec['role'])}" if rec.get("role") else ""
    when = day(rec["date"], year=rec["date"][:4] != str(today.year))
    if rec.get("time"):
        when += f" at {say_time(rec['time'])}"
    if rec["date"] != today.isoformat():
        when += f" ({ago(rec['date'], today)})"
    tape = ""
    if rec.get("tape_due"):
        due = rec["tape_due"]
        tape = f" Self-tape due {day(due[:10])}" + (f" {say_time(due[11:16])}" if len(due) > 10 else "") + "."
    say(f"Logged #{rec['id']}: {esc(rec['project'])}{role}, {when}.{tape}")


class progress:
    """A progress bar on stderr for long jobs in a terminal; nothing at all in a pipe."""

    def __init__(self, label: str, total: int | None, minimum: int = 2000):
        """`total` None: not known yet (a long file read as it goes)."""
        self.label, self.total = label, total
        self.on = (total is None or total >= minimum) and sys.stderr.isatty()
        self._bar: Any = None

    def __enter__(self):
        if self.on:
            from rich.progress import Progress  # lazy: Rich only for a bar in a terminal

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
