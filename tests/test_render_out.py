"""lines_out writes plain text itself when there are no colours: the same characters Rich
would have written, checked against Rich's own print."""

import io

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console

from callback_cli import render
from callback_cli.render import layout

LINES = [
    [
        "[bold]Week of Mon 16 Nov[/]",
        "  • [bold]#12[/] No word on [dim]Lawyer \\[#2][/] in Galaxy Rangers: they have moved on.",
        "    a second line under it, with a no-break space: 1\u00a0in\u00a05",
        "",
        "[bold red]Overdue[/] ☐ #3 café — 東京 · [green]✓[/]",
        "a path C:\\Users\\me and a literal \\[bold] tag, :smile: as typed",
    ],
    ["one\ttab"],  # Rich expands tabs: written by Rich itself
    ["a bell\a and a carriage return\r"],  # Rich strips control codes: written by Rich itself
    ["[bold]x[/]" * 3],
    ["stored text with terminal controls: \x1b[2J \x1b]8;;http://x\x1b\\ \x9b2J \u202e"],
]


def _console(**kw):
    console_class = render._console_class()  # the one the commands print with
    return console_class(file=io.StringIO(), highlight=False, soft_wrap=False, emoji=False, **kw)


@pytest.mark.parametrize("lines", LINES)
def test_plain_output_is_what_rich_writes(lines):
    mine, rich = _console(color_system=None), _console(color_system=None)
    render.lines_out(lines, mine)
    rich.print("\n".join(lines), soft_wrap=True, highlight=False)
    assert mine.file.getvalue() == rich.file.getvalue()
    assert "\x1b" not in mine.file.getvalue() and "\x9b" not in mine.file.getvalue()


def test_the_plain_path_is_taken_only_without_colours(monkeypatch):
    printed = []
    plain, coloured = _console(color_system=None), _console(color_system="truecolor", force_terminal=True)
    monkeypatch.setattr(Console, "print", lambda self, *a, **k: printed.append(self))
    render.lines_out(["[bold]x[/]"], plain)
    render.lines_out(["one\ttab"], plain)  # a tab: Rich's way
    render.lines_out(["[bold]x[/]"], coloured)
    assert printed == [plain, coloured]
    assert plain.file.getvalue() == "x\n"


# ---- markup_text: the text of markup without Rich's styled text --------------------------
_BITS = st.sampled_from(
    [
        "word",
        " ",
        "[bold]",
        "[/bold]",
        "[/]",
        "[dim]",
        "[bold red]",
        "[/bold red]",
        "[/ dim]",
        "[link=https://x.example]",
        "[/link]",
        "[@click]",
        "[#ff0000]",
        "[not a style]",
        "\\[bold]",
        "\\\\[dim]",
        "\\\\\\[x]",
        "\\",
        "[",
        "]",
        "[]",
        ":smile:",
        "\r",
        "\a",
        "\t",
        "\n",
        "東京",
        "\u00a0",
    ]
)


@settings(max_examples=600)
@given(st.lists(_BITS, max_size=12).map("".join))
@example("[bold]a[/dim]")  # a closing tag that matches nothing: Rich's error, not ours
@example("[/]")
@example("[@click]x[/]")
def test_markup_text_is_the_text_rich_renders(markup):
    from rich.errors import MarkupError
    from rich.markup import render as rich_render

    try:
        want = rich_render(markup, emoji=False).plain
    except MarkupError:
        want = None
    got = layout.markup_text(markup)
    if got is None:  # left to Rich: a meta tag, or markup Rich refuses
        assert want is None or "[@" in markup
    else:
        assert got == want


@settings(max_examples=200)
@given(st.lists(st.lists(_BITS, max_size=8).map("".join), max_size=4))
def test_plain_output_of_any_markup_is_what_rich_writes(lines):
    from rich.errors import MarkupError

    mine, rich = _console(color_system=None), _console(color_system=None)
    try:
        rich.print("\n".join(lines), soft_wrap=True, highlight=False)
    except MarkupError:
        with pytest.raises(MarkupError):
            render.lines_out(lines, mine)
        return
    render.lines_out(lines, mine)
    assert mine.file.getvalue() == rich.file.getvalue()


def test_the_quick_searches_find_exactly_the_characters_their_tables_change():
    """visible() and markup_text() translate only text their search finds something in."""
    for char in map(chr, range(0x11000)):
        assert bool(render._CONTROLS.search(char)) == (ord(char) in render._VISIBLE), hex(ord(char))
        assert bool(layout._DROPPED.search(char)) == (ord(char) in layout._DROP), hex(ord(char))
