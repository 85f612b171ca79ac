"""A year's costs for people: by month, by kind, and the total to hand an accountant."""

from __future__ import annotations

from callback_cli.money import show
from callback_cli.render import layout, lines_out, size
from callback_cli.render.layout import Column


def _money(number, currency: str) -> str:
    return show(round(number * 100), currency)


def summary(doc: dict, con=None) -> None:
    w = size(con).width
    cur = doc["currency"]
    out = [f"[bold]Audition costs, {doc['year']}[/]"]
    if not doc["lines"]:
        out += layout.paragraph(
            f"Nothing logged for {doc['year']}. Log a cost with: callback spend ID 12.50 parking"
            " (and miles with --miles).",
            w,
        )
        lines_out(out, con)
        return
    out += layout.paragraph(
        f"Spent {_money(doc['spent'], cur)} · {doc['miles']:g} miles at {doc['mileage_rate']:g} {cur}/mile = "
        f"{_money(doc['mileage'], cur)} · [bold]total {_money(doc['total'], cur)}[/]",
        w,
    )
    out.append("")
    months = [
        [
            m["month"],
            _money(m["spent"], cur),
            f"{m['miles']:g}",
            _money(m["mileage"], cur),
            _money(m["total"], cur),
        ]
        for m in doc["by_month"]
    ]
    columns = [
        Column("month", cut=False),
        Column("spent", right=True, cut=False),
        Column("miles", right=True, cut=False, priority=1),
        Column("mileage", right=True, cut=False, priority=1),
        Column("total", right=True, cut=False),
    ]
    out += layout.table(columns, months, w)
    out.append("")
    kinds = [
        [
            k["kind"] + (f" ({k['miles']:g} mi)" if "miles" in k else ""),
            _money(k["amount"], cur),
            str(k["count"]),
        ]
        for k in doc["by_kind"]
    ]
    out += layout.table(
        [
            Column("kind", min=10),
            Column("amount", right=True, cut=False),
            Column("times", right=True, cut=False),
        ],
        kinds,
        w,
    )
    out.append("")
    out += layout.paragraph(
        f"[dim]The lines for your accountant: callback expenses --year {doc['year']} --csv "
        "(set currency and mileage_rate with callback config set).[/]",
        w,
    )
    lines_out(out, con)
