"""The SSD's pre-proceedings under the Public Law Outline, with their outcome in the model's words.

The specification words the outcome as a choice ("Decision to Issue Care Proceedings", "Decision to
step down", blank while pre-proceedings go on); a council's system may spell it in its own case or
give the model's code. An outcome that is neither rejects its row, naming it.
"""

from __future__ import annotations

from typing import Any

from lineofsight.interchange.loading import Batch
from lineofsight.interchange.ssd.looked_after import where
from lineofsight.interchange.ssd.tables import PRE_PROCEEDINGS_OUTCOMES, plain

OUTCOMES = {plain(text): code for code, text in PRE_PROCEEDINGS_OUTCOMES.items()} | {
    plain(code): code for code in PRE_PROCEEDINGS_OUTCOMES
}


def pre_proceedings(batch: Batch) -> None:
    rows = batch.tables.get("pre_proceedings")
    if not rows:
        return
    kept: list[dict[str, Any]] = []
    for row in rows:
        place, number = where(row)
        outcome = row.get("pre_proceedings_outcome")
        if row.get("pre_proceedings_start_date") is None:
            batch.reject(
                place, number, "prep_pre_pro_decision_date", "no date of the decision to begin is given", row
            )
            continue
        if outcome is not None:
            code = OUTCOMES.get(plain(outcome))
            if code is None:
                choices = " or ".join(repr(text) for text in PRE_PROCEEDINGS_OUTCOMES.values())
                reason = f"{outcome!r} is not an outcome (give {choices})"
                batch.reject(place, number, "prep_pre_pro_outcome", reason, row)
                continue
            row["pre_proceedings_outcome"] = code
        kept.append(row)
    batch.tables["pre_proceedings"] = kept
