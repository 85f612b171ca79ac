"""The journal's schema as named, forward-only steps (sqlite_utils.Migrations).

Never rename or edit a released step: add a new one. `NAMES` is read without importing
sqlite-utils, so a journal that is up to date opens without paying for it.
"""

from __future__ import annotations

SET_NAME = "callback"
_STEPS = []


def _step(fn):
    _STEPS.append(fn)
    return fn


@_step
def m001_initial(db) -> None:
    # statement by statement: executescript() would commit the caller's transaction
    for statement in _INITIAL.split(";\n"):
        if statement.strip():
            db.execute(statement)


@_step
def m002_lasting_ids_and_undo_sizes(db) -> None:
    # An id is never given out twice, even after the newest audition is deleted (a script
    # that remembered #12 must not edit another audition): the highest id ever used is kept,
    # by a trigger, so every insert path counts; new ids start above it.
    db.execute("CREATE TABLE id_high (name TEXT PRIMARY KEY, value INTEGER NOT NULL)")
    db.execute("INSERT INTO id_high VALUES ('auditions', coalesce((SELECT max(id) FROM auditions), 0))")
    db.execute(
        "CREATE TRIGGER auditions_id_high AFTER INSERT ON auditions BEGIN "
        "UPDATE id_high SET value = NEW.id WHERE name = 'auditions' AND value < NEW.id; END"
    )
    # the undo log is bounded in bytes as well as entries: each entry's size, kept so the
    # bound is a sum over a small column instead of a read of every snapshot
    db.execute("ALTER TABLE undo_log ADD COLUMN size INTEGER NOT NULL DEFAULT 0")


# The auditions_by_* indexes cover the report dimensions with the columns the rates need,
# so a report over a large journal reads small indexes in order, not the table; by_kind
# serves the five small-vocabulary dimensions in one pass.
_INITIAL = """
        CREATE TABLE auditions (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            date TEXT NOT NULL,
            project TEXT NOT NULL,
            role TEXT, type TEXT, format TEXT, size TEXT, casting TEXT, source TEXT,
            location TEXT, room TEXT, headshot TEXT, rating INTEGER, outfit TEXT,
            direction TEXT, notes TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            -- derived from events, kept in step by store.refresh(): none depends on "today"
            status TEXT NOT NULL DEFAULT 'auditioned',
            last_date TEXT,
            advanced_on TEXT,
            booked_on TEXT
        );
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            audition_id INTEGER NOT NULL REFERENCES auditions(id) ON DELETE CASCADE,
            status TEXT NOT NULL,
            date TEXT NOT NULL,
            note TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE tags (
            audition_id INTEGER NOT NULL REFERENCES auditions(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            -- copies of the audition's, kept in step by the store, so rates by tag read one
            -- index instead of visiting every tagged audition
            date TEXT, advanced_on TEXT, booked_on TEXT,
            PRIMARY KEY (audition_id, tag)
        ) WITHOUT ROWID;
        CREATE TABLE checked (
            audition_id INTEGER NOT NULL REFERENCES auditions(id) ON DELETE CASCADE,
            item TEXT NOT NULL,
            due TEXT NOT NULL,
            checked_at TEXT NOT NULL,
            PRIMARY KEY (audition_id, item, due)
        ) WITHOUT ROWID;
        CREATE TABLE undo_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            command TEXT NOT NULL,
            summary TEXT NOT NULL,
            snapshot TEXT NOT NULL
        );
        CREATE INDEX auditions_status ON auditions(status);
        CREATE INDEX auditions_last_date ON auditions(last_date);
        CREATE INDEX events_audition ON events(audition_id, date);
        CREATE INDEX events_status ON events(status, date);
        CREATE INDEX tags_tag ON tags(tag, date, advanced_on, booked_on);
        CREATE INDEX auditions_by_date ON auditions(date, advanced_on, booked_on);
        CREATE INDEX auditions_by_kind ON auditions(type, format, size, source, rating, date,
                                                    advanced_on, booked_on);
        CREATE INDEX auditions_by_casting ON auditions(casting COLLATE NOCASE, date, advanced_on,
                                                       booked_on, project);
        CREATE INDEX auditions_by_outfit ON auditions(outfit COLLATE NOCASE, date, advanced_on,
                                                      booked_on);
        CREATE VIEW audition_summary AS
        SELECT a.id, a.date, a.project, a.role, a.type, a.format, a.size, a.casting, a.source,
               a.location, a.rating, a.outfit, a.status,
               (SELECT group_concat(tag, '; ') FROM tags t WHERE t.audition_id = a.id) AS tags,
               (SELECT group_concat(date, '; ') FROM events e
                 WHERE e.audition_id = a.id AND e.status = 'callback') AS callback_dates,
               a.booked_on AS booked_date, a.notes, a.uid
        FROM auditions a;
"""


def _run(db, script: str) -> None:
    # statement by statement: executescript() would commit the caller's transaction. Trigger
    # bodies hold their own semicolons, so statements are separated by ";;" here.
    for statement in script.split(";;"):
        if statement.strip():
            db.execute(statement)


@_step
def m003_times_and_expenses(db) -> None:
    """Call times (auditions and events), self-tape deadlines, miles, and expenses in exact
    integer cents."""
    _run(
        db,
        """
        ALTER TABLE auditions ADD COLUMN time TEXT;;
        ALTER TABLE auditions ADD COLUMN tape_due TEXT;;
        ALTER TABLE auditions ADD COLUMN miles REAL;;
        ALTER TABLE events ADD COLUMN time TEXT;;
        CREATE TABLE expenses (
            id INTEGER PRIMARY KEY,
            audition_id INTEGER NOT NULL REFERENCES auditions(id) ON DELETE CASCADE,
            date TEXT NOT NULL,
            cents INTEGER NOT NULL CHECK (cents >= 0),
            what TEXT,
            created_at TEXT NOT NULL
        );;
        CREATE INDEX expenses_audition ON expenses(audition_id, date);;
        CREATE INDEX expenses_date ON expenses(date);;
        CREATE INDEX auditions_tape_due ON auditions(tape_due) WHERE tape_due IS NOT NULL;;
        CREATE INDEX auditions_by_headshot ON auditions(headshot COLLATE NOCASE, date, advanced_on,
                                                        booked_on);;
        """,
    )


# Every text a user wrote about an audition, one row per audition (rowid = its id), for
# `search` and `list --search`. The trigram tokenizer matches any substring of 3 or more
# characters in any case, so `%` and `_` are plain characters; shorter text is matched by
# scanning this table's own copy of the text (store.search_clause).
SEARCH_COLUMNS = (
    "project",
    "role",
    "casting",
    "room",
    "direction",
    "notes",
    "outfit",
    "location",
    "source",
    "headshot",
    "type",
    "format",
    "size",
    "tags",
    "events",
)
_AUDITION_TEXT = [c for c in SEARCH_COLUMNS if c not in ("tags", "events")]
# the search row of audition {aid}, built from the audition, its tags and its event notes
_ROW = (
    "INSERT INTO audition_search (rowid, " + ", ".join(SEARCH_COLUMNS) + ") "
    "SELECT a.id, " + ", ".join(f"a.{c}" for c in _AUDITION_TEXT) + ", "
    "(SELECT group_concat(tag, ' ') FROM tags t WHERE t.audition_id = a.id), "
    "(SELECT group_concat(note, ' ') FROM events e WHERE e.audition_id = a.id) "
    "FROM auditions a WHERE {where}"
)
SEARCH_TRIGGERS = {
    "search_audition_added": (
        "AFTER INSERT ON auditions BEGIN " + _ROW.format(where="a.id = new.id") + "; END"
    ),
    "search_audition_changed": (
        f"AFTER UPDATE OF {', '.join(_AUDITION_TEXT)} ON auditions BEGIN "
        "DELETE FROM audition_search WHERE rowid = old.id; " + _ROW.format(where="a.id = new.id") + "; END"
    ),
    "search_audition_deleted": (
        "AFTER DELETE ON auditions BEGIN DELETE FROM audition_search WHERE rowid = old.id; END"
    ),
}
for _table, _changes in (("tags", ("INSERT", "DELETE")), ("events", ("INSERT", "DELETE", "UPDATE OF note"))):
    for _change in _changes:
        _row = "new" if _change != "DELETE" else "old"
        SEARCH_TRIGGERS[f"search_{_table}_{_change.split()[0].lower()}"] = (
            f"AFTER {_change} ON {_table} BEGIN "
            f"DELETE FROM audition_search WHERE rowid = {_row}.audition_id; "
            + _ROW.format(where=f"a.id = {_row}.audition_id")
            + "; END"
        )
REBUILD_SEARCH = _ROW.format(where="1")


def search_row(where: str) -> str:
    """The INSERT that writes the search rows of the auditions `where` selects (alias a)."""
    return _ROW.format(where=where)


def create_search_triggers(db) -> None:
    for name, body in SEARCH_TRIGGERS.items():
        db.execute(f"CREATE TRIGGER {name} {body}")


@_step
def m004_search(db) -> None:
    """The full-text index over every text field, filled from the journal as it is."""
    db.execute(
        f"CREATE VIRTUAL TABLE audition_search USING fts5({', '.join(SEARCH_COLUMNS)}, tokenize = 'trigram')"
    )
    create_search_triggers(db)
    db.execute(REBUILD_SEARCH)


@_step
def m005_project_index(db) -> None:
    """The latest earlier audition for a project (the outfit worn last time, in the prep
    checklist) read from an index: without it, each upcoming audition read the whole table
    (about 40 ms on 100,000 auditions; with it well under 1 ms for all of them)."""
    db.execute("CREATE INDEX auditions_by_project ON auditions(project COLLATE NOCASE, date)")


# The days from an audition to its first callback and to its first booking, as the report
# queries spell them (store.aggregates): an index on the very expression hands them over
# already grouped, so no row is read or sorted.
CALLBACK_DAYS = "CAST(julianday(called_on) - julianday(date) AS INTEGER)"
BOOKING_DAYS = "CAST(julianday(booked_on) - julianday(date) AS INTEGER)"


@_step
def m007_first_callback(db) -> None:
    """The first callback's date, a derived column like advanced_on (journal.derive), filled
    from the events; and the days to hear back indexed by type, by casting office and for
    bookings, so `stats`, `people` and the no-word item read a few thousand index entries
    instead of grouping every event (about 90 ms on 100,000 auditions; now 1-6 ms)."""
    _run(
        db,
        f"""
        ALTER TABLE auditions ADD COLUMN called_on TEXT;;
        UPDATE auditions SET called_on = f.called
            FROM (SELECT audition_id, min(date) AS called FROM events
                  WHERE status = 'callback' GROUP BY audition_id) f
            WHERE f.audition_id = auditions.id;;
        CREATE INDEX auditions_called_by_type ON auditions(type, {CALLBACK_DAYS}, called_on, date)
            WHERE called_on IS NOT NULL;;
        CREATE INDEX auditions_called_by_casting ON auditions(casting, {CALLBACK_DAYS}, called_on, date)
            WHERE called_on IS NOT NULL;;
        CREATE INDEX auditions_booked_days ON auditions({BOOKING_DAYS}, booked_on, date)
            WHERE booked_on IS NOT NULL;;
        """,
    )


NAMES = tuple(fn.__name__ for fn in _STEPS)


def apply(conn) -> list[str]:
    """Apply the pending steps on an open connection (inside the caller's transaction)."""
    from sqlite_utils import Database, Migrations  # lazy: only a new or older journal needs it

    migrations = Migrations(SET_NAME)
    for fn in _STEPS:
        migrations(name=fn.__name__)(lambda db, fn=fn: fn(db.conn))
    db = Database(conn)
    pending = [m.name for m in migrations.pending(db)]
    migrations.apply(db)
    return pending
