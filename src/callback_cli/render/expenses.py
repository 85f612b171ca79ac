"""A year's costs for people: by month, by kind, and the total to hand an accountant."""

from __future__ import annotations

from callback_cli.money import parse_amount, show
from callback_cli.render import console
from callback_cli.render.tables import lines_table


def _cents(number) -> int:
    return parse_amount(f"{number:.2f}")


def summary(doc: dict, con=None) -> None:
    con = con or console()
    cur = doc["currency"]
    money = lambda n: show(_cents(n), cur)  # noqa: E731
    con.print(f"[bold]Audition costs, {doc['year']}[/]")
    if not doc["lines"]:
        con.print(
            f"Nothing logged for {doc['year']}. Log a cost with: callback spend ID 12.50 parking"
            " (and miles with --miles)."
        )
        return
    rate = f"{doc['mileage_rate']:g} {cur}/mile"
    con.print(
        f"Spent {money(doc['spent'])} · {doc['miles']:g} miles at {rate} = {money(doc['mileage'])} · "
        f"[bold]total {money(doc['total'])}[/]"
    )
    con.print()
    lines_table(
        ["month", "spent", "miles", "mileage", "total"],
        [
            [m["month"], money(m["spent"]), f"{m['miles']:g}", money(m["mileage"]), money(m["total"])]
            for m in doc["by_month"]
        ],
        right={1, 2, 3, 4},
        con=con,
    )
    con.print()
    lines_table(
        ["kind", "amount", "times"],
        [
            [k["kind"] + (f" ({k['miles']:g} mi)" if "miles" in k else ""), money(k["amount"]), str(k["count"])]
            for k in doc["by_kind"]
        ],
        right={1, 2},
        con=con,
    )
    con.print(
        f"[dim]The lines for your accountant: callback expenses --year {doc['year']} --csv"
        " (mileage_rate and currency are set in the config file).[/]"
    )
