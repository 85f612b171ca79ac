"""A realistic season of auditions for the demo journal (fictional projects and offices)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from callback_cli.incoming import Incoming, IncomingEvent

PROJECTS = {
    "tv": [
        "Night Shift",
        "Harbor Lights",
        "The Quiet Floor",
        "Precinct 9",
        "Saltwater",
        "Second Opinion",
        "Dead Reckoning",
        "Lakeview High",
    ],
    "film": ["Paper Moons", "The Long Field", "Static", "Winter Orchard", "Low Tide"],
    "commercial": ["FizzUp Soda", "Northline Bank", "Kettle Crisps", "Zoomcar", "Brightsmile"],
    "theatre": ["Twelfth Night", "A Doll's House", "The Seagull", "Our Town"],
    "voiceover": ["Galaxy Rangers (game)", "Metro Transit PSA"],
    "web": ["Roommates Anonymous"],
}
ROLES = [
    "Nurse Kim",
    "Detective Ruiz",
    "Young Mother",
    "Barista",
    "Lawyer #2",
    "Dad",
    "Paramedic",
    "Teacher",
    "Best Friend",
    "Receptionist",
    "Viola",
    "Nora",
    "Nina",
    "Emily",
    "Customer",
    "Neighbour",
    "Narrator",
    "Officer Park",
]
CASTING = [
    "Jane Doe Casting",
    "Rivera & Stone Casting",
    "Bluebird Casting",
    "Marsh Casting",
    "Kowalski Casting",
    "Northside Theatre Co.",
    "Amber Reyes CSA",
]
SIZES = {
    "tv": ["co-star", "guest-star", "recurring"],
    "film": ["supporting", "featured", "lead"],
    "commercial": ["principal", "featured"],
    "theatre": ["lead", "supporting", "ensemble"],
    "voiceover": ["principal"],
    "web": ["lead", "supporting"],
}
OUTFITS = ["blue button-down", "grey blazer", "black tee", "green cardigan", "denim jacket", "red dress"]
NOTES = [
    "Felt grounded; took the redirect well.",
    "Rushed the second scene. Breathe.",
    "Reader was great, room was warm.",
    "Nervous at the top, settled in by the end.",
    "They laughed at the button. Good sign?",
    "Forgot a line, recovered.",
    "Tried the quieter take they asked for.",
    None,
]
DIRECTION = ["Less polite, more tired.", "Play it faster.", "Try it as if she already knows.", None, None]


def season(today: date, seed: int = 7) -> list[Incoming]:
    """About 45 auditions over the last six months, with callbacks, holds, bookings,
    releases and silence, plus a few things coming up."""
    rnd = random.Random(seed)
    records = []
    n = 0
    day = today - timedelta(days=182)
    while day < today - timedelta(days=1):
        day += timedelta(days=rnd.choice([1, 2, 3, 4, 5, 6, 8]))
        if day >= today:
            break
        n += 1
        records.append(_audition(rnd, n, day, today))
    for offset in (2, 6):  # coming up
        n += 1
        rec = _audition(rnd, n, today + timedelta(days=offset), today)
        rec.events, rec.values["notes"] = [], None
        # nothing to say yet about how an audition still to come felt, or what was said
        rec.values["rating"] = rec.values["direction"] = None
        records.append(rec)
    # a callback scheduled for later this week on a recent audition
    recent = next(r for r in reversed(records) if r.values["date"] <= (today - timedelta(days=3)).isoformat())
    recent.events = [("callback", (today + timedelta(days=3)).isoformat(), "producer session")]
    return records


def _audition(rnd, n: int, day: date, today: date) -> Incoming:
    type_ = rnd.choices(list(PROJECTS), weights=[10, 5, 8, 3, 1, 1])[0]
    fmt = rnd.choices(["self-tape", "in-person", "virtual"], weights=[6, 3, 1])[0]
    rating = rnd.choices([2, 3, 4, 5], weights=[1, 3, 3, 1])[0]
    values = {
        "date": day.isoformat(),
        "project": rnd.choice(PROJECTS[type_]),
        "role": rnd.choice(ROLES),
        "type": type_,
        "format": fmt,
        "size": rnd.choice(SIZES[type_]),
        "casting": rnd.choice(CASTING),
        "source": rnd.choices(["agent", "manager", "self-submitted"], weights=[6, 2, 2])[0],
        "rating": rating,
        "outfit": rnd.choice(OUTFITS),
        "notes": rnd.choice(NOTES),
        "direction": rnd.choice(DIRECTION),
    }
    if fmt == "in-person":
        values["location"] = rnd.choice(["Midtown studios", "Studio 4B", "Theatre rehearsal room"])
    chance = 0.12 + (0.14 if fmt == "in-person" else 0) + 0.05 * (rating - 3)
    events: list[IncomingEvent] = []
    when = day
    if (today - day).days > 4 and rnd.random() < chance:
        for _ in range(rnd.choice([1, 1, 2])):
            when += timedelta(days=rnd.randint(2, 9))
            if when >= today:
                break
            events.append(
                (
                    "callback",
                    when.isoformat(),
                    rnd.choice(["producer session", "chemistry read", "director's session", None]),
                )
            )
        if events:
            when += timedelta(days=rnd.randint(2, 7))
            if when < today:
                fate = rnd.choices(["booked", "released", "pinned", None], weights=[3, 4, 1, 2])[0]
                if fate:
                    events.append((fate, when.isoformat(), None))
    elif type_ == "commercial" and rnd.random() < 0.06 and (today - day).days > 6:
        events.append(("booked", (day + timedelta(days=5)).isoformat(), "straight from the tape"))
    elif (today - day).days > 30 and rnd.random() < 0.3:
        events.append(("no-response", (day + timedelta(days=21)).isoformat(), None))
    tags = rnd.sample(["drama", "comedy", "period", "accent", "improv"], rnd.choice([0, 1, 1, 2]))
    return Incoming(n, values, tags, events)
