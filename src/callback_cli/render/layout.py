"""Width → columns → lines: how every human table and paragraph fits the screen.

Pure functions over plain text (no printing, no terminal queries), so each rule is tested
directly. The drawing modules ask `screen()` for the size once, plan a table with `plan()`,
and print the lines from `table()` / `wrap()` in one go (one print is what keeps them fast).

Rules, in the words of the issue they come from:
- columns have priorities: 0 always shows, 1 next, 2 when there is room; when the width is
  short the highest numbers go first (the rightmost of them first), and the caller says so;
- long text is cut with `…` at a word boundary (inside the word only when going back to a
  space would leave under a third of the room), and no word is broken across lines;
- wrapped lines keep a hanging indent;
- a pipe has no width (`width=None`): full lines, nothing cut, nothing wrapped.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence, Union

from rich.cells import cell_len, set_cell_size
from rich.markup import escape as _rich_escape

ELLIPSIS = "…"
GAP = 2  # spaces between columns
PIPE_HEIGHT = 24  # reports are summaries: in a pipe they are cut at a classic screenful
# trailing characters that read badly before the ellipsis ("Rivera &…", "Nurse,…")
_DANGLING = " ,;:&-–—/(+"

Style = Union[str, Callable[[str], str]]


@dataclass(frozen=True)
class Column:
    """One column of a table: its header, how important it is and how it may shrink."""

    header: str
    priority: int = 0  # 0 always shows; higher numbers are dropped first on a narrow screen
    right: bool = False  # right-aligned (numbers)
    cut: bool = True  # may be shortened with … (ids, dates and statuses may not)
    min: int = 8  # narrowest a cut column gets before columns are dropped instead
    style: Style = ""  # Rich style for the cells, or a function of the cell's text
    name: str = ""  # how the "left out" note names it (default: the header)

    @property
    def label(self) -> str:
        return self.name or self.header


@dataclass
class Plan:
    """Which columns show, how wide each is, and which were left out."""

    shown: list[int]  # indexes into the columns, in their order
    widths: list[int]  # one per shown column
    dropped: list[Column] = field(default_factory=list)

    @property
    def width(self) -> int:
        return sum(self.widths) + GAP * max(0, len(self.widths) - 1)


@dataclass(frozen=True)
class Screen:
    """The terminal's size; width None means a pipe (full lines), height None no limit."""

    width: Optional[int]
    height: Optional[int]


def screen(stream=None) -> Screen:
    """The size to lay out for. A terminal gives its own; in a pipe COLUMNS/LINES still count
    when set (as Rich and `shutil` read them), otherwise the pipe has no width."""
    stream = stream or sys.stdout
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    cols, lines = _env_int("COLUMNS"), _env_int("LINES")
    if tty:
        try:
            size = os.get_terminal_size(stream.fileno())
            # a terminal that does not know its size says 0 x 0 (`script`, some CI and editor
            # shells): lay out for the classic 80 x 24, as shutil and Rich do, not 0 columns
            cols, lines = cols or size.columns or 80, lines or size.lines or 24
        except (OSError, ValueError, AttributeError):
            cols, lines = cols or 80, lines or 24
    return Screen(cols, lines)


def _env_int(name: str) -> Optional[int]:
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() and int(value) > 0 else None


# ---- text --------------------------------------------------------------------------------
def text_of(value) -> str:
    """A cell's text: None is empty; line breaks and tabs become spaces (a cell is one line)."""
    if value is None:
        return ""
    text = str(value)
    if any(c in text for c in "\n\r\t"):
        text = " ".join(text.split())
    return text


def width_of(text: str) -> int:
    return cell_len(text)


def cut(text: str, width: Optional[int]) -> str:
    """`text` in at most `width` cells: whole words then `…`. A first word too long for the
    room is cut inside (there is nothing else to show), still ending in `…`."""
    if width is None or cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    if width == 1:
        return ELLIPSIS
    room = width - 1
    head = set_cell_size(text, room)
    if text[len(head) : len(head) + 1] not in (" ", ""):
        # the cut fell inside a word: go back to the last space, unless that would leave
        # under a third of the room ("Les…" says nothing of "Les Misérables"; "Les Misérab…" does)
        space = head.rfind(" ")
        if space > 0 and 3 * cell_len(head[:space].rstrip(_DANGLING)) >= room:
            head = head[:space]
    head = head.rstrip(_DANGLING) or set_cell_size(text, room).rstrip()
    return head + ELLIPSIS


def _spans(text: str, width: Optional[int], first: int, hang: int) -> list[tuple[int, int]]:
    """Where each wrapped line of `text` starts and ends (character offsets), the first line
    having `first` cells taken by a prefix and later ones `hang`. Greedy, at spaces; a word is
    split only when it alone is wider than a line."""
    spans: list[tuple[int, int]] = []
    used = first
    offset = 0
    for para in text.split("\n"):
        if width is None:  # a pipe: each line whole, from its first word to its last
            words_end = len(para.rstrip(" "))
            start = len(para) - len(para.lstrip(" "))
            spans.append((offset + start, offset + words_end) if words_end else (0, 0))
            offset += len(para) + 1
            used = hang
            continue
        words = [(m.start() + offset, m.end() + offset) for m in _WORD.finditer(para)]
        offset += len(para) + 1
        line: Optional[list[int]] = None  # [start, end] of the line being filled
        for ws, we in words:
            w = cell_len(text[ws:we])
            # the spaces before the word as they are: "2 Aug  Lawyer" takes two, not one
            gap = ws - line[1] if line is not None else 0
            if line is not None and used + gap + w > width:
                spans.append((line[0], line[1]))
                line, used = None, hang
            if line is not None:
                line[1], used = we, used + gap + w
                continue
            while used + w > width and we - ws > 1:
                # a word wider than a whole line: the one case where it is split
                piece = len(set_cell_size(text[ws:we], max(1, width - used)))
                spans.append((ws, ws + piece))
                ws, used = ws + piece, hang
                w = cell_len(text[ws:we])
            line, used = [ws, we], used + w
        spans.append((line[0], line[1]) if line else (0, 0))
        used = hang
    return spans


# words split at plain spaces only: a no-break space (U+00A0) glues "1 in 5" into one word,
# and is printed as a plain space
_WORD = re.compile(r"[^ \n]+")
NBSP = "\u00a0"


def wrap(text: str, width: Optional[int], first: str = "", indent: Optional[int] = None) -> list[str]:
    """Word-wrap plain `text` after the prefix `first`; later lines hang at `indent` cells
    (default: the prefix's width). No word is broken unless it alone is wider than a line.
    Line breaks in `text` are kept. In a pipe (`width` None) nothing is wrapped."""
    hang = cell_len(first) if indent is None else indent
    spans = _spans(text or "", width, cell_len(first), hang)
    return [
        (first if n == 0 else " " * hang) + text[a:b].replace(NBSP, " ") for n, (a, b) in enumerate(spans)
    ]


def paragraph(
    markup: str, width: Optional[int], first: str = "", first_width: int = 0, indent: Optional[int] = None
) -> list[str]:
    """`wrap` for Rich markup: `markup` is wrapped keeping its styles, after the markup prefix
    `first` that takes `first_width` cells; returns markup lines."""
    hang = first_width if indent is None else indent
    # text as it is (no control code Rich's Text drops, no emoji code Rich would draw)
    literal = not _DROPPED.search(markup) and not _EMOJI_CODE.search(markup)
    if literal and not any(c in markup for c in "[]\\"):
        # no tag or escape either: the markup is its own text, parsed or not
        spans = _spans(markup, width, first_width, hang)
        return [
            (first if n == 0 else " " * hang) + markup[a:b].replace(NBSP, " ")
            for n, (a, b) in enumerate(spans)
        ]
    if width is None and literal and "\n" not in markup and "\\" not in markup:
        plain = markup_text(markup)
        if plain is not None and plain.strip(" ") == plain:
            # a pipe, one line with nothing to trim: the markup as given reads the same as
            # the parsed text written back (which, with a backslash, it may not: Rich writes
            # a text's "\[" back as "\[", and reads that as "[")
            return [first + markup.replace(NBSP, " ")]
    from rich.text import Text  # lazy: only paragraphs with markup need the whole Text

    text = Text.from_markup(markup)
    spans = _spans(text.plain, width, first_width, hang)
    return [
        (first if n == 0 else " " * hang) + text[a:b].markup.replace(NBSP, " ")
        for n, (a, b) in enumerate(spans)
    ]


# Rich's own pattern for a tag, an escaped tag, or backslashes before one (rich.markup)
_TAG = re.compile(r"((\\*)\[([a-z#/@][^[]*?)])")
# the control codes Rich's Text drops (rich.control.STRIP_CONTROL_CODES)
_DROP = dict.fromkeys((7, 8, 11, 12, 13))
_DROPPED = re.compile("[\a\b\v\f\r]")
# what Rich's emoji codes look like (rich._emoji_replace): text without one is left as it is
_EMOJI_CODE = re.compile(r":\S*?:")


def _dropped(text: str) -> str:
    return text.translate(_DROP) if _DROPPED.search(text) else text


def markup_text(markup: str) -> Optional[str]:
    """The text Rich shows for `markup` without its styles, emoji codes kept as typed: what
    rich.markup.render(markup, emoji=False).plain gives, without building styled text (a
    long checklist in a pipe is written twice as fast). None when a tag does not close as
    Rich expects, or is a meta tag (`[@…]`): Rich then says what is wrong."""
    if "[" not in markup:
        return _dropped(markup)
    from rich.style import Style  # lazy: Rich's own names for styles, as its parser uses them

    out: list[str] = []
    add = out.append
    opened: list[str] = []
    position = 0
    for match in _TAG.finditer(markup):
        whole, escapes, tag = match.groups()
        start, end = match.span()
        if start > position:
            add(markup[position:start].replace("\\[", "["))
        if escapes:
            backslashes, escaped = divmod(len(escapes), 2)
            if backslashes:
                add("\\" * backslashes)
            if escaped:  # an escaped tag is text
                add(whole[len(escapes) :])
                position = end
                continue
        name = tag.partition("=")[0]
        if name.startswith("@"):
            return None
        if name.startswith("/"):
            closing = name[1:].strip()
            if closing:
                closing = Style.normalize(closing)
                if closing not in opened:
                    return None
                del opened[len(opened) - 1 - opened[::-1].index(closing)]
            elif opened:
                opened.pop()
            else:
                return None
        else:
            opened.append(Style.normalize(name))
        position = end
    if position < len(markup):
        add(markup[position:].replace("\\[", "["))
    return _dropped("".join(out))


# ---- tables ------------------------------------------------------------------------------
def plan(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: Optional[int]) -> Plan:
    """Choose the columns that fit `width` and their widths.

    Each column wants its widest cell (or its header). Extras (priority 2+) show only when
    the other columns fit whole beside them. When the rest do not fit, cut columns give way
    widest first, down to their `min`; when even that is too wide, the column with the
    highest priority number goes (the rightmost of equals) and the rest are planned again."""
    natural = [
        max([cell_len(c.header)] + [cell_len(r[i]) for r in rows if r is not None])
        for i, c in enumerate(columns)
    ]
    shown = list(range(len(columns)))
    if width is None:
        return Plan(shown, [natural[i] for i in shown])
    dropped: list[int] = []
    while True:
        room = width - GAP * (len(shown) - 1)
        floor = {i: _floor(columns[i], natural[i]) for i in shown}
        droppable = [i for i in shown if columns[i].priority > 0]
        # "the rest when there is room": an extra (priority 2+) stays only when the others
        # fit whole beside it; the others themselves go only when even cut they do not fit
        need = sum(natural[i] if columns[i].priority < 2 else floor[i] for i in shown)
        extras = any(columns[i].priority >= 2 for i in shown)
        if (need <= room if extras else sum(floor.values()) <= room) or not droppable:
            break
        top = max(columns[i].priority for i in droppable)
        gone = max(i for i in droppable if columns[i].priority == top)
        shown.remove(gone)
        dropped.append(gone)
    widths = {i: natural[i] for i in shown}
    excess = sum(widths.values()) - room
    if excess > 0:
        # water-filling: bring the widest cut columns down together, never below their
        # floor (and when only priority-0 columns are left, down to 3 cells at the least)
        last_resort = sum(floor.values()) > room
        limit = {i: (min(3, floor[i]) if last_resort and columns[i].cut else floor[i]) for i in shown}
        while excess > 0:
            movable = [i for i in shown if widths[i] > limit[i]]
            if not movable:
                break
            # "the rest when there is room": the extras give way first, then the others
            # together (project, role and casting are read alike)
            giving = [i for i in movable if columns[i].priority >= 2]
            movable = giving or movable
            widest = max(widths[i] for i in movable)
            for i in movable:
                if widths[i] == widest and excess > 0:
                    widths[i] -= 1
                    excess -= 1
    return Plan(shown, [widths[i] for i in shown], [columns[i] for i in sorted(dropped)])


def _floor(column: Column, natural: int) -> int:
    if not column.cut:
        return natural
    return min(natural, max(column.min, 1))


def table(
    columns: Sequence[Column],
    rows: Sequence[Optional[Sequence[str]]],
    width: Optional[int],
    header: bool = True,
    fitted: Optional[Plan] = None,
) -> list[str]:
    """The table as Rich-markup lines, each at most `width` cells. A row that is None is an
    empty line (a section break). Cells are plain text; they are escaped here."""
    body = [r for r in rows if r is not None]
    p = fitted or plan(columns, body, width)
    out = []
    if header:
        out.append(_line([columns[i].header for i in p.shown], columns, p, bold=True))
    for row in rows:
        out.append("" if row is None else _line([row[i] for i in p.shown], columns, p))
    return out


WORD_JOINER = "\u2060"  # invisible, no width


def escape(text: str) -> str:
    """Text as Rich markup that shows it as it is, whatever comes after it. Rich reads the
    backslashes right before a `[` as escapes, so text ending in backslashes would swallow
    (or break) the tag that follows it (Rich's own escape doubles one trailing backslash,
    not more): an invisible word joiner after them keeps them apart from it."""
    run = len(text) - len(text.rstrip("\\"))
    if not run:
        return _rich_escape(text)
    return _rich_escape(text[:-run]) + "\\" * run + WORD_JOINER


def _line(cells: list[str], columns: Sequence[Column], p: Plan, bold: bool = False) -> str:
    parts = []
    last = len(p.shown) - 1
    for n, (i, text, w) in enumerate(zip(p.shown, cells, p.widths, strict=True)):
        col = columns[i]
        text = cut(text, w)
        gap = " " * (w - cell_len(text))
        style = "bold" if bold else (col.style(text) if callable(col.style) else col.style)
        shown = escape(text)
        if style and text:
            shown = f"[{style}]{shown}[/]"
        if col.right:
            parts.append(gap + shown)
        else:
            parts.append(shown if n == last else shown + gap)
    return (" " * GAP).join(parts).rstrip()


def dropped_note(p: Plan, how: str) -> str:
    """One line saying which columns a narrow screen left out and how to see them."""
    if not p.dropped:
        return ""
    names = [c.label for c in p.dropped]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{listed} left out to fit the screen; {how}."


# ---- how much fits -----------------------------------------------------------------------
def rows_that_fit(total: int, height: Optional[int], above: int = 0, below: int = 0) -> int:
    """How many of `total` one-line rows to show so that `above` lines (title, header), the
    rows, `below` lines and, when rows are left out, the "N more" line all fit `height` with
    the shell prompt's line to spare. None means no limit: everything."""
    if height is None:
        return total
    room = height - 1 - above - below
    if total <= room:
        return total
    return max(1, room - 1)  # one line for "N more — --all to see them"


def take_lines(blocks: Sequence[Sequence[str]], room: int) -> tuple[int, int]:
    """How many whole blocks (an item and its wrapped lines) fit in `room` lines, keeping one
    line for the "N more" note when some are left out; returns (shown, left out)."""
    total = sum(len(b) for b in blocks)
    if total <= room:
        return len(blocks), 0
    used, n = 0, 0
    for b in blocks:
        if used + len(b) > room - 1:
            break
        used += len(b)
        n += 1
    return n, len(blocks) - n
