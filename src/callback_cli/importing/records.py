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

    def column(self, header: str, field: str | None, why: str | None = None) -> None:
        name, n = header or "(no header)", 2
        while name in self.columns:
            name, n = f"{header} ({n})", n + 1
        self.columns[name] = field
        if why:
            self.why[name] = why

    def translated(self, field: str, word: str, meaning: str) -> None:
        plain = " ".join(str(word).casefold().replace("-", " ").replace("_", " ").split())
        if plain != " ".join(str(meaning).casefold().replace("-", " ").split()):
            self.values.setdefault(field, {}).setdefault(word, meaning)

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def not_kept(self) -> list[str]:
        return [h for h, f in self.columns.items() if f is None]


def rows_text(rows: list[int], limit: int = 8) -> str:
    """`row 3`, `rows 3, 5, 9` or `rows 3, 5, 9 … (12 in all)`."""
    rows = sorted(set(rows))
    shown = ", ".join(map(str, rows[:limit]))
    more = f" … ({len(rows)} in all)" if len(rows) > limit else ""
    return ("row " if len(rows) == 1 else "rows ") + shown + more
