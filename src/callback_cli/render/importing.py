"""What an import did or would do, for people: each column and where it goes, each word that
was translated, what changes on the auditions already in the journal, every warning."""

from __future__ import annotations

from callback_cli.render import console, esc, say

NEW_SHOWN = 10


def _outcome_text(events: list[dict]) -> str:
    return ", ".join(
        f"{e['status']} {e['date']}" + (f" ({e['note']})" if e.get("note") else "") for e in events
    )


def _short(value, width: int = 40) -> str:
    if value in (None, "", []):
        return "(empty)"
    text = ", ".join(value) if isinstance(value, list) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


_CELL = 300  # characters of one value shown: a 50 MB cell is cut, not laid out (minutes in Rich)


def _cap(text: str) -> str:
    return text if len(text) <= _CELL else f"{text[: _CELL - 1]}… ({len(text):,} characters)"


def _out(con, renderable) -> None:
    """Print through Rich, without the spaces its tables pad every line with up to the
    table's width (invisible on a screen, but left in a file, a diff or a pasted e-mail)."""
    with con.capture() as captured:
        con.print(renderable)
    con.file.write("".join(line.rstrip(" ") + "\n" for line in captured.get().splitlines()))


def preview(name: str, summary: dict, report, dry_run: bool, new_rows: list[dict]) -> None:
    """The import's account: with --dry-run in full, after a real import the parts a user
    must know (columns not kept, warnings) and the counts."""
    from rich.table import Table  # lazy: Rich is paid for only when something is drawn

    con = console()
    head = "Would import" if dry_run else "Imported"
    say(
        f"{head} {esc(name)}: {summary['new']} new, {summary['present']} already present, "
        f"{summary['updated']} updated." + (" Nothing was written." if dry_run else "")
    )
    columns = report.columns
    if columns and (dry_run or report.not_kept()):
        table = Table(title="Columns" if dry_run else "Columns not kept", title_justify="left", box=None)
        table.add_column("column", overflow="fold")
        table.add_column("goes to", overflow="fold")
        for header, field in columns.items():
            if field is None:
                why = report.why.get(header)
                where = "[yellow]not kept[/yellow]" + (f" [dim]({esc(_cap(why))})[/dim]" if why else "")
            elif not dry_run:
                continue
            else:
                where = esc(field.replace("_", " "))
                if header in report.why:
                    where += f" [dim]({esc(_cap(report.why[header]))})[/dim]"
            table.add_row(esc(_cap(header)), where)
        _out(con, table)
    if dry_run and report.values:
        table = Table(title="Words read", title_justify="left", box=None)
        table.add_column("field")
        table.add_column("in the file", overflow="fold")
        table.add_column("means", overflow="fold")
        for field, words in report.values.items():
            for n, (word, meaning) in enumerate(words.items()):
                table.add_row(
                    esc(field.replace("_", " ")) if n == 0 else "", esc(_cap(word)), esc(_cap(meaning))
                )
        _out(con, table)
    if dry_run and new_rows:
        table = Table(title="New", title_justify="left", box=None)
        for col in ("row", "date", "project", "role", "outcomes"):
            table.add_column(col, overflow="fold")
        for r in new_rows[:NEW_SHOWN]:
            table.add_row(
                str(r["row"]),
                r["date"],
                esc(_cap(r["project"])),
                esc(_cap(r.get("role") or "")),
                esc(_cap(_outcome_text(r["events"]))),
            )
        _out(con, table)
        if summary["new"] > NEW_SHOWN:
            say(
                f"[dim]… and {summary['new'] - NEW_SHOWN} more new "
                "(--json lists none of them; every one is counted)[/dim]"
            )
    if summary.get("changes"):
        table = Table(title="Updated" if not dry_run else "Would update", title_justify="left", box=None)
        table.add_column("audition", overflow="fold")
        table.add_column("what changes", overflow="fold")
        for ch in summary["changes"]:
            parts = [
                f"+ {e['status']} {e['date']}" + (f" ({e['note']})" if e.get("note") else "")
                for e in ch["events"]
            ]
            parts += [f"{f['field']}: {_short(f['from'])} → {_short(f['to'])}" for f in ch["fields"]]
            table.add_row(f"#{ch['id']} {esc(_cap(ch['label']))}", esc(_cap("; ".join(parts))))
        _out(con, table)
        if summary.get("changes_more"):
            say(f"[dim]… and {summary['changes_more']} more changed auditions (every one is counted)[/dim]")
    if report.warnings:
        say("[bold yellow]Warnings[/bold yellow]")
        grid = Table.grid(padding=(0, 1))  # a hanging indent: wrapped lines start under the text
        grid.add_column(width=2, justify="right")
        grid.add_column(overflow="fold")
        for w in report.warnings:
            grid.add_row("•", esc(_cap(w)))
        _out(con, grid)
