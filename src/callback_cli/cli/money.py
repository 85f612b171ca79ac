"""Costs for taxes: spend (log a cost or a trip against an audition) and expenses (a year's)."""

# No `from __future__ import annotations` here: Typer would have to evaluate every option's
# annotation string again on each run (about 3 ms of start-up); these are real objects.

import sys
from typing import Annotated, Optional

import typer

from callback_cli import config, dates, render
from callback_cli import expenses as domain
from callback_cli.cli import options as o
from callback_cli.cli.app import app
from callback_cli.cli.common import one_format, open_journal, open_store, parse_when
from callback_cli.errors import BadInput
from callback_cli.money import parse_amount, parse_miles, show
from callback_cli.render.expenses import summary
from callback_cli.render.export import CsvWriter


# "-5" is an amount to refuse with a clear message, not an unknown option
@app.command(context_settings={"ignore_unknown_options": True})
def spend(
    ctx: typer.Context,
    id: Annotated[int, typer.Argument(help="The audition's id.", show_default=False)],
    amount: Annotated[
        str,
        typer.Argument(
            help="What it cost, e.g. 12.50 (0 with --miles for a trip alone).", show_default=False
        ),
    ],
    what: Annotated[
        Optional[str],
        typer.Argument(help="What it was for: parking, reader, coaching ...", show_default=False),
    ] = None,
    date: Annotated[Optional[str], typer.Option("--date", "-d", help="When (default today).")] = None,
    miles: o.Miles = None,
    json: o.Json = False,
) -> None:
    """Log a cost (and miles driven) against an audition, for taxes.

    Example: callback spend 12 18.50 parking --miles 24
    """
    if what is not None and what.startswith("--"):
        raise BadInput(f"no such option: {what} (see callback spend --help)")
    today = dates.today()
    cents = parse_amount(amount)
    driven = parse_miles(miles) if miles is not None else None
    when = parse_when(date, today) or today
    if not cents and not driven:
        raise BadInput("nothing to log: give an amount above 0, or --miles")
    journal = open_journal(ctx)
    journal.spend(id, cents, what, when, driven)
    rec = journal.record(id)
    if json:
        render.json_out(rec)
        return
    cfg = config.load()
    parts = []
    if cents:
        parts.append(f"{show(cents, cfg.currency)}" + (f" on {render.esc(what)}" if what else ""))
    if driven:
        parts.append(f"{driven:g} miles (now {rec['miles']:g} in all)")
    render.say(f"Logged {' and '.join(parts)} for #{id} {render.esc(rec['project'])}, {when}.")


@app.command()
def expenses(
    ctx: typer.Context,
    year: Annotated[
        Optional[int],
        typer.Option(
            "--year",
            "-y",
            callback=o.at_least(1900, "--year", 9999),  # a range in words, not [1900<=x<=9999]
            help="The year (default this one).",
        ),
    ] = None,
    json: o.Json = False,
    csv: o.Csv = False,
) -> None:
    """A year's audition costs and mileage: totals by month and by kind.

    --csv writes the lines an accountant wants: date, project, what, amount, miles.

    Example: callback expenses --year 2026 --csv > costs-2026.csv
    """
    fmt = one_format(json=json, csv=csv)
    cfg = config.load()
    year = year or dates.today().year
    costs = open_store(ctx).costs
    since, until = f"{year:04d}-01-01", f"{year:04d}-12-31"
    doc = domain.summary(
        year, costs.spent(since, until), costs.driven(since, until), cfg.mileage_rate, cfg.currency
    )
    if fmt == "json":
        render.json_out(doc)
    elif fmt == "csv":
        writer = CsvWriter(sys.stdout)  # formulas neutralised for the accountant's spreadsheet
        writer.writerow(domain.CSV_COLUMNS)
        for line in doc["lines"]:
            writer.writerow(
                [
                    line["date"],
                    line["project"],
                    line["what"] or "",
                    f"{line['amount']:.2f}",
                    line["miles"] or "",
                ]
            )
    else:
        summary(doc)
