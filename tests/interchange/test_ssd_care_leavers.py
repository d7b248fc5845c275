"""`ssd_care_leavers` (issue 16): one row a young person as things stand on the day the extract was
taken, made into their entitlement, their latest contact and their latest pathway plan review, and
covering those facts on that day alone (never the circumstances around each birthday, OC3).

The extract is taken on Tuesday 31 March 2026.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Engine

from lineofsight import store
from lineofsight.data import CouncilData, facts
from lineofsight.interchange.ssd import load_ssd
from lineofsight.measures import compute_all
from lineofsight.settings import Settings
from tests.interchange.ssd_extracts import TAKEN, people, write

D = TAKEN.date()
HEADER = [
    "clea_table_id",
    "clea_person_id",
    "clea_care_leaver_eligibility",
    "clea_care_leaver_in_touch",
    "clea_care_leaver_latest_contact",
    "clea_care_leaver_accommodation",
    "clea_care_leaver_accom_suitable",
    "clea_care_leaver_activity",
    "clea_pathway_plan_review_date",
    "clea_care_leaver_personal_advisor",
    "clea_care_leaver_allocated_team",
    "clea_care_leaver_worker_id",
]


def extract(folder: Path, rows: list[list[str]]) -> Path:
    people(folder, [f"Y{n}" for n in range(1, 5)], "F", "2006-05-01")  # each 19 on D
    write(folder / "ssd_care_leavers.csv", HEADER, rows)
    return folder


ROWS = [
    # In touch on 2 March, in independent living (U) found suitable (1), in education (F2); plan
    # reviewed 15 January.
    [
        "CL1",
        "Y1",
        "Former Relevant",
        "YES",
        "2026-03-02",
        "U",
        "1",
        "F2",
        "2026-01-15",
        "A Adviser",
        "T1",
        "W1",
    ],
    # Not in touch: by the specification no date of latest contact, so no contact is held; no review.
    ["CL2", "Y2", "relevant", "NO", "", "", "", "", "", "A Adviser", "T1", "W1"],
    # No longer entitled, but the contact of 1 December is a fact: no fixed abode (S), unsuitable (2).
    ["CL3", "Y3", "No Current Eligibility", "YES", "2025-12-01", "S", "2", "G5", "", "", "", ""],
    # An eligibility category the specification does not have.
    ["CL4", "Y4", "Eligable", "YES", "2026-03-01", "", "", "", "", "", "", ""],
]


def test_each_young_person_s_entitlement_latest_contact_and_review_are_held_as_on_the_day(
    engine: Engine, tmp_path: Path
) -> None:
    folder = extract(tmp_path / "ssd", ROWS)
    summary, batch = load_ssd(engine, str(folder), extracted_at=TAKEN)
    leavers = store.read_table(engine, "care_leavers").sort("care_leaver_id")
    contacts = store.read_table(engine, "care_leaver_contacts").sort("person_id")
    reviews = store.read_table(engine, "pathway_plan_reviews")
    # Entitled since the day of the extract: the SSD does not say since when.
    assert leavers.select(
        "care_leaver_id", "care_leaver_eligibility", "care_leaver_eligibility_date", "personal_adviser_id"
    ).rows() == [("CL1", "former_relevant", D, "W1"), ("CL2", "relevant", D, "W1")]
    assert contacts.select(
        "care_leaver_contact_id",
        "contact_date",
        "in_touch",
        "accommodation",
        "accommodation_suitable",
        "activity",
    ).rows() == [
        ("Y1/care-leaver-contact/2026-03-02", dt.date(2026, 3, 2), "YES", "U1", True, "F2"),
        ("Y3/care-leaver-contact/2025-12-01", dt.date(2025, 12, 1), "YES", "S2", False, "G5"),
    ]
    assert reviews.select("person_id", "pathway_plan_review_date").rows() == [("Y1", dt.date(2026, 1, 15))]
    assert summary.rejected == 1
    assert [str(r) for r in batch.rejections] == [
        f"{folder.name}, ssd_care_leavers.csv, row 5, field 'clea_care_leaver_eligibility': 'Eligable' is "
        "not an eligibility category (give Eligible, Relevant, Former Relevant, Qualifying, No Current "
        "Eligibility)"
    ]
    assert batch.notes == [
        "ssd_care_leavers: 1 young people have no current eligibility recorded: no entitlement is held for "
        "them",
        "ssd_care_leavers: 1 young people have no date of latest contact (the council is not in touch, or "
        "the date is blank): no contact is held for them",
    ]


def test_a_young_person_already_held_keeps_the_start_of_their_entitlement(
    engine: Engine, tmp_path: Path
) -> None:
    first = extract(tmp_path / "march", ROWS[:1])
    load_ssd(engine, str(first), extracted_at=dt.datetime(2026, 3, 1, 6, 10))
    later = extract(tmp_path / "april", [["CL1", "Y1", "Former Relevant", "YES", "2026-03-30", "U", "1", "F2",
                                           "2026-03-20", "", "", "W1"]])  # fmt: skip
    summary, _ = load_ssd(engine, str(later), extracted_at=TAKEN)
    leavers = store.read_table(engine, "care_leavers")
    assert leavers.select("care_leaver_eligibility_date").rows() == [(dt.date(2026, 3, 1),)]
    # The new latest contact and review are added beside the earlier ones.
    assert store.read_table(engine, "care_leaver_contacts").height == 2
    assert store.read_table(engine, "pathway_plan_reviews").height == 2
    assert summary.rejected == 0


def test_care_leavers_are_covered_on_the_extract_day_alone_so_cl04_is_computed_and_cl01_declined(
    engine: Engine, tmp_path: Path
) -> None:
    """CL04 as at D: Y1 (former relevant, 19) reviewed 15 January 2026, within 6 months; Y2
    (relevant, 19) never reviewed. 1 of 2 = 50%. CL01 (in touch around their birthday) needs OC3,
    which the SSD does not carry: declined, with its reason. (CL04 also counts the looked-after 16
    and 17 year olds: the SSD's periods of care, none here, say there are none.)"""
    folder = extract(tmp_path / "ssd", ROWS)
    write(folder / "ssd_cla_episodes.csv", ["clae_cla_episode_id", "clae_person_id"], [])
    load_ssd(engine, str(folder), extracted_at=TAKEN)
    coverage = store.read_table(engine, "coverage")
    spans = {
        (row["fact"], row["coverage_mode"], row["window_start"]) for row in coverage.iter_rows(named=True)
    }
    assert {
        (facts.CARE_LEAVERS, "events", D),
        (facts.CARE_LEAVER_CONTACTS, "latest", D),
        (facts.PATHWAY_PLANS, "latest", D),
    } <= spans
    assert facts.CARE_LEAVER_BIRTHDAYS not in set(coverage["fact"].to_list())
    data = CouncilData(engine)
    cl01, cl04 = (v.result for v in compute_all(data, D, Settings(), codes=["CL01", "CL04"]))
    assert (cl04.status, cl04.value) == ("ok", 50.0)
    assert cl01.status == "not_covered" and cl01.value is None
    assert cl01.reason is not None and "around their birthdays" in cl01.reason
    # A day later the SSD of 31 March no longer covers the entitlement.
    (later,) = compute_all(data, D + dt.timedelta(days=1), Settings(), codes=["CL04"])
    assert later.result.status == "not_covered"
