"""FD01 contacts decided within a working day, FD02 contacts progressed to referral and FD03 repeat
contacts, as at Mon 31 March 2025 unless said: the year to D is (31 Mar 2024, 31 Mar 2025].
"""

from __future__ import annotations

from sqlalchemy import Engine

from tests.builders import compute, contact, council_data, day

D = "2025-03-31"


# FD01. The day of receipt is day 0: a contact received on Mon 2 Sep 2024 is due by Tue 3 Sep.


def test_a_contact_decided_on_the_next_working_day_is_in_time_and_a_day_later_is_not(engine: Engine) -> None:
    data = council_data(
        engine,
        contact("C1", "2024-09-02T09:00", decided="2024-09-02", outcome="advice"),  # day 0: in time
        contact("C2", "2024-09-02T16:55", decided="2024-09-03", outcome="referral"),  # day 1: in time
        contact("C3", "2024-09-02T09:00", decided="2024-09-04", outcome="advice"),  # day 2: late
    )
    result = compute("FD01", data, D)
    # 2 of 3 in time.
    assert (result.numerator, result.denominator) == (2, 3)
    assert result.detail.select("person_id", "deadline", "in_numerator").rows() == [
        ("C1", day("2024-09-03"), True),
        ("C3", day("2024-09-03"), False),
        ("C2", day("2024-09-03"), True),
    ]


def test_a_contact_received_at_the_weekend_is_due_by_the_next_working_day(engine: Engine) -> None:
    data = council_data(
        engine,
        # Sat 7 Sep 2024, late at night: the first working day after it, Mon 9 Sep, is day 1.
        contact("C1", "2024-09-07T23:30", decided="2024-09-09", outcome="advice"),
        # Fri 6 Sep: day 1 is Mon 9 Sep, so Monday is in time and Tuesday is late.
        contact("C2", "2024-09-06T10:00", decided="2024-09-09", outcome="advice"),
        contact("C3", "2024-09-06T10:00", decided="2024-09-10", outcome="advice"),
    )
    result = compute("FD01", data, D)
    assert result.detail.select("person_id", "deadline", "in_numerator").rows() == [
        ("C2", day("2024-09-09"), True),
        ("C3", day("2024-09-09"), False),
        ("C1", day("2024-09-09"), True),
    ]


def test_bank_holidays_are_not_working_days(engine: Engine) -> None:
    data = council_data(
        engine,
        # Tue 24 Dec 2024: Wed 25 and Thu 26 Dec are bank holidays, so day 1 is Fri 27 Dec.
        contact("C1", "2024-12-24T11:00", decided="2024-12-27", outcome="advice"),
        contact("C2", "2024-12-24T11:00", decided="2024-12-30", outcome="advice"),
        # Fri 23 Aug 2024: Mon 26 Aug is a bank holiday, so day 1 is Tue 27 Aug.
        contact("C3", "2024-08-23T15:00", decided="2024-08-27", outcome="advice"),
    )
    result = compute("FD01", data, D)
    assert result.detail.select("person_id", "deadline", "in_numerator").rows() == [
        ("C3", day("2024-08-27"), True),
        ("C1", day("2024-12-27"), True),
        ("C2", day("2024-12-27"), False),
    ]


def test_contacts_count_in_the_year_they_were_received(engine: Engine) -> None:
    data = council_data(
        engine,
        contact("C1", "2024-03-31T23:59", decided="2024-04-02", outcome="advice"),  # D − 1 year: outside
        # The year's first day, Easter Monday 1 Apr 2024 (a bank holiday): day 1 is Tue 2 Apr.
        contact("C2", "2024-04-01T00:00", decided="2024-04-02", outcome="advice"),
        contact("C3", "2025-03-31T08:00", decided="2025-03-31", outcome="advice"),  # D: inside
        contact("C4", "2025-04-01T08:00", decided="2025-04-01", outcome="advice"),  # after D
    )
    result = compute("FD01", data, D)
    assert result.detail.select("person_id", "in_numerator").rows() == [("C2", True), ("C3", True)]


def test_an_undecided_contact_is_late_once_its_working_day_has_passed_and_left_out_before(
    engine: Engine,
) -> None:
    data = council_data(
        engine,
        contact("C1", "2025-03-03T09:00"),  # never decided; due Tue 4 Mar: late
        contact("C2", "2025-03-28T09:00"),  # Fri 28 Mar, undecided: due Mon 31 Mar = D, so late at D
        contact("C3", "2025-03-31T09:00"),  # received on D, undecided: due Tue 1 Apr, not yet judged
        # Received on D, decided the next day: a decision D cannot know of, so also not yet judged.
        contact("C4", "2025-03-31T10:00", decided="2025-04-01", outcome="referral"),
    )
    result = compute("FD01", data, D)
    # C1 and C2 late; C3 and C4 left out: 0 of 2.
    assert result.detail.select("person_id", "in_numerator").rows() == [("C1", False), ("C2", False)]
    # As at Tue 1 Apr 2025, C4's decision on its deadline is in time, and C3 (still undecided) is late.
    later = compute("FD01", data, "2025-04-01")
    assert later.detail.filter(person_id="C4")["in_numerator"].to_list() == [True]
    assert later.detail.filter(person_id="C3")["in_numerator"].to_list() == [False]


def test_no_contacts_in_the_year_gives_no_figure(engine: Engine) -> None:
    data = council_data(engine, contact("C1", "2023-06-01T09:00", decided="2023-06-01", outcome="advice"))
    result = compute("FD01", data, D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)


# FD02


def test_contacts_whose_outcome_was_a_referral_share_of_all_contacts(engine: Engine) -> None:
    data = council_data(
        engine,
        contact("C1", "2024-09-02T09:00", decided="2024-09-02", outcome="referral"),
        contact("C2", "2024-09-02T09:00", decided="2024-09-03", outcome="early_help"),
        contact("C3", "2024-09-02T09:00", decided="2024-09-03", outcome="advice"),
        contact("C4", "2024-09-02T09:00", decided="2024-09-03", outcome="no_further_action"),
        # Received on D and referred the next day: at D it has no outcome yet, so it is not a referral.
        contact("C5", "2025-03-31T09:00", decided="2025-04-01", outcome="referral"),
        contact("C6", "2024-03-31T09:00", decided="2024-04-02", outcome="referral"),  # D − 1 year: outside
    )
    result = compute("FD02", data, D)
    # 1 referral (C1) of 5 contacts received in the year = 20%.
    assert (result.numerator, result.denominator, result.value) == (1, 5, 20.0)
    assert result.detail.filter(person_id="C5").select("contact_outcome", "in_numerator").row(0) == (
        None,
        False,
    )
    # A day later C5's referral is known: 2 of 5 (C6 has left the year, C5 is still in it).
    assert compute("FD02", data, "2025-04-01").numerator == 2


def test_no_contacts_gives_no_share_of_referrals(engine: Engine) -> None:
    result = compute("FD02", council_data(engine), D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)


# FD03


def test_a_contact_within_12_months_of_the_child_s_previous_one_is_a_repeat(engine: Engine) -> None:
    data = council_data(
        engine,
        # C1: 1 Jun 2023 + 12 months = 1 Jun 2024, so a contact on 1 Jun 2024 is a repeat.
        contact("C1", "2023-06-01T09:00"),
        contact("C1", "2024-06-01T09:00"),
        # C2: 31 May 2023 + 12 months = 31 May 2024; 1 Jun 2024 is a day too late.
        contact("C2", "2023-05-31T09:00"),
        contact("C2", "2024-06-01T09:00"),
        # C3: its only contact.
        contact("C3", "2024-06-01T09:00"),
    )
    result = compute("FD03", data, D)
    # Contacts in the year: C1, C2, C3 on 1 Jun 2024; only C1's is a repeat: 1 of 3.
    assert (result.numerator, result.denominator) == (1, 3)
    assert result.detail.filter(in_numerator=True)["person_id"].to_list() == ["C1"]


def test_each_contact_in_a_chain_looks_back_to_the_one_before_it(engine: Engine) -> None:
    data = council_data(
        engine,
        contact("C1", "2023-01-02T09:00"),
        contact("C1", "2023-12-01T09:00"),  # before the year, but the previous of the next one
        contact("C1", "2024-11-01T09:00"),  # 11 months after 1 Dec 2023: a repeat
        contact("C1", "2025-03-03T09:00"),  # 4 months after 1 Nov 2024: a repeat
    )
    result = compute("FD03", data, D)
    assert result.detail.select("previous_contact_date", "in_numerator").rows() == [
        (day("2023-12-01"), True),
        (day("2024-11-01"), True),
    ]


def test_two_contacts_about_a_child_on_the_same_day_are_not_repeats_of_each_other(engine: Engine) -> None:
    data = council_data(
        engine,
        contact("C1", "2024-09-02T09:00"),  # police
        contact("C1", "2024-09-02T15:00"),  # school, about the same incident
    )
    result = compute("FD03", data, D)
    assert (result.numerator, result.denominator) == (0, 2)


def test_twelve_months_from_29_february_end_on_28_february(engine: Engine) -> None:
    data = council_data(
        engine,
        # As at 31 Mar 2024: 28 Feb 2023 + 12 months = 28 Feb 2024, so 29 Feb 2024 is not a repeat.
        contact("C1", "2023-02-28T09:00"),
        contact("C1", "2024-02-29T09:00"),
        contact("C2", "2023-03-01T09:00"),
        contact("C2", "2024-02-29T09:00"),  # within 12 months of 1 Mar 2023: a repeat
    )
    result = compute("FD03", data, "2024-03-31")
    assert result.detail.select("person_id", "in_numerator").rows() == [("C1", False), ("C2", True)]


def test_repeat_contacts_count_in_the_year_the_repeat_was_received(engine: Engine) -> None:
    data = council_data(
        engine,
        contact("C1", "2023-09-04T09:00"),
        contact("C1", "2024-03-31T09:00"),  # a repeat, but received D − 1 year: outside
        contact("C1", "2025-03-31T09:00"),  # received on D: inside, a year to the day after the last
    )
    result = compute("FD03", data, D)
    # 31 Mar 2024 + 12 months = 31 Mar 2025: the contact on D is a repeat, 1 of 1.
    assert result.detail.select("previous_contact_date", "in_numerator").rows() == [(day("2024-03-31"), True)]


def test_no_contacts_gives_no_share_of_repeats(engine: Engine) -> None:
    data = council_data(engine, contact("C1", "2025-04-01T09:00"))  # after D
    result = compute("FD03", data, D)
    assert (result.value, result.numerator, result.denominator) == (None, 0, 0)
