"""SQL for `search` and `list --search`: the full-text index (migrations.m004_search).

Each term must occur somewhere in the audition's text, in any case, as a substring. A term
of three or more characters is a quoted FTS5 phrase (so `AND`, `"`, `*` or `NEAR(` in what
a user types are only characters, never query syntax); the trigram tokenizer cannot see
shorter ones, so those are matched by scanning the index's own copy of the text.
"""

from __future__ import annotations

from callback_cli.migrations import REBUILD_SEARCH, SEARCH_COLUMNS, search_row

# every column of the index in one string, a newline between (no typed term holds one)
_ALL_TEXT = "lower(" + " || char(10) || ".join(f"coalesce(s.{c}, '')" for c in SEARCH_COLUMNS) + ")"


def phrase(term: str) -> str:
    """A term as one FTS5 phrase: in double quotes, its own double quotes doubled."""
    return '"' + term.replace('"', '""') + '"'


def search_clause(terms, alias: str = "a") -> tuple[str, list]:
    """The WHERE clause (and its parameters) for auditions whose text holds every term."""
    terms = [t for t in terms if t]
    if not terms:
        return "1", []
    long = [t for t in terms if len(t) >= 3]
    short = [t for t in terms if len(t) < 3]
    where, params = [], []
    if long:
        where.append("audition_search MATCH ?")
        params.append(" AND ".join(phrase(t) for t in long))
    for term in short:
        where.append(f"instr({_ALL_TEXT}, lower(?)) > 0")
        params.append(term)
    inner = f"SELECT s.rowid FROM audition_search s WHERE {' AND '.join(where)}"
    return f"{alias}.id IN ({inner})", params


def rebuild(conn) -> None:
    """Fill the index again from the journal (after a bulk import)."""
    conn.execute("DELETE FROM audition_search")
    conn.execute(REBUILD_SEARCH)


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
