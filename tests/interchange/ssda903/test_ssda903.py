"""The SSDA903 return, read and written: small hand-written returns whose rows are worked out by hand,
bad input of every kind, and the synthetic council's return checked by the DfE's own rules and
carried through an export, a load and a second export."""

from __future__ import annotations

import datetime as dt
import functools
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from lineofsight import store
from lineofsight.data import CouncilData
from lineofsight.interchange.loading import Batch, InputError, apply_batch
from lineofsight.interchange.returns import load_return
from lineofsight.interchange.ssda903 import read_ssda903, write_ssda903
from lineofsight.interchange.ssda903.episodes import episodes_of
from lineofsight.interchange.ssda903.tables import COLUMNS
from lineofsight.interchange.validation import Report, validate
from lineofsight.measures.report import compute_all
from lineofsight.model.looked_after import ClaEpisode, Placement
from lineofsight.settings import Settings
from lineofsight.synth import postcodes
from lineofsight.synth.postcodes import COUNCIL_CODE
from tests import builders
from tests.builders import council_data
from tests.interchange.councils import council

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = FIXTURES / "903_2026_small"  # 2025-26: A1 in and out of care twice, B2 moves, C3 in care since 2024
OPEN_2025 = FIXTURES / "903_2025_open"  # E5 looked after at 31 March 2025 under V2 since 10 March
CLOSED_2026 = FIXTURES / "903_2026_closed"  # ... and E5 went home on 1 June 2025
BAD_ROWS = FIXTURES / "903_2026_bad_rows"
END = dt.date(2026, 3, 31)


d = builders.day


def load(engine: Engine, path: Path) -> Any:
    with engine.connect() as connection:
        batch = read_ssda903(path, connection)
    with store.transaction(engine) as connection:
        return apply_batch(connection, batch)


rows = builders.stored_rows


# ---------------------------------------------------------------------- a small hand-written return


def test_a_small_return_reads_as_exactly_these_rows() -> None:
    batch = read_ssda903(SMALL)
    assert batch.rejections == []
    # The header: sex M/F -> 1/2; UN5 is the DfE's "UPN not known", so no UPN is said.
    assert batch.tables["person"] == [
        {"person_id": "A1", "person_sex": "1", "person_ethnicity": "WBRI", "person_dob": d("2015-06-15"),
         "person_upn": "A123456789012"},
        {"person_id": "B2", "person_sex": "2", "person_ethnicity": "MWBC", "person_dob": d("2010-02-02")},
        {"person_id": "C3", "person_sex": "1", "person_ethnicity": "WBRI", "person_dob": d("2008-09-01")},
        {"person_id": "D4", "person_sex": "2", "person_ethnicity": "WOTH", "person_dob": d("2005-10-10")},
    ]  # fmt: skip
    # A1 comes into care twice (two S episodes) and goes home twice (E4A). B2's one period is still
    # open. C3's only episode is a move (P) on 15/02/2024 in a period begun before it: with no
    # database to say when, the period is taken to start there, with reason P, and its start is marked
    # provisional (it began then or earlier); the placement did begin that day (a move).
    assert batch.tables["cla_episodes"] == [
        {"cla_episode_id": "A1/care/2025-05-01", "person_id": "A1", "cla_episode_start_date": d("2025-05-01"),
         "cla_episode_start_reason": "S", "cla_primary_need_code": "N1",
         "cla_episode_ceased_date": d("2025-06-20"), "cla_episode_ceased_reason": "E4A", "home_postcode": "HU1 1HU",  # noqa: E501
         "cla_episode_start_provisional": False},
        {"cla_episode_id": "A1/care/2025-09-01", "person_id": "A1", "cla_episode_start_date": d("2025-09-01"),
         "cla_episode_start_reason": "S", "cla_primary_need_code": "N1",
         "cla_episode_ceased_date": d("2025-12-10"), "cla_episode_ceased_reason": "E4A", "home_postcode": "HU1 1HU",  # noqa: E501
         "cla_episode_start_provisional": False},
        {"cla_episode_id": "B2/care/2025-04-10", "person_id": "B2", "cla_episode_start_date": d("2025-04-10"),
         "cla_episode_start_reason": "S", "cla_primary_need_code": "N2",
         "cla_episode_ceased_date": None, "cla_episode_ceased_reason": None, "home_postcode": "HU5 1BT",
         "cla_episode_start_provisional": False},
        {"cla_episode_id": "C3/care/2024-02-15", "person_id": "C3", "cla_episode_start_date": d("2024-02-15"),
         "cla_episode_start_reason": "P", "cla_primary_need_code": "N4",
         "cla_episode_ceased_date": None, "cla_episode_ceased_reason": None, "home_postcode": "HU9 3PZ",
         "cla_episode_start_provisional": True},
    ]  # fmt: skip
    # A1's second period changes legal status only (L on 03/09: police protection L1 -> V2): two
    # legal statuses, one placement. Each ends with its period, or where the next begins.
    assert [
        (r["legal_status_id"], r["cla_episode_id"], r["legal_status"], r["legal_status_start_date"],
         r["legal_status_end_date"])
        for r in batch.tables["legal_statuses"]
    ] == [
        ("A1/legal-status/2025-05-01", "A1/care/2025-05-01", "V2", d("2025-05-01"), d("2025-06-20")),
        ("A1/legal-status/2025-09-01", "A1/care/2025-09-01", "L1", d("2025-09-01"), d("2025-09-03")),
        ("A1/legal-status/2025-09-03", "A1/care/2025-09-01", "V2", d("2025-09-03"), d("2025-12-10")),
        ("B2/legal-status/2025-04-10", "B2/care/2025-04-10", "C2", d("2025-04-10"), None),
        ("C3/legal-status/2024-02-15", "C3/care/2024-02-15", "C2", d("2024-02-15"), None),
    ]  # fmt: skip
    # B2 changes placement only (P on 01/08): the first placement ends that day, for the reason its
    # last episode gives (CARPL); the children's home has a URN; XXXXXXX means none. U4 is long-term.
    assert batch.tables["placements"] == [
        {"placement_id": "A1/placement/2025-05-01", "cla_episode_id": "A1/care/2025-05-01", "person_id": "A1",
         "placement_start_date": d("2025-05-01"), "placement_end_date": d("2025-06-20"), "placement_type": "U6",  # noqa: E501
         "placement_provider": "PR1", "placement_long_term": False, "placement_postcode": "HU3 5EQ",
         "placement_urn": None, "placement_start_provisional": False},
        {"placement_id": "A1/placement/2025-09-01", "cla_episode_id": "A1/care/2025-09-01", "person_id": "A1",
         "placement_start_date": d("2025-09-01"), "placement_end_date": d("2025-12-10"), "placement_type": "U6",  # noqa: E501
         "placement_provider": "PR1", "placement_long_term": False, "placement_postcode": "HU3 5EQ",
         "placement_urn": None, "placement_start_provisional": False},
        {"placement_id": "B2/placement/2025-04-10", "cla_episode_id": "B2/care/2025-04-10", "person_id": "B2",
         "placement_start_date": d("2025-04-10"), "placement_end_date": d("2025-08-01"), "placement_type": "U6",  # noqa: E501
         "placement_provider": "PR1", "placement_long_term": False, "placement_postcode": "HU8 0NL",
         "placement_urn": None, "placement_change_reason": "CARPL",
         "placement_start_provisional": False},
        {"placement_id": "B2/placement/2025-08-01", "cla_episode_id": "B2/care/2025-04-10", "person_id": "B2",
         "placement_start_date": d("2025-08-01"), "placement_end_date": None, "placement_type": "K2",
         "placement_provider": "PR4", "placement_long_term": False, "placement_postcode": "LS1 1UR",
         "placement_urn": "SC123456", "placement_start_provisional": False},
        {"placement_id": "C3/placement/2024-02-15", "cla_episode_id": "C3/care/2024-02-15", "person_id": "C3",
         "placement_start_date": d("2024-02-15"), "placement_end_date": None, "placement_type": "U4",
         "placement_provider": "PR1", "placement_long_term": True, "placement_postcode": "HU7 3HN",
         "placement_urn": None, "placement_start_provisional": False},
    ]  # fmt: skip
    # A1's review on 29/05/2025 falls in the first period of care.
    assert batch.tables["cla_reviews"] == [
        {"cla_review_id": "A1/cla-review/2025-05-29", "cla_episode_id": "A1/care/2025-05-01", "person_id": "A1",  # noqa: E501
         "cla_review_date": d("2025-05-29"), "cla_review_participation": "PN1"},
        {"cla_review_id": "B2/cla-review/2025-05-01", "cla_episode_id": "B2/care/2025-04-10", "person_id": "B2",  # noqa: E501
         "cla_review_date": d("2025-05-01"), "cla_review_participation": "PN1"},
    ]  # fmt: skip
    # The 903 gives missing episodes by the day, so they are read as days (stored from midnight).
    assert batch.tables["missing_episodes"] == [
        {"missing_episode_id": "B2/missing/2025-10-05", "person_id": "B2", "missing_episode_type": "missing",
         "missing_episode_start": d("2025-10-05"), "missing_episode_end": d("2025-10-06")},
    ]  # fmt: skip
    # D4's 20th birthday, 10/10/2025, is the one in 2025-26: the OC3 answers are a contact that day
    # (U1: independent living, suitable). With nothing to say when D4 left care, entitlement is taken
    # from the 16th birthday.
    assert batch.tables["care_leaver_contacts"] == [
        {"care_leaver_contact_id": "D4/care-leaver-contact/2025-10-10", "person_id": "D4",
         "contact_date": d("2025-10-10"), "in_touch": "YES", "activity": "F2", "accommodation": "U1",
         "accommodation_suitable": True},
    ]  # fmt: skip
    assert batch.tables["care_leavers"] == [
        {"care_leaver_id": "D4/care-leaver", "person_id": "D4", "care_leaver_eligibility": "former_relevant",
         "care_leaver_eligibility_date": d("2021-10-10")},
    ]  # fmt: skip
    # What the return says of each child for its year, as given: B2 is not a mother (0); A1, C3 and D4
    # left MOTHER blank, which stays blank (never written 0). OC3's answers are kept as given.
    assert batch.tables["child_years"] == [
        {"child_year_id": f"{child}/903/2026", "person_id": child, "return_kind": "903",
         "collection_year": 2026, "upn_unknown": unknown, "mother": mother, "mother_child_dob": None}
        for child, unknown, mother in (
            ("A1", None, None), ("B2", "UN5", "0"), ("C3", "UN5", None), ("D4", "UN5", None)
        )
    ]  # fmt: skip
    assert batch.tables["care_leaver_outcomes"] == [
        {"care_leaver_outcome_id": "D4/oc3/2026", "person_id": "D4", "collection_year": 2026,
         "in_touch": "YES", "activity": "F2", "accommodation": "U1"},
    ]  # fmt: skip
    assert set(batch.tables) == {
        "person", "cla_episodes", "legal_statuses", "placements", "cla_reviews", "missing_episodes",
        "care_leaver_contacts", "care_leavers", "child_years", "care_leaver_outcomes",
    }  # fmt: skip
    # The latest date is A1's leaving care, 10/12/2025: the return is for 2025-26.
    assert batch.notes == [
        "episodes.csv: the first episodes on lines 7 (1 in all) continue a period of care that is not in "
        "the database; each period is taken to start there",
    ]


def test_loading_the_same_return_twice_changes_nothing_the_second_time(engine: Engine) -> None:
    first = load(engine, SMALL)
    # 4 people, 4 periods, 5 legal statuses, 5 placements, 2 reviews, 1 missing, 1 contact, 1 leaver,
    # 4 children's years and 1 set of OC3 answers.
    assert (first.inserted, first.updated, first.unchanged) == (28, 0, 0)
    second = load(engine, SMALL)
    # The second time D4 is a care leaver the database knows, and the contact it holds around D4's
    # birthday says what OC3 says, so the reader says nothing new of either: 28 less those 2.
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, 26)
    assert "care_leavers" not in second.tables and "care_leaver_contacts" not in second.tables
    assert len(rows(engine, "missing_episodes")) == 1


def test_a_later_return_ends_the_period_an_earlier_one_left_open(engine: Engine) -> None:
    load(engine, OPEN_2025)
    assert [(r["cla_episode_id"], r["cla_episode_ceased_date"]) for r in rows(engine, "cla_episodes")] == [
        ("E5/care/2025-03-01", None)
    ]
    # 2025-26 starts with E5's episode of 10/03/2025 (RNE L): it continues the period begun on
    # 01/03/2025, the V2 status begun on 10/03 and the placement begun on 01/03, and ends all three.
    summary = load(engine, CLOSED_2026)
    assert summary.tables["cla_episodes"].updated == 1
    assert [
        (
            r["cla_episode_id"],
            r["cla_episode_start_date"],
            r["cla_episode_ceased_date"],
            r["cla_episode_ceased_reason"],
        )
        for r in rows(engine, "cla_episodes")
    ] == [("E5/care/2025-03-01", d("2025-03-01"), d("2025-06-01"), "E4A")]
    assert [
        (r["legal_status"], r["legal_status_start_date"], r["legal_status_end_date"])
        for r in rows(engine, "legal_statuses")
    ] == [("L2", d("2025-03-01"), d("2025-03-10")), ("V2", d("2025-03-10"), d("2025-06-01"))]
    assert [
        (r["placement_id"], r["placement_start_date"], r["placement_end_date"])
        for r in rows(engine, "placements")
    ] == [("E5/placement/2025-03-01", d("2025-03-01"), d("2025-06-01"))]


PREVIOUS_PERMANENCE = """CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM
A1,15/06/2015,P1,810,14/03/2019
B2,02/02/2010,p2,811,zz/06/2016
C3,01/09/2008,Z1,,
D4,10/10/2005,Z1,,
A1,15/06/2015,P9,,
B2,02/02/2010,P1,810,31/02/2016
C3,01/09/2008,P3,810,2016-06-01
"""


def test_previous_permanence_is_kept_with_the_period_of_care_it_came_before(
    engine: Engine, tmp_path: Path
) -> None:
    folder = tmp_path / "903-2026"
    shutil.copytree(SMALL, folder)
    (folder / "prev_perm.csv").write_text(PREVIOUS_PERMANENCE)
    batch = read_ssda903(folder)
    # A1 came into care twice in 2025-26: the row goes with the first period (1 May 2025). B2's
    # code and date are read in upper case, with ZZ for the day not known. C3's only period began
    # before the year (taken to start on 15/02/2024): the row goes with it. D4 (a care leaver) has no
    # period of care in the return.
    assert batch.tables["previous_permanence"] == [
        {"previous_permanence_id": "A1/previous-permanence/2025-05-01", "person_id": "A1",
         "cla_episode_id": "A1/care/2025-05-01", "previous_permanence_code": "P1",
         "permanence_local_authority": "810", "permanence_order_date": "14/03/2019"},
        {"previous_permanence_id": "B2/previous-permanence/2025-04-10", "person_id": "B2",
         "cla_episode_id": "B2/care/2025-04-10", "previous_permanence_code": "P2",
         "permanence_local_authority": "811", "permanence_order_date": "ZZ/06/2016"},
        {"previous_permanence_id": "C3/previous-permanence/2024-02-15", "person_id": "C3",
         "cla_episode_id": "C3/care/2024-02-15", "previous_permanence_code": "Z1",
         "permanence_local_authority": None, "permanence_order_date": None},
    ]  # fmt: skip
    where = str(folder / "prev_perm.csv")
    assert [(r.file, r.place, r.row, r.field, r.reason) for r in batch.rejections] == [
        (where, "table prev_perm", 5, "CHILD", "the child has no period of care loaded from this return"),
        # One row a child: a second is rejected, whatever it says; the first stands.
        (where, "table prev_perm", 6, "CHILD", "a second row for the child (the first is line 2)"),
        (where, "table prev_perm", 7, "CHILD", "a second row for the child (the first is line 3)"),
        (where, "table prev_perm", 8, "CHILD", "a second row for the child (the first is line 4)"),
    ]  # fmt: skip
    with store.transaction(engine) as connection:
        apply_batch(connection, batch)
    # Written back for 2025-26: the children who started a period of care in the year (A1 and B2;
    # C3's period began in 2024), each with what was loaded.
    written = write_ssda903(engine, 2026, tmp_path / "out")
    (prev_perm,) = [path for path in written if path.name == "prev_perm.csv"]
    assert prev_perm.read_text().splitlines() == [
        "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM",
        "A1,15/06/2015,P1,810,14/03/2019",
        "B2,02/02/2010,P2,811,ZZ/06/2016",
    ]


def test_without_the_earlier_year_the_period_starts_at_the_first_episode_and_the_notes_say_so() -> None:
    batch = read_ssda903(CLOSED_2026)
    assert [
        (r["cla_episode_start_date"], r["cla_episode_start_reason"]) for r in batch.tables["cla_episodes"]
    ] == [(d("2025-03-10"), "L")]
    assert any("on lines 2 (1 in all)" in note and "taken to start there" in note for note in batch.notes)


def test_social_worker_episodes_load_as_allocations_to_workers(engine: Engine) -> None:
    """903_2026_social_workers is 903_2026_small's header and episodes with these social worker episodes:
    line 2  B2 SWW7 10/04/2025-01/06/2025  -> W7; the next line's LEFTRL says W7 left
    line 3  B2 SWW8 01/06/2025-20/07/2025  -> W8; the next line's MANAGE says the case was moved
    line 4  B2 XXXX 20/07/2025-01/09/2025  -> a wait with no worker: no allocation
    line 5  B2 SWW7 01/09/2025-            -> W7 again, still allocated
    line 6  C3 SWW9 15/02/2024-            -> W9, whom the database already holds (team T1)
    line 7  C3 again from 15/02/2024       -> rejected, a duplicate of line 6
    line 8  A1 from 31/13/2025             -> rejected, no such date
    line 9  A1 01/06/2025-01/05/2025       -> rejected, ends before it starts
    W7 and W8 are new: a worker each, from their first day in the return, in the unknown team."""
    unknown = "903-unknown"
    with store.transaction(engine) as connection:
        store.insert_rows(connection, "teams", [builders.team("T1")])
        store.insert_rows(connection, "workers", [builders.worker("W9")])
    folder = FIXTURES / "903_2026_social_workers"
    with engine.connect() as connection:
        batch = read_ssda903(folder, connection)
    assert [(r.file, r.place, r.row, r.field) for r in batch.rejections] == [
        (str(folder / "sw_episodes.csv"), "table sw_episodes", 7, "SW_DECOM"),
        (str(folder / "sw_episodes.csv"), "table sw_episodes", 8, "SW_DECOM"),
        (str(folder / "sw_episodes.csv"), "table sw_episodes", 9, "SW_DEC"),
    ]
    assert "duplicate of line 6" in batch.rejections[0].reason
    assert "ends (01/05/2025) before it starts (01/06/2025)" in batch.rejections[2].reason
    assert any("2 workers the database did not know were added" in n and "1 team" in n for n in batch.notes)
    with store.transaction(engine) as connection:
        apply_batch(connection, batch)
    assert [
        (
            r["allocation_id"],
            r["person_id"],
            r["worker_id"],
            r["team_id"],
            r["allocation_start_date"],
            r["allocation_end_date"],
            r["allocation_end_reason"],
        )
        for r in rows(engine, "allocations")
    ] == [
        ("B2/allocation/2025-04-10", "B2", "W7", unknown, d("2025-04-10"), d("2025-06-01"), "worker_left"),
        ("B2/allocation/2025-06-01", "B2", "W8", unknown, d("2025-06-01"), d("2025-07-20"), "transfer"),
        ("B2/allocation/2025-09-01", "B2", "W7", unknown, d("2025-09-01"), None, None),
        ("C3/allocation/2024-02-15", "C3", "W9", "T1", d("2024-02-15"), None, None),
    ]  # fmt: skip
    assert [
        (
            r["worker_id"],
            r["staff_id"],
            r["team_id"],
            r["worker_forename"],
            r["worker_surname"],
            r["worker_role"],
            r["worker_fte"],
            r["worker_start_date"],
        )
        for r in rows(engine, "workers")
    ] == [
        ("W7", "W7", unknown, None, None, "not_known", None, d("2025-04-10")),
        ("W8", "W8", unknown, None, None, "not_known", None, d("2025-06-01")),
        ("W9", builders.worker("W9")["staff_id"], "T1", "Sam", "Worker", "qualified_social_worker", 1.0,
         d("2020-01-06")),
    ]  # fmt: skip
    assert [(r["team_id"], r["team_name"], r["team_function"]) for r in rows(engine, "teams")] == [
        ("903-unknown", "Team not known (from the SSDA903)", "children_in_care"),
        ("T1", "Team T1", "safeguarding"),
    ]
    # A second load finds the workers and the team: nothing more is added, and nothing changes.
    with engine.connect() as connection:
        again = read_ssda903(folder, connection)
    assert "workers" not in again.tables and "teams" not in again.tables
    assert not any("workers the database did not know" in n for n in again.notes)
    with store.transaction(engine) as connection:
        summary = apply_batch(connection, again)
    assert summary.inserted == 0 and summary.updated == 0


# ------------------------------------------------------- records the database holds under other ids


def test_a_missing_episode_held_with_its_times_is_recognised_by_its_day_and_keeps_them(
    engine: Engine,
) -> None:
    """B2 went missing at 14:30 on 5 October 2025 and came back at 09:15 the next day, as the case
    system recorded it (MI000001). The 903 gives the days only: it is the same episode, and the
    times, which the return-home interview's 72 hours run from, stay."""
    council_data(
        engine,
        builders.person("B2", dob="2010-02-02"),
        builders.missing_episode("B2", start="2025-10-05T14:30", end="2025-10-06T09:15", id="MI000001"),
    )
    summary = load(engine, SMALL)
    assert summary.tables["missing_episodes"].inserted == 0
    assert [
        (r["missing_episode_id"], r["missing_episode_start"], r["missing_episode_end"])
        for r in rows(engine, "missing_episodes")
    ] == [("MI000001", dt.datetime(2025, 10, 5, 14, 30), dt.datetime(2025, 10, 6, 9, 15))]


def test_oc3_adds_no_contact_where_the_one_held_around_the_birthday_says_the_same(engine: Engine) -> None:
    """D4's 20th birthday is 10 October 2025; OC3 says in touch, F2, U1. The database holds a contact
    on 1 October (in the DfE's window, 3 months before to 1 month after) that says the same: it is
    the contact the row describes, and no second one is made on the birthday."""
    council_data(
        engine,
        builders.person("D4", dob="2005-10-10"),
        builders.care_leaver("D4", since="2023-10-10", id="CL000001"),
        builders.care_leaver_contact("D4", "2025-10-01", suitable=True, activity="F2", id="CC0000001")
        | {"accommodation": "U1"},
    )
    load(engine, SMALL)
    assert [r["care_leaver_contact_id"] for r in rows(engine, "care_leaver_contacts")] == ["CC0000001"]


def test_oc3_adds_the_birthday_contact_where_the_one_held_says_otherwise(engine: Engine) -> None:
    """The contact held on 1 October found D4 not in touch: OC3's answer is news, kept on the birthday."""
    council_data(
        engine,
        builders.person("D4", dob="2005-10-10"),
        builders.care_leaver("D4", since="2023-10-10", id="CL000001"),
        builders.care_leaver_contact("D4", "2025-10-01", in_touch="NO", id="CC0000001"),
    )
    load(engine, SMALL)
    assert [(r["care_leaver_contact_id"], r["in_touch"]) for r in rows(engine, "care_leaver_contacts")] == [
        ("CC0000001", "NO"),
        ("D4/care-leaver-contact/2025-10-10", "YES"),
    ]


def social_workers_held(engine: Engine, *allocations: dict[str, Any]) -> None:
    council_data(
        engine,
        builders.team("T1"),
        *(builders.worker(w) for w in ("W7", "W8", "W9")),
        builders.person("B2", dob="2010-02-02"),
        builders.person("C3", dob="2008-09-01"),
        *allocations,
    )


def test_a_childs_last_social_worker_episode_left_open_keeps_the_end_the_database_holds(
    engine: Engine,
) -> None:
    """The DfE asks for each child's last episode to be open: C3's (W9 from 15/02/2024) has no
    SW_DEC, which says nothing of when the allocation ended. The case system's AL0000001 (the same
    child, worker and day) is the allocation, and its end on 30 June 2025 stays."""
    social_workers_held(
        engine, builders.allocation("C3", "W9", start="2024-02-15", end="2025-06-30", id="AL0000001")
    )
    load(engine, FIXTURES / "903_2026_social_workers")
    c3 = [
        (r["allocation_id"], r["allocation_end_date"])
        for r in rows(engine, "allocations")
        if r["person_id"] == "C3"
    ]
    assert c3 == [("AL0000001", d("2025-06-30"))]


def test_a_social_worker_episode_cut_to_the_start_of_care_is_not_taken_for_the_allocation_it_came_from(
    engine: Engine,
) -> None:
    """A natural key that cannot safely say which allocation an episode is: B2 was allocated to W7
    on 3 March 2025, before she came into care on 10 April, and the 903 (which covers the time in
    care) starts the episode on 10 April. Only the same worker from the same day is surely the same
    allocation, so the episode is added beside the one held, which is left as it was: loading a 903
    written from such a database adds this allocation. (Matching by the child and day alone would
    do worse: it would give the next worker's episode, moved back over a short allocation, the
    allocation of the worker before.)"""
    social_workers_held(engine, builders.allocation("B2", "W7", start="2025-03-03", id="AL0000001"))
    load(engine, FIXTURES / "903_2026_social_workers")
    w7 = [
        (r["allocation_id"], r["allocation_start_date"], r["allocation_end_date"])
        for r in rows(engine, "allocations")
        if r["worker_id"] == "W7"
    ]
    assert w7 == [
        ("AL0000001", d("2025-03-03"), None),
        ("B2/allocation/2025-04-10", d("2025-04-10"), d("2025-06-01")),
        ("B2/allocation/2025-09-01", d("2025-09-01"), None),
    ]


# --------------------------------------------------------------------------------------- bad input


def test_bad_rows_are_rejected_with_file_table_line_field_and_reason() -> None:
    """The smallest thing that is wrong goes: a row whose key or meaning cannot be read, or a row that
    cannot stand without one that went; a bad optional field is cleared and reported, the row kept."""
    batch = read_ssda903(BAD_ROWS)
    found = [(Path(r.file).name, r.place, r.row, r.field, r.reason, r.kept) for r in batch.rejections]
    assert found == [
        ("header.csv", "table header", 3, "DOB", "'31/02/2010' is not a real date", False),
        # C3's first header row stands; the second says nothing more.
        ("header.csv", "table header", 5, "CHILD", "the child is in the header table twice (first on line 4)", False),  # noqa: E501
        ("header.csv", "table header", 6, "ETHNIC", "'XXXX' is not a 903 code for ETHNIC", False),
        ("episodes.csv", "table episodes", 4, "CHILD", "the child's header row (line 3) was rejected", False),
        ("episodes.csv", "table episodes", 7, "CHILD", "the child is not in the header table", False),
        ("episodes.csv", "table episodes", 2, "DEC", "the episode ends (01/04/2025) before it starts (01/05/2025)", False),  # noqa: E501
        # A1's next episode begins a period of its own (RNE S): it stands without line 2.
        ("episodes.csv", "table episodes", 6, "LS", "'Z9' is not a 903 code for LS", False),
        ("episodes.csv", "table episodes", 10, "DECOM", "the child has two episodes starting 01/05/2025 (the other on line 9)", False),  # noqa: E501
        ("reviews.csv", "table reviews", 3, "REVIEW", "a second review on 15/05/2025 (duplicate of line 2)", False),  # noqa: E501
        ("reviews.csv", "table reviews", 4, "REVIEW", "'2025-13-01' is not a real date", False),
        # An unknown participation code is an optional field: cleared, the review kept.
        ("reviews.csv", "table reviews", 5, "REVIEW_CODE", "'PN9' is not a 903 code for REVIEW_CODE: left blank, the row kept", True),  # noqa: E501
    ]  # fmt: skip
    # The rejected row is kept as read, for the report file.
    assert batch.rejections[0].values["DOB"] == "31/02/2010"
    assert str(batch.rejections[0]).startswith(
        str(BAD_ROWS / "header.csv") + ", table header, row 3, field 'DOB'"
    )


def test_a_rejected_continuation_episode_leaves_the_episode_before_it_ended() -> None:
    """F6's episode of 01/05/2025 ends on 01/06/2025 with X1 (the period goes on); the next episode
    (line 6, legal status Z9) is rejected. The period stays open, as the return says, but the
    placement and the legal status of the first episode end on 01/06/2025, where the return said
    they changed, rather than running on as if nothing had."""
    batch = read_ssda903(BAD_ROWS)
    (period,) = [r for r in batch.tables["cla_episodes"] if r["person_id"] == "F6"]
    (placement,) = [r for r in batch.tables["placements"] if r["person_id"] == "F6"]
    (legal,) = [r for r in batch.tables["legal_statuses"] if r["person_id"] == "F6"]
    assert period["cla_episode_ceased_date"] is None
    assert placement["placement_end_date"] == d("2025-06-01")
    assert legal["legal_status_end_date"] == d("2025-06-01")


def test_a_return_with_rejected_rows_loads_the_rest(engine: Engine) -> None:
    """Kept: A1, C3 (its first header row), F6, H8 and K9; A1's second period, F6's first episode, H8,
    K9's first episode; H8's reviews of 15/05 and (without its bad code) 01/06, and F6's review."""
    summary = load(engine, BAD_ROWS)
    assert (summary.rejected, summary.cleared) == (10, 1)
    assert [r["person_id"] for r in rows(engine, "person")] == ["A1", "C3", "F6", "H8", "K9"]
    assert [r["cla_episode_id"] for r in rows(engine, "cla_episodes")] == [
        "A1/care/2025-09-01",
        "F6/care/2025-05-01",
        "H8/care/2025-05-01",
        "K9/care/2025-05-01",
    ]
    assert [(r["cla_review_id"], r["cla_review_participation"]) for r in rows(engine, "cla_reviews")] == [
        ("F6/cla-review/2025-05-15", "PN1"),
        ("H8/cla-review/2025-05-15", "PN1"),
        ("H8/cla-review/2025-06-01", None),
    ]


def copy_of_small(tmp_path: Path) -> Path:
    folder = tmp_path / "return-2026"
    shutil.copytree(SMALL, folder)
    return folder


def test_a_missing_episodes_table_refuses_the_whole_return(tmp_path: Path) -> None:
    folder = copy_of_small(tmp_path)
    (folder / "episodes.csv").unlink()
    with pytest.raises(InputError) as error:
        read_ssda903(folder)
    assert str(error.value) == f"{folder}, table episodes: there is no episodes table (episodes.csv)"


def test_a_misspelt_column_is_named_with_its_likely_meaning(tmp_path: Path) -> None:
    folder = copy_of_small(tmp_path)
    path = folder / "episodes.csv"
    path.write_text(path.read_text().replace("DECOM", "DECCOM", 1))
    with pytest.raises(InputError) as error:
        read_ssda903(folder)
    assert str(error.value) == (
        f"{path}, table episodes, row 1, field 'DECOM': the column DECOM is missing "
        "(is 'DECCOM' a misspelling of it?)"
    )


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("header.xlsx", b"PK\x03\x04", "is not a CSV file: the header table must be a .csv"),
        ("header.csv", b"", "the file is empty"),
        ("header.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "is not a CSV file (it holds binary data)"),
        ("header.csv", "CHILD,SEX\n".encode("utf-16"), "is not a CSV file (it holds binary data)"),
        ("header.csv", b"\xff\xfe\xfa not utf8", "is not a UTF-8 CSV file"),
        ("header.csv", b"\n\n", "the file has no heading row"),
    ],
)
def test_a_file_that_is_no_903_table_refuses_the_whole_return(
    tmp_path: Path, name: str, content: bytes, says: str
) -> None:
    folder = copy_of_small(tmp_path)
    (folder / "header.csv").unlink()
    (folder / name).write_bytes(content)
    with pytest.raises(InputError) as error:
        read_ssda903(folder)
    assert str(error.value).startswith(f"{folder / name}, table header")
    assert says in str(error.value)


def test_a_file_instead_of_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a file, not a folder of SSDA903 CSV tables"):
        read_ssda903(SMALL / "header.csv")
    with pytest.raises(InputError, match="there is no such folder"):
        read_ssda903(tmp_path / "nowhere")


def test_files_are_recognised_by_their_usual_names_in_any_case(tmp_path: Path) -> None:
    folder = tmp_path / "return"
    folder.mkdir()
    (folder / "SSDA903_2026_Header.CSV").write_bytes((SMALL / "header.csv").read_bytes())
    (folder / "episodes.csv").write_bytes((SMALL / "episodes.csv").read_bytes())
    (folder / "Placed for adoption.csv").write_text(",".join(COLUMNS["placed_adoption"]) + "\n")
    (folder / "notes.txt").write_text("not a table")
    batch = read_ssda903(folder)
    assert len(batch.tables["person"]) == 4
    assert "adoptions" not in batch.tables  # the placed-for-adoption table was read: it is empty


def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    """One of the small return's tables with a slice cut out, some text put in, or random bytes."""
    name = draw(st.sampled_from(sorted(p.name for p in SMALL.iterdir())))
    text = (SMALL / name).read_text()
    choice = draw(st.sampled_from(["cut", "insert", "bytes"]))
    if choice == "bytes":
        return name, draw(st.binary(min_size=1, max_size=300))
    start = draw(st.integers(0, len(text) - 1))
    if choice == "cut":
        return name, (text[:start] + text[start + draw(st.integers(1, 200)) :]).encode()
    junk = draw(st.text(st.sampled_from(list(',"\n/0123456789SPLXU ')) | st.characters(), max_size=30))
    return name, (text[:start] + junk + text[start:]).encode("utf-8", "surrogatepass")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=st.composite(damaged)())
def test_any_damaged_return_gives_a_batch_or_an_input_error(tmp_path: Path, case: tuple[str, bytes]) -> None:
    name, content = case
    folder = tmp_path / "damaged-2026"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(SMALL, folder)
    (folder / name).write_bytes(content)
    try:
        batch = read_ssda903(folder)
    except InputError as error:
        assert str(error).startswith(str(folder))
        return
    assert isinstance(batch, Batch)
    # Foreign keys hold: every record kept hangs off a child and a period of care that were kept.
    people = {row["person_id"] for row in batch.tables.get("person", [])}
    periods = {row["cla_episode_id"] for row in batch.tables.get("cla_episodes", [])}
    for table, kept in batch.tables.items():
        for row in kept:
            assert row["person_id"] in people, table
            if table in ("legal_statuses", "placements", "cla_reviews"):
                assert row["cla_episode_id"] in periods, table


def test_a_failed_load_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    load(engine, OPEN_2025)
    before = rows(engine, "cla_episodes")
    folder = tmp_path / "broken-2026"
    shutil.copytree(CLOSED_2026, folder)
    (folder / "episodes.csv").write_text("CHILD,DECOM\nE5,10/03/2025\n")
    with pytest.raises(InputError):
        load(engine, folder)
    assert rows(engine, "cla_episodes") == before


# ---------------------------------------------------------------------- the synthetic council


@functools.cache
def ssda903(profile: str, year: int) -> Path:
    """The council's 903 return for the year ending 31 March `year`, as a folder."""
    engine = store.connect(str(council(profile)))
    try:
        folder = council(profile).parent / f"903_{year}"
        write_ssda903(engine, year, folder)
        return folder
    finally:
        engine.dispose()


CHECKED = [(p, y) for p in ("stretched", "stable", "england") for y in (2025, 2026)] + [("stretched", 2023)]


@pytest.fixture(scope="module")
def dfe_reports() -> dict[tuple[str, int], Report]:
    """The DfE's rules over each return; they run in their own interpreter, two at a time."""
    folders = {case: ssda903(*case) for case in CHECKED}
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {
            case: pool.submit(validate, "903", folder, case[1], COUNCIL_CODE)
            for case, folder in folders.items()
        }
        return {case: future.result() for case, future in futures.items()}


# Rules that fail returns that are right, each explained where the test looks at its failures.
MISFIRING = ("SW11bSTG2", "SW12STG2")


def periods_in_year(folder: Path) -> dict[str, int]:
    """How many periods of care each child has episodes of in the return (S episodes, or one)."""
    counts: dict[str, int] = {}
    for line in (folder / "episodes.csv").read_text().splitlines()[1:]:
        child, _, rne = line.split(",")[:3]
        counts[child] = counts.get(child, 0) + (rne == "S") if child in counts else 1
    return counts


@pytest.mark.parametrize(("profile", "year"), CHECKED)
def test_the_synthetic_councils_return_fails_no_dfe_error_rule(
    dfe_reports: dict[tuple[str, int], Report], profile: str, year: int
) -> None:
    report = dfe_reports[(profile, year)]
    assert report.rules_checked > 250
    # 231 reads a column the package never makes and 233 fails on an open episode: they raise on
    # every return with those data, and are reported as not run, never as passes.
    assert {rule.code for rule in report.not_run} <= {"231", "233"}
    errors = [rule for rule in report.errors if rule.code not in MISFIRING]
    assert [(rule.code, rule.message, rule.locations[:3]) for rule in errors] == []
    folder = ssda903(profile, year)
    # SW12STG2 asks that every social worker episode start after the DECOM of an S episode that is
    # not the period's last and before the DEC of an episode that ends one: a child who leaves care
    # and comes back in the same year can meet neither. Those children are its only failures.
    twice = {child for child, count in periods_in_year(folder).items() if count > 1}
    # SW11bSTG2 ("ended before 31 March and no subsequent episode") fails any social worker episode
    # ending in the last 5 days of the year that has one before it, even with the next one given.
    social_workers = folder / "sw_episodes.csv"  # collected from 2024-25
    workers = (
        [line.split(",") for line in social_workers.read_text().splitlines()[1:]] if year >= 2025 else []
    )
    last_days = {d(f"{year}-03-{day}") for day in range(26, 32)}
    for rule in report.errors:
        if rule.code == "SW12STG2":
            assert set(rule.children) <= twice
        if rule.code == "SW11bSTG2":
            for location in rule.locations:
                assert location.row is not None
                child, _, _, _, ended, _ = workers[location.row]
                assert dt.datetime.strptime(ended, "%d/%m/%Y").date() in last_days
                assert workers[location.row + 1][0] == child  # the subsequent episode is there


def test_the_return_is_the_same_files_every_time(tmp_path: Path) -> None:
    engine = store.connect(str(council("stretched")))
    try:
        again = write_ssda903(engine, 2026, tmp_path / "again")
    finally:
        engine.dispose()
    assert [path.name for path in again] == [
        "header.csv", "episodes.csv", "reviews.csv", "uasc.csv", "oc2.csv", "oc3.csv", "ad1.csv",
        "placed_adoption.csv", "prev_perm.csv", "missing.csv", "sw_episodes.csv",
    ]  # fmt: skip
    for path in again:
        assert path.read_bytes() == (ssda903("stretched", 2026) / path.name).read_bytes(), path.name
    first = (again[0].read_text().splitlines()[0], again[1].read_text().splitlines()[0])
    assert first == ("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB", ",".join(COLUMNS["episodes"]))


def test_years_before_2024_25_have_no_social_worker_table_and_code_sex_as_numbers() -> None:
    folder = ssda903("stretched", 2023)
    assert not (folder / "sw_episodes.csv").exists()
    sexes = {line.split(",")[1] for line in (folder / "header.csv").read_text().splitlines()[1:]}
    assert sexes <= {"1", "2"}
    sexes = {
        line.split(",")[1]
        for line in (ssda903("stretched", 2026) / "header.csv").read_text().splitlines()[1:]
    }
    assert sexes <= {"M", "F", "U"}


ROUND_TRIP_YEARS = (2023, 2024, 2025, 2026)
# The measures the 903 carries whole at 31 March 2026, from the returns of 2022-23 on: LA01 (looked
# after at D), LA02 (placements in the year), LA03 (2½ years in care and 2 in the placement: the
# returns reach back to April 2022, and a period or placement that began before is at least that old
# either way), LA04 (reviews, each due from the one before), CL01-CL03 (OC3). Left out: LA05 (visits),
# LA06 and LA07 (the 903 says whether a health assessment or PEP was held, not when), LA08 (return
# interviews), LA09 (connected carers' approvals), LA10 (needs the day a child adopted since 2023
# came into care, often before the first return loaded), LA11 (distances come from the DfE's postcode
# directory, which lineofsight does not ship) and CL04 (pathway plans).
CARRIED = ("LA01", "LA02", "LA03", "LA04", "CL01", "CL02", "CL03")


def test_a_return_loaded_and_written_again_is_the_same_files_and_the_same_measures(
    engine: Engine, tmp_path: Path
) -> None:
    for year in ROUND_TRIP_YEARS:  # oldest first, as a council would load its history
        _, batch = load_return(engine, "903", ssda903("stretched", year), year=year)
        assert batch.rejections == []
    # Every table comes back byte for byte, the social worker episodes too: each allocation keeps why
    # it began (SW_REASON) and each wait for a worker (XXXX) is kept as an unallocated spell, so
    # the first episode of a child's run no longer depends on allocations before the return.
    for year in ROUND_TRIP_YEARS:
        for path in write_ssda903(engine, year, tmp_path / str(year)):
            original = ssda903("stretched", year) / path.name
            assert path.read_bytes() == original.read_bytes(), (year, path.name)
    source = store.connect(str(council("stretched")))
    try:
        options = Settings(population_0_17=35_000)
        before = compute_all(CouncilData(source), END, options, CARRIED)
        after = compute_all(CouncilData(engine), END, options, CARRIED)
    finally:
        source.dispose()
    figures = [(v.measure.code, v.result.value, v.result.numerator, v.result.denominator) for v in before]
    assert figures == [
        (v.measure.code, v.result.value, v.result.numerator, v.result.denominator) for v in after
    ]
    assert all(value is not None for _, value, _, _ in figures)


# ------------------------------------------------------------------------- episodes from the model


def period(start: str, ceased: str | None = None, reason: str | None = None) -> dict[str, Any]:
    return {
        "cla_episode_id": "P1",
        "person_id": "C1",
        "cla_episode_start_date": d(start),
        "cla_episode_start_reason": "S",
        "cla_primary_need_code": "N1",
        "cla_episode_ceased_date": d(ceased) if ceased else None,
        "cla_episode_ceased_reason": reason,
        "home_postcode": "HU1 1HU",
    }


def legal(status: str, start: str, end: str | None = None) -> dict[str, Any]:
    return {
        "legal_status_id": f"L-{start}",
        "legal_status": status,
        "legal_status_start_date": d(start),
        "legal_status_end_date": d(end) if end else None,
        "legal_status_start_provisional": False,
    }


def placement(kind: str, start: str, end: str | None = None, reason: str | None = None) -> dict[str, Any]:
    return {
        "placement_id": f"PL-{start}",
        "placement_type": kind,
        "placement_provider": "PR1",
        "placement_start_date": d(start),
        "placement_end_date": d(end) if end else None,
        "placement_postcode": "HU3 5EQ",
        "placement_urn": None,
        "placement_change_reason": reason,
    }


def test_episodes_start_at_each_change_and_say_what_changed() -> None:
    """1 June: a placement order (C1 -> E1) and a move to foster carers approved as adopters on the
    same day: B. 1 September: placed for adoption with those same carers (U5 -> A5): T. Each episode
    that ends in a move carries the reason the placement it leaves ended."""
    found = episodes_of(
        period("2025-01-01"),
        [legal("C1", "2025-01-01", "2025-06-01"), legal("E1", "2025-06-01")],
        [
            placement("U6", "2025-01-01", "2025-06-01", "LAREQ"),
            placement("U5", "2025-06-01", "2025-09-01", "CARPL"),
            placement("A5", "2025-09-01"),
        ],
    )
    assert [
        (e.start, e.rne, e.legal_status, e.place, e.end, e.rec, e.reason_place_change) for e in found
    ] == [
        (d("2025-01-01"), "S", "C1", "U6", d("2025-06-01"), "X1", "LAREQ"),
        (d("2025-06-01"), "B", "E1", "U5", d("2025-09-01"), "X1", "CARPL"),
        (d("2025-09-01"), "T", "E1", "A5", None, None, None),
    ]


def test_a_change_of_legal_status_alone_is_an_l_episode_and_care_ends_with_the_last() -> None:
    """A placement that begins on the day care ends is not an episode: the 903 cannot show it."""
    found = episodes_of(
        period("2025-01-01", "2025-08-01", "E4A"),
        [legal("L1", "2025-01-01", "2025-01-03"), legal("V2", "2025-01-03", "2025-08-01")],
        [placement("U6", "2025-01-01", "2025-08-01"), placement("U3", "2025-08-01", "2025-08-01")],
    )
    assert [(e.start, e.rne, e.legal_status, e.place, e.end, e.rec) for e in found] == [
        (d("2025-01-01"), "S", "L1", "U6", d("2025-01-03"), "X1"),
        (d("2025-01-03"), "L", "V2", "U6", d("2025-08-01"), "E4A"),
    ]


def test_placement_distances_are_the_miles_between_real_postcodes() -> None:
    """Homes are postcodes in Kingston upon Hull; a placement's distance is the straight line from the
    home postcode, as the DfE works it out, so LA11 (over 20 miles) means what the 903 would say."""
    engine = store.connect(str(council("stretched")))
    try:
        with engine.connect() as connection:
            periods = {
                r["cla_episode_id"]: r for r in connection.execute(select(ClaEpisode.__table__)).mappings()
            }
            placed = list(connection.execute(select(Placement.__table__)).mappings())
    finally:
        engine.dispose()
    homes = {code for code, _, _ in postcodes.HOME}
    assert {p["home_postcode"] for p in periods.values() if p["home_postcode"]} <= homes
    distances = [p["placement_distance_miles"] for p in placed]
    for row in placed:
        home = periods[row["cla_episode_id"]]["home_postcode"]
        assert row["placement_distance_miles"] == postcodes.miles(home, row["placement_postcode"])
    far = sum(1 for miles in distances if miles > 20)
    assert 0.1 * len(placed) < far < 0.5 * len(placed)


# ---------------------------------------------------------------------- the writer's cohorts


def legal_status(child: str, status: str, start: str, end: str | None = None) -> dict[str, Any]:
    return {
        "legal_status_id": f"LS-{child}-{start}",
        "cla_episode_id": f"CLA-{child}-{start}" if child == "C2" else "CLA-C1-2024-01-09",
        "person_id": child,
        "legal_status": status,
        "legal_status_start_date": d(start),
        "legal_status_end_date": d(end) if end else None,
        "legal_status_start_provisional": False,
    }


def test_the_writer_picks_each_tables_children_as_the_dfe_asks(engine: Engine, tmp_path: Path) -> None:
    """2025-26. C1: in care since 09/01/2024 (so in OC2, not in PREV_PERM), a review this year and one
    last year, a missing night. C2: in care 01/05/2025 to 01/07/2025 (so in PREV_PERM, not in OC2),
    missing from 30/06 until after care ended, so closed on 01/07 in the return. C3: a care leaver
    whose 19th birthday, 10/05/2025, is in the year, in touch on 20/04/2025 (OC3 and header only)."""
    council_data(
        engine,
        builders.person("C1", dob="2010-06-01"),
        builders.person("C2", dob="2015-03-01"),
        builders.person("C3", dob="2006-05-10"),
        builders.cla_episode("C1", start="2024-01-09"),
        builders.cla_episode("C2", start="2025-05-01", ceased="2025-07-01"),
        legal_status("C1", "C2", "2024-01-09"),
        legal_status("C2", "V2", "2025-05-01", "2025-07-01"),
        builders.placement("C1", start="2024-01-09", episode="CLA-C1-2024-01-09"),
        builders.placement("C2", start="2025-05-01", end="2025-07-01", episode="CLA-C2-2025-05-01"),
        builders.cla_review("C1", "2025-02-01", episode="CLA-C1-2024-01-09"),
        builders.cla_review("C1", "2025-07-01", episode="CLA-C1-2024-01-09"),
        builders.missing_episode("C1", start="2025-06-01T20:00", end="2025-06-02T10:00"),
        builders.missing_episode("C2", start="2025-06-30T20:00", end="2025-07-03T10:00"),
        builders.care_leaver("C3", since="2024-05-10"),
        builders.care_leaver_contact("C3", "2025-04-20", suitable=True, activity="F2"),
    )
    written = {path.name: path.read_text() for path in write_ssda903(engine, 2026, tmp_path)}
    body = {name: text.splitlines()[1:] for name, text in written.items()}
    # Sex 0 (not known) is U from 2024-25; no UPN: UN5, all being of school age; no girls, no MOTHER.
    assert body["header.csv"] == [
        "C1,U,01/06/2010,NOBT,UN5,,",
        "C2,U,01/03/2015,NOBT,UN5,,",
        "C3,U,10/05/2006,NOBT,UN5,,",
    ]
    assert body["episodes.csv"] == [
        "C1,09/01/2024,S,C2,N1,U4,PR1,,,,,,XXXXXXX",
        "C2,01/05/2025,S,V2,N1,U4,PR1,01/07/2025,E4A,,,,XXXXXXX",
    ]
    assert body["reviews.csv"] == ["C1,01/06/2010,01/07/2025,PN1"]
    assert body["missing.csv"] == [
        "C1,01/06/2010,M,01/06/2025,02/06/2025",
        "C2,01/03/2015,M,30/06/2025,01/07/2025",
    ]
    # C1 is 15 at 31 March. No OC2 was loaded, so nothing is said of an SDQ, convictions,
    # immunisations or substance misuse: blank, never a made-up 0 or SDQ5. TEETH_CHECK and
    # HEALTH_ASSESSMENT are derived, as the specification defines them, from the dental checks and
    # health assessments held in the year: none, so 0.
    assert body["oc2.csv"] == ["C1,01/06/2010,,,,,,0,0,,,"]
    assert body["oc3.csv"] == ["C3,10/05/2006,YES,F2,"]
    # Nothing is held of C2's permanence before care: no row is made up (Z1 would say "none or not
    # known" on the council's behalf). A loaded PREV_PERM row is written as given (its own test).
    assert body["prev_perm.csv"] == []
    assert body["uasc.csv"] == body["ad1.csv"] == body["placed_adoption.csv"] == body["sw_episodes.csv"] == []


# ------------------------------------------------------------------ a return kept whole (issue 14)

OTHER_TOOL_2027 = FIXTURES / "903_2027_other_tool"  # 2026-27 as another tool writes it


def test_a_2026_27_return_from_another_tool_is_written_back_field_for_field(
    engine: Engine, tmp_path: Path
) -> None:
    """Another tool's 2026-27 return: files named SSDA903_2027_*.csv, a BOM and CRLF in the header
    table, codes in lower case, an episodes column that is no 903 column (NOTES), a reviews table
    without REVIEW_CODE, an empty missing table (zero bytes) and a prev_perm table of one newline.
    Loaded into an empty database and written for 2026-27, every field comes back as given, but
    where the specification says otherwise (each said below)."""
    summary, batch = load_return(engine, "903", OTHER_TOOL_2027, year=2027)
    assert batch.rejections == []
    assert summary.notes == [
        "SSDA903_2027_Episodes.csv: 'NOTES' is not a column of the episodes table: not read",
        "SSDA903_2027_Missing.csv: the missing table is empty: no rows",
        "SSDA903_2027_PrevPerm.csv: the prev_perm table is empty: no rows",
        "SSDA903_2027_Reviews.csv: the reviews table has no column REVIEW_CODE: read as blank",
    ]
    written = {path.name: path.read_text().splitlines()[1:] for path in write_ssda903(engine, 2027, tmp_path)}
    # SEX is written in the year's code set (M, F from 2024-25) from the 1 and 2 given; codes in upper
    # case. L1's MOTHER 1 and her child's birth date are kept; L2's and L3's MOTHER blank stays blank
    # (never 0); L2's UN2 is kept as given.
    assert written["header.csv"] == [
        "L1,F,10/01/2010,WBRI,A123456789013,1,05/03/2026",
        "L2,M,01/06/2009,OOTH,UN2,,",
        "L3,M,15/08/2007,WBRI,UN5,,",
    ]
    assert written["episodes.csv"] == [
        "L1,01/02/2025,S,C2,N1,U4,PR1,,,,HU1 1HU,HU3 5EQ,XXXXXXX",
        "L2,01/07/2026,S,V2,N4,U6,PR1,,,,,HU3 5EQ,XXXXXXX",
    ]
    assert written["reviews.csv"] == ["L1,10/01/2010,15/05/2026,"]  # the code no file gave: blank
    # L2's DUC is the date given (20/02/2027), not the 18th birthday (01/06/2027).
    assert written["uasc.csv"] == ["L2,M,01/06/2009,20/02/2027"]
    # OC2 as given: no SDQ score with reason SDQ2, CONVICTED and SUBSTANCE_MISUSE blank (never 0),
    # IMMUNISATIONS 1, the health assessment and dental check as said.
    assert written["oc2.csv"] == ["L1,10/01/2010,,SDQ2,,,1,1,1,,,"]
    # OC3: in touch, activity and accommodation 0 ("no information"), written 0, never blank.
    assert written["oc3.csv"] == ["L3,15/08/2007,YES,0,0"]
    # The deprivation of liberty order, a 2026-27 table, read, kept and written.
    assert written["dolo.csv"] == ["L1,10/01/2010,01/06/2026,30/11/2026"]
    assert written["missing.csv"] == written["prev_perm.csv"] == written["sw_episodes.csv"] == []
    assert [(r["person_id"], r["deprivation_start_date"], r["deprivation_end_date"]) for r in rows(
        engine, "deprivations_of_liberty"
    )] == [("L1", d("2026-06-01"), d("2026-11-30"))]  # fmt: skip


OLDER_TOOL_2018 = FIXTURES / "SSDA903_2017-18"  # a 2017-18 return in an older column set, two years


def test_a_2017_18_return_in_an_older_column_set_spanning_two_years_is_kept_whole(
    engine: Engine, tmp_path: Path
) -> None:
    """A 2017-18 return as an older tool wrote it: a folder that names its year (no `--year`), a header
    table with CRLF and no MC_DOB column, an episodes table without PLACE_PROVIDER and URN (the older
    column set) holding K1's episode of 2016-17 beside those of 2017-18, codes in lower case, and an
    OC3 table of headings only. Nothing is rejected; the columns not given are read as blank and the
    notes say so; each year's rows go to that year's return when written back."""
    summary, batch = load_return(engine, "903", OLDER_TOOL_2018)
    assert batch.rejections == []
    assert summary.notes == [
        "episodes.csv: the episodes table has no column PLACE_PROVIDER, URN: read as blank",
        "header.csv: the header table has no column MC_DOB: read as blank",
    ]
    written = {
        year: {path.name: path.read_text().splitlines()[1:] for path in write_ssda903(engine, year, folder)}
        for year, folder in ((2017, tmp_path / "2017"), (2018, tmp_path / "2018"))
    }
    # 2017-18: the episodes open in the year, as given but for the columns no file gave (blank) and
    # codes in upper case (p -> P); K1's first episode ended on 1 January 2017, before the year.
    # K2's MOTHER 0 and UPN UN1 are kept as given (never a blank made 0, nor a 0 made blank).
    assert written[2018]["episodes.csv"] == [
        "K1,01/01/2017,P,C2,N1,U5,,,,,HU1 1HU,HU3 5EQ,",
        "K2,05/06/2016,S,V2,N4,U6,,30/06/2017,E8,,HU1 1HU,HU3 5EQ,",
    ]
    assert written[2018]["header.csv"] == [
        "K1,1,14/03/2005,WBRI,A123456789012,,",
        "K2,2,02/11/2003,MWBC,UN1,0,",
    ]
    assert written[2018]["reviews.csv"] == ["K1,14/03/2005,01/06/2017,PN0"]
    assert written[2018]["oc3.csv"] == []
    # 2016-17, which the file also spoke of: K1's two episodes (the first ending with X1 and its
    # reason for the move, upper-cased) and K2's, open at 31 March 2017; K1's review of June 2016.
    assert written[2017]["episodes.csv"] == [
        "K1,10/05/2016,S,C2,N1,U4,,01/01/2017,X1,CARPL,HU1 1HU,HU3 5EQ,",
        "K1,01/01/2017,P,C2,N1,U5,,,,,HU1 1HU,HU3 5EQ,",
        "K2,05/06/2016,S,V2,N4,U6,,,,,HU1 1HU,HU3 5EQ,",
    ]
    assert written[2017]["reviews.csv"] == ["K1,14/03/2005,20/06/2016,PN1"]


def test_the_2026_27_return_has_a_dolo_table_and_earlier_years_none(engine: Engine, tmp_path: Path) -> None:
    load_return(engine, "903", OTHER_TOOL_2027, year=2027)
    names = {
        year: {p.name for p in write_ssda903(engine, year, tmp_path / str(year))} for year in (2026, 2027)
    }
    assert names[2027] - names[2026] == {"dolo.csv"}


def test_an_empty_optional_table_is_a_table_with_no_rows_but_an_empty_header_table_is_refused(
    tmp_path: Path,
) -> None:
    folder = copy_of_small(tmp_path)
    (folder / "reviews.csv").write_bytes(b"")
    (folder / "missing.csv").write_bytes(b"\n")
    batch = read_ssda903(folder)
    assert batch.rejections == [] and "cla_reviews" not in batch.tables
    (folder / "header.csv").write_bytes(b"")
    with pytest.raises(InputError) as error:
        read_ssda903(folder)
    assert str(error.value).startswith(f"{folder / 'header.csv'}, table header: ")


def test_a_table_with_a_quote_never_closed_is_refused_naming_the_file_and_line(tmp_path: Path) -> None:
    """Issue 15: such a table loaded with exit 0 and no episodes."""
    folder = copy_of_small(tmp_path)
    episodes = folder / "episodes.csv"
    lines = episodes.read_text().splitlines()
    lines[2] = lines[2].replace("HU1 1HU", '"HU1 1HU', 1)
    episodes.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as error:
        read_ssda903(folder)
    message = str(error.value)
    assert message.startswith(f"{episodes}, table episodes, row 3") and "\n" not in message
