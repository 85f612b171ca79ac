"""SQL for `search` and `list --search`: the full-text index (migrations.m004_search).

Each term must occur somewhere in the audition's text, in any case, as a substring. A term
of three or more characters is a quoted FTS5 phrase (so `AND`, `"`, `*` or `NEAR(` in what
a user types are only characters, never query syntax). The trigram tokenizer cannot see
shorter ones: those are matched with LIKE, column by column, over the index's own copy of
the text (`audition_search_content`, FTS5's content table: one plain row per audition,
columns c0, c1, ... in SEARCH_COLUMNS order), with `%`, `_` and `\\` escaped so that they
are only characters. One scan of that compact table, each column tested on its own (no
concatenated string to build per row), and only the rows the index already chose when a
longer term is given too.
"""

from __future__ import annotations

from callback_cli.migrations import SEARCH_COLUMNS, search_row

_CONTENT = "audition_search_content"
# a short term occurs in one of the columns: LIKE folds ASCII case, as lower() did
_ANY_COLUMN = "(" + " OR ".join(f"c.c{i} LIKE ? ESCAPE '\\'" for i in range(len(SEARCH_COLUMNS))) + ")"


def phrase(term: str) -> str:
    """A term as one FTS5 phrase: in double quotes, its own double quotes doubled."""
    return '"' + term.replace('"', '""') + '"'


def like_pattern(term: str) -> str:
    """A LIKE pattern that finds the term as typed: its `\\`, `%` and `_` escaped."""
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_clause(terms, alias: str = "a") -> tuple[str, list]:
    """The WHERE clause (and its parameters) for auditions whose text holds every term."""
    terms = [t for t in terms if t]
    if not terms:
        return "1", []
    long = [t for t in terms if len(t) >= 3]
    short = [t for t in terms if len(t) < 3]
    match = "SELECT rowid FROM audition_search WHERE audition_search MATCH ?"
    params: list = [" AND ".join(phrase(t) for t in long)] if long else []
    if not short:
        return f"{alias}.id IN ({match})", params
    where = [f"c.id IN ({match})"] if long else []
    for term in short:
        where.append(_ANY_COLUMN)
        params.extend([like_pattern(term)] * len(SEARCH_COLUMNS))
    return f"{alias}.id IN (SELECT c.id FROM {_CONTENT} c WHERE {' AND '.join(where)})", params


def index_from(conn, first_id: int) -> None:
    """Add the search rows of the auditions from `first_id` on (a bulk import: they have none)."""
    conn.execute(search_row("a.id >= ?"), (first_id,))


def reindex(conn, ids) -> None:
    """Write the search rows of these auditions again (a bulk import changed them while the
    triggers that do it were off)."""
    ids = list(ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ", ".join("?" for _ in chunk)
        conn.execute(f"DELETE FROM audition_search WHERE rowid IN ({marks})", chunk)
        conn.execute(search_row(f"a.id IN ({marks})"), chunk)
