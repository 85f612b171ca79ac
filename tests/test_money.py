"""Amounts and miles: exact cents, and every bad input refused."""

import pytest

from callback_cli.errors import BadInput
from callback_cli.money import amount, parse_amount, parse_miles, show

GOOD = [
    ("12", 1200),
    ("12.5", 1250),
    ("12.50", 1250),
    ("0.1", 10),
    ("0.07", 7),
    (".5", 50),
    ("$8", 800),
    ("€ 8.25", 825),
    ("1,234.56", 123456),
    ("0", 0),
    ("1000000", 100_000_000),
    (12, 1200),
    (12.5, 1250),
    (0.1, 10),
    (19.99, 1999),
]
BAD = [
    "-5",
    "−5",
    "1e309",
    "1e3",
    "nan",
    "NaN",
    "inf",
    "",
    ".",
    "12.345",
    "12,5",
    "1,23",
    "abc",
    "5 dollars",
    "1000000.01",
    "99999999999999999999",
    float("nan"),
    float("inf"),
    1e309,
    12.345,
    -1.0,
    True,
    "0x10",
]


@pytest.mark.parametrize("text,cents", GOOD)
def test_amounts_read_to_exact_cents(text, cents):
    assert parse_amount(text) == cents


@pytest.mark.parametrize("text", BAD)
def test_bad_amounts_are_refused(text):
    with pytest.raises(BadInput):
        parse_amount(text)


def test_amounts_shown():
    assert [amount(c) for c in (1250, 1200, 7, 0)] == [12.5, 12, 0.07, 0]
    assert sum(parse_amount("0.10") for _ in range(3)) == 30  # no float drift
    assert show(123456) == "$1,234.56"
    assert show(5, "eur") == "€0.05"
    assert show(5000, "SEK") == "50.00 SEK"


@pytest.mark.parametrize("text,miles", [("12", 12), ("12.5", 12.5), (3, 3), ("0", 0), ("1,200", 1200)])
def test_miles_read(text, miles):
    assert parse_miles(text) == miles


@pytest.mark.parametrize("text", ["-3", "nan", "inf", "1e309", "lots", "", "100001", True])
def test_bad_miles_are_refused(text):
    with pytest.raises(BadInput):
        parse_miles(text)
