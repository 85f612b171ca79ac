"""The words actors use, read directly (no command, no journal)."""

import pytest

from callback_cli import models
from callback_cli import vocabulary as v
from callback_cli.errors import BadInput


@pytest.mark.parametrize(
    "word,status",
    [
        ("CB", "callback"),
        ("Callback 2", "callback"),
        ("2nd callback", "callback"),
        ("Producer session", "callback"),
        ("Straight to producers", "callback"),
        ("Chemistry read", "callback"),
        ("Screen test", "callback"),
        ("Avail", "pinned"),
        ("Avail check", "pinned"),
        ("avail_check", "pinned"),
        ("Hold", "pinned"),
        ("On hold", "pinned"),
        ("Pinned", "pinned"),
        ("Booked!", "booked"),
        ("Booking", "booked"),
        ("Booked it", "booked"),
        ("Cast", "booked"),
        ("Passed", "released"),
        ("Released", "released"),
        ("Not cast", "released"),
        ("Rejected", "released"),
        ("No word", "no-response"),
        ("no_word", "no-response"),
        ("Ghosted", "no-response"),
        ("declined", "declined"),
        ("  **BOOKED**  ", "booked"),
    ],
)
def test_status_words(word, status):
    assert v.outcome(word).status == status


@pytest.mark.parametrize("word", ["Submitted", "Pending", "TBD", "N/A", "Waiting", "-", "", "  "])
def test_no_outcome_yet(word):
    assert v.outcome(word) == v.Outcome(None)


def test_the_callback_round_is_kept():
    assert v.outcome("Callback 2") == v.Outcome("callback", "callback 2", 2)
    assert v.outcome("2nd callback").round == 2
    assert v.outcome("third callback").round == 3
    assert v.outcome("Producer session").label == "producer session"
    assert v.outcome("CB").label is None


def test_unknown_status_is_none_and_an_option_error():
    assert v.outcome("maybe later") is None
    with pytest.raises(BadInput, match="unknown status 'maybe later'"):
        v.status("maybe later")
    with pytest.raises(BadInput):
        v.status("Submitted")  # not an outcome `mark` can log
    assert v.status("auditioned", allow_auditioned=True) == "auditioned"
    assert v.status("2nd callback") == "callback"


@pytest.mark.parametrize(
    "word,kind",
    [
        ("feature film", ("film", None)),
        ("Feature", ("film", None)),
        ("short", ("film", None)),
        ("Indie", ("film", None)),
        ("Feature Comedy", ("film", None)),
        ("TV", ("tv", None)),
        ("TV Drama", ("tv", None)),
        ("TV Comedy", ("tv", None)),
        ("Episodic", ("tv", None)),
        ("Series regular", ("tv", None)),
        ("Streaming", ("tv", None)),
        ("Cable", ("tv", None)),
        ("M.O.W.", ("tv", None)),
        ("new media", ("web", None)),
        ("web series", ("web", None)),
        ("student film", ("student", None)),
        ("Voice Over", ("voiceover", None)),
        ("VO", ("voiceover", None)),
        ("Animation", ("voiceover", None)),
        ("musical", ("theatre", None)),
        ("play", ("theatre", None)),
        ("stage", ("theatre", None)),
        ("Theater", ("theatre", None)),
        ("Print", ("other", "print")),
        ("Industrial", ("other", "industrial")),
        ("Music video", ("other", "music-video")),
        ("Game", ("other", "game")),
        ("Hologram Ad Campaign", ("other", "hologram-ad-campaign")),
    ],
)
def test_type_words_unknown_ones_kept_as_a_tag(word, kind):
    assert tuple(v.kind(word)) == kind


def test_type_option_is_strict():
    assert v.project_type("TV Drama") == "tv"
    with pytest.raises(BadInput, match="unknown type"):
        v.project_type("Print")


@pytest.mark.parametrize(
    "word,fmt",
    [
        ("Zoom", "virtual"),
        ("Self tape", "self-tape"),
        ("self_tape", "self-tape"),
        ("In person", "in-person"),
        ("IN-PERSON", "in-person"),
        ("ecocast", "self-tape"),
        ("fax", None),
    ],
)
def test_formats(word, fmt):
    assert v.audition_format(word) == fmt


@pytest.mark.parametrize(
    "word,size",
    [
        ("series_regular", "series-regular"),
        ("Co-Star", "co-star"),
        ("costar", "co-star"),
        ("Guest Star", "guest-star"),
        ("U5", "under-5"),
        ("Day Player", "day-player"),
        ("Lead", "lead"),
        ("Featured Extra", "featured-extra"),
    ],
)
def test_sizes(word, size):
    assert v.size(word) == size


@pytest.mark.parametrize(
    "word,yes",
    [
        ("true", True),
        ("false", False),
        ("t", True),
        ("f", False),
        ("yes", True),
        ("no", False),
        ("Y", True),
        ("n", False),
        ("1", True),
        ("0", False),
        ("✓", True),
        ("", None),
        ("-", None),
    ],
)
def test_answers(word, yes):
    assert v.answer(word).yes is yes


def test_answer_rest_and_x():
    assert v.answer("Yes - Zoom") == v.Answer(True, "Zoom")
    assert v.answer("No (went another way)") == v.Answer(False, "went another way")
    assert v.answer("x").yes is True  # a tick in a column of ticks
    assert v.answer("x", x_means_yes=False).yes is False  # beside ✓ marks, x is a no
    assert v.answer("perhaps") is None


def test_rounds():
    assert v.round_of("1st Audition") == v.Outcome(None)
    assert v.round_of("initial") == v.Outcome(None)
    assert v.round_of("Round 1") == v.Outcome(None)
    assert v.round_of("Round 3") == v.Outcome("callback", "round 3", 2)
    assert v.round_of("1st Callback").status == "callback"
    assert v.round_of("Producer's Callback").status == "callback"
    assert v.round_of("callback").status == "callback"
    assert v.round_of("Booked").status == "booked"
    assert v.round_of("lunch") is None


# ---- the short ways round the tables give what the tables give ------------------------------
@pytest.mark.parametrize("word", models.TYPES)
def test_a_type_option_spelled_as_stored_reads_as_the_table_reads_it(word):
    assert v.project_type(word) == word == v._TYPE[v.key(word)]


@pytest.mark.parametrize("word", models.STATUSES)
def test_a_status_option_spelled_as_stored_reads_as_the_table_reads_it(word):
    assert v.status(word) == word == v.outcome(word).status


@pytest.mark.parametrize("word", models.SIZES)
def test_a_size_spelled_as_stored_reads_as_the_table_reads_it(word):
    k = v.key(word)
    assert v.size(word) == word == v._SIZE.get(k, k.replace(" ", "-"))


def test_the_tables_are_built_only_when_read():
    import subprocess
    import sys

    code = (
        "from callback_cli import vocabulary as v; "
        "assert v.project_type('tv') == 'tv' and v.status('booked') == 'booked'; "
        "assert v._TYPE._words is None and v._STATUS._words is None; "
        "assert v.project_type('Feature Film') == 'film' and v._TYPE._words is not None"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
