"""The layout module on its own: width → columns → lines, without a terminal."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from callback_cli.render import layout
from callback_cli.render.layout import Column


def plain(line: str) -> str:
    """What the screen shows for a line of Rich markup."""
    return Text.from_markup(line).plain


# ---- cut ---------------------------------------------------------------------------------
def test_cut_keeps_text_that_fits():
    assert layout.cut("Night Shift", 11) == "Night Shift"
    assert layout.cut("Night Shift", None) == "Night Shift"


def test_cut_stops_at_a_word_boundary_with_an_ellipsis():
    assert layout.cut("Northside Theatre Co.", 12) == "Northside…"
    assert layout.cut("Rivera & Stone Casting", 12) == "Rivera…"  # no dangling "&"
    assert layout.cut("The Quiet Floor", 14) == "The Quiet…"


def test_cut_splits_a_single_long_word_only_when_nothing_else_fits():
    assert layout.cut("Receptionist", 8) == "Recepti…"
    assert layout.cut("Receptionist", 1) == "…"
    assert layout.cut("Receptionist", 0) == ""


def test_cut_counts_wide_characters_as_two_cells():
    text = "東京 ドラマ 撮影"
    assert cell_len(layout.cut(text, 9)) <= 9
    assert layout.cut(text, 9).endswith("…")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"))), st.integers(0, 40))
def test_cut_never_exceeds_the_width(text, width):
    assert cell_len(layout.cut(text, width)) <= width


# ---- wrap --------------------------------------------------------------------------------
def test_wrap_hangs_later_lines_under_the_text():
    lines = layout.wrap(
        "No word on Lakeview High (Officer Park) for 25 days: they have most likely moved on.",
        40,
        first=" ☐ #42 ",
    )
    assert lines == [
        " ☐ #42 No word on Lakeview High (Officer",
        "       Park) for 25 days: they have most",
        "       likely moved on.",
    ]


def test_wrap_never_breaks_a_word_that_fits_a_line():
    text = "Okafor-Lind Casting called about Twelfth Night again"
    for width in range(20, 60):
        lines = layout.wrap(text, width, first="  – ")
        assert all(cell_len(line) <= width for line in lines)
        words = " ".join(line.strip(" –") for line in lines).split()
        assert words == text.split()


def test_wrap_splits_only_a_word_wider_than_the_line():
    lines = layout.wrap("a " + "x" * 30, 12, first="- ")
    assert all(cell_len(line) <= 12 for line in lines)
    assert "".join(line.strip("- ") for line in lines) == "a" + "x" * 30


def test_wrap_in_a_pipe_keeps_the_whole_line():
    text = "word " * 40
    assert layout.wrap(text.strip(), None, first="> ") == ["> " + text.strip()]


def test_wrap_keeps_line_breaks_with_the_indent():
    assert layout.wrap("one\ntwo", 30, first="notes  ") == ["notes  one", "       two"]


def test_paragraph_keeps_styles_across_the_wrap():
    lines = layout.paragraph(
        "[bold]46[/] auditions · [bold]9[/] advanced, escaped \\[red]", 16, "[dim]>[/] ", 2
    )
    assert [plain(line) for line in lines] == ["> 46 auditions ·", "  9 advanced,", "  escaped [red]"]
    assert lines[0].startswith("[dim]>[/] [bold]46[/bold]")
    assert "[bold]9[/bold]" in lines[1]


@given(st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=10), max_size=20), st.integers(14, 80))
def test_wrap_keeps_every_word_in_order(words, width):
    lines = layout.wrap(" ".join(words), width, first="  • ")
    assert all(cell_len(line) <= width for line in lines)
    assert " ".join(line[4:] for line in lines).split() == words


# ---- plan and table ----------------------------------------------------------------------
LIST = [
    Column("id", right=True, cut=False),
    Column("date", cut=False),
    Column("project", min=10),
    Column("role", priority=1, min=8),
    Column("casting", priority=1, min=8),
    Column("status", cut=False),
    Column("last news", priority=2, right=True, cut=False),
]
ROWS = [
    ["38", "2026-10-14", "Second Opinion", "Nina", "Rivera & Stone Casting", "stale", "40 days ago"],
    [
        "40",
        "2026-10-18",
        "Brightsmile",
        "Officer Park",
        "Northside Theatre Co.",
        "no-response",
        "5 weeks ago",
    ],
    ["47", "2026-11-25", "Brightsmile", "Emily", "Jane Doe Casting", "upcoming", "in 2 days"],
]


def test_everything_shows_when_there_is_room():
    p = layout.plan(LIST, ROWS, 120)
    assert p.shown == list(range(7)) and not p.dropped
    assert p.widths[2] == len("Second Opinion")


def test_at_80_columns_every_row_is_one_line_and_only_an_extra_goes():
    lines = layout.table(LIST, ROWS, 80)
    assert len(lines) == 1 + len(ROWS)
    assert all(cell_len(plain(line)) <= 80 for line in lines)
    assert [c.header for c in layout.plan(LIST, ROWS, 80).dropped] == ["last news"]


def test_an_extra_column_shows_only_when_the_others_fit_whole():
    short = [["1", "2026-11-20", "Night Shift", "Nurse Kim", "Jane Doe Casting", "callback", "2 days ago"]]
    p = layout.plan(LIST, short, 80)
    assert not p.dropped and p.widths[3] == len("Nurse Kim")
    # rather than cut the role to fit it, the extra goes
    longer = [short[0][:3] + ["Nurse Kim the Second", "Jane Doe Casting Associates"] + short[0][5:]]
    p = layout.plan(LIST, longer, 80)
    assert [c.header for c in p.dropped] == ["last news"]


def test_a_narrow_screen_drops_the_low_priority_columns_first():
    p = layout.plan(LIST, ROWS, 60)
    headers = [LIST[i].header for i in p.shown]
    assert headers[:3] == ["id", "date", "project"] and "status" in headers
    assert "last news" not in headers
    assert [c.header for c in p.dropped][0] == "last news"
    assert p.width <= 60
    note = layout.dropped_note(p, "see them with --wide")
    assert "left out to fit the screen; see them with --wide" in note


def test_at_40_columns_the_first_priority_columns_are_all_that_is_left():
    p = layout.plan(LIST, ROWS, 40)
    assert [LIST[i].header for i in p.shown] == ["id", "date", "project", "status"]
    assert layout.dropped_note(p, "x").startswith("role, casting and last news left out")


def test_uncut_columns_keep_their_whole_text():
    for width in (40, 60, 80):
        for line in layout.table(LIST, ROWS, width)[1:]:
            text = plain(line)
            assert re.search(r"20\d\d-\d\d-\d\d", text)  # dates whole
            assert any(s in text for s in ("stale", "no-response", "upcoming"))


def test_cut_cells_end_in_an_ellipsis_at_a_word():
    lines = [plain(line) for line in layout.table(LIST, ROWS, 70)]
    assert any("…" in line for line in lines)
    assert "Stone Casti" not in " ".join(lines)  # never half a word before the …


def test_a_pipe_has_no_width_nothing_is_cut():
    lines = layout.table(LIST, ROWS, None)
    assert "Rivera & Stone Casting" in plain(lines[1])
    assert "…" not in "".join(lines)


def test_right_aligned_columns_line_up_and_cells_are_escaped():
    cols = [Column("name"), Column("n", right=True, cut=False)]
    lines = layout.table(cols, [["[b]x", "5"], ["y", "12"]], None)
    assert [plain(line) for line in lines] == ["name   n", "[b]x   5", "y     12"]


def test_a_none_row_is_a_blank_line():
    lines = layout.table([Column("a")], [["x"], None, ["y"]], 20)
    assert lines[1:] == ["x", "", "y"]


@given(st.integers(36, 200))  # below ~32 even the first columns cannot fit
def test_no_table_line_is_wider_than_the_screen(width):
    p = layout.plan(LIST, ROWS, width)
    assert p.width <= width
    assert all(cell_len(plain(line)) <= width for line in layout.table(LIST, ROWS, width))


# ---- screenful ---------------------------------------------------------------------------
def test_rows_that_fit_leave_room_for_header_note_and_prompt():
    assert layout.rows_that_fit(10, 24, above=1) == 10
    # 24 lines: 1 header + rows + 1 "N more" + 1 for the prompt → 21 rows
    assert layout.rows_that_fit(50, 24, above=1) == 21
    assert layout.rows_that_fit(50, None) == 50
    assert layout.rows_that_fit(50, 3, above=2, below=2) == 1


def test_take_lines_counts_lines_not_items():
    blocks = [["a", "a2", "a3"], ["b"], ["c", "c2"], ["d"]]
    assert layout.take_lines(blocks, 10) == (4, 0)
    assert layout.take_lines(blocks, 6) == (2, 2)  # 4 lines + the note
    assert layout.take_lines(blocks, 2) == (0, 4)


@pytest.mark.parametrize(
    "env, tty, expected",
    [({"COLUMNS": "60", "LINES": "20"}, False, (60, 20)), ({}, False, (None, None))],
)
def test_screen_in_a_pipe_has_no_width_unless_columns_is_set(monkeypatch, env, tty, expected):
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)

    class Pipe:
        def isatty(self):
            return tty

    s = layout.screen(Pipe())
    assert (s.width, s.height) == expected


# ---- paragraph's short cuts agree with the full parse ----------------------------------------
def _paragraph_by_parsing(markup, width, first="", first_width=0, indent=None):
    """paragraph() as it was before its short cuts: every markup parsed, every span sliced."""
    text = Text.from_markup(markup)
    hang = first_width if indent is None else indent
    words = []
    if width is None:  # a pipe: the words of each line, from its first to its last
        spans, offset = [], 0
        for para in text.plain.split("\n"):
            words = [(m.start() + offset, m.end() + offset) for m in re.finditer(r"[^ \n]+", para)]
            offset += len(para) + 1
            spans.append((words[0][0], words[-1][1]) if words else (0, 0))
    else:
        spans = layout._spans(text.plain, width, first_width, hang)
    return [
        (first if n == 0 else " " * hang) + text[a:b].markup.replace(layout.NBSP, " ")
        for n, (a, b) in enumerate(spans)
    ]


def _shown(lines: list[str]) -> tuple[str, str]:
    """What a pipe and a colour terminal show for these markup lines, as the app prints them."""
    from rich.console import Console

    from callback_cli.render import _console_class

    markup = "\n".join(lines)
    piped = _console_class()(color_system=None, highlight=False, emoji=False).render_str(markup).plain
    colour = Console(color_system="truecolor", force_terminal=True, width=500, emoji=False, highlight=False)
    with colour.capture() as out:
        colour.print(markup, soft_wrap=True)
    return piped, out.get()


_PIECES = st.sampled_from(
    [
        "word",
        "Night",
        "Shift",
        " ",
        "  ",
        "\u00a0",
        "→",
        "日本",
        ":",
        ":smile:",
        "10:30",
        "a: b:",
        "x:y:z",
        "\\",
        "\\[x]",
        "[",
        "]",
        "\n",
        "\r",
        "\x07",
        "#12",
        "callback mark 12 no-response",
    ]
)


@st.composite
def _markups(draw) -> str:
    """Markup as the drawing modules make it: escaped text, some of it inside style tags."""
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        text = layout.escape("".join(draw(st.lists(_PIECES, max_size=6))))
        style = draw(st.sampled_from(["", "", "dim", "bold", "green"]))
        parts.append(f"[{style}]{text}[/]" if style else text)
    return "".join(parts)


@settings(max_examples=400)
@given(
    _markups(),
    st.sampled_from([None, None, None, 8, 20, 60]),
    st.sampled_from([("", 0), (" ☐ [bold]#12[/] [dim]Mon 23 Nov[/] · ", 18), ("   – ", 5)]),
)
# each short cut's edge, tried every run: an emoji code, the control codes Rich drops, spaces
# to trim around a tag, a no-break space, a line break, a trailing backslash
@example("[dim]:smile:[/]", None, ("", 0))
@example("Bring :coffee:", None, ("", 0))
@example("[dim]a\rb[/]", None, ("", 0))
@example("a\rb\x07", 20, ("", 0))
@example(" [dim]x[/] ", None, ("   – ", 5))
@example("[bold]1\u00a0in\u00a05[/]", None, ("", 0))
@example("[dim]x[/]\n  y ", None, ("   – ", 5))
@example("C\\", 20, ("", 0))
@example("\\\\[", None, ("", 0))
@example("[dim]a\\[b[/]", None, ("", 0))
@example(layout.escape("\\\\\\") + "[dim]word[/]", 20, ("", 0))  # a run of backslashes before a tag
def test_paragraph_shows_what_the_full_parse_shows(markup, width, prefix):
    first, first_width = prefix
    got = layout.paragraph(markup, width, first, first_width, indent=3)
    want = _paragraph_by_parsing(markup, width, first, first_width, indent=3)
    assert len(got) == len(want)
    assert _shown(got) == _shown(want)
