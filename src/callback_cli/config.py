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
        "currency",
        "mileage_rate",
        "calendar_alarms",
        "name",
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
        currency: str = "USD",
        mileage_rate: float = 0.70,
        calendar_alarms: bool = True,
        name: str | None = None,
        path: str | None = None,
        loaded: bool = False,
    ):
        self.stale_days, self.followup_days = stale_days, followup_days
        self.week_start, self.date_order = week_start, date_order
        self.thank_you_after_days = thank_you_after_days
        self.items = dict(items) if items is not None else {item: True for item in ITEMS}
        self.currency, self.mileage_rate = currency, mileage_rate
        self.calendar_alarms = calendar_alarms
        self.name = name  # the actor's name, on the pages `report --html` and `review --html` write
        self.path, self.loaded = path, loaded

    def replace(self, **changes) -> Config:
        return Config(**{**{k: getattr(self, k) for k in self.__slots__}, **changes})

    @property
    def week_start_index(self) -> int:
        return WEEKDAYS.index(self.week_start)


# sane bounds: beyond these a setting means nothing, and date sums would leave the calendar
RANGES = {"stale_days": (0, 3650), "followup_days": (0, 3650), "thank_you_after_days": (0, 365)}


class ConfigProblem(BadInput):
    """A bad value in the config file; `key` names it, so the message can give its line."""

    def __init__(self, message: str, key: str | None = None):
        super().__init__(message)
        self.key = key


def _int(data: dict, key: str, default: int, where: str) -> int:
    value = data.get(key, default)
    low, high = RANGES[key]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigProblem(f"{key} must be a whole number of days from {low} to {high}, got {value!r}", key)
    return value


def parse(data: dict, where: str = "config") -> Config:
    """Validate a config mapping; unknown keys are refused so a typo does not pass silently."""
    known = set(Config.__slots__) - {"path", "loaded"}  # every setting, not where it came from
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigProblem(f"unknown key {unknown[0]!r} (known: {', '.join(sorted(known))})", unknown[0])
    week_start = str(data.get("week_start", "monday")).lower()
    if week_start not in WEEKDAYS:
        raise ConfigProblem(f"week_start must be a weekday name, got {week_start!r}", "week_start")
    date_order = str(data.get("date_order", "mdy")).lower()
    if date_order not in ("mdy", "dmy"):
        raise ConfigProblem(f"date_order must be 'mdy' or 'dmy', got {date_order!r}", "date_order")
    items = {item: True for item in ITEMS}
    raw_items = data.get("items", {})
    if not isinstance(raw_items, dict):
        raise ConfigProblem("[items] must be a table of item = true/false", "items")
    for key, value in raw_items.items():
        name = key.replace("_", "-")
        if name not in items or not isinstance(value, bool):
            raise ConfigProblem(f"items.{key} must be one of {', '.join(ITEMS)} = true/false", key)
        items[name] = value
    currency = data.get("currency", "USD")
    if not isinstance(currency, str) or not (currency.isalpha() and len(currency) == 3):
        raise ConfigProblem(
            f"currency must be a three-letter code such as USD or EUR, got {currency!r}", "currency"
        )
    rate = data.get("mileage_rate", 0.70)
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate <= 100:
        raise ConfigProblem(
            f"mileage_rate must be an amount per mile such as 0.70, got {rate!r}", "mileage_rate"
        )
    alarms = data.get("calendar_alarms", True)
    if not isinstance(alarms, bool):
        raise ConfigProblem(f"calendar_alarms must be true or false, got {alarms!r}", "calendar_alarms")
    name = data.get("name")
    if name is not None and (not isinstance(name, str) or len(name) > 200):
        raise ConfigProblem(f"name must be text (the name on your report pages), got {name!r}", "name")
    return Config(
        currency=currency.upper(),
        mileage_rate=float(rate),
        calendar_alarms=alarms,
        name=name.strip() or None if name else None,
        stale_days=_int(data, "stale_days", 14, where),
        followup_days=_int(data, "followup_days", 30, where),
        week_start=week_start,
        date_order=date_order,
        thank_you_after_days=_int(data, "thank_you_after_days", 0, where),
        items=items,
    )


def _line_of(text: str, key: str) -> int | None:
    """The line that sets `key` (the last one: that is the value in force), if any."""
    import re  # lazy: only on this path (start-up pays for what a command uses)

    found = None
    pattern = re.compile(rf"^\s*(\[\s*)?[\"']?{re.escape(key)}[\"']?\s*(=|\])")
    for n, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            found = n
    return found


@lru_cache(maxsize=1)
def load() -> Config:
    """The config in force: the file's values over the defaults; no file means the defaults.
    Every problem is `the config file PATH line N: why` (exit 2)."""
    from callback_cli.files import require_regular  # lazy: files loads tempfile, for writers

    path = config_path()

    def problem(why: str, line: int | None = None) -> BadInput:
        return BadInput(f"the config file {path}" + (f" line {line}" if line else "") + f": {why}")

    try:
        if not require_regular(path, "config file"):
            return Config(path=str(path))
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(path=str(path))
    except OSError as exc:
        raise problem(f"cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise problem(f"not valid UTF-8 text (byte {exc.start + 1})", line) from None
    if sys.version_info >= (3, 11):
        import tomllib  # lazy: read only when a config file exists
    else:
        import tomli as tomllib  # lazy: as above (Python 3.10)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        import re  # lazy: only on this path (start-up pays for what a command uses)

        message = str(exc)
        at = re.search(r"\(at line (\d+), column \d+\)", message)
        why = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message) or "not valid TOML"
        line = int(at[1]) if at else text.count("\n") + 1
        raise problem(f"not valid TOML ({why})", line) from None
    try:
        cfg = parse(data, where=str(path))
    except ConfigProblem as exc:
        raise problem(str(exc), _line_of(text, exc.key) if exc.key else None) from None
    return cfg.replace(path=str(path), loaded=True)


# ---- `config set` / `config unset` --------------------------------------------------------
# one line each, as `callback config` explains them
EXPLAIN = {
    "stale_days": "days of silence after which an audition counts as stale (no word)",
    "followup_days": "follow-ups about dates older than this many days are not listed",
    "week_start": "the day a week starts on, for report and --week (monday … sunday)",
    "date_order": "how 11/3 is read: mdy (Nov 3) or dmy (3 Nov)",
    "thank_you_after_days": "days after a callback before the thank-you item shows",
    "currency": "the currency of amounts in spend and expenses (USD, EUR, GBP …)",
    "mileage_rate": "what a mile driven to an audition is worth, for expenses (per mile)",
    "calendar_alarms": "calendar: an alarm the evening before a callback, with the prep list",
    "name": "your name, on the pages report --html and review --html write",
    "items": "which follow-up items are on (true) or off (false)",
}
DEFAULTS = {
    "stale_days": 14,
    "followup_days": 30,
    "week_start": "monday",
    "date_order": "mdy",
    "thank_you_after_days": 0,
    "currency": "USD",
    "mileage_rate": 0.70,
    "calendar_alarms": True,
}


def _typed(key: str, value: str):
    """The TOML value for a word typed on the command line."""
    if key.startswith("items.") or key == "calendar_alarms":
        word = value.strip().lower()
        if word in ("true", "yes", "on", "1"):
            return True
        if word in ("false", "no", "off", "0"):
            return False
        raise BadInput(f"{key} takes true or false, got {value!r}")
    if key in ("week_start", "date_order"):
        return value.strip().lower()
    if key == "currency":
        return value.strip().upper()
    if key == "mileage_rate":
        try:
            return float(value)
        except ValueError:
            raise BadInput(f"mileage_rate takes an amount per mile such as 0.70, got {value!r}") from None
    if key == "name":  # the actor's name on the report pages, as typed
        return value.strip()
    try:
        return int(value)
    except ValueError:
        raise BadInput(f"{key} takes a whole number of days, got {value!r}") from None


def _toml(value) -> str:
    import json  # lazy: only `config set` writes a value

    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, int) else json.dumps(value)


def known_keys() -> list[str]:
    return list(DEFAULTS) + ["name"] + [f"items.{item}" for item in ITEMS]


def edited(text: str, key: str, value: str | None) -> str:
    """The config file's text with KEY set to VALUE (None: removed), every other line, comment
    and blank kept as it was. The result is validated before anything is written."""
    if key not in known_keys():
        raise BadInput(f"unknown config key {key!r} (known: {', '.join(known_keys())})")
    table, name = ("items", key.split(".", 1)[1]) if key.startswith("items.") else ("", key)
    new = None if value is None else f"{name} = {_toml(_typed(key, value))}"
    lines = text.splitlines()
    bounds: dict[str, tuple[int, int]] = {}  # section -> (first line of its body, end)
    current, start = "", 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            bounds.setdefault(current, (start, i))
            current, start = stripped.strip("[]").strip(), i + 1
    bounds.setdefault(current, (start, len(lines)))
    if table not in bounds:
        if new is not None:
            lines += ["", f"[{table}]", new]
    else:
        first, end = bounds[table]
        at = next(
            (
                i
                for i in range(first, end)
                if "=" in lines[i]
                and lines[i].split("=", 1)[0].strip().strip('"').replace("_", "-") == name.replace("_", "-")
            ),
            None,
        )
        if at is not None and new is None:
            del lines[at]
        elif at is not None and new is not None:
            lines[at] = new
        elif new is not None:
            while end > first and not lines[end - 1].strip():
                end -= 1
            lines.insert(end, new)
    out = "\n".join(lines).strip("\n") + "\n"
    check(out)
    return out


def check(text: str) -> Config:
    if sys.version_info >= (3, 11):
        import tomllib  # lazy: only `config set` checks the new text
    else:
        import tomli as tomllib  # lazy: as above (Python 3.10)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BadInput(f"the config would not be valid TOML: {exc}") from None
    return parse(data)
