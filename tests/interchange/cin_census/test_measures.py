"""Measures worked out from the CIN census file alone agree with the canonical computation (issue 4,
item 8): the census is read here with plain counting over its XML, nothing of lineofsight's reader or
measures, and each figure is set beside the measure computed from the synthetic council's store as at
31 March of the census's year."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from lxml import etree

from lineofsight import store
from lineofsight.data import CouncilData
from lineofsight.working_days import add_working_days
from tests.builders import compute
from tests.interchange.cin_census.test_census import census, council

YEARS = (2025, 2026)


def months_on(day: dt.date, months: int) -> dt.date:
    """The same date `months` later, clamped to the month's end (29 Feb + 24 months = 28 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class Counted:
    """What the census says, counted: children, referrals, assessments and plans with their dates."""

    reference: dt.date
    children_in_need: set[str] = field(default_factory=set)
    children_on_plans: set[str] = field(default_factory=set)
    referrals: list[bool] = field(default_factory=list)  # in the year: was it no further action?
    assessments: list[tuple[dt.date, dt.date]] = field(default_factory=list)  # completed in the year
    plans_started: list[int] = field(default_factory=list)  # NumberOfPreviousCPP of each
    plans_ended: list[tuple[dt.date, dt.date]] = field(default_factory=list)

    @property
    def start(self) -> dt.date:
        return dt.date(self.reference.year - 1, 4, 1)

    def in_year(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.reference


def date(element: etree._Element, tag: str) -> dt.date | None:
    text = element.findtext(tag)
    return dt.date.fromisoformat(text) if text else None


def count(path: Path) -> Counted:
    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    reference = date(root, "Header/CollectionDetails/ReferenceDate")
    assert reference is not None
    counted = Counted(reference)
    for child in root.iterfind("Children/Child"):
        child_id = child.findtext("ChildIdentifiers/LAchildID") or ""
        for details in child.iterfind("CINdetails"):
            # The census says no date after its reference date, so a closure given is on or before it,
            # and an episode closing on the day is still open that day.
            if date(details, "CINclosureDate") in (None, reference):
                counted.children_in_need.add(child_id)
            if counted.in_year(date(details, "CINreferralDate")):
                counted.referrals.append(details.findtext("ReferralNFA") in ("1", "true"))
            for assessment in details.iterfind("Assessments"):
                started = date(assessment, "AssessmentActualStartDate")
                authorised = date(assessment, "AssessmentAuthorisationDate")
                if started is not None and authorised is not None and counted.in_year(authorised):
                    counted.assessments.append((started, authorised))
            for plan in details.iterfind("ChildProtectionPlans"):
                started = date(plan, "CPPstartDate")
                ended = date(plan, "CPPendDate")
                assert started is not None
                if ended in (None, reference):
                    counted.children_on_plans.add(child_id)
                if counted.in_year(started):
                    counted.plans_started.append(int(plan.findtext("NumberOfPreviousCPP") or "0"))
                if ended is not None and counted.in_year(ended):
                    counted.plans_ended.append((started, ended))
    return counted


@pytest.fixture(scope="module", params=YEARS)
def figures(request: pytest.FixtureRequest) -> tuple[Counted, CouncilData]:
    year: int = request.param
    counted = count(census("stretched", year))
    engine = store.connect(str(council("stretched")))
    request.addfinalizer(engine.dispose)
    return counted, CouncilData(engine)


def test_cp04_children_on_a_plan_at_31_march(figures: tuple[Counted, CouncilData]) -> None:
    counted, data = figures
    result = compute("CP04", data, counted.reference)
    assert len(counted.children_on_plans) > 50
    assert result.numerator == len(counted.children_on_plans)


def test_cn01_children_in_need_at_31_march(figures: tuple[Counted, CouncilData]) -> None:
    counted, data = figures
    assert compute("CN01", data, counted.reference).numerator == len(counted.children_in_need)


def test_cp05_second_plans_from_number_of_previous_plans(figures: tuple[Counted, CouncilData]) -> None:
    counted, data = figures
    result = compute("CP05", data, counted.reference)
    repeats = sum(1 for previous in counted.plans_started if previous > 0)
    assert 0 < repeats < len(counted.plans_started)
    assert (result.numerator, result.denominator) == (repeats, len(counted.plans_started))


def test_cp06_and_cp10_lengths_of_plans_ended_in_the_year(figures: tuple[Counted, CouncilData]) -> None:
    counted, data = figures
    two_years = sum(1 for start, end in counted.plans_ended if end >= months_on(start, 24))
    under_three_months = sum(1 for start, end in counted.plans_ended if end < months_on(start, 3))
    ended = len(counted.plans_ended)
    assert ended > 50
    cp06 = compute("CP06", data, counted.reference)
    cp10 = compute("CP10", data, counted.reference)
    assert (cp06.numerator, cp06.denominator) == (two_years, ended)
    assert (cp10.numerator, cp10.denominator) == (under_three_months, ended)


def test_as01_assessments_within_45_working_days(figures: tuple[Counted, CouncilData]) -> None:
    counted, data = figures
    on_time = sum(1 for start, end in counted.assessments if end <= add_working_days(start, 45))
    result = compute("AS01", data, counted.reference)
    assert 0 < on_time < len(counted.assessments)
    assert (result.numerator, result.denominator) == (on_time, len(counted.assessments))


def test_rf03_referrals_with_no_further_action(figures: tuple[Counted, CouncilData]) -> None:
    counted, data = figures
    result = compute("RF03", data, counted.reference)
    assert (result.numerator, result.denominator) == (sum(counted.referrals), len(counted.referrals))
