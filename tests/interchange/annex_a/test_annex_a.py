"""Ofsted's Annex A workbook: reading councils' workbooks, clean and messy; refusing bad ones with
the file, sheet, row, field and reason; writing one for an inspection; and the round trip."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fastexcel
import polars as pl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from lineofsight import store
from lineofsight.interchange.annex_a import read_annex_a, write_annex_a
from lineofsight.interchange.annex_a.lists import BY_NUMBER
from lineofsight.interchange.annex_a.rows import key as annex_key
from lineofsight.interchange.keys import key
from lineofsight.interchange.loading import Batch, InputError, apply_batch
from lineofsight.model import Base
from lineofsight.synth.generate import generate
from tests import builders
from tests.interchange.annex_a.workbooks import (
    C1,
    C2,
    TEAM,
    D,
    build,
    clean_lists,
    headings,
    sheet_headings,
    sheet_rows,
)


def rows_of(batch: Batch, table: str) -> dict[str, dict[str, Any]]:
    (key,) = [c.name for c in Base.metadata.tables[table].primary_key.columns]
    return {row[key]: row for row in batch.tables.get(table, [])}


def count(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(select(func.count()).select_from(Base.metadata.tables[table])).scalar_one()
        )


def test_keys_built_for_a_whole_column_are_the_shared_natural_keys() -> None:
    frame = pl.DataFrame({"child": ["C1", "9212044"], "day": [D(2024, 5, 1), D(2023, 12, 31)]})
    built = frame.select(annex_key(pl.col("child"), "visit", "cp", pl.col("day")))
    assert built.to_series().to_list() == [
        key("C1", "visit", "cp", D(2024, 5, 1)),
        key("9212044", "visit", "cp", D(2023, 12, 31)),
    ]
    assert frame.select(annex_key(pl.col("child"), "care-leaver")).to_series().to_list() == [
        key("C1", "care-leaver"),
        key("9212044", "care-leaver"),
    ]


# Reading a clean workbook ------------------------------------------------------------------------


def test_a_workbook_covers_each_lists_window_and_the_latest_dates_only_on_its_extract_day(
    tmp_path: Path,
) -> None:
    batch = read_annex_a(build(tmp_path / "annex_a.xlsx", clean_lists()), extract_date=dt.date(2025, 3, 31))
    # Lists 1, 3, 7 and 8 look back 6 months to the extract day: 1 October 2024 to 31 March 2025.
    # The latest visit, review and health assessment are true on 31 March 2025 alone. List 9 is
    # everyone entitled on the day. Lists 2, 4, 5, 6 (but its last-seen date) and 10 hold only part
    # of what their facts need (4: assessments begun in the window, not those completed in it), so
    # they claim nothing.
    window, day = (dt.date(2024, 10, 1), dt.date(2025, 3, 31)), (dt.date(2025, 3, 31), dt.date(2025, 3, 31))
    assert {(s.fact, s.mode, s.start, s.end) for s in batch.coverage} == {
        ("contacts", "events", *window),
        ("referrals", "events", *window),
        ("cp_plans", "events", *window),
        ("previous_cp_plans", "events", *window),
        ("cla_periods", "events", *window),
        ("care_leavers", "events", *day),
        *((fact, "latest", *day) for fact in (
            "cin_visits", "cp_visits", "cp_reviews", "cla_period_starts", "latest_placements", "cla_reviews",
            "cla_visits",
            "health_assessments", "care_leaver_contacts", "pathway_plans",
        )),
    }  # fmt: skip


def test_a_workbook_whose_extract_day_is_not_known_loads_but_covers_nothing(tmp_path: Path) -> None:
    batch = read_annex_a(build(tmp_path / "annex_a.xlsx", clean_lists()))
    assert batch.coverage == []
    assert batch.tables["person"]
    assert any("the day the workbook was extracted is not known" in note for note in batch.notes)


def test_the_extract_day_is_taken_from_the_files_name_when_it_states_one(tmp_path: Path) -> None:
    batch = read_annex_a(build(tmp_path / "annex-a-2025-03-31.xlsx", clean_lists()))
    assert {span.end for span in batch.coverage} == {dt.date(2025, 3, 31)}


def test_a_clean_workbook_gives_the_rows_worked_out_by_hand(tmp_path: Path) -> None:
    batch = read_annex_a(build(tmp_path / "annex_a.xlsx", clean_lists()), extract_date=dt.date(2025, 3, 31))
    assert batch.rejections == []
    # List 8 does not say why C3's period of care began: a new period ('S') is taken, and said.
    assert batch.notes == [
        "List 11 (adopters): not loaded: the model keeps no adopters",
        "1 new cla_episodes rows: no list gives cla_episode_start_reason; 'S' is used",
    ]
    # C1 is in Lists 1 and 3 to 7; 'a) Male' is the CIN census's 1, 'a) WBRI' is WBRI.
    assert rows_of(batch, "person")["C1"] == {
        "person_id": "C1",
        "person_sex": "1",
        "person_ethnicity": "WBRI",
        "person_dob": D(2015, 6, 1),
        "person_disability": False,
        "person_uasc": False,
    }
    # C3's List 8 row says 'Does the Child have a Disability: a) Yes'.
    assert rows_of(batch, "person")["C3"]["person_disability"] is True
    assert rows_of(batch, "contacts") == {
        "C1/contact/2024-08-01": {
            "contact_id": "C1/contact/2024-08-01",
            "person_id": "C1",
            "contact_date_time": dt.datetime(2024, 8, 1),
            "contact_source_code": "6",
        },
        "C2/contact/2024-09-02": {
            "contact_id": "C2/contact/2024-09-02",
            "person_id": "C2",
            "contact_date_time": dt.datetime(2024, 9, 2),
            "contact_source_code": "2A",
        },
    }
    # List 3 (source, NFA) and List 6 (need, closure) name the same referral: one row says both.
    referral = "C1/referral/2024-08-02"
    assert rows_of(batch, "cin_episodes") == {
        referral: {
            "referral_id": referral,
            "person_id": "C1",
            "referral_date": D(2024, 8, 2),
            "referral_source_code": "6",
            "referral_nfa": False,
            "cin_primary_need_code": "N1",
            "close_date": None,
            "close_reason": None,
            "team_id": "Assessment 1",
            "worker_id": "Sam Worker",
        }
    }
    # The assessment, enquiry and plan link to C1's latest referral on or before their dates.
    assessment = rows_of(batch, "assessments")["C1/assessment/2024-08-05"]
    assert assessment["referral_id"] == referral
    assert assessment["assessment_auth_date"] == D(2024, 9, 10)
    assert assessment["assessment_outcome"] == "cin_plan"  # 'requiring support: a) Yes'
    assert "assessment_child_seen_date" not in assessment  # the list says only 'a) Yes', not when
    enquiry = rows_of(batch, "s47_enquiries")["C1/s47/2024-08-20"]
    assert (enquiry["s47_outcome"], enquiry["strategy_discussion_id"]) == (
        "icpc",  # 'ICPC deemed unnecessary: b) No'
        "C1/strategy-discussion/2024-08-20",
    )
    assert rows_of(batch, "initial_cp_conferences")["C1/icpc/2024-09-03"]["icpc_outcome_cp_plan"] is True
    plan = rows_of(batch, "cp_plans")["C1/cp-plan/2024-09-03"]
    assert (plan["referral_id"], plan["cp_plan_initial_category"], plan["cp_plan_previous_plans"]) == (
        referral,
        "NEG",
        0,
    )
    # List 6 'last seen' does not say the kind of visit; List 7's 'last statutory visit (seen alone)'
    # is a CP visit the same day, so that is the visit List 6 means: one visit, not two.
    visits = rows_of(batch, "visits")
    assert sorted(visits) == ["C1/visit/cp/2024-09-20", "C3/visit/cla/2024-09-01"]
    assert visits["C1/visit/cp/2024-09-20"]["visit_seen_alone"] is True
    care = "C3/care/2023-03-01"
    assert rows_of(batch, "cla_episodes")[care]["cla_episode_start_reason"] == "S"  # new: a new period
    assert rows_of(batch, "legal_statuses")["C3/legal-status/2023-06-01"]["legal_status"] == "C2"
    placement = rows_of(batch, "placements")["C3/placement/2024-01-10"]
    assert (placement["cla_episode_id"], placement["placement_type"], placement["placement_provider"]) == (
        care,
        "U4",
        "PR1",
    )
    assert sorted(rows_of(batch, "health_assessments")) == [
        "C3/health-dental/2024-04-01",
        "C3/health-review/2024-05-01",
    ]
    # C4, born 5 May 2005, is taken as entitled from her 16th birthday, 5 May 2021.
    assert rows_of(batch, "care_leavers")["C4/care-leaver"] == {
        "care_leaver_id": "C4/care-leaver",
        "person_id": "C4",
        "care_leaver_eligibility": "former_relevant",
        "care_leaver_eligibility_date": D(2021, 5, 5),
        "personal_adviser_id": "Pat Adviser",
    }
    # 'U: Independent living' and 'a) Suitable' are the SSDA903's U1.
    contact = rows_of(batch, "care_leaver_contacts")["C4/care-leaver-contact/2024-09-10"]
    assert (contact["in_touch"], contact["accommodation"], contact["activity"]) == ("YES", "U1", "F2")
    adoption = rows_of(batch, "adoptions")["C3/adoption/2024-02-01"]  # known by its decision date
    assert (
        adoption["cla_episode_id"],
        adoption["placement_order_date"],
        adoption["fostering_for_adoption"],
    ) == (
        care,
        D(2024, 5, 1),
        False,
    )
    assert (
        rows_of(batch, "early_help_episodes")["C2/early-help/2024-09-05"]["episode_organisation"]
        == "Family Hub"
    )


def messy_lists() -> dict[str, list[list[Any]]]:
    """The clean workbook as a council's report might give it: a title and a blank row above the
    headings, headings in other case and spacing or worded a little differently, columns in another
    order and extra ones, sheets named by their title, codes without their letters, text dates."""
    lists = clean_lists()
    messy: dict[str, list[list[Any]]] = {}
    for name, rows in lists.items():
        head, *body = rows
        messy[name] = [list(head), *[list(r) for r in body]]
    # List 1: columns reversed, headings in upper case, an extra column first, codes without their
    # letters ('Male', 'WBRI'), and a date typed as text.
    messy["Contacts"] = [
        ["Extra notes", *reversed([h.upper() for h in headings(1)])],
        ["a note", "q) 6: Police", "01/08/2024", 9, D(2015, 6, 1), "WBRI", "Male", "C1"],
        [None, "2A", D(2024, 9, 2), 6, D(2018, 2, 10), "o) BAFR", "Female", "C2"],
    ]
    del messy["List 1"]
    # List 3: 'Referral  date ' with doubled and trailing spaces, 'Referral source' in lower case.
    head, *body = messy["List 3"]
    head[5] = "Referral  date "
    head[6] = "referral source"
    messy["List 3 - Referrals"] = [head, *body]
    del messy["List 3"]
    return messy


def test_a_messy_workbook_reads_the_same_as_the_clean_one_and_says_what_it_matched(tmp_path: Path) -> None:
    clean = read_annex_a(build(tmp_path / "clean.xlsx", clean_lists()))
    path = tmp_path / "messy.xlsx"
    _build_with_title(path, messy_lists())
    messy = read_annex_a(path)
    assert messy.rejections == []
    for table in clean.tables:
        assert rows_of(messy, table) == rows_of(clean, table), table
    assert "sheet 'Contacts' read as List 1" in messy.notes
    assert "sheet 'List 3 - Referrals' read as List 3" in messy.notes
    assert "List 3: 'Referral  date ' -> referral_date" in messy.notes
    assert "List 3: 'referral source' -> source" in messy.notes
    assert "List 1: 'CHILD UNIQUE ID' -> child" in messy.notes
    assert "List 1: column 'Extra notes' is not an Annex A column: ignored" in messy.notes


def _build_with_title(path: Path, sheets: dict[str, list[list[Any]]]) -> None:
    """Each sheet with a title row, then a blank row, then its headings on row 3."""
    titled = {name: [[f"Annex A - {name}"], [], *rows] for name, rows in sheets.items()}
    build(path, titled)


def test_a_close_but_not_exact_heading_is_matched_and_said(tmp_path: Path) -> None:
    head = headings(3)
    head[5] = "Date of referal"  # one letter short: 'referral' misspelt
    path = build(
        tmp_path / "a.xlsx", {"List 3": [head, [*C1, D(2024, 8, 2), "q) 6: Police", "b) No", 1, *TEAM]]}
    )
    batch = read_annex_a(path)
    assert "C1/referral/2024-08-02" in rows_of(batch, "cin_episodes")
    assert "List 3: 'Date of referal' -> referral_date (close to 'date of referral')" in batch.notes


def test_absent_lists_are_noted_and_not_loaded(tmp_path: Path) -> None:
    lists = clean_lists()
    path = build(tmp_path / "a.xlsx", {"List 1": lists["List 1"]})
    batch = read_annex_a(path)
    assert set(batch.tables) == {"person", "contacts"}
    assert "List 3 (Referrals) is not in the workbook: not loaded" in batch.notes


def test_an_empty_list_sheet_and_a_list_of_headings_only_load_nothing(tmp_path: Path) -> None:
    lists = clean_lists()
    path = build(tmp_path / "a.xlsx", {"List 1": lists["List 1"], "List 2": [], "List 3": [headings(3)]})
    batch = read_annex_a(path)
    assert "sheet 'List 2' (List 2) is empty: nothing loaded from it" in batch.notes
    assert set(batch.tables) == {"person", "contacts"}  # List 3 has its headings and no rows
    assert batch.rejections == []


# Loading -----------------------------------------------------------------------------------------


def test_loading_twice_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    path = build(tmp_path / "annex_a.xlsx", clean_lists())
    with store.transaction(engine) as connection:
        first = apply_batch(connection, read_annex_a(path, connection))
    with store.transaction(engine) as connection:
        second = apply_batch(connection, read_annex_a(path, connection))
    # 4 children, 2 contacts, 1 referral, ... : every row inserted once, then found unchanged.
    assert first.inserted == second.unchanged
    assert first.tables["person"].inserted == 4
    assert (second.inserted, second.updated) == (0, 0)
    assert count(engine, "cin_episodes") == 1


def test_a_later_list_without_a_need_keeps_the_need_already_loaded(engine: Engine, tmp_path: Path) -> None:
    """List 3 says nothing of the primary need: a referral already in the database keeps its own."""
    lists = clean_lists()
    with store.transaction(engine) as connection:
        apply_batch(connection, read_annex_a(build(tmp_path / "all.xlsx", lists), connection))
    only_referrals = build(tmp_path / "referrals.xlsx", {"List 3": lists["List 3"]})
    with store.transaction(engine) as connection:
        batch = read_annex_a(only_referrals, connection)
        summary = apply_batch(connection, batch)
    assert "cin_primary_need_code" not in batch.tables["cin_episodes"][0]
    assert summary.tables["cin_episodes"].unchanged == 1
    assert store.read_table(engine, "cin_episodes")["cin_primary_need_code"].to_list() == ["N1"]


def test_a_yes_or_no_keeps_the_finer_outcome_already_loaded(engine: Engine, tmp_path: Path) -> None:
    """The census said C1's assessment led to an enquiry (s47); List 4 says only 'requiring support:
    a) Yes', which an enquiry is: the s47 stays. The same for List 5's 'ICPC unnecessary: b) No'."""
    referral = "C1/referral/2024-08-02"
    builders.council_data(
        engine,
        builders.person("C1"),
        builders.referral("C1", "2024-08-02", id=referral),
        builders.assessment("C1", start="2024-08-05", id="C1/assessment/2024-08-05", referral_id=referral)
        | {"assessment_outcome": "s47"},
    )
    with store.transaction(engine) as connection:
        apply_batch(connection, read_annex_a(build(tmp_path / "a.xlsx", clean_lists()), connection))
    outcomes = store.read_table(engine, "assessments").select("assessment_id", "assessment_outcome").rows()
    assert outcomes == [("C1/assessment/2024-08-05", "s47")]


def test_a_workbook_naming_records_held_under_other_ids_adds_none_of_them(
    engine: Engine, tmp_path: Path
) -> None:
    """The database holds, under the synthetic council's kind of ids, C1's referral of 2 August
    2024 (source 1B, need N4), its assessment (which led to an enquiry) and a CP visit on 20
    September; and C3's period of care from 1 March 2023, an initial health assessment on 1 May 2024
    and the adoption decided on 1 February 2024. The clean workbook names each by its child and
    date: each stays one row under its own id, updated with what the lists say."""
    builders.council_data(
        engine,
        builders.person("C1", dob="2015-06-01"),
        builders.referral("C1", "2024-08-02", id="R000001") | {"cin_primary_need_code": "N4"},
        builders.assessment("C1", start="2024-08-05", id="A000001", referral_id="R000001")
        | {"assessment_outcome": "s47"},
        builders.visit("C1", "2024-09-20", kind="cp", id="V0000001"),
        builders.person("C3", dob="2010-01-15"),
        builders.cla_episode("C3", start="2023-03-01", id="LA000001"),
        builders.health_assessment("C3", "2024-05-01", kind="initial", id="HA000001"),
        builders.adoption("C3", episode="LA000001", id="AD000001")
        | {"should_be_placed_decision_date": D(2024, 2, 1)},
    )
    with store.transaction(engine) as connection:
        summary = apply_batch(connection, read_annex_a(build(tmp_path / "a.xlsx", clean_lists()), connection))

    def stored(table: str, *columns: str) -> list[tuple[Any, ...]]:
        return [tuple(row[c] for c in columns) for row in builders.stored_rows(engine, table)]

    # List 3 says source 6 (police), List 6 need N1: R000001 says so now; no second referral.
    assert stored("cin_episodes", "referral_id", "referral_source_code", "cin_primary_need_code") == [
        ("R000001", "6", "N1")
    ]
    # 'Requiring support: a) Yes' is what an enquiry is: the finer s47 stays.
    assert stored("assessments", "assessment_id", "referral_id", "assessment_outcome") == [
        ("A000001", "R000001", "s47")
    ]
    # The enquiry, conference and plan are new, and hang from R000001.
    assert stored("s47_enquiries", "referral_id") == [("R000001",)]
    assert stored("cp_plans", "referral_id") == [("R000001",)]
    # List 6's 'last seen' (of no kind said) and List 7's CP visit, both 20 September: V0000001,
    # now seen alone as List 7 says. C3's CLA visit of 1 September is new.
    assert stored("visits", "visit_id", "visit_kind", "visit_seen_alone") == [
        ("C3/visit/cla/2024-09-01", "cla", False),
        ("V0000001", "cp", True),
    ]
    # List 8's latest health assessment (1 May: initial or review, it does not say) is HA000001.
    assert stored("health_assessments", "health_assessment_id", "health_assessment_type") == [
        ("C3/health-dental/2024-04-01", "dental"),
        ("HA000001", "initial"),
    ]
    # C3's period is LA000001, and its legal status and placement, new, are in it.
    assert stored("cla_episodes", "cla_episode_id") == [("LA000001",)]
    assert (
        stored("placements", "cla_episode_id")
        == stored("legal_statuses", "cla_episode_id")
        == [("LA000001",)]
    )
    assert stored("adoptions", "adoption_id", "cla_episode_id", "placement_order_date") == [
        ("AD000001", "LA000001", D(2024, 5, 1))
    ]
    held = ("cin_episodes", "assessments", "cla_episodes", "adoptions")
    assert [summary.tables[table].inserted for table in held] == [0, 0, 0, 0]


def test_a_list_without_a_field_leaves_a_record_held_under_another_id_as_it_was(
    engine: Engine, tmp_path: Path
) -> None:
    """List 3 says nothing of the need: R000001 keeps its N4, and is not taken for a new referral
    that would need the return's 'not stated' (N0)."""
    builders.council_data(
        engine,
        builders.person("C1", dob="2015-06-01"),
        builders.referral("C1", "2024-08-02", id="R000001") | {"cin_primary_need_code": "N4"},
    )
    with store.transaction(engine) as connection:
        batch = read_annex_a(build(tmp_path / "a.xlsx", {"List 3": clean_lists()["List 3"]}), connection)
        apply_batch(connection, batch)
    assert not any("cin_primary_need_code" in note for note in batch.notes)
    assert store.read_table(engine, "cin_episodes").select("referral_id", "cin_primary_need_code").rows() == [
        ("R000001", "N4")
    ]


def test_an_adoption_names_the_period_of_care_held_under_its_own_id(engine: Engine, tmp_path: Path) -> None:
    """List 10 alone (List 8, which looks back 6 months, need not name the period): C3 entered care
    on 1 March 2023, the period the database holds as LA000001, which the new adoption names."""
    builders.council_data(
        engine,
        builders.person("C3", dob="2010-01-15"),
        builders.cla_episode("C3", start="2023-03-01", id="LA000001"),
    )
    with store.transaction(engine) as connection:
        apply_batch(
            connection,
            read_annex_a(build(tmp_path / "a.xlsx", {"List 10": clean_lists()["List 10"]}), connection),
        )
    adoptions = store.read_table(engine, "adoptions").select("adoption_id", "cla_episode_id").rows()
    assert adoptions == [("C3/adoption/2024-02-01", "LA000001")]
    assert count(engine, "cla_episodes") == 1


def test_a_referral_new_to_the_database_gets_need_not_stated(tmp_path: Path) -> None:
    batch = read_annex_a(build(tmp_path / "a.xlsx", {"List 3": clean_lists()["List 3"]}))
    assert batch.tables["cin_episodes"][0]["cin_primary_need_code"] == "N0"


# Bad input ---------------------------------------------------------------------------------------


def test_a_csv_renamed_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "annex_a.xlsx"
    path.write_text("Child Unique ID,Gender\nC1,a) Male\n")
    with pytest.raises(InputError, match="is not an Excel workbook"):
        read_annex_a(path)


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "annex_a.xlsx"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="the file is empty"):
        read_annex_a(path)


def test_a_workbook_without_lists_is_refused(tmp_path: Path) -> None:
    path = build(tmp_path / "a.xlsx", {"Summary": [["Council", "Date"], ["Anytown", "today"]]})
    with pytest.raises(InputError, match="holds no Annex A list"):
        read_annex_a(path)


def test_a_missing_required_column_names_file_sheet_and_field(tmp_path: Path) -> None:
    head = headings(3)
    del head[5]  # no 'Date of referral'
    path = build(tmp_path / "a.xlsx", {"List 3": [head, ["C1", "a) Male", "a) WBRI", D(2015, 6, 1), 9]]})
    with pytest.raises(InputError) as raised:
        read_annex_a(path)
    error = raised.value
    assert (error.file, error.place, error.field) == (str(path), "sheet List 3", "Date of referral")
    assert "is missing" in str(error)


def test_a_heading_misspelt_beyond_tolerance_is_a_missing_column(tmp_path: Path) -> None:
    head = headings(3)
    head[5] = "Refferal dt"  # too far from 'Date of referral' to be taken for it
    path = build(tmp_path / "a.xlsx", {"List 3": [head, [*C1, D(2024, 8, 2)]]})
    with pytest.raises(InputError, match="'Date of referral' is missing"):
        read_annex_a(path)


def test_bad_dates_are_rejected_with_row_field_and_reason(tmp_path: Path) -> None:
    rows = [
        headings(3),
        [*C1, D(2024, 8, 2), "q) 6: Police", "b) No", 1, *TEAM],  # row 2: good
        [*C2, "31/02/2024", "q) 6: Police", "b) No", 1, *TEAM],  # row 3: no 31 February
        [*C2, "next week", "q) 6: Police", "b) No", 1, *TEAM],  # row 4: not a date
    ]
    batch = read_annex_a(build(tmp_path / "a.xlsx", {"List 3": rows}))
    assert [(r.place, r.row, r.field) for r in batch.rejections] == [
        ("sheet List 3", 3, "Date of referral"),
        ("sheet List 3", 4, "Date of referral"),
    ]
    assert batch.rejections[0].reason.startswith("not a date")
    assert batch.rejections[1].values["Date of referral"] == "next week"
    assert list(rows_of(batch, "cin_episodes")) == ["C1/referral/2024-08-02"]


def test_an_end_before_its_start_is_rejected(tmp_path: Path) -> None:
    def plan(start: dt.date, end: dt.date) -> list[Any]:
        return [*C1, "b) No", start, "a) Neglect", "a) Neglect", None, None, None, end, "b) No", 0]

    rows = [headings(7), plan(D(2024, 9, 3), D(2024, 9, 1)), plan(D(2024, 9, 10), D(2024, 9, 2))]
    path = build(tmp_path / "a.xlsx", {"List 3": clean_lists()["List 3"], "List 7": rows})
    batch = read_annex_a(path)
    assert [(r.place, r.row, r.field) for r in batch.rejections] == [
        ("sheet List 7", 2, "Child Protection Plan End Date"),
        ("sheet List 7", 3, "Child Protection Plan End Date"),
    ]
    assert batch.rejections[0].reason == "is before the 'Child Protection Plan Start Date' of the same row"
    assert "cp_plans" not in batch.tables


def test_a_duplicate_row_is_rejected_and_the_first_kept(tmp_path: Path) -> None:
    row = [*C1, D(2024, 8, 2), "q) 6: Police", "b) No", 1, *TEAM]
    batch = read_annex_a(build(tmp_path / "a.xlsx", {"List 3": [headings(3), row, row]}))
    (rejection,) = batch.rejections
    assert (rejection.row, rejection.field) == (3, "Date of referral")
    assert rejection.reason == "a duplicate: row 2 has the same child and date of referral"
    assert len(batch.tables["cin_episodes"]) == 1


def test_an_unknown_code_is_rejected(tmp_path: Path) -> None:
    row = [*C1, D(2024, 8, 2), "Carrier pigeon", "b) No", 1, *TEAM]
    batch = read_annex_a(build(tmp_path / "a.xlsx", {"List 3": [headings(3), row]}))
    (rejection,) = batch.rejections
    assert (rejection.row, rejection.field) == (2, "Referral Source")
    assert "not one of the referral source codes" in rejection.reason


def test_an_assessment_without_any_referral_is_rejected(tmp_path: Path) -> None:
    row = [*C1, "b) No", D(2024, 8, 5), "a) Yes", None, None, *TEAM]
    batch = read_annex_a(build(tmp_path / "a.xlsx", {"List 4": [headings(4), row]}))
    (rejection,) = batch.rejections
    assert (rejection.place, rejection.row, rejection.field) == (
        "sheet List 4",
        2,
        "Continuous Assessment Start Date",
    )
    assert rejection.reason.startswith("no referral of this child on or before this date")


def test_rows_below_a_title_are_numbered_as_the_spreadsheet_shows(tmp_path: Path) -> None:
    rows = [headings(3), [*C1, "not a date"]]
    path = tmp_path / "a.xlsx"
    _build_with_title(path, {"List 3": rows})  # title row 1, blank row 2, headings row 3
    (rejection,) = read_annex_a(path).rejections
    assert rejection.row == 4


def test_a_failed_load_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    path = build(tmp_path / "a.xlsx", clean_lists())
    with store.transaction(engine) as connection:
        apply_batch(connection, read_annex_a(path, connection))
    before = {table: count(engine, table) for table in ("person", "cin_episodes", "cp_plans")}
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(path.read_bytes()[:2000])
    with pytest.raises(InputError), store.transaction(engine) as connection:
        apply_batch(connection, read_annex_a(broken, connection))
    assert {table: count(engine, table) for table in before} == before


CELLS = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(min_value=-10, max_value=100_000),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 1, 1)),
    st.sampled_from(["a) Male", "q) 6: Police", "31/02/2024", "2024-13-01", "b) No", "N1", "C2: FCO"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    number=st.integers(min_value=1, max_value=11),
    columns=st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=12),
    body=st.lists(st.lists(CELLS, max_size=12), max_size=6),
    sheet=st.sampled_from(["List {n}", "Referrals", "list {n} ", "Sheet1"]),
)
def test_generated_workbooks_give_a_batch_or_an_input_error(
    tmp_path: Path, number: int, columns: list[int], body: list[list[Any]], sheet: str
) -> None:
    names = [c.heading for c in BY_NUMBER[number].columns]
    head = [names[i] if i < len(names) else f"Column {i}" for i in columns]
    path = build(tmp_path / "generated.xlsx", {sheet.format(n=number): [head, *body]})
    try:
        result = read_annex_a(path)
    except InputError:
        return
    assert isinstance(result, Batch)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sheets=st.dictionaries(
        st.integers(min_value=1, max_value=10),
        st.tuples(
            st.lists(st.integers(min_value=0, max_value=35), max_size=10),
            st.lists(st.lists(CELLS, max_size=12), max_size=4),
        ),
        max_size=3,
    )
)
def test_generated_lists_always_load_whole_or_not_at_all(engine: Engine, tmp_path: Path, sheets: Any) -> None:
    """The clean lists with generated ones in place of some (their record-naming columns kept, the
    rest random): every batch applies without breaking a key or a NOT NULL column, one load after
    another into the same database."""
    books: dict[str, list[list[Any]]] = dict(clean_lists())
    for number, (columns, body) in sheets.items():
        declared = BY_NUMBER[number].columns
        kept = [i for i, c in enumerate(declared) if c.required or c.field in ("child", "dob")]
        names = [declared[i].heading if i < len(declared) else f"Extra {i}" for i in kept + columns]
        books[f"List {number}"] = [names, *body]
    path = build(tmp_path / "generated.xlsx", books)
    with contextlib.suppress(InputError), store.transaction(engine) as connection:
        apply_batch(connection, read_annex_a(path, connection))


def test_a_blank_date_that_names_the_record_is_rejected(tmp_path: Path) -> None:
    rows = [headings(3), [*C1, None, "q) 6: Police", "b) No", 1, *TEAM]]
    (rejection,) = read_annex_a(build(tmp_path / "a.xlsx", {"List 3": rows})).rejections
    assert (rejection.row, rejection.field, rejection.reason) == (
        2,
        "Date of referral",
        "is blank, and it names the record",
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), cut=st.integers(min_value=0, max_value=6000))
def test_generated_bytes_give_a_batch_or_an_input_error(tmp_path: Path, data: bytes, cut: int) -> None:
    """Random bytes, and a real workbook cut short or with bytes spliced in."""
    good = build(tmp_path / "good.xlsx", clean_lists()).read_bytes()
    for index, content in enumerate((data, good[:cut], good[:cut] + data + good[cut + len(data) :])):
        path = tmp_path / f"bytes{index}.xlsx"
        path.write_bytes(content)
        with contextlib.suppress(InputError):
            assert isinstance(read_annex_a(path), Batch)


# Writing -----------------------------------------------------------------------------------------


def cp_plan(child: str, *, start: str, end: str, referral: str) -> dict[str, Any]:
    return builders.cp_plan(child, start=start, end=end) | {
        "referral_id": referral,
        "cp_plan_previous_plans": None,
    }


def test_the_writer_gives_each_list_its_cohort_and_window(engine: Engine, tmp_path: Path) -> None:
    """A small council, inspected on 30 September 2024: the 6-month window is 1 April to 30 September."""
    builders.council_data(
        engine,
        builders.person("C1"),
        builders.person("C2", dob="2010-03-04"),
        builders.team("T1"),
        builders.worker("W1"),
        builders.allocation("C1", "W1", start="2024-08-02"),
        # C1: two contacts in the window (the later is written), one before it.
        builders.contact("C1", "2024-03-01T10:00"),
        builders.contact("C1", "2024-08-01T10:00"),
        builders.contact("C1", "2024-09-01T10:00"),
        builders.referral("C1", "2024-08-02", id="R-C1"),
        # C2: a referral in January (in the 12 months, not the 6) and one in July.
        builders.referral("C2", "2024-01-10", id="R-C2-old", closed="2024-02-01"),
        builders.referral("C2", "2024-07-01", id="R-C2"),
        # Authorised after the inspection: written as not yet authorised.
        builders.assessment("C1", start="2024-08-05", authorised="2024-10-15", referral_id="R-C1"),
        cp_plan("C1", start="2024-09-03", end="2024-12-01", referral="R-C1"),
        cp_plan("C2", start="2023-06-01", end="2024-01-05", referral="R-C2-old"),
    )
    out = write_annex_a(engine, D(2024, 9, 30), tmp_path / "annex_a.xlsx")
    names = fastexcel.read_excel(out).sheet_names
    assert names == [f"List {n}" for n in range(1, 12)]
    for number in range(1, 12):
        assert sheet_headings(out, f"List {number}") == headings(number)
    # Age on 30 September 2024 of a child born 1 June 2015: 9. Builders' children are sex 0 and NOBT.
    child = ("C1", "c) Not stated/recorded", "s) NOBT", "2015-06-01", "9")
    assert sheet_rows(out, "List 1") == [(*child, "2024-09-01", "e) 2A: Schools")]
    # C2 has 2 referrals in the 12 months (January and July); C1's allocated worker is W1, 'Sam Worker'.
    c2 = ("C2", "c) Not stated/recorded", "s) NOBT", "2010-03-04", "14")
    assert sheet_rows(out, "List 3") == [
        (*child, "2024-08-02", "b) 1B: Individual", "b) No", "1", "Team T1", "Sam Worker"),
        (*c2, "2024-07-01", "b) 1B: Individual", "b) No", "2", None, None),
    ]
    # Not authorised by the inspection: no date of authorisation, no answer on support.
    assert sheet_rows(out, "List 4") == [
        (*child, "b) No", "2024-08-05", "b) No", None, None, "Team T1", "Sam Worker")
    ]
    # C1's referral is open; C2's July one too; C2's January one closed before the window.
    assert [(r[0], r[6], r[11]) for r in sheet_rows(out, "List 6")] == [
        ("C1", "2024-08-02", "b) Child Protection plan"),
        ("C2", "2024-07-01", "c) Child in need plan"),
    ]
    # C1's plan ends after the inspection (blank end); C2's ended before the window: not listed.
    # C2's earlier plan does not count for C1: C1 has no previous plans.
    (plan,) = sheet_rows(out, "List 7")
    assert (plan[0], plan[6], plan[7], plan[12], plan[14]) == ("C1", "2024-09-03", "a) Neglect", None, "0")
    assert sheet_rows(out, "List 11") == []
    # The same data and day give the same workbook, byte for byte.
    again = write_annex_a(engine, D(2024, 9, 30), tmp_path / "again.xlsx")
    assert again.read_bytes() == out.read_bytes()


# The round trip ----------------------------------------------------------------------------------

AS_AT = D(2026, 3, 31)
# Columns whose value the workbook cannot carry back in, each with the reason; every other column
# of every list must come back identical.
CANNOT_SURVIVE = {
    # Counts over 12 months: only the 6 months' referrals, enquiries and placements are loaded.
    "Number of Referrals in Last 12 Months": "counts 12 months; List 3 carries 6",
    "Number of Section 47 Enquiries in the last 12 months": "counts 12 months; List 5 carries 6",
    "Number of ICPCs in the last 12 months": "counts 12 months; List 5 carries 6",
    "Number of Placements in the Last 12 months": "counts 12 months; List 8 has the latest placement",
    "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)": (
        "needs the earlier period of care, which List 8 does not carry"
    ),
    # Missing episodes are counted, never listed: no episode can be loaded from a count.
    "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months": "a count",
    "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months": "a count",
    "Was the child offered a Return Interview after their last missing episode (Y/N)?": "no episode to load",
    "Did the child accept a Return Interview after their last missing episode (Y/N)?": "no episode to load",
    # The list says yes or no; the model keeps the date the child was seen, which the list lacks.
    "Child Seen During Continuous Assessment": "a yes/no where the model keeps a date",
    # FFA is a flag in the model; the date comes from an FFA placement List 8 may not carry.
    "Date the child was placed for fostering in FFA or concurrent planning placement": "a flag in the model",
}
# Lists 7 to 10 name the allocated team and worker, which the model keeps on allocations (with a
# worker's whole employment), not on plans or periods of care: they cannot be loaded from a name.
UNSTORED_STAFF = {7, 8, 9, 10}


@pytest.fixture(scope="module")
def synthetic_council(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Path]:
    """A stretched council (3,000 children, 2 years to 31 March 2026) on SQLite, made once."""
    path = tmp_path_factory.mktemp("council") / "council.db"
    shutil.copy(sqlite_template, path)
    engine = store.connect(str(path))
    generate(engine, "stretched", seed=1, years=2, end=AS_AT, population=3000)
    engine.dispose()
    yield path


def test_annex_a_round_trips_through_an_empty_database(
    engine: Engine, synthetic_council: Path, tmp_path: Path
) -> None:
    source = store.connect(str(synthetic_council))
    first = write_annex_a(source, AS_AT, tmp_path / "first.xlsx")
    source.dispose()
    with store.transaction(engine) as connection:
        batch = read_annex_a(first, connection)
        apply_batch(connection, batch)
    assert batch.rejections == []
    second = write_annex_a(engine, AS_AT, tmp_path / "second.xlsx")
    compared = 0
    for number in range(1, 12):
        name = f"List {number}"
        skip = set(CANNOT_SURVIVE)
        if number in UNSTORED_STAFF:
            skip |= {"Allocated Team", "Allocated Worker"}
        before = fastexcel.read_excel(first).load_sheet(name, dtypes="string").to_polars()
        after = fastexcel.read_excel(second).load_sheet(name, dtypes="string").to_polars()
        assert before.height == after.height, name
        kept = [c for c in before.columns if c not in skip]
        assert before.select(kept).equals(after.select(kept)), name
        compared += before.height
    assert compared > 500  # the lists are not empty: the comparison means something


# Kept whole (issue 14 item 10) and safe to read (issue 15 item 2) --------------------------------


def test_an_outcome_outside_the_code_list_is_cleared_and_reported_and_the_assessment_kept(
    tmp_path: Path,
) -> None:
    """One sample wrote `CS Assessment Updated` as the outcome: the whole row was rejected, emptying
    List 4. The outcome is not a code the list has, so it is left blank and reported; the child's
    assessment, with its start and authorisation, is loaded."""
    referral = [*C1, D(2024, 8, 2), "q) 6: Police", "b) No", 1, *TEAM]
    assessment = [*C1, "b) No", D(2024, 8, 5), "a) Yes", D(2024, 9, 1), "CS Assessment Updated", *TEAM]
    path = build(
        tmp_path / "a.xlsx", {"List 3": [headings(3), referral], "List 4": [headings(4), assessment]}
    )
    batch = read_annex_a(path)
    (report,) = batch.rejections
    assert (report.place, report.row, report.field, report.kept) == (
        "sheet List 4",
        2,
        "Was the child assessed as requiring LA children's social care support?",
        True,
    )
    assert report.reason.endswith(": left blank, the row kept") and "CS Assessment Updated" in str(
        report.values
    )
    (kept,) = batch.tables["assessments"]
    assert (kept["assessment_start_date"], kept["assessment_auth_date"]) == (D(2024, 8, 5), D(2024, 9, 1))
    assert kept.get("assessment_outcome") is None


def reaching_xfd(path: Path) -> Path:
    """A workbook of List 3's headings and one cell at XFD1048576, the last a workbook may have."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("List 3")
    for column, heading in enumerate(headings(3)):
        sheet.write_string(0, column, heading)
    sheet.write_string(1_048_575, 16_383, "x")
    workbook.close()
    return path


def test_a_workbook_whose_cells_reach_column_xfd_over_a_million_rows_is_refused_before_reading(
    tmp_path: Path,
) -> None:
    """Issue 15: such a file made the workbook reader ask for 512 GB and abort the process. Its
    declared reach is 1,048,576 rows by 16,384 columns: refused in one line naming file and sheet."""
    path = reaching_xfd(tmp_path / "huge.xlsx")
    with pytest.raises(InputError) as error:
        read_annex_a(path)
    message = str(error.value)
    assert message == (
        f"{path}, sheet List 3: its cells reach 1,048,576 rows by 16,384 columns, over the 5,000,000 "
        "cells any Annex A list needs: refused before reading it"
    )


@pytest.mark.parametrize(
    "reference",
    ["r='XFD1048576'", 'r = "XFD1048576"', 'r="xfd1048576"'],
    ids=["single quotes", "spaces around the equals sign", "lower-case column"],
)
def test_a_far_cell_written_as_xml_allows_but_xlsxwriter_does_not_is_refused_too(
    tmp_path: Path, reference: str
) -> None:
    """The same far cell, its reference written in ways XML and the workbook reader accept but the
    first check did not know (it looked only for `r="XFD1048576"`): each let the workbook past the
    check, and the reader then asked for 512 GB and aborted (tried on fastexcel 0.x: "memory
    allocation of 549755813888 bytes failed"). The row's number is written the same way."""
    path = reaching_xfd(tmp_path / "sly.xlsx")
    row_reference = reference.replace("XFD", "").replace("xfd", "")
    with zipfile.ZipFile(path) as original:
        parts = {info.filename: original.read(info) for info in original.infolist()}
    sheet_part = parts["xl/worksheets/sheet1.xml"]
    assert b'<row r="1048576"' in sheet_part and b'r="XFD1048576"' in sheet_part
    parts["xl/worksheets/sheet1.xml"] = sheet_part.replace(
        b'<row r="1048576"', b"<row " + row_reference.encode()
    ).replace(b'r="XFD1048576"', reference.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as rewritten:
        for name, data in parts.items():
            rewritten.writestr(name, data)
    with pytest.raises(InputError) as error:
        read_annex_a(path)
    assert "its cells reach 1,048,576 rows by 16,384 columns" in str(error.value)


def test_the_search_for_a_sheets_first_row_takes_time_in_proportion_to_the_sheet(tmp_path: Path) -> None:
    """Issue 15: the search for a sheet's first row with a value read the sheet again from its start
    for every 64 KB, so a sheet of 300,000 formatted but empty cells (1.5 MB) took 39 s of CPU
    before this change (measured on main); it now reads each row once: under a second here, and
    the bound is generous for a busy machine."""
    path = tmp_path / "blank.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    bold = workbook.add_format({"bold": True})
    sheet = workbook.add_worksheet("List 3")
    for row in range(300_000):
        sheet.write_blank(row, 0, None, bold)
    workbook.close()
    started = time.process_time()
    batch = read_annex_a(path)
    assert time.process_time() - started < 10
    assert batch.tables == {} and batch.rejections == []
