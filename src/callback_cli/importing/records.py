"""How an import file was read: the report beside its records (incoming.Incoming)."""

from __future__ import annotations


class Report:
    """How a file was read: each column's field (None: not kept, with why), each distinct
    value that was translated, and every warning."""

    def __init__(self):
        self.columns: dict[str, str | None] = {}
        self.why: dict[str, str] = {}
        self.values: dict[str, dict[str, str]] = {}
        self.warnings: list[str] = []
        self._told: set[tuple[str, str, str]] = set()  # (field, word, meaning) already weighed

    def column(self, header: str, field: str | None, why: str | None = None) -> None:
        name, n = header or "(no header)", 2
        while name in self.columns:
            name, n = f"{header} ({n})", n + 1
        self.columns[name] = field
        if why:
            self.why[name] = why

    def translated(self, field: str, word: str, meaning: str) -> None:
        told = (field, word, meaning)
        if told in self._told:  # the same word again, as most rows of a sheet repeat them
            return
        self._told.add(told)
        plain = " ".join(str(word).casefold().replace("-", " ").replace("_", " ").split())
        if plain != " ".join(str(meaning).casefold().replace("-", " ").split()):
            self.values.setdefault(field, {}).setdefault(word, meaning)

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def not_kept(self) -> list[str]:
        return [h for h, f in self.columns.items() if f is None]


class RowNumbers:
    """Row numbers a warning names, added in the file's order (rising): the first few are
    kept and the rest counted (a warning shows eight), so a million rows cost no more than ten."""

    __slots__ = ("first", "count", "last")
    KEEP = 8

    def __init__(self) -> None:
        self.first: list[int] = []
        self.count = 0
        self.last: int | None = None

    def append(self, n: int) -> None:
        if n == self.last:
            return  # the same row again
        self.last = n
        self.count += 1
        if len(self.first) < self.KEEP:
            self.first.append(n)

    def __bool__(self) -> bool:
        return self.count > 0

    def __len__(self) -> int:
        return self.count


def rows_text(rows: list[int] | RowNumbers, limit: int = 8) -> str:
    """`row 3`, `rows 3, 5, 9` or `rows 3, 5, 9 … (12 in all)`."""
    if isinstance(rows, RowNumbers):  # its first KEEP (8) rows, in order, and how many in all
        first, total = rows.first, rows.count
    else:
        first = sorted(set(rows))
        total = len(first)
    shown = ", ".join(map(str, first[:limit]))
    more = f" … ({total} in all)" if total > limit else ""
    return ("row " if total == 1 else "rows ") + shown + more
