"""Domain rules, called directly: normalising input, derived columns, the record."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callback_cli.errors import BadInput
from callback_cli.journal import clean_fields, derive, norm_status, norm_tags
from callback_cli.models import is_stale, to_record

TODAY = date(2026, 3, 11)


@pytest.mark.parametrize(
    "raw,expected",
    [
        ({"type": "Theater"}, {"type": "theatre"}),
        ({"type": "VO"}, {"type": "voiceover"}),
        ({"format": "Self Tape"}, {"format": "self-tape"}),
        ({"format": "zoom"}, {"format": "virtual"}),
        ({"size": "Guest Star"}, {"size": "guest-star"}),
        (
            {"source": " Self  Submitted "},
            {"source": "Self Submitted"},
        ),  # spaces tidied, case kept (agency names)
        ({"rating": "4"}, {"rating": 4}),
        ({"rating": ""}, {"rating": None}),
        ({"role": "  "}, {"role": None}),
        ({"date": "yesterday"}, {"date": "2026-03-10"}),
        ({"casting": "Jane Doe CSA"}, {"casting": "Jane Doe CSA"}),
    ],
)
def test_clean_fields_normalises(raw, expected):
    assert clean_fields(raw, base=TODAY, order="mdy") == expected


@pytest.mark.parametrize(
    "raw,field",
    [
        ({"rating": "0"}, "rating"),
        ({"rating": "4.5"}, "rating"),
        ({"type": "hologram"}, "type"),
        ({"project": " "}, "project"),
        ({"date": "soon"}, "date"),
        ({"format": "fax"}, "format"),
    ],
)
def test_clean_fields_names_the_bad_field(raw, field):
    with pytest.raises(BadInput) as err:
        clean_fields(raw, base=TODAY, order="mdy")
    assert err.value.field == field


def test_status_aliases():
    assert [norm_status(s) for s in ("avail", "Hold", "no word", "CB", "booked")] == [
        "pinned",
        "pinned",
        "no-response",
        "callback",
        "booked",
    ]
    with pytest.raises(BadInput):
        norm_status("auditioned")
    assert norm_status("auditioned", allow_auditioned=True) == "auditioned"


def test_tags_split_and_dedupe():
    assert norm_tags(["Drama; comedy", "drama", " Period Piece "]) == ["drama", "comedy", "period-piece"]


def _tags_the_long_way(values) -> list[str]:
    """norm_tags without its shortcut for a tag already as stored: every value split, trimmed,
    lowered and joined with hyphens."""
    tags: list[str] = []
    for value in values:
        for part in str(value).replace(";", ",").split(","):
            tag = "-".join(part.strip().lower().split())
            if tag and tag not in tags:
                tags.append(tag)
    return tags


@given(st.lists(st.text(alphabet=st.sampled_from("aZß ǅ,;\t\u00a0-é2İ"), max_size=8), max_size=6))
def test_the_shortcut_for_stored_tags_reads_every_tag_as_the_long_way_does(values):
    assert norm_tags(values) == _tags_the_long_way(values)


def test_derive_latest_by_date_then_entry_order():
    assert derive("2026-01-01", []) == {
        "status": "auditioned",
        "last_date": "2026-01-01",
        "advanced_on": None,
        "booked_on": None,
        "called_on": None,
    }
    d = derive(
        "2026-01-01", [("callback", "2026-01-09"), ("released", "2026-01-05"), ("pinned", "2026-01-09")]
    )
    assert d == {
        "status": "pinned",
        "last_date": "2026-01-09",
        "advanced_on": "2026-01-09",
        "booked_on": None,
        "called_on": "2026-01-09",
    }
    # the first callback by date, not by entry; a pin advances but is no callback
    d = derive(
        "2026-01-01",
        [
            ("pinned", "2026-01-03"),
            ("callback", "2026-01-12"),
            ("callback", "2026-01-06"),
            ("booked", "2026-01-20"),
        ],
    )
    assert (d["advanced_on"], d["called_on"], d["booked_on"]) == ("2026-01-03", "2026-01-06", "2026-01-20")


def _row(day, events, status_events=None):
    return {
        "id": 1,
        "uid": "u",
        "date": day,
        "project": "P",
        "notes": None,
        "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z",
        **derive(day, [(e["status"], e["date"]) for e in events]),
    }


def test_record_fields_that_depend_on_today():
    events = [{"status": "callback", "date": "2026-03-12", "note": None}]
    rec = to_record(_row("2026-03-01", events), events, [], TODAY, 14)
    assert rec["status"] == "callback" and rec["advanced"] is False  # scheduled, not yet held
    assert rec["upcoming"] is False and rec["stale"] is False
    later = to_record(_row("2026-03-01", events), events, [], date(2026, 3, 12), 14)
    assert later["advanced"] is True
    assert to_record(_row("2026-03-20", []), [], [], TODAY, 14)["upcoming"] is True


def test_stale_boundaries():
    assert is_stale(_row("2026-02-25", []), TODAY, 14) is True
    assert is_stale(_row("2026-02-26", []), TODAY, 14) is False
    booked = [{"status": "booked", "date": "2026-01-05"}]
    assert is_stale(_row("2026-01-01", booked), TODAY, 14) is False
    cb = [{"status": "callback", "date": "2026-01-05"}]
    assert is_stale(_row("2026-01-01", cb), TODAY, 14) is True
