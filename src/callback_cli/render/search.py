"""Search results for people: each audition, then the matching words in their context."""

from __future__ import annotations

from callback_cli.render import console, esc, left_out, status_text


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


def results(found: list[tuple[dict, list[dict]]], words: list[str], hidden: int = 0, con=None) -> None:
    """`found`: (record, context hits) in ranked order."""
    con = con or console()
    if not found:
        con.print(f"Nothing matches {' '.join(words)!r}.")
        return
    lines = []
    for rec, hits in found:
        role = f" ({esc(rec['role'])})" if rec.get("role") else ""
        lines.append(
            f"[bold]#{rec['id']}[/] {rec['date']}  {esc(rec['project'])}{role}  {status_text(rec['status'])}"
        )
        for hit in hits:
            lines.append(f"    [dim]{esc(hit['field'])}:[/] {_marked(hit['text'], hit['spans'])}")
    con.print("\n".join(lines), highlight=False)
    left_out(hidden, "matches", "see them all with --all or --json", con)
