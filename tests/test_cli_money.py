"""Costs and mileage for taxes: spend, expenses, and the fields through export and import."""

import csv
import io
import json

import pytest


def test_spend_logs_exact_cents_and_adds_miles(cli):
    aid = cli.add("Night Shift", "--miles", "12.5")
    cli("spend", aid, "18.50", "parking", "--miles", "10")
    cli("spend", aid, "0.10", "meter")
    cli("spend", aid, "0.20", "meter", "--date", "2026-03-01")
    assert cli.rows("SELECT date, cents, what FROM expenses ORDER BY id") == [
        {"date": "2026-03-11", "cents": 1850, "what": "parking"},
        {"date": "2026-03-11", "cents": 10, "what": "meter"},
        {"date": "2026-03-01", "cents": 20, "what": "meter"},
    ]
    rec = cli.json("show", aid)
    assert rec["miles"] == 22.5
    assert rec["expenses"] == [
        {"date": "2026-03-01", "amount": 0.2, "what": "meter"},
        {"date": "2026-03-11", "amount": 18.5, "what": "parking"},
        {"date": "2026-03-11", "amount": 0.1, "what": "meter"},
    ]
    assert "Logged $0.10 on meter" in cli("spend", aid, "0.10", "meter").stdout
    cli("undo")
    assert len(cli.json("show", aid)["expenses"]) == 3


@pytest.mark.parametrize(
    "args",
    [
        ["-5"],
        ["1e309"],
        ["nan"],
        ["inf"],
        ["12.345"],
        ["0"],
        ["1000000.01"],
        ["5", "--miles", "-1"],
        ["5", "--bogus"],
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_written(cli, args):
    aid = cli.add("Night Shift")
    before = cli.rows("SELECT updated_at, miles FROM auditions")
    result = cli("spend", aid, *args, code=2)
    assert result.stderr.startswith("Error:") and result.stderr.count("\n") == 1, result.stderr
    assert cli.rows("SELECT count(*) n FROM expenses") == [{"n": 0}]
    assert cli.rows("SELECT updated_at, miles FROM auditions") == before


def test_spend_on_a_missing_audition_is_exit_1(cli):
    cli.add("X")
    assert cli("spend", 99, "5", code=1).stderr.startswith("Error: no audition with id 99")


def _year(cli):
    a = cli.add("Night Shift", "--date", "2026-01-10", "--miles", "20")
    b = cli.add("Soda", "--date", "2026-03-02", "--miles", "12.5")
    cli("spend", a, "15", "Parking", "--date", "2026-01-10")
    cli("spend", b, "75", "Reader for tape", "--date", "2026-03-02")
    cli("spend", b, "0.01", "parking", "--date", "2026-03-02")
    old = cli.add("Last Year", "--date", "2025-12-30", "--miles", "100")
    cli("spend", old, "99", "coaching", "--date", "2025-12-30")
    return a, b


def test_a_years_expenses_by_month_and_kind(cli, tmp_path):
    (tmp_path / "config.toml").write_text('mileage_rate = 0.5\ncurrency = "EUR"\n')
    _year(cli)
    doc = cli.json("expenses", "--year", "2026")
    # by hand: spent 15 + 75 + 0.01 = 90.01; miles 32.5 at 0.50 = 10.00 + 6.25 = 16.25
    assert (doc["spent"], doc["miles"], doc["mileage"], doc["total"]) == (90.01, 32.5, 16.25, 106.26)
    assert (doc["currency"], doc["mileage_rate"]) == ("EUR", 0.5)
    assert [(m["month"], m["total"]) for m in doc["by_month"]] == [("2026-01", 25), ("2026-03", 81.26)]
    assert [(k["kind"], k["amount"]) for k in doc["by_kind"]] == [
        ("reader", 75),
        ("mileage", 16.25),
        ("parking", 15.01),
    ]
    human = cli("expenses", "--year", "2026").stdout
    assert "total €106.26" in human and "2026-03" in human and "reader" in human
    assert cli.json("expenses", "--year", "2025")["total"] == 149  # 99 + 100 miles × 0.50
    assert cli.json("expenses", "--year", "2024")["lines"] == []


def test_expenses_csv_has_the_lines_an_accountant_wants(cli):
    _year(cli)
    rows = list(csv.reader(io.StringIO(cli("expenses", "--year", "2026", "--csv").stdout)))
    assert rows == [
        ["date", "project", "what", "amount", "miles"],
        ["2026-01-10", "Night Shift", "Parking", "15.00", ""],
        ["2026-01-10", "Night Shift", "mileage", "14.00", "20"],
        ["2026-03-02", "Soda", "Reader for tape", "75.00", ""],
        ["2026-03-02", "Soda", "parking", "0.01", ""],
        ["2026-03-02", "Soda", "mileage", "8.75", "12.5"],
    ]
    assert cli("expenses", "--csv", "--json", code=2).stderr.startswith("Error:")


def test_new_fields_survive_export_and_import_json_and_csv(cli, tmp_path):
    a, b = _year(cli)
    cli("edit", a, "--time", "10:30", "--due", "2026-01-12 17:00")
    cli("mark", b, "callback", "--date", "2026-03-09 2pm", "--note", "chemistry read")
    for fmt in ("json", "jsonl", "csv"):
        out = tmp_path / f"all.{fmt}"
        cli("export", f"--{fmt}", "-o", out)
        other = tmp_path / f"other-{fmt}.db"
        assert cli.json("--db", other, "import", out)["new"] == 3
        again = tmp_path / f"again.{fmt}"
        cli("--db", other, "export", f"--{fmt}", "-o", again)
        if fmt == "csv":
            first = list(csv.DictReader(out.open()))
            second = list(csv.DictReader(again.open()))
            drop = ("id",)
        else:
            first = (
                [json.loads(x) for x in out.read_text().splitlines() if x.strip()]
                if fmt == "jsonl"
                else json.loads(out.read_text())
            )
            second = (
                [json.loads(x) for x in again.read_text().splitlines() if x.strip()]
                if fmt == "jsonl"
                else json.loads(again.read_text())
            )
            drop = ("id",)
        strip = lambda recs, drop=drop: [{k: v for k, v in r.items() if k not in drop} for r in recs]  # noqa: E731
        assert strip(second) == strip(first), fmt
    rec = next(r for r in json.loads((tmp_path / "all.json").read_text()) if r["project"] == "Night Shift")
    assert (rec["time"], rec["tape_due"], rec["miles"]) == ("10:30", "2026-01-12T17:00", 20)
    assert rec["expenses"] == [{"date": "2026-01-10", "amount": 15, "what": "Parking"}]


def test_import_reads_parking_mileage_cost_and_expenses_columns(cli, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Date,Project,Parking,Mileage,Cost,Expenses\n"
        "2026-02-01,Night Shift,12.50,30,,\n"
        "2026-02-03,Soda,,,$40,7.25\n"
    )
    assert cli.json("import", sheet)["new"] == 2
    recs = {r["project"]: r for r in cli.json("list")}
    assert recs["Night Shift"]["miles"] == 30
    assert recs["Night Shift"]["expenses"] == [{"date": "2026-02-01", "amount": 12.5, "what": "parking"}]
    assert recs["Soda"]["expenses"] == [
        {"date": "2026-02-03", "amount": 40, "what": "cost"},
        {"date": "2026-02-03", "amount": 7.25, "what": None},
    ]
    again = cli.json("import", sheet)
    assert (again["new"], again["present"], again["updated"]) == (0, 2, 0)  # nothing doubled
    assert again["columns"] == {
        "Date": "date",
        "Project": "project",
        "Parking": "parking",
        "Mileage": "miles",
        "Cost": "cost",
        "Expenses": "expenses",
    }
    bad = tmp_path / "bad.csv"
    bad.write_text("Date,Project,Parking\n2026-02-01,X,-4\n")
    result = cli("import", bad, code=2)
    assert "row 1, column Parking: an amount cannot be negative" in result.stderr
