"""A draft audit: each page's answers kept with the rest, only for the account that started it; the
next page is the first not yet answered; the answers read as the one-page form's do."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from lineofsight.assurance import audit_drafts
from lineofsight.assurance.areas import AREA_KEYS

NOW = dt.datetime(2026, 3, 20, 10, 30)


def test_a_draft_keeps_each_page_and_says_which_comes_next(engine: Engine) -> None:
    with engine.begin() as connection:
        draft_id = audit_drafts.start(
            connection, "qa", NOW, {"child_id": "C1", "auditor_id": "W1", "audit_date": "2026-03-20"}
        )
    draft = audit_drafts.read(engine, draft_id, "qa")
    assert draft is not None and draft.next_step() == "area/experiences" and draft.answered() == 1
    with engine.begin() as connection:
        draft = audit_drafts.answer(connection, draft, {"experiences_grade": "good"})
        draft = audit_drafts.answer(
            connection, draft, {"experiences_grade": "inadequate", "seen_grade": "good"}
        )
    again = audit_drafts.read(engine, draft_id, "qa")
    assert again is not None and again.answers["experiences_grade"] == "inadequate"  # the later answer
    assert again.next_step() == "area/voice" and again.audit_day() == dt.date(2026, 3, 20)
    # Every area, the whole file and the actions answered: the check is next.
    with engine.begin() as connection:
        done = audit_drafts.answer(
            connection,
            again,
            {f"{k}_grade": "good" for k in AREA_KEYS} | {"grade": "good", "actions_done": "yes"},
        )
    assert done.next_step() == "check" and done.answered() == len(audit_drafts.STEPS) - 1


def test_a_draft_is_only_its_author_s(engine: Engine) -> None:
    with engine.begin() as connection:
        mine = audit_drafts.start(connection, "qa", NOW, {"child_id": "C1"})
        audit_drafts.start(connection, "qa2", NOW + dt.timedelta(hours=1), {"child_id": "C2"})
        later = audit_drafts.start(connection, "qa", NOW + dt.timedelta(hours=2), {"child_id": "C3"})
    assert audit_drafts.read(engine, mine, "qa2") is None
    assert [d.draft_id for d in audit_drafts.drafts_of(engine, "qa")] == [later, mine]  # newest first
    with engine.begin() as connection:
        audit_drafts.discard(connection, mine)
    assert audit_drafts.read(engine, mine, "qa") is None


def test_the_answers_read_as_the_one_page_form_with_up_to_five_actions() -> None:
    answers = {"child_id": "C1", "auditor_id": "W1", "audit_date": "2026-03-20", "grade": "Good"}
    answers |= {f"{k}_grade": "good" for k in AREA_KEYS}
    for n in (1, 2, 5):
        answers |= {f"action_{n}": f"Action {n}", f"action_{n}_owner": "W2", f"action_{n}_due": "2026-04-30"}
    answers["action_3_due"] = "soon"  # no text: no action, so its date is not read
    record, problems = audit_drafts.record_from(answers)
    assert problems == [] and record is not None
    assert record.grade == "good" and len(record.findings) == len(AREA_KEYS)
    assert [a.text for a in record.actions] == ["Action 1", "Action 2", "Action 5"]
    _, wrong = audit_drafts.record_from(answers | {"action_2_due": "30/04/2026"})
    assert [p.field for p in wrong] == ["action_2_due"]
