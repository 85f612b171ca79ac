"""The optional config file (TOML). Read only when a command needs a value from it."""

from __future__ import annotations

import sys
from functools import lru_cache

from callback_cli.errors import BadInput
from callback_cli.models import FOLLOWUP_ITEMS as ITEMS
from callback_cli.paths import config_path

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Config:
    """The settings in force (a plain class: a dataclass costs start-up time to build)."""

    __slots__ = (
        "stale_days",
        "followup_days",
        "week_start",
        "date_order",
        "thank_you_after_days",
        "items",
        "path",
        "loaded",
    )

    def __init__(
        self,
        stale_days: int = 14,
        followup_days: int = 30,
        week_start: str = "monday",
        date_order: str = "mdy",
        thank_you_after_days: int = 0,
        items: dict | None = None,
        path: str | None = None,
        loaded: bool = False,
    ):
        self.stale_days, self.followup_days = stale_days, followup_days
        self.week_start, self.date_order = week_start, date_order
        self.thank_you_after_days = thank_you_after_days
        self.items = dict(items) if items is not None else {item: True for item in ITEMS}
        self.path, self.loaded = path, loaded

    def replace(self, **changes) -> Config:
        return Config(**{**{k: getattr(self, k) for k in self.__slots__}, **changes})

    @property
    def week_start_index(self) -> int:
        return WEEKDAYS.index(self.week_start)


def _int(data: dict, key: str, default: int, where: str) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadInput(f"{where}: {key} must be a whole number of days, got {value!r}")
    return value


def parse(data: dict, where: str = "config") -> Config:
    """Validate a config mapping; unknown keys are refused so a typo does not pass silently."""
    known = {"stale_days", "followup_days", "week_start", "date_order", "thank_you_after_days", "items"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise BadInput(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(known))})")
    week_start = str(data.get("week_start", "monday")).lower()
    if week_start not in WEEKDAYS:
        raise BadInput(f"{where}: week_start must be a weekday name, got {week_start!r}")
    date_order = str(data.get("date_order", "mdy")).lower()
    if date_order not in ("mdy", "dmy"):
        raise BadInput(f"{where}: date_order must be 'mdy' or 'dmy', got {date_order!r}")
    items = {item: True for item in ITEMS}
    raw_items = data.get("items", {})
    if not isinstance(raw_items, dict):
        raise BadInput(f"{where}: [items] must be a table of item = true/false")
    for key, value in raw_items.items():
        name = key.replace("_", "-")
        if name not in items or not isinstance(value, bool):
            raise BadInput(f"{where}: items.{key} must be one of {', '.join(ITEMS)} = true/false")
        items[name] = value
    return Config(
        stale_days=_int(data, "stale_days", 14, where),
        followup_days=_int(data, "followup_days", 30, where),
        week_start=week_start,
        date_order=date_order,
        thank_you_after_days=_int(data, "thank_you_after_days", 0, where),
        items=items,
    )


@lru_cache(maxsize=1)
def load() -> Config:
    """The config in force: the file's values over the defaults; no file means the defaults."""
    path = config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(path=str(path))
    except OSError as exc:
        raise BadInput(f"cannot read the config file {path}: {exc.strerror}") from None
    if sys.version_info >= (3, 11):
        import tomllib  # lazy: read only when a config file exists
    else:
        import tomli as tomllib  # lazy: as above (Python 3.10)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BadInput(f"config file {path} is not valid TOML: {exc}") from None
    return parse(data, where=str(path)).replace(path=str(path), loaded=True)
