"""A year's audition costs and mileage, for taxes: totals by month and by kind, and the lines
an accountant wants (pure: amounts are integer cents throughout, numbers only at the end)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from callback_cli.money import amount

CSV_COLUMNS = ("date", "project", "what", "amount", "miles")


def kind(what: str | None) -> str:
    """What an expense was, in one word for the totals: "Parking at the lot" → "parking"."""
    words = "".join(c if c.isalnum() or c.isspace() else " " for c in (what or "")).lower().split()
    if not words:
        return "other"
    word = words[0]
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]  # headshots → headshot
    return word


def mileage_cents(miles: float, rate: float) -> int:
    """miles × rate (per mile), rounded half up to a cent, without float drift."""
    return int((Decimal(str(miles)) * Decimal(str(rate)) * 100).quantize(Decimal(1), ROUND_HALF_UP))


def summary(year: int, spent: list[dict], driven: list[dict], rate: float, currency: str) -> dict:
    """The `expenses --json` document. `spent`: {"date", "cents", "what", "audition_id",
    "project"} per expense; `driven`: {"date", "miles", "audition_id", "project"} per audition
    with miles (dated by the audition)."""
    lines = [
        {
            "date": e["date"],
            "audition_id": e["audition_id"],
            "project": e["project"],
            "what": e["what"],
            "kind": kind(e["what"]),
            "cents": e["cents"],
            "miles": None,
        }
        for e in spent
    ] + [
        {
            "date": d["date"],
            "audition_id": d["audition_id"],
            "project": d["project"],
            "what": "mileage",
            "kind": "mileage",
            "cents": mileage_cents(d["miles"], rate),
            "miles": _num(d["miles"]),
        }
        for d in driven
    ]
    lines.sort(key=lambda x: (x["date"], x["audition_id"], x["kind"] == "mileage"))
    months: dict[str, dict] = {}
    kinds: dict[str, dict] = {}
    for line in lines:
        m = months.setdefault(line["date"][:7], {"cents": 0, "miles": 0.0, "mileage_cents": 0})
        k = kinds.setdefault(line["kind"], {"cents": 0, "count": 0, "miles": 0.0})
        k["cents"] += line["cents"]
        k["count"] += 1
        if line["miles"] is not None:
            m["miles"] += line["miles"]
            m["mileage_cents"] += line["cents"]
            k["miles"] += line["miles"]
        else:
            m["cents"] += line["cents"]
    spent_cents = sum(x["cents"] for x in lines if x["miles"] is None)
    mile_cents = sum(x["cents"] for x in lines if x["miles"] is not None)
    miles = sum(x["miles"] for x in lines if x["miles"] is not None)
    return {
        "year": year,
        "currency": currency,
        "mileage_rate": rate,
        "spent": amount(spent_cents),
        "miles": _num(miles),
        "mileage": amount(mile_cents),
        "total": amount(spent_cents + mile_cents),
        "by_month": [
            {
                "month": key,
                "spent": amount(v["cents"]),
                "miles": _num(v["miles"]),
                "mileage": amount(v["mileage_cents"]),
                "total": amount(v["cents"] + v["mileage_cents"]),
            }
            for key, v in sorted(months.items())
        ],
        "by_kind": [
            {"kind": key, "amount": amount(v["cents"]), "count": v["count"]}
            | ({"miles": _num(v["miles"])} if key == "mileage" else {})
            for key, v in sorted(kinds.items(), key=lambda kv: (-kv[1]["cents"], kv[0]))
        ],
        "lines": [
            {
                "date": x["date"],
                "audition_id": x["audition_id"],
                "project": x["project"],
                "what": x["what"],
                "amount": amount(x["cents"]),
                "miles": x["miles"],
            }
            for x in lines
        ],
    }


def _num(value: float) -> float | int:
    value = round(value, 1)
    return int(value) if value == int(value) else value
