"""Money and miles as actors type them, kept exact: amounts are integer cents, never floats.

`parse_amount("12.50")` → 1250. The record shows amounts as numbers with two decimals
(`cents / 100`, which prints as the same decimal it was typed as).
"""

from __future__ import annotations

import math
import re

from callback_cli.errors import BadInput

# the largest single amount or trip: a typo guard, far above any audition cost
MAX_CENTS = 100_000_000  # 1,000,000.00
MAX_MILES = 100_000
_AMOUNT = r"^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{1,2}))?$"  # compiled by `re` when first used
_SYMBOLS = "$€£¥"
SYMBOL = {"USD": "$", "CAD": "$", "AUD": "$", "NZD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def parse_amount(text) -> int:
    """A non-negative amount with at most two decimals ("12", "12.5", "$1,234.56") → cents."""
    raw = text
    if isinstance(text, bool):
        raise BadInput(f"an amount must be a number like 12.50, got {raw!r}")
    if isinstance(text, int):
        text = str(text)
    elif isinstance(text, float):  # from a JSON file: must be finite and whole cents
        if not math.isfinite(text):
            raise BadInput(f"an amount must be a number like 12.50, got {raw!r}")
        text = repr(text)
        if "e" in text:
            raise BadInput(f"amount {raw!r} is out of range")
    text = str(text).strip().replace(" ", "")
    if text[:1] in _SYMBOLS:
        text = text[1:]
    if text[:1] == "-" or text[:1] == "−":
        raise BadInput(f"an amount cannot be negative, got {raw!r}")
    m = re.match(_AMOUNT, text)
    if not text or text == "." or not m:
        raise BadInput(f"an amount must be a number like 12.50 (at most two decimals), got {raw!r}")
    whole = int((m[1] or "0").replace(",", ""))
    cents = whole * 100 + int((m[2] or "0").ljust(2, "0"))
    if cents > MAX_CENTS:
        raise BadInput(f"amount {raw!r} is too large (at most {MAX_CENTS // 100:,})")
    return cents


def amount(cents: int) -> float:
    """Cents as the number the record shows: 1250 → 12.5 (two decimals at most, exact)."""
    return cents / 100 if cents % 100 else cents // 100


def show(cents: int, currency: str = "USD") -> str:
    """1250 → "$12.50" (or "12.50 SEK" for a currency without a symbol here)."""
    text = f"{cents // 100:,}.{cents % 100:02d}"
    symbol = SYMBOL.get(currency.upper())
    return f"{symbol}{text}" if symbol else f"{text} {currency.upper()}"


def parse_miles(text) -> float | int:
    """A non-negative distance (12, 12.5); whole numbers stay whole."""
    raw = text
    if isinstance(text, bool):
        raise BadInput(f"miles must be a number like 12.5, got {raw!r}")
    try:
        value = float(str(text).strip().replace(",", ""))
    except ValueError:
        raise BadInput(f"miles must be a number like 12.5, got {raw!r}") from None
    if not math.isfinite(value) or value < 0 or value > MAX_MILES:
        raise BadInput(f"miles must be a number from 0 to {MAX_MILES:,}, got {raw!r}")
    value = round(value, 1)
    return int(value) if value == int(value) else value
