"""A year's costs: totals by month and kind, mileage at the rate, counted by hand."""

from callback_cli.expenses import kind, mileage_cents, summary


def test_kinds():
    assert [kind(w) for w in ("Parking at the lot", "headshots", "Reader (Sam)", None, "", "class")] == [
        "parking",
        "headshot",
        "reader",
        "other",
        "other",
        "class",
    ]


def test_mileage_is_rounded_half_up_to_the_cent():
    assert mileage_cents(10, 0.7) == 700
    assert mileage_cents(12.5, 0.67) == 838  # 8.375 → 8.38
    assert mileage_cents(0.1, 0.7) == 7


def test_totals_by_month_and_kind():
    spent = [
        {"date": "2026-01-10", "cents": 1500, "what": "Parking", "audition_id": 1, "project": "A"},
        {"date": "2026-01-20", "cents": 1, "what": "parking meter", "audition_id": 2, "project": "B"},
        {"date": "2026-03-02", "cents": 7500, "what": "Reader for tape", "audition_id": 3, "project": "C"},
        {"date": "2026-03-02", "cents": 10, "what": None, "audition_id": 3, "project": "C"},
    ]
    driven = [
        {"date": "2026-01-10", "miles": 20, "audition_id": 1, "project": "A"},
        {"date": "2026-03-02", "miles": 12.5, "audition_id": 3, "project": "C"},
    ]
    doc = summary(2026, spent, driven, 0.7, "USD")
    # by hand: spent 15.00 + 0.01 + 75.00 + 0.10 = 90.11; miles 32.5 × 0.70 = 14.00 + 8.75 = 22.75
    assert (doc["spent"], doc["miles"], doc["mileage"], doc["total"]) == (90.11, 32.5, 22.75, 112.86)
    assert doc["by_month"] == [
        {"month": "2026-01", "spent": 15.01, "miles": 20, "mileage": 14, "total": 29.01},
        {"month": "2026-03", "spent": 75.1, "miles": 12.5, "mileage": 8.75, "total": 83.85},
    ]
    assert doc["by_kind"] == [
        {"kind": "reader", "amount": 75, "count": 1},
        {"kind": "mileage", "amount": 22.75, "count": 2, "miles": 32.5},
        {"kind": "parking", "amount": 15.01, "count": 2},
        {"kind": "other", "amount": 0.1, "count": 1},
    ]
    assert [(x["date"], x["what"], x["amount"], x["miles"]) for x in doc["lines"]][:3] == [
        ("2026-01-10", "Parking", 15, None),
        ("2026-01-10", "mileage", 14, 20),
        ("2026-01-20", "parking meter", 0.01, None),
    ]


def test_an_empty_year():
    doc = summary(2026, [], [], 0.7, "EUR")
    assert (doc["total"], doc["by_month"], doc["by_kind"], doc["lines"]) == (0, [], [], [])
