"""Drawing the follow-up checklist."""

from __future__ import annotations

from callback_cli.render import console, cut, esc, report_rows

GROUPS = ("overdue", "today", "coming up")
STYLE = {"overdue": "bold red", "today": "bold yellow", "coming up": "bold cyan"}


def checklist(items: list[dict], con=None) -> None:
    """The items, each with its "group" (overdue, today, coming up: followups.group_of)."""
    con = con or console()
    if not items:
        con.print("Nothing to follow up. Well done.")
        return
    groups = {g: [i for i in items if i["group"] == g] for g in GROUPS}
    budget = max(8, report_rows() // 2)  # items, not lines: a prep item takes several
    busy = sum(1 for g in groups.values() if g)
    room = len(items) if len(items) <= budget else max(3, budget // max(1, busy))
    lines = []
    for group in GROUPS:
        chosen, hidden = cut(groups[group], room)
        if not chosen:
            continue
        lines.append(f"[{STYLE[group]}]{group.capitalize()}[/]")
        for item in chosen:
            mark = "[green]✓[/]" if item["done"] else "☐"
            lines.append(f" {mark} [bold]#{item['audition_id']}[/] [dim]{item['due']}[/] {esc(item['text'])}")
            lines += [f"     – {esc(line)}" for line in item["checklist"]]
            if not item["done"]:
                lines.append(f"     [dim]→ {esc(item['command'])}[/]")
        if hidden:
            lines.append(
                f"[dim]… {hidden} more {group} items not shown; callback followups --json lists them all.[/]"
            )
        lines.append("")
    con.print("\n".join(lines))  # one print: each call has a cost of its own
