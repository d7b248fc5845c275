"""Recognising a record read from a return as the one the database already holds, whatever its id:
a small database built by hand under the synthetic council's kind of ids (`R000002`, `A000002`,
`CP000001`), loaded again from a census that names the same records by their child and dates; the
rule for a record held twice; the declarations the recognition runs on; and the round trip of every
return on a real synthetic council, which must add no row and change no measure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, update

from lineofsight import store, synth
from lineofsight.data import CouncilData
from lineofsight.interchange.cin_census import read_cin_census
from lineofsight.interchange.keys import LOOSE_REFERENCES, NATURAL_KEYS
from lineofsight.interchange.loading import LoadSummary, apply_batch
from lineofsight.interchange.recognition import held_ids
from lineofsight.interchange.returns import RETURNS, load_return
from lineofsight.interchange.ssda903 import read_ssda903
from lineofsight.measures import compute_all
from lineofsight.measures.report import as_json
from lineofsight.model import Base
from lineofsight.settings import Settings
from tests import builders
from tests.builders import assessment, council_data, cp_plan, cp_review, icpc, person, referral, s47

FIXTURES = Path(__file__).parent / "cin_census" / "fixtures"
SSDA903 = Path(__file__).parent / "ssda903" / "fixtures"
SMALL = FIXTURES / "cin_small.xml"  # C1: referrals 2024-05-01 and 2024-09-02; C2: 2025-01-06
END = dt.date(2026, 3, 31)

d = builders.day
rows = builders.stored_rows


def load_census(engine: Engine, path: Path = SMALL) -> LoadSummary:
    with store.transaction(engine) as connection:
        return apply_batch(connection, read_cin_census(path, connection))


def ids_and_links(engine: Engine, table: str, *links: str) -> list[tuple[Any, ...]]:
    (key,) = [c.name for c in Base.metadata.tables[table].primary_key.columns]
    return sorted(tuple(row[c] for c in (key, *links)) for row in rows(engine, table))


def c1_held_under_synthetic_ids(engine: Engine) -> None:
    """C1's second referral (2 September 2024) as the synthetic council keeps it: the referral
    R000002, its assessment, S47 enquiry, conference and plan, and the plan's first review."""
    council_data(
        engine,
        person("C1", dob="2015-06-15"),
        referral("C1", "2024-09-02", id="R000002") | {"team_id": "T002", "worker_id": "W0004"},
        assessment("C1", start="2024-09-03", id="A000002", referral_id="R000002"),
        s47("C1", start="2024-09-03", id="S000001") | {"referral_id": "R000002"},
        icpc("C1", date="2024-09-20", s47_id="S000001", id="IC000001") | {"referral_id": "R000002"},
        cp_plan("C1", start="2024-09-20", id="CP000001") | {"referral_id": "R000002", "icpc_id": "IC000001"},
        cp_review("C1", plan="CP000001", date="2024-12-16", id="CR000001"),
    )


def test_a_referral_held_under_a_synthetic_id_stays_one_row_and_its_links_follow(engine: Engine) -> None:
    c1_held_under_synthetic_ids(engine)
    summary = load_census(engine)
    # The census names C1's referral of 2 September 2024: it is R000002, updated with what the census
    # says (source 5A, need N2) and keeping what it does not (team and worker). C1's referral of
    # 1 May 2024 and C2's are new, under their natural keys: 3 rows, not 4. C2's referral went no
    # further and the census left its need out: it stays blank (never made up as N0).
    assert ids_and_links(
        engine, "cin_episodes", "referral_source_code", "cin_primary_need_code", "team_id"
    ) == [
        ("C1/referral/2024-05-01", "1A", "N1", None),
        ("C2/referral/2025-01-06", "2A", "", None),
        ("R000002", "5A", "N2", "T002"),
    ]
    # The assessment of 3 September is A000002, still R000002's; the census's assessment of 2 May
    # is new, in the new referral.
    assert ids_and_links(engine, "assessments", "referral_id") == [
        ("A000002", "R000002"),
        ("C1/assessment/2024-05-02", "C1/referral/2024-05-01"),
    ]
    # The new CIN plan and the new enquiry of 3 March 2025 belong to R000002, not to a second copy.
    assert ids_and_links(engine, "cin_plans", "referral_id") == [("C1/cin-plan/2025-01-20", "R000002")]
    assert ids_and_links(engine, "s47_enquiries", "referral_id") == [
        ("C1/s47/2025-03-03", "R000002"),
        ("S000001", "R000002"),
    ]
    # The conference of 20 September is IC000001, still S000001's; C2's is new.
    assert ids_and_links(engine, "initial_cp_conferences", "s47_enquiry_id", "referral_id") == [
        ("C2/icpc/2025-01-06", None, "C2/referral/2025-01-06"),
        ("IC000001", "S000001", "R000002"),
    ]
    # The plan is CP000001, ended on 20 January 2025 as the census says; the review of 16 December
    # is CR000001 and the census's second review (20 January) is added to CP000001.
    assert ids_and_links(engine, "cp_plans", "icpc_id", "cp_plan_end_date") == [
        ("CP000001", "IC000001", d("2025-01-20"))
    ]
    assert ids_and_links(engine, "cp_reviews", "cp_plan_id") == [
        ("C1/cp-review/2025-01-20", "CP000001"),
        ("CR000001", "CP000001"),
    ]
    # The summary says the same: of the census's 3 referrals 2 were added, its plan was held, and of
    # its 2 reviews 1 was added.
    assert summary.tables["cin_episodes"].inserted == 2
    assert summary.tables["cp_plans"].inserted == 0
    assert summary.tables["cp_reviews"].inserted == 1


def test_a_census_loaded_twice_into_a_database_of_synthetic_ids_changes_nothing_the_second_time(
    engine: Engine,
) -> None:
    c1_held_under_synthetic_ids(engine)
    load_census(engine)
    second = load_census(engine)
    assert (second.inserted, second.updated) == (0, 0)
    assert [row["referral_id"] for row in rows(engine, "cin_episodes")] == [
        "C1/referral/2024-05-01",
        "C2/referral/2025-01-06",
        "R000002",
    ]


def test_a_record_held_twice_is_matched_to_the_one_the_return_agrees_with_and_the_load_says_so(
    engine: Engine,
) -> None:
    """C2 has two referrals on 6 January 2025 (a case-management system can hold such a pair).
    The census says source 2A, no further action: R000010 says the same; R000009 (source 1B) does
    not. The census's row updates R000010 and R000009 is left as it was."""
    council_data(
        engine,
        person("C2", dob="2010-02-01"),
        referral("C2", "2025-01-06", id="R000009"),
        referral("C2", "2025-01-06", id="R000010") | {"referral_source_code": "2A", "referral_nfa": True},
    )
    summary = load_census(engine)
    assert ids_and_links(engine, "cin_episodes", "referral_source_code", "close_date") == [
        ("C1/referral/2024-05-01", "1A", d("2024-07-01")),
        ("C1/referral/2024-09-02", "5A", None),
        ("R000009", "1B", None),
        ("R000010", "2A", d("2025-01-06")),
    ]
    # C2's conference on the referral's own day hangs from R000010.
    assert ("C2/icpc/2025-01-06", "R000010") in ids_and_links(engine, "initial_cp_conferences", "referral_id")
    assert (
        "cin_episodes: 1 record is held more than once with the same child, referral_date: the "
        "return's row updated the one it agrees with most, and the other was left as it was"
    ) in summary.notes


def test_where_what_the_return_says_cannot_decide_the_lowest_id_is_matched(engine: Engine) -> None:
    """Two identical referrals held: 9 comes before 10 (by length, then text), on every load."""
    council_data(
        engine,
        person("C2"),
        referral("C2", "2025-01-06", id="R10"),
        referral("C2", "2025-01-06", id="R9"),
    )
    row = {"referral_id": "C2/referral/2025-01-06", "person_id": "C2", "referral_date": d("2025-01-06")}
    with engine.connect() as connection:
        matches = held_ids(connection, "cin_episodes", [row])
    assert (matches.renamed, matches.twice) == ({"C2/referral/2025-01-06": "R9"}, 1)


def test_a_row_held_under_its_own_key_is_that_row_though_another_has_the_same_child_and_date(
    engine: Engine,
) -> None:
    """An earlier load of a return stored C1's referral under its natural key, beside the case
    system's R000001 for the same day: the return's row is the one it loaded before."""
    council_data(
        engine,
        person("C1", dob="2015-06-15"),
        referral("C1", "2024-05-01", id="R000001"),
        referral("C1", "2024-05-01", id="C1/referral/2024-05-01"),
    )
    load_census(engine)
    sources = dict(ids_and_links(engine, "cin_episodes", "referral_source_code"))
    assert (sources["C1/referral/2024-05-01"], sources["R000001"]) == ("1A", "1B")


# ------------------------------------------------- what a 903 says as given, loaded twice (issue 14)

RETURN_RECORDS = ("child_years", "care_leaver_outcomes", "unallocated_spells")


def load_903(engine: Engine, path: Path) -> LoadSummary:
    with engine.connect() as connection:
        batch = read_ssda903(path, connection)
    with store.transaction(engine) as connection:
        return apply_batch(connection, batch)


def test_a_903_loaded_twice_adds_nothing_to_what_it_said_as_given_whatever_the_ids_held(
    engine: Engine,
) -> None:
    """903_2026_small's header gives A1 a UPN and B2, C3 and D4 the reason UN5 (B2 also MOTHER 0):
    4 children's years, C1/903/2026 and so on; its OC3 gives D4's answers for 2026: 1 row; and
    903_2026_social_workers gives B2 a wait with no worker (XXXX) from 20 July 2025: 1 spell. Loaded
    again, each is the row already held, by child and return and year, child and year, and child
    and start (`keys.NATURAL_KEYS`), even when a case-management system holds it under its own id."""
    returns = (SSDA903 / "903_2026_small", SSDA903 / "903_2026_social_workers")
    for path in returns:
        load_903(engine, path)
    held = {name: len(rows(engine, name)) for name in RETURN_RECORDS}
    assert held == {"child_years": 4, "care_leaver_outcomes": 1, "unallocated_spells": 1}
    assert [(r["person_id"], r["upn_unknown"], r["mother"]) for r in rows(engine, "child_years")] == [
        ("A1", None, None),
        ("B2", "UN5", "0"),
        ("C3", "UN5", None),
        ("D4", "UN5", None),
    ]
    # Loaded again as stored: every row is held under its own id.
    for path in returns:
        second = load_903(engine, path)
        assert all(second.tables[name].inserted == 0 for name in RETURN_RECORDS if name in second.tables)
    assert {name: len(rows(engine, name)) for name in RETURN_RECORDS} == held
    # Held under other ids (a council's own system's): recognised by the natural key, not added.
    with store.transaction(engine) as connection:
        for name in RETURN_RECORDS:
            table = Base.metadata.tables[name]
            (key,) = table.primary_key.columns
            connection.execute(update(table).values({key.name: "case-system-" + key}))
    for path in returns:
        third = load_903(engine, path)
        assert all(third.tables[name].inserted == 0 for name in RETURN_RECORDS if name in third.tables)
    assert {name: len(rows(engine, name)) for name in RETURN_RECORDS} == held
    for name in RETURN_RECORDS:
        (key,) = [c.name for c in Base.metadata.tables[name].primary_key.columns]
        assert all(str(r[key]).startswith("case-system-") for r in rows(engine, name)), name


# ------------------------------------------------------------------------------- the declarations


def test_each_natural_key_names_columns_of_its_table_and_starts_with_an_indexed_one() -> None:
    for table, columns in NATURAL_KEYS.items():
        model = Base.metadata.tables[table]
        assert set(columns) <= set(model.columns.keys()), table
        # The lookup goes by the first column, chunk by chunk: without an index it reads the table.
        assert any(index.columns.keys()[0] == columns[0] for index in model.indexes), table


def test_every_column_naming_a_record_a_return_loads_is_a_foreign_key_or_a_declared_loose_one() -> None:
    """A recognised record's new id must reach every row that names it. Teams, workers and the
    managers and advisers among them are named by the ids the returns give, so they need no
    recognising."""
    by_id = {"team_id", "worker_id", "closure_manager_id", "personal_adviser_id"}
    for table in NATURAL_KEYS:
        model = Base.metadata.tables[table]
        foreign = {key.parent.name for key in model.foreign_keys}
        for column in model.columns:
            if column.name.endswith("_id") and not column.primary_key and column.name not in by_id:
                assert column.name in foreign or (table, column.name) in LOOSE_REFERENCES, (
                    table,
                    column.name,
                )
    for (table, column), target in LOOSE_REFERENCES.items():
        assert column in Base.metadata.tables[table].columns and target in NATURAL_KEYS


# ------------------------------------------------------------- the round trip on a synthetic council


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        }


def measures(engine: Engine) -> dict[str, dict[str, Any]]:
    """Every measure as `lineofsight measures --as-at 2026-03-31 --json` gives it."""
    document = as_json(END, compute_all(CouncilData(engine), END, Settings()))
    return {entry["code"]: entry for entry in document["measures"]}


def test_returns_a_synthetic_council_exported_and_loaded_back_add_no_row_and_change_no_measure(
    engine: Engine, tmp_path: Path
) -> None:
    synth.generate(engine, "stable", seed=3, years=2, end=END, population=2000)
    before, values = counts(engine), measures(engine)
    folder = tmp_path / "ssda903-2026"  # named for its year, which the return itself does not say
    RETURNS["903"].writer()(engine, 2026, folder)
    files = {
        "cin": RETURNS["cin"].writer()(engine, 2026, tmp_path / "census.xml"),
        "903": folder,
        "annex-a": RETURNS["annex-a"].writer()(engine, END, tmp_path / "annex_a.xlsx"),
    }
    for kind, path in files.items():
        summary, batch = load_return(engine, kind, path)
        assert batch.rejections == [], kind
        # What the 903 said as given (the reason UN5 for a child the council holds no UPN for, OC3's
        # answers, a wait for a worker after an allocation ended) is what the writer made of the
        # council's records, not a row the synthetic council holds in those tables: the first load
        # keeps it, once. Every record of the council's own is recognised.
        added = {name for name, t in summary.tables.items() if t.inserted}
        assert added <= set(RETURN_RECORDS), f"loading back the {kind} return added rows"
    kept = counts(engine)
    for kind, path in files.items():
        summary, batch = load_return(engine, kind, path)
        added = {name for name, t in summary.tables.items() if t.inserted}
        assert added == set() and batch.rejections == [], f"loading the {kind} return again added rows"
    # Loaded again, every return adds no row in any table but the load's own record (`loads`, with
    # what it covered in `coverage`).
    again = counts(engine)
    assert again.pop("loads") == kept.pop("loads") + 3
    again.pop("coverage"), kept.pop("coverage")
    assert again == kept
    after = counts(engine)
    # Every load is recorded in `loads`, which is what that table is for, with what it covered.
    assert after.pop("loads") == before.pop("loads") + 6
    assert after.pop("coverage") > before.pop("coverage")
    for name in RETURN_RECORDS:
        after.pop(name), before.pop(name)
    assert after == before
    assert measures(engine) == values
