"""Median and 90th percentile of the days to hear back, checked against hand counts."""

import random
import statistics

from callback_cli.timing import by_casting, counted, hear_back, waits


def test_no_cases_gives_null_figures():
    assert waits([]) == {"n": 0, "median": None, "p90": None}


def test_one_case():
    assert waits([5]) == {"n": 1, "median": 5, "p90": 5}


def test_odd_count_by_hand():
    # sorted: 1 2 3 4 9 -> median the 3rd (3); p90: ceil(4.5) = 5th -> 9
    assert waits([9, 1, 4, 2, 3]) == {"n": 5, "median": 3, "p90": 9}


def test_even_count_by_hand():
    # sorted: 2 3 5 6 7 8 8 9 10 30 -> median (7 + 8) / 2 = 7.5; p90: 9th -> 10
    assert waits([8, 3, 30, 2, 9, 5, 10, 7, 6, 8]) == {"n": 10, "median": 7.5, "p90": 10}


def test_p90_means_nine_in_ten_within_it():
    days = [3, 4, 4, 5, 5, 6, 7, 7, 8, 9, 9, 12, 14, 15, 40]
    figures = waits(days)
    assert figures["p90"] == 15  # ceil(13.5) = 14th of 15
    assert sum(d <= figures["p90"] for d in days) / len(days) >= 0.9
    assert sum(d < figures["p90"] for d in days) / len(days) < 0.9


def test_even_middle_pair_that_agrees_stays_whole():
    assert waits([4, 6, 6, 7]) == {"n": 4, "median": 6, "p90": 7}


def test_counted_pairs_agree_with_a_plain_sort_of_every_wait():
    """counted() walks (days, how many) pairs, as the store hands them over; each figure is
    checked against the sorted list of every single wait, read by rank."""
    rnd = random.Random(5)
    for _ in range(300):
        pairs = [(rnd.randint(-3, 40), rnd.randint(0, 6)) for _ in range(rnd.randint(0, 12))]
        every = sorted(d for d, times in pairs for _ in range(times))
        got = counted(pairs)
        assert got["n"] == len(every)
        if not every:
            assert got == {"n": 0, "median": None, "p90": None}
            continue
        assert got["median"] == statistics.median(every)
        assert isinstance(got["median"], int) == (statistics.median(every) == int(statistics.median(every)))
        # nearest rank: the smallest wait that at least 9 in 10 waits are within
        assert got["p90"] == min(d for d in every if sum(x <= d for x in every) >= 0.9 * len(every))


def test_a_day_split_over_several_pairs_counts_once_in_order():
    assert counted([(9, 1), (2, 2), (9, 1), (2, 0), (5, 1)]) == {"n": 5, "median": 5, "p90": 9}


def test_hear_back_adds_the_types_up_and_orders_them_most_cases_first():
    rows = [("tv", 3, 2), ("film", 5, 1), (None, 4, 3), ("tv", 9, 1), ("film", 2, 2)]
    doc = hear_back(rows, [(12, 1), (20, 2)])
    # every callback: 2 2 3 3 4 4 4 5 9 -> median the 5th (4), p90 the 9th (9)
    assert doc["days_to_callback"] == {"n": 9, "median": 4, "p90": 9}
    assert doc["days_to_booking"] == {"n": 3, "median": 20, "p90": 20}
    assert doc["by_type"] == [  # most cases first; a tie puts the unset type last
        {"key": "film", "n": 3, "median": 2, "p90": 5},
        {"key": "tv", "n": 3, "median": 3, "p90": 9},
        {"key": None, "n": 3, "median": 4, "p90": 4},
    ]
    assert hear_back([], []) == {
        "days_to_callback": {"n": 0, "median": None, "p90": None},
        "days_to_booking": {"n": 0, "median": None, "p90": None},
        "by_type": [],
    }


def test_by_casting_folds_the_case_of_an_office_and_skips_the_unnamed():
    rows = [("Élan Casting", 4, 1), ("ÉLAN CASTING", 6, 1), ("élan casting", 8, 1), ("", 1, 5), (None, 2, 5)]
    assert by_casting(rows) == {"élan casting": {"n": 3, "median": 6, "p90": 8}}
