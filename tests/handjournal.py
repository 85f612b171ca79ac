"""A small journal whose figures are worked out by hand (today is Wed 2026-03-11).

#  date        type        format     casting             tags            events
1  2026-01-05  tv          self-tape  Jane Doe Casting    drama           callback 01-08, booked 01-15
2  2026-01-12  tv          in-person  jane doe casting    -               callback 01-14, released 01-20
3  2026-02-04  commercial  in-person  Ad Co               comedy          -
4  2026-02-16  commercial  self-tape  Ad Co               comedy, drama   pinned 02-18
5  2026-03-06  film        self-tape  -                   -               no-response 03-09
6  2026-03-09  theatre     in-person  Old Vic             -               callback 03-13 (ahead)
7  2026-03-20  film        -          -                   -               (upcoming audition)
"""

ROWS = [
    (
        "P1",
        "2026-01-05",
        "tv",
        "self-tape",
        "Jane Doe Casting",
        ["drama"],
        "4",
        "blue",
        "great",
        [("callback", "2026-01-08"), ("booked", "2026-01-15")],
    ),
    (
        "P2",
        "2026-01-12",
        "tv",
        "in-person",
        "jane doe casting",
        [],
        "3",
        None,
        None,
        [("callback", "2026-01-14"), ("released", "2026-01-20")],
    ),
    ("P3", "2026-02-04", "commercial", "in-person", "Ad Co", ["comedy"], None, None, None, []),
    (
        "P4",
        "2026-02-16",
        "commercial",
        "self-tape",
        "Ad Co",
        ["comedy", "drama"],
        None,
        None,
        None,
        [("pinned", "2026-02-18")],
    ),
    ("P5", "2026-03-06", "film", "self-tape", None, [], None, None, "ok", [("no-response", "2026-03-09")]),
    (
        "P6",
        "2026-03-09",
        "theatre",
        "in-person",
        "Old Vic",
        [],
        None,
        "red scarf",
        "went well",
        [("callback", "2026-03-13")],
    ),
    ("P7", "2026-03-20", "film", None, None, [], None, None, None, []),
]


def build(cli) -> list[int]:
    ids = []
    for project, day, type_, fmt, casting, tags, rating, outfit, notes, events in ROWS:
        args = [project, "--date", day, "--type", type_, "--role", f"Role {project}"]
        for flag, value in (
            ("--format", fmt),
            ("--casting", casting),
            ("--rating", rating),
            ("--outfit", outfit),
            ("--note", notes),
        ):
            if value:
                args += [flag, value]
        for tag in tags:
            args += ["--tag", tag]
        aid = cli.add(*args)
        for status, when in events:
            cli("mark", aid, status, "--date", when)
        ids.append(aid)
    return ids
