"""Reading an Ofsted report or letter (text or PDF) and proposing a plan from what it says must improve."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import weasyprint

from lineofsight.assurance import ofsted, plans
from lineofsight.interchange.loading import InputError
from lineofsight.settings import Settings
from tests.assurance.conftest import CONTEXT

INSPECTION = CONTEXT / "000_607ff838f21db846.txt"
SCRUTINY = CONTEXT / "002_a6edcaf54930f4b6.txt"
PRESS = CONTEXT / "003_9476b1ad1e837f70.txt"


def test_the_inspection_report_gives_its_council_dates_four_inadequate_judgements_and_nine_points() -> None:
    report = ofsted.read_report(INSPECTION)
    assert report.kind == "inspection"
    assert report.council == "North East Lincolnshire Council"
    # "Inspection dates: 4 October to 15 October 2021".
    assert (report.start, report.end) == (dt.date(2021, 10, 4), dt.date(2021, 10, 15))
    grades = {j.key: j.grade for j in report.judgements}
    assert grades == {
        "impact_of_leaders": "inadequate",
        "help_and_protection": "inadequate",
        "children_in_care_and_care_leavers": "inadequate",
        "overall_effectiveness": "inadequate",
    }
    assert len(report.points) == 9
    assert report.points[0].startswith("Child in need (CIN) and child protection planning")
    assert report.points[-1].startswith("The sufficiency and stability of the social care workforce")
    assert report.missing() == []


def test_a_focused_visit_letter_inside_scrutiny_papers_is_read_as_a_letter_without_judgements() -> None:
    report = ofsted.read_report(SCRUTINY)
    assert report.kind == "focused visit"
    assert (report.start, report.end) == (dt.date(2021, 5, 5), dt.date(2021, 5, 6))
    assert report.judgements == []
    assert [point.split(",")[0] for point in report.points] == [
        "The sufficiency and stability of the social care workforce",
        "Social worker caseloads",
    ]


def test_a_press_story_about_an_inspection_says_what_it_could_not_find_rather_than_inventing_it() -> None:
    report = ofsted.read_report(PRESS)
    assert report.points == [] and report.judgements == []
    assert "the points on what needs to improve" in report.missing()


def test_a_letter_laid_out_with_numbered_points_and_a_different_heading_is_read_too() -> None:
    letter = (
        "Focused visit to Northshire County Council children's services\n\n"
        "This letter summarises the findings of a focused visit on 12 and 13 March 2024.\n\n"
        "Areas for improvement:\n"
        "1. The timeliness of initial child protection conferences.\n"
        "2. The frequency with which children in care are visited and seen alone.\n\n"
        "Yours sincerely\n"
    )
    report = ofsted.parse_report(letter, "letter.txt")
    assert report.kind == "focused visit"
    assert report.council == "Northshire County Council"
    assert report.start == dt.date(2024, 3, 12) and report.end == dt.date(2024, 3, 13)
    assert report.points == [
        "The timeliness of initial child protection conferences",
        "The frequency with which children in care are visited and seen alone",
    ]


def test_the_report_as_a_pdf_reads_the_same_as_its_text(tmp_path: Path) -> None:
    text = INSPECTION.read_text(encoding="utf-8")
    paragraphs = "".join(f"<p>{line}</p>" if line.strip() else "<br>" for line in text.splitlines())
    pdf = tmp_path / "report.pdf"
    weasyprint.HTML(string=f"<html><body>{paragraphs}</body></html>").write_pdf(pdf)
    from_pdf, from_text = ofsted.read_report(pdf), ofsted.read_report(INSPECTION)
    assert (from_pdf.council, from_pdf.start, from_pdf.end) == (
        from_text.council,
        from_text.start,
        from_text.end,
    )
    assert [j.grade for j in from_pdf.judgements] == [j.grade for j in from_text.judgements]
    assert len(from_pdf.points) == 9


def test_a_file_that_is_neither_text_nor_a_pdf_is_refused_with_its_name(tmp_path: Path) -> None:
    broken = tmp_path / "report.pdf"
    broken.write_bytes(b"%PDF-1.7 this is not really a pdf")
    with pytest.raises(InputError, match=r"report\.pdf"):
        ofsted.read_report(broken)


def test_each_point_becomes_a_priority_matched_to_measures_by_its_words() -> None:
    report = ofsted.read_report(INSPECTION)
    proposed = ofsted.propose(report, dt.date(2026, 4, 1), Settings())
    assert len(proposed) == 9
    by_point = {
        p.point.split(" ")[1] if p.point.startswith("The ") else p.point.split(" ")[0]: p for p in proposed
    }
    allegations = by_point["response"]
    assert "allegations" in [m.topic.key for m in allegations.matches]
    assert "LD01" in [e.code for e in allegations.priority.evidence]
    permanence = by_point["Permanence"]
    assert "permanence" in [m.topic.key for m in permanence.matches]
    # Every priority carries evidence and a target date a year after the start.
    assert all(p.priority.evidence for p in proposed)
    assert {e.target_date for p in proposed for e in p.priority.evidence} == {dt.date(2027, 4, 1)}
    spec = ofsted.plan_from(report, proposed, dt.date(2026, 4, 1))
    assert plans.check(spec) == []
    assert "North East Lincolnshire" in spec.title
