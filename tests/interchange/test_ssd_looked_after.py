"""`ssd_legal_status` and `ssd_permanence` (issue 16): each legal status placed in the period of care
open on the day it began, adoptions alone held of the permanence orders, and what was left out
counted in the load's notes.

One child, C1, with two periods of care: E1 from 10 January 2024 to 30 June 2024, and E2 from
1 February 2025, still open.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from sqlalchemy import Engine

from lineofsight import store
from lineofsight.interchange.ssd import load_ssd
from tests.interchange.ssd_extracts import TAKEN, people, write

EPISODES = [
    "clae_cla_episode_id",
    "clae_person_id",
    "clae_cla_episode_start_date",
    "clae_cla_episode_start_reason",
    "clae_cla_primary_need_code",
    "clae_cla_episode_ceased_date",
    "clae_cla_episode_ceased_reason",
]
LEGAL = [
    "lega_legal_status_id",
    "lega_person_id",
    "lega_legal_status",
    "lega_legal_status_start_date",
    "lega_legal_status_end_date",
]
PERMANENCE = [
    "perm_table_id",
    "perm_person_id",
    "perm_cla_id",
    "perm_adm_decision_date",
    "perm_placement_order_date",
    "perm_matched_date",
    "perm_placed_for_adoption_date",
    "perm_permanence_order_date",
    "perm_permanence_order_type",
    "perm_placed_ffa_cp_date",
]


def child_in_care(folder: Path) -> Path:
    people(folder, ["C1"], "F", "2022-05-01")
    write(
        folder / "ssd_cla_episodes.csv",
        EPISODES,
        [
            ["E1", "C1", "2024-01-10", "S", "N1", "2024-06-30", "E4A"],
            ["E2", "C1", "2025-02-01", "S", "N1", "", ""],
        ],
    )
    return folder


def test_each_legal_status_is_held_in_the_period_of_care_open_the_day_it_began_and_none_outside_one(
    engine: Engine, tmp_path: Path
) -> None:
    folder = child_in_care(tmp_path / "ssd")
    write(
        folder / "ssd_legal_status.csv",
        LEGAL,
        [
            ["L1", "C1", "V2", "2024-01-10", "2024-03-01"],  # E1's first day: E1
            ["L2", "C1", "C2", "2024-03-01", "2024-06-30"],  # within E1
            ["L3", "C1", "SGO", "2024-07-01", ""],  # the day after E1 ended, before E2: left out
            ["L4", "C1", "PF", "2024-12-01", "2025-01-31"],  # private fostering, in no period: left out
            ["L5", "C1", "C1", "2025-02-01", ""],  # E2's first day: E2
        ],
    )
    summary, batch = load_ssd(engine, str(folder), extracted_at=TAKEN)
    held = store.read_table(engine, "legal_statuses").sort("legal_status_id")
    assert held.select("legal_status_id", "cla_episode_id", "legal_status").rows() == [
        ("L1", "E1", "V2"),
        ("L2", "E1", "C2"),
        ("L5", "E2", "C1"),
    ]
    assert summary.rejected == 0
    assert batch.notes == [
        "ssd_legal_status: 2 legal statuses began in no period of care the SSD or the database holds "
        "(special guardianship, child arrangements, private fostering or care leaver statuses, which are "
        "not a looked-after child's): they were left out"
    ]


def test_a_refresh_finds_a_legal_status_s_period_of_care_in_the_database(
    engine: Engine, tmp_path: Path
) -> None:
    load_ssd(engine, str(child_in_care(tmp_path / "yesterday")), extracted_at=TAKEN - dt.timedelta(days=1))
    today = tmp_path / "today"
    today.mkdir()
    write(today / "ssd_legal_status.csv", LEGAL, [["L9", "C1", "E1", "2026-03-30", ""]])
    summary, _ = load_ssd(engine, str(today), since=dt.date(2026, 3, 30), extracted_at=TAKEN)
    held = store.read_table(engine, "legal_statuses")
    assert held.select("legal_status_id", "cla_episode_id").rows() == [("L9", "E2")]
    assert summary.inserted == 1


def test_a_legal_status_with_no_start_is_rejected_naming_file_row_and_field(
    engine: Engine, tmp_path: Path
) -> None:
    folder = child_in_care(tmp_path / "ssd")
    write(
        folder / "ssd_legal_status.csv",
        LEGAL,
        [["L1", "C1", "V2", "2024-01-10", ""], ["L2", "C1", "C2", "", ""]],
    )
    _, batch = load_ssd(engine, str(folder), extracted_at=TAKEN)
    assert [str(r) for r in batch.rejections] == [
        f"{folder.name}, ssd_legal_status.csv, row 3, field 'lega_legal_status_start_date': "
        "the legal status has no start date"
    ]
    assert store.read_table(engine, "legal_statuses")["legal_status_id"].to_list() == ["L1"]


def test_only_adoptions_are_held_of_the_permanence_orders_with_their_period_and_fostering_for_adoption(
    engine: Engine, tmp_path: Path
) -> None:
    folder = child_in_care(tmp_path / "ssd")
    write(
        folder / "ssd_permanence.csv",
        PERMANENCE,
        [
            # Adopted: every milestone, from E1 as named; not fostered for adoption.
            ["A1", "C1", "E1", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01", "2024-06-30",
             "Adoption", ""],
            # In progress, no order yet, naming no period: the one open on the decision (E2); placed
            # with carers approved for fostering for adoption.
            ["A2", "C1", "", "2025-06-02", "2025-07-01", "", "", "", "", "2025-07-15"],
            ["S1", "C1", "E2", "", "", "", "", "2025-09-01", "Special Guardianship", ""],
            ["S2", "C1", "E2", "", "", "", "", "2025-10-01", "Child Arrangements Order/ Residence Order", ""],
        ],
    )  # fmt: skip
    _, batch = load_ssd(engine, str(folder), extracted_at=TAKEN)
    held = store.read_table(engine, "adoptions").sort("adoption_id")
    assert held.select(
        "adoption_id", "cla_episode_id", "adoption_order_date", "placed_date", "fostering_for_adoption"
    ).rows() == [
        ("A1", "E1", dt.date(2024, 6, 30), dt.date(2024, 5, 1), False),
        ("A2", "E2", None, None, True),
    ]
    assert batch.notes == [
        "ssd_permanence: 2 rows are about other permanence orders than adoption (special guardianship, "
        "child arrangements): they were left out, as the model holds adoptions"
    ]
    assert held.filter(pl.col("adoption_id") == "A1")["should_be_placed_decision_date"][0] == dt.date(
        2024, 2, 1
    )
