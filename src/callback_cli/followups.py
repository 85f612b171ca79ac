"""The follow-up and prep checklist: what an actor should do after and before each audition.

Each rule is one function of (audition, events, today, config) that returns the items it
calls for. Items disappear when the journal resolves them (notes written, the audition
marked) or when they are checked off with `callback done`.
"""

from __future__ import annotations

from datetime import date, timedelta

from callback_cli.dates import in_days, say_when
from callback_cli.errors import BadInput
from callback_cli.filters import Filter
from callback_cli.models import FOLLOWUP_ITEMS as ITEMS
from callback_cli.models import audition_name, is_stale
from callback_cli.store import Store
from callback_cli.timing import counted

LEARN_FROM = 8  # callbacks in the journal before its own timing replaces stale_days

# other words people type for an item
_ITEM_ALIASES = {"thankyou": "thank-you", "thanks": "thank-you", "noword": "no-word"}


def item_name(word: str) -> str:
    """An item's canonical name from what a person typed (`thanks` is `thank-you`)."""
    name = "-".join(word.strip().lower().replace("_", "-").split())
    name = _ITEM_ALIASES.get(name, name)
    if name not in ITEMS:
        raise BadInput(f"unknown item {word!r} (choose from {', '.join(ITEMS)})")
    return name


def _day(iso: str) -> str:
    """`Wed 25 Nov`: an item's date is always near today, so no year."""
    d = date.fromisoformat(iso)
    return f"{d:%a} {d.day} {d:%b}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _item(row, item, due, text, command, checklist=()):
    return {
        "audition_id": row["id"],
        "item": item,
        "due": due,
        "text": text,
        "done": False,
        "checklist": list(checklist),
        "command": command,
        "project": row["project"],
        "role": row["role"],
    }


# ---- the rules, one each --------------------------------------------------------------
def rule_notes(row, events, today, ctx):
    if row["notes"] or row["date"] > today.isoformat():
        return []
    return [
        _item(
            row,
            "notes",
            row["date"],
            f"Write down how it went for {audition_name(row)} while it is fresh: what felt good, "
            "what did not, what direction you were given.",
            f'callback edit {row["id"]} --note "..."',
        )
    ]


def rule_thank_you(row, events, today, ctx):
    t = today.isoformat()
    held = [e["date"] for e in events if e["status"] == "callback" and e["date"] <= t]
    if not held:
        return []
    due = max(held)
    if date.fromisoformat(due) + timedelta(days=ctx["cfg"].thank_you_after_days) > today:
        return []
    who = row["casting"] or "the casting office"
    return [
        _item(
            row,
            "thank-you",
            due,
            f"Send {who} a short thank-you for the callback on {_day(due)}: {audition_name(row)}.",
            f"callback done {row['id']} thank-you",
        )
    ]


def ahead(row, events, today: date) -> list[tuple[str, str]]:
    """The audition and callbacks still ahead, as (kind, date): the one definition of
    "upcoming" for the prep checklist and the calendar. Dated after today, or dated today
    and logged before today (planned in advance: the day has come, the reading has not
    necessarily). One logged today, for today, is taken to have happened already."""
    t = today.isoformat()
    found = []
    if row["date"] > t or (row["date"] == t and row["created_at"][:10] < t):
        found.append(("audition", row["date"]))
    for e in events:
        if e["status"] == "callback" and (e["date"] > t or (e["date"] == t and e["created_at"][:10] < t)):
            found.append(("callback", e["date"]))
    return found


def rule_prep(row, events, today, ctx):
    """Prep for an audition or a callback that lies ahead (see `ahead`)."""
    return [
        _item(
            row,
            "prep",
            day,
            f"Prepare for the {kind} on {_day(day)}: {audition_name(row)}.",
            f"callback done {row['id']} prep",
            prep_checklist(row, events, kind, ctx),
        )
        for kind, day in ahead(row, events, today)
    ]


def rule_no_word(row, events, today, ctx):
    """Silence past what the journal has learned: with enough callbacks logged
    (reports.LEARN_FROM), an audition still waiting for its first callback is given up
    after 9 in 10 callbacks had come; otherwise, and after a callback, after stale_days."""
    stale_days = ctx["cfg"].stale_days
    due = row["last_date"]
    days = (today - date.fromisoformat(due)).days
    learned = ctx["learned"]() if row["status"] == "auditioned" else None
    if learned and learned["n"] >= LEARN_FROM:
        if row["date"] > today.isoformat() or days <= learned["p90"]:
            return []
        why = (
            f"No word on {audition_name(row)} for {days} days; 9 in 10 of your callbacks came within "
            f"{learned['p90']} days. They have most likely moved on."
        )
    else:
        if not is_stale(row, today, stale_days):
            return []
        why = f"No word for {days} days on {audition_name(row)}: they have most likely moved on"
        if row["status"] == "auditioned":
            have = learned["n"] if learned else 0
            why += (
                f" (after {stale_days} days, your stale_days; with {LEARN_FROM} callbacks logged "
                f"the journal learns your own timing, {have} so far)."
            )
        else:
            why += f" (after {stale_days} days, your stale_days)."
    return [
        _item(
            row,
            "no-word",
            due,
            why + " Mark it and let it go, or ask your agent.",
            f"callback mark {row['id']} no-response",
        )
    ]


def rule_tape(row, events, today, ctx):
    """A self-tape with a deadline that is not sent yet (done ID tape)."""
    tape_due = row.get("tape_due")
    if not tape_due:
        return []
    day = date.fromisoformat(tape_due[:10])
    hhmm = tape_due[11:16] or None
    when = say_when(day, hhmm, today)
    late = day < today
    text = f"Self-tape for {audition_name(row)} due {when} — {in_days(day, today)}"
    return [
        _item(
            row,
            "tape",
            tape_due[:10],
            text + (": it is late; send it anyway, or tell your agent." if late else "."),
            f"callback done {row['id']} tape",
        )
    ]


def rule_feedback(row, events, today, ctx):
    t = today.isoformat()
    released = [e for e in events if e["status"] == "released" and e["date"] <= t]
    if not released or row["status"] != "released":
        return []
    release = max(e["date"] for e in released)
    if not any(e["status"] == "callback" and e["date"] <= release for e in events):
        return []
    return [
        _item(
            row,
            "feedback",
            release,
            f"Released after a callback for {audition_name(row)}: that is still progress. "
            "Ask your agent whether there was any feedback.",
            f"callback done {row['id']} feedback",
        )
    ]


RULES = {
    "notes": rule_notes,
    "thank-you": rule_thank_you,
    "prep": rule_prep,
    "no-word": rule_no_word,
    "feedback": rule_feedback,
    "tape": rule_tape,
}


def prep_checklist(row, events, kind, ctx) -> list[str]:
    """What to have in hand before walking in, built from the journal."""
    lines = [
        (f"The role: {row['role']} in {row['project']}" if row["role"] else f"The project: {row['project']}")
        + (
            f" ({', '.join(x for x in (row['type'], row['size']) if x)})"
            if row["type"] or row["size"]
            else ""
        )
    ]
    if kind == "callback":
        lines.append(
            f"Wear what you wore to the first read: {row['outfit']}"
            if row["outfit"]
            else "Wear what you wore to the first read (it was not logged: check your photos)"
        )
        if row["direction"]:
            lines.append(f"Direction from the first read: {row['direction']}")
        if row["notes"]:
            lines.append(f"Your notes from the first read: {row['notes']}")
    else:
        earlier = ctx["outfit"](row)
        if row["outfit"]:
            lines.append(f"Planned outfit: {row['outfit']}")
        elif earlier:
            lines.append(f"Last time you read for {row['project']} ({earlier[0]}) you wore: {earlier[1]}")
        else:
            lines.append(
                "Pick an outfit you could wear again to a callback, and log it: "
                f'callback edit {row["id"]} --outfit "..."'
            )
        lines.append("Know the material and the character: backstory, wants, relationships")
    history = ctx["history"](row)
    if history:
        lines.append(history)
    lines += [
        "Research the project, the director and the casting office",
        "Have one or two short questions ready",
        "Arrive early"
        + ("; expect new direction, or a chemistry read with another actor" if kind == "callback" else ""),
    ]
    return lines


def _history_for(store: Store, today: date):
    cache: dict = {}

    def history(row) -> str | None:
        casting = row["casting"]
        if not casting:
            return None
        key = casting.lower()
        if key not in cache:
            cache[key] = store.aggregates.casting_record(casting, today.isoformat())
        visits, called_back = cache[key]
        visits += row["date"] > today.isoformat()  # an upcoming audition is one more visit
        if visits <= 1:
            return f"First time in for {casting}"
        times = {0: "never", 1: "once", 2: "twice"}.get(called_back, f"{called_back} times")
        return f"{_ordinal(visits)} time in for {casting}; called back {times} before"

    return history


def items(store: Store, today: date, cfg, include_done: bool = False, audition: int | None = None):
    """The checklist as of today: items due within the last followup_days, or ahead."""
    cutoff = (today - timedelta(days=cfg.followup_days)).isoformat()
    rows, events, _ = store.rows.select(
        Filter(active_since=cutoff, ids=(audition,) if audition else ()), today.isoformat(), with_tags=False
    )
    checked = store.checklist.checked_items(cutoff)
    ctx = {
        "cfg": cfg,
        "history": _history_for(store, today),
        "outfit": _outfits_for(store, rows, events, today),
        "learned": _learned(store, today),
    }
    found = []
    for row in rows:
        evs = events.get(row["id"], [])
        for name in ITEMS:
            if not cfg.items.get(name, True):
                continue
            for item in RULES[name](row, evs, today, ctx):
                if item["due"] < cutoff:
                    continue
                item["done"] = (row["id"], name, item["due"]) in checked
                if item["done"] and not include_done:
                    continue
                found.append(item)
    found.sort(key=lambda i: (i["due"], i["audition_id"], ITEMS.index(i["item"])))
    return found


def _outfits_for(store: Store, rows, events, today: date):
    """The outfit worn last time for each audition ahead: asked of the store once, for all
    of them together, when the first prep checklist needs it."""
    cache: dict = {}

    def outfit(row) -> tuple[str, str] | None:
        if not cache:
            cache["found"] = store.rows.earlier_outfits(
                (r["project"], r["date"])
                for r in rows
                if not r["outfit"]
                and any(kind == "audition" for kind, _ in ahead(r, events.get(r["id"], []), today))
            )
        return cache["found"].get((row["project"], row["date"]))

    return outfit


def _learned(store, today: date):
    """The journal's own days to a first callback, worked out once, when first asked for."""
    cache: list = []

    def learned() -> dict:
        if not cache:
            by_type = store.aggregates.callback_days("type", None, None, today.isoformat())
            cache.append(counted((days, n) for _, days, n in by_type))
        return cache[0]

    return learned


def group_of(item: dict, today: date) -> str:
    t = today.isoformat()
    if item["due"] == t:
        return "today"
    return "coming up" if item["due"] > t else "overdue"


def calendar_entries(store: Store, today: date, cfg) -> list[dict]:
    """Upcoming auditions and callbacks, each with its prep checklist (and, before a callback,
    an alarm the evening before unless calendar_alarms is off), and self-tape deadlines not
    yet sent, with an alarm, for a calendar."""
    t = today.isoformat()
    rows, events, _ = store.rows.select(Filter(active_since=t), t, with_tags=False)
    ctx = {
        "cfg": cfg,
        "history": _history_for(store, today),
        "outfit": _outfits_for(store, rows, events, today),
    }
    entries = []
    for row in rows:
        evs = events.get(row["id"], [])
        for kind, day in ahead(row, evs, today):
            hhmm = (
                row.get("time")
                if kind == "audition"
                else next(
                    (e.get("time") for e in evs if e["status"] == "callback" and e["date"] == day), None
                )
            )
            checklist = prep_checklist(row, evs, kind, ctx)
            entries.append(
                {
                    "uid": f"{row['uid']}-{kind}-{day}@callback",
                    "date": day,
                    "time": hhmm,
                    "kind": kind,
                    "audition_id": row["id"],
                    "summary": f"{kind.capitalize()}: {audition_name(row)}",
                    "location": row["location"],
                    "checklist": checklist,
                    "alarm": "evening" if kind == "callback" and cfg.calendar_alarms else None,
                }
            )
    checked = store.checklist.checked_items(t)
    for tape in store.rows.tapes_due(t):
        day = tape["tape_due"][:10]
        if (tape["id"], "tape", day) in checked:
            continue
        entries.append(
            {
                "uid": f"{tape['uid']}-tape-{day}@callback",
                "date": day,
                "time": tape["tape_due"][11:16] or None,
                "kind": "tape",
                "audition_id": tape["id"],
                "summary": f"Self-tape due: {audition_name(tape)}",
                "location": None,
                "checklist": [
                    f"Send the self-tape for {audition_name(tape)}, then: callback done {tape['id']} tape",
                    "Check the slate, the framing and the file name the breakdown asks for",
                ],
                "alarm": "deadline",
            }
        )
    entries.sort(key=lambda e: (e["date"], e["time"] or "", e["audition_id"]))
    return entries
