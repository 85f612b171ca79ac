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
_CONFIG = "audition_search_config"  # FTS5's settings, one row each (k, v)
_SET_HASH = "INSERT INTO audition_search (audition_search, rank) VALUES ('hashsize', ?)"
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


# FTS5 holds the index entries it is adding in memory and writes them out as a new segment
# each time they pass its `hashsize` (1 MiB unless set), merging segments as they pile up. A
# bulk fill in 16 MiB pieces writes and merges far fewer: 100,000 auditions measured 2.6 s →
# 1.7 s CPU, for ~20 MiB more memory while it runs. Set for the fill only, then put back.
BULK_HASH = 16 << 20
FTS5_DEFAULT_HASH = 1 << 20  # FTS5_DEFAULT_HASHSIZE


def index_from(conn, first_id: int) -> None:
    """Add the search rows of the auditions from `first_id` on (a bulk import: they have none)."""
    kept = conn.execute(f"SELECT v FROM {_CONFIG} WHERE k = 'hashsize'").fetchone()
    conn.execute(_SET_HASH, (BULK_HASH,))
    conn.execute(search_row("a.id >= ?"), (first_id,))
    conn.execute(_SET_HASH, (kept[0] if kept else FTS5_DEFAULT_HASH,))
    if kept is None:  # the file as it was: no setting, the default in force
        conn.execute(f"DELETE FROM {_CONFIG} WHERE k = 'hashsize'")


def unindex(conn, ids_sql: str) -> None:
    """Take the search rows of the auditions whose ids `ids_sql` selects out of the index (a
    bulk delete, with the triggers that do it off)."""
    conn.execute(f"DELETE FROM audition_search WHERE rowid IN ({ids_sql})")


def reindex(conn, ids) -> None:
    """Write the search rows of these auditions again (a bulk import changed them while the
    triggers that do it were off)."""
    ids = list(ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ", ".join("?" for _ in chunk)
        conn.execute(f"DELETE FROM audition_search WHERE rowid IN ({marks})", chunk)
        conn.execute(search_row(f"a.id IN ({marks})"), chunk)
