"""Drawing the follow-up checklist: items grouped by when, wrapped with a hanging indent, as
many whole items as fit the screen (each group gets its turn), the rest counted."""

from __future__ import annotations

from callback_cli.render import esc, layout, lines_out, size
from callback_cli.render.words import day, listing

GROUPS = ("overdue", "today", "coming up")
STYLE = {"overdue": "bold red", "today": "bold yellow", "coming up": "bold cyan"}
INDENT = 3  # wrapped lines hang under the item's "#"


def _block(item: dict, width) -> list[str]:
    """One item's lines: the box, id, date and text, then its checklist and the command."""
    mark = "[green]✓[/]" if item["done"] else "☐"
    when = day(item["due"])
    head = f"#{item['audition_id']} {when} · "
    lines = layout.paragraph(
        esc(item["text"]),
        width,
        f" {mark} [bold]#{item['audition_id']}[/] [dim]{when}[/] · ",
        INDENT + len(head),
        indent=INDENT,
    )
    for line in item["checklist"]:
        lines += layout.paragraph(esc(line), width, " " * INDENT + "– ", INDENT + 2)
    if not item["done"]:
        lines += layout.paragraph(
            f"[dim]→ {esc(item['command'])}[/]", width, " " * INDENT, INDENT, INDENT + 2
        )
    return lines


def checklist(items: list[dict], con=None, all_: bool = False) -> None:
    """The items, each with its "group" (overdue, today, coming up: followups.group_of)."""
    screen = size(con)
    if not items:
        lines_out(["Nothing to follow up. Well done."], con)
        return
    groups = {g: [i for i in items if i["group"] == g] for g in GROUPS}
    blocks = {g: [_block(i, screen.width) for i in groups[g]] for g in GROUPS}
    room = None if all_ or screen.height is None else screen.height - 1
    taken = _share(blocks, room)
    lines: list[str] = []
    for group in GROUPS:
        if not taken[group]:
            continue
        if lines:
            lines.append("")
        lines.append(f"[{STYLE[group]}]{group.capitalize()}[/]")
        for block in blocks[group][: taken[group]]:
            lines += block
    left = [f"{len(blocks[g]) - taken[g]} {g}" for g in GROUPS if len(blocks[g]) > taken[g]]
    if left:
        lines += layout.paragraph(f"[dim]… {listing(left)} not shown — --all to see them[/]", screen.width)
    lines_out(lines, con)


def _share(blocks: dict[str, list[list[str]]], room) -> dict[str, int]:
    """How many items of each group fit `room` lines (None: all). Groups take turns, one
    item each, so a long overdue list does not push every prep checklist off the screen;
    a group's heading (and the blank line before it) counts, and one line stays free for
    the note saying what was left out."""
    if room is None:
        return {g: len(b) for g, b in blocks.items()}
    busy = sum(1 for b in blocks.values() if b)
    total = sum(len(x) for b in blocks.values() for x in b) + 2 * busy - 1
    if total <= room:
        return {g: len(b) for g, b in blocks.items()}
    taken = {g: 0 for g in blocks}
    used, budget = 0, room - 1
    moved = True
    while moved:
        moved = False
        for g in GROUPS:
            if taken[g] < len(blocks[g]):
                cost = len(blocks[g][taken[g]]) + (0 if taken[g] else (1 if used == 0 else 2))
                if used + cost <= budget:
                    used += cost
                    taken[g] += 1
                    moved = True
    return taken
