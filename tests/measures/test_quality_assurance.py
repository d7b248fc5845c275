"""QA01 audits graded good or better, QA02 audit actions on time and QA03 audits at odds with the data,
as at Monday 31 March 2025: the year to D is (31 Mar 2024, 31 Mar 2025].
"""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from sqlalchemy import Engine

from lineofsight import alerts
from lineofsight.data import CouncilData
from lineofsight.measures import REGISTRY
from lineofsight.settings import Settings
from tests.builders import (
    allocation,
    assessment,
    audit_action,
    case_audit,
    compute,
    council_data,
    cp_plan,
    cp_review,
    day,
    visit,
)

D = "2025-03-31"


# QA01


def test_audits_in_the_year_graded_good_or_outstanding_by_their_final_grade(engine: Engine) -> None:
    data = council_data(
        engine,
        case_audit("C1", "2025-03-31", grade="good"),  # on D: in the year, good
        case_audit("C2", "2024-04-01", grade="outstanding"),  # the year's first day, outstanding
        case_audit("C3", "2024-10-01", grade="requires_improvement"),
        case_audit("C4", "2024-10-01", grade="good", moderated="requires_improvement"),  # moderated down
        case_audit("C5", "2024-10-01", grade="requires_improvement", moderated="good"),  # moderated up
        case_audit("C6", "2024-03-31", grade="good"),  # D − 1 year: outside the year
        case_audit("C7", "2025-01-15", grade="inadequate"),
    )
    result = compute("QA01", data, D)
    # In the year: C1, C2, C3, C4, C5, C7 = 6. Good or better after moderation: C1, C2, C5 = 3. 50%.
    assert result.detail.select("person_id", "grade", "in_numerator").rows() == [
        ("C2", "outstanding", True),
        ("C3", "requires_improvement", False),
        ("C4", "requires_improvement", False),
        ("C5", "good", True),
        ("C7", "inadequate", False),
        ("C1", "good", True),
    ]
    assert result.value == 50.0


def test_a_child_audited_twice_counts_twice(engine: Engine) -> None:
    data = council_data(
        engine,
        case_audit("C1", "2024-06-03", grade="good"),
        case_audit("C1", "2025-01-06", grade="inadequate"),
    )
    result = compute("QA01", data, D)
    assert (result.numerator, result.denominator) == (1, 2)


def test_the_audited_worker_is_as_recorded_or_else_the_child_s_worker_that_day(engine: Engine) -> None:
    data = council_data(
        engine,
        case_audit("C1", "2024-10-01", team="T9", worker="W9"),
        allocation("C1", "W1", start="2024-06-03"),
        case_audit("C2", "2024-10-01"),
        allocation("C2", "W1", start="2024-06-03", end="2024-09-30"),
        allocation("C2", "W2", start="2024-10-01"),
    )
    result = compute("QA01", data, D)
    assert result.detail.select("person_id", "team_id", "worker_id").rows() == [
        ("C1", "T9", "W9"),
        ("C2", "T1", "W2"),
    ]


def test_no_audits_in_the_year_gives_no_figure(engine: Engine) -> None:
    data = council_data(engine, case_audit("C1", "2024-03-29"))
    assert compute("QA01", data, D).value is None


# QA02


def test_actions_due_in_the_year_completed_by_their_due_date(engine: Engine) -> None:
    data = council_data(
        engine,
        case_audit("C1", "2024-03-04", id="AU1", worker="W1"),
        audit_action("AU1", due="2024-10-01", completed="2024-10-01"),  # on the due date: on time
        audit_action("AU1", due="2024-10-01", completed="2024-10-02"),  # the day after: late
        audit_action("AU1", due="2025-03-31"),  # due on D, not done by the end of D: late
        audit_action("AU1", due="2025-03-14", completed="2025-04-02"),  # done after D: not known at D
        audit_action("AU1", due="2024-04-01", completed="2024-03-20"),  # done early, due on the first day
        audit_action("AU1", due="2024-03-31", completed="2024-03-31"),  # due on D − 1 year: outside
        audit_action("AU1", due="2025-04-01"),  # due after D: outside
    )
    result = compute("QA02", data, D)
    # Due in the year: 5. On time: the one done on its due date and the one done early = 2. 40%.
    assert result.detail.select("action_due_date", "action_completed_date", "in_numerator").rows() == [
        (day("2024-04-01"), day("2024-03-20"), True),
        (day("2024-10-01"), day("2024-10-01"), True),
        (day("2024-10-01"), day("2024-10-02"), False),
        (day("2025-03-14"), None, False),
        (day("2025-03-31"), None, False),
    ]
    assert result.value == 40.0
    assert set(result.detail["worker_id"]) == {"W1"}


def test_no_actions_due_in_the_year_gives_no_figure(engine: Engine) -> None:
    data = council_data(engine, audit_action("AU1", due="2025-05-01"))
    assert compute("QA02", data, D).value is None


# QA03. C1's CP plan started Mon 2 Sep 2024 and was reviewed on 25 Nov 2024 (next review due
# 25 May 2025). Its latest visit before January was Mon 6 Jan 2025: the next was due 10 working days
# later, on Mon 20 Jan 2025, so from Tue 21 Jan the visit was overdue (AL03).


def test_a_good_audit_on_a_day_the_child_had_an_overdue_alert_is_at_odds(engine: Engine) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2024-09-02", id="CPP1"),
        allocation("C1", "W1", start="2024-09-02"),  # allocated, so no AL11
        cp_review("C1", plan="CPP1", date="2024-11-25"),
        visit("C1", "2025-01-06"),
        visit("C1", "2025-01-22"),  # visited the day after the second audit: too late for it
        case_audit("C1", "2025-01-20", grade="good", id="A1"),  # visit due that day: not yet overdue
        case_audit("C1", "2025-01-21", grade="good", id="A2"),  # a day overdue: at odds
        # C2: an assessment started Mon 2 Sep 2024 was due by Mon 4 Nov 2024 and is still open.
        assessment("C2", start="2024-09-02"),
        allocation("C2", "W1", start="2024-09-02"),
        case_audit("C2", "2024-11-05", grade="outstanding", id="A3"),
        case_audit("C2", "2024-11-06", grade="requires_improvement", id="A4"),  # not good: left out
        case_audit("C2", "2024-11-07", grade="good", moderated="inadequate", id="A5"),  # moderated down
        case_audit("C3", "2024-11-05", grade="good", id="A6"),  # a child who raises nothing
    )
    result = compute("QA03", data, D)
    # Good or better: A1, A2, A3, A6 = 4. With an alert on the day: A2 (AL03), A3 (AL01) = 2. 50%.
    assert result.detail.select("audit_id", "alerts", "in_numerator").rows() == [
        ("A3", "AL01", True),
        ("A6", None, False),
        ("A1", None, False),
        ("A2", "AL03", True),
    ]
    assert result.value == 50.0


def test_a_trend_raises_the_alerts_on_audit_days_once_and_gives_each_month_its_own_figure(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = (
        cp_plan("C1", start="2024-09-02", id="CPP1"),
        allocation("C1", "W1", start="2024-09-02"),
        cp_review("C1", plan="CPP1", date="2024-11-25"),
        visit("C1", "2025-01-06"),
        case_audit("C1", "2025-01-21", grade="good", id="A2"),  # AL03 that day, as above
        assessment("C2", start="2024-09-02"),
        allocation("C2", "W1", start="2024-09-02"),
        case_audit("C2", "2024-11-05", grade="outstanding", id="A3"),  # AL01 that day, as above
        case_audit("C3", "2024-11-05", grade="good", id="A6"),
    )
    data = council_data(engine, *rows)
    raised: list[int] = []
    real = alerts.open_alerts_at

    def counted(*args: Any, **kwargs: Any) -> pl.DataFrame:
        raised.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(alerts, "open_alerts_at", counted)
    settings = Settings()
    days = [day("2024-11-30"), day("2025-01-20"), day("2025-03-31")]
    trend = [REGISTRY["QA03"].evaluate(data, each, settings) for each in days]
    # 30 Nov 2024: A3 (at odds) and A6 = 1 of 2. 20 Jan 2025: the same. 31 Mar 2025: A2, A3 at odds
    # of A2, A3, A6 = 2 of 3.
    assert [(r.numerator, r.denominator) for r in trend] == [(1, 2), (1, 2), (2, 3)]
    assert len(raised) == 1  # once for the trend, not once a month
    # Each month alone, from data read afresh, gives the same figure and the same children.
    for each, kept in zip(days, trend, strict=True):
        alone = REGISTRY["QA03"].evaluate(CouncilData(engine), each, settings)
        assert (alone.value, alone.detail.equals(kept.detail)) == (kept.value, True)


def test_every_alert_the_child_had_on_the_audit_day_is_listed(engine: Engine) -> None:
    data = council_data(
        engine,
        cp_plan("C1", start="2024-09-02", id="CPP1"),  # no review by 2 Dec 2024 (AL06), no visit (AL03)
        assessment("C1", start="2024-09-02"),  # open past 4 Nov 2024 (AL01)
        allocation("C1", "W1", start="2024-09-02"),  # allocated, so no AL11
        case_audit("C1", "2024-12-03", grade="good"),
    )
    result = compute("QA03", data, D)
    assert result.detail["alerts"].to_list() == ["AL01, AL03, AL06"]


def test_no_good_audits_gives_no_figure(engine: Engine) -> None:
    data = council_data(engine, case_audit("C1", "2024-10-01", grade="inadequate"))
    result = compute("QA03", data, D)
    assert (result.value, result.denominator) == (None, 0)


def test_an_empty_store_gives_no_audit_figures(engine: Engine) -> None:
    data = council_data(engine)
    assert [compute(code, data, D).value for code in ("QA01", "QA02", "QA03")] == [None, None, None]
