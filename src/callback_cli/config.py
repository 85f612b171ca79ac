"""The optional config file (TOML). Read only when a command needs a value from it."""

from __future__ import annotations

from functools import lru_cache

from callback_cli.errors import BadInput

ITEMS = ("notes", "thank-you", "prep", "no-word", "feedback")
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

    def replace(self, **changes) -> "Config":
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
    known = {"stale_days", "followup_days", "week_start", "date_order", "thank_you_after_days", "items"}
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
    return Config(
        stale_days=_int(data, "stale_days", 14, where),
        followup_days=_int(data, "followup_days", 30, where),
        week_start=week_start,
        date_order=date_order,
        thank_you_after_days=_int(data, "thank_you_after_days", 0, where),
        items=items,
    )


def _line_of(text: str, key: str) -> int | None:
    """The line that sets `key` (the last one: that is the value in force), if any."""
    import re

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
    from callback_cli.files import require_regular
    from callback_cli.paths import config_path

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
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        import re

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
