"""Search results for people: each audition, then the matching words in their context, as
many as fit the screen (all of them in a pipe or with --all)."""

from __future__ import annotations

from datetime import date

from callback_cli.render import esc, layout, lines_out, size
from callback_cli.render.words import day, status, who_for


def _marked(text: str, spans) -> str:
    out, at = [], 0
    for start, end in spans:
        if start < at:
            continue
        out.append(esc(text[at:start]))
        out.append(f"[bold reverse]{esc(text[start:end])}[/]")
        at = end
    out.append(esc(text[at:]))
    return "".join(out)


def results(found: list[tuple[dict, list[dict]]], words: list[str], today: date, all_: bool = False) -> None:
    """`found`: (record, context hits) in ranked order."""
    screen = size()
    w = screen.width
    if not found:
        lines_out(layout.paragraph(f"Nothing matches {esc(' '.join(words))}.", w))
        return
    blocks = []
    for rec, hits in found:
        block = layout.paragraph(
            f"[bold]#{rec['id']}[/] {day(rec['date'], year=rec['date'][:4] != str(today.year))}  "
            # the dot stays with the name before it: a line never starts with "· released"
            f"{esc(who_for(rec['project'], rec['role']))}{layout.NBSP}· {esc(status(rec, today))}",
            w,
        )
        for hit in hits:
            label = f"    {hit['field']}: "
            block += layout.paragraph(
                _marked(hit["text"], hit["spans"]), w, f"[dim]{esc(label)}[/]", len(label)
            )
        blocks.append(block)
    room = None if all_ or screen.height is None else screen.height - 2
    shown, hidden = layout.take_lines(blocks, room) if room is not None else (len(blocks), 0)
    out = [line for block in blocks[:shown] for line in block]
    if hidden:
        out += layout.paragraph(f"[dim]… {hidden} more — --all or --json to see them[/]", w)
    lines_out(out)
