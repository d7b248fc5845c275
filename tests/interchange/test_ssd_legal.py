"""`ssd_pre_proceedings` (issue 16): pre-proceedings under the Public Law Outline, their outcome in
the model's words, and PL01 from an SSD alone; never the offer of a family group decision-making
meeting, which the SSD does not carry.

As at Tuesday 31 March 2026, 16 weeks (112 days) back is Tuesday 9 December 2025.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Engine

from lineofsight import store
from lineofsight.data import CouncilData
from lineofsight.interchange.ssd import load_ssd
from lineofsight.measures import compute_all
from lineofsight.settings import Settings
from tests.interchange.ssd_extracts import TAKEN, people, write

D = TAKEN.date()
HEADER = [
    "prep_table_id",
    "prep_person_id",
    "prep_pre_pro_decision_date",
    "prep_initial_pre_pro_meeting_date",
    "prep_pre_pro_outcome",
    "prep_agree_stepdown_issue_date",
    "prep_pre_pro_letter_date",
    "prep_care_pro_letter_date",
    "prep_pre_pro_meetings_num",
]
ROWS = [
    # Open since 1 October 2025: 181 days, 25 whole weeks at D, beyond 16: counted by PL01.
    ["PP1", "C1", "2025-10-01", "2025-10-10", "", "", "2025-10-03", "", "2"],
    # Open since 15 December 2025: 106 days, within 16 weeks.
    ["PP2", "C2", "2025-12-15", "", "", "", "", "", ""],
    # Stepped down on 20 September 2025.
    ["PP3", "C3", "2025-06-02", "2025-06-09", "Decision to step down", "2025-09-20", "2025-06-03", "", "1"],
    # Issued on 1 March 2026, the outcome as a system may spell it.
    ["PP4", "C4", "2025-11-03", "", "DECISION TO ISSUE CARE PROCEEDINGS", "2026-03-01", "", "2026-03-02", ""],
    # An outcome the specification does not have.
    ["PP5", "C5", "2025-11-03", "", "Adjourned", "2026-03-01", "", "", ""],
]


def extract(folder: Path) -> Path:
    people(folder, [f"C{n}" for n in range(1, 6)], "M", "2015-01-01")
    write(folder / "ssd_pre_proceedings.csv", HEADER, ROWS)
    return folder


def test_pre_proceedings_are_held_with_their_outcome_in_the_model_s_words(
    engine: Engine, tmp_path: Path
) -> None:
    folder = extract(tmp_path / "ssd")
    summary, batch = load_ssd(engine, str(folder), extracted_at=TAKEN)
    held = store.read_table(engine, "pre_proceedings").sort("pre_proceedings_id")
    assert held.select(
        "pre_proceedings_id",
        "pre_proceedings_start_date",
        "pre_proceedings_outcome",
        "pre_proceedings_end_date",
        "letter_before_proceedings_date",
        "proceedings_letter_date",
        "review_meetings",
    ).rows() == [
        ("PP1", dt.date(2025, 10, 1), None, None, dt.date(2025, 10, 3), None, 2),
        ("PP2", dt.date(2025, 12, 15), None, None, None, None, None),
        ("PP3", dt.date(2025, 6, 2), "step_down", dt.date(2025, 9, 20), dt.date(2025, 6, 3), None, 1),
        ("PP4", dt.date(2025, 11, 3), "issue", dt.date(2026, 3, 1), None, dt.date(2026, 3, 2), None),
    ]
    assert summary.rejected == 1
    assert [str(r) for r in batch.rejections] == [
        f"{folder.name}, ssd_pre_proceedings.csv, row 6, field 'prep_pre_pro_outcome': 'Adjourned' is not an "
        "outcome (give 'Decision to Issue Care Proceedings' or 'Decision to step down')"
    ]
    # Nothing the SSD does not carry is made up: no offer of a family group meeting.
    assert held["fgdm_offered"].null_count() == held.height


def test_an_ssd_alone_gives_pl01_but_declines_pl03_the_family_group_meeting_offered(
    engine: Engine, tmp_path: Path
) -> None:
    load_ssd(engine, str(extract(tmp_path / "ssd")), extracted_at=TAKEN)
    pl01, pl03 = (v.result for v in compute_all(CouncilData(engine), D, Settings(), codes=["PL01", "PL03"]))
    assert (pl01.status, pl01.value) == ("ok", 1)  # PP1 alone: PP2 within 16 weeks, PP3 and PP4 ended
    assert pl01.detail["pre_proceedings_id"].to_list() == ["PP1"]
    assert pl03.status == "not_covered" and pl03.value is None
