"""Median and 90th percentile of the days to hear back, checked against hand counts."""

from callback_cli.timing import waits


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
