"""What an audit grades: the file as a whole and each area inspectors look at, in Ofsted's four grades.

The areas are data: each names what the auditor reads for, and the alerts that, raised on the audit
day, contradict a grade of good or better in that area (an auditor reading the file that day could
have seen them). `triangulation` reads these links; a test checks every alert named exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from lineofsight.model.audits import GRADES

GRADE_WORDS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement",
    "inadequate": "Inadequate",
}
GOOD_OR_BETTER = ("outstanding", "good")
# A grade's rank: 0 is outstanding, 3 inadequate, so a larger number is a worse grade.
RANK = {grade: index for index, grade in enumerate(GRADES)}


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    question: str  # what the auditor reads the file for
    contradicted_by: tuple[str, ...]  # alerts that, raised on the audit day, say a good grade is wrong
    worker_alerts: tuple[str, ...] = ()  # alerts about the allocated worker that do the same


AREAS: tuple[Area, ...] = (
    Area(
        "experiences",
        "The child's experiences and progress",
        "What is life like for this child, and is it getting better because of what we do?",
        ("AL08", "AL09", "AL10", "AL11", "AL13", "AL17"),
    ),
    Area(
        "seen",
        "Seen, and seen alone",
        "Is the child seen as often as their plan says, and seen alone?",
        ("AL03", "AL04", "AL05", "AL16"),
    ),
    Area(
        "voice",
        "The child's voice",
        "Are the child's wishes and feelings recorded and do they shape the plan?",
        (),
    ),
    Area(
        "assessment",
        "Assessment",
        "Is the assessment timely, does it use the child's history, and does it analyse risk?",
        ("AL01", "AL02"),
    ),
    Area(
        "plan",
        "The plan",
        "Is there a plan that says what must change, by when, and is it reviewed in time?",
        ("AL06", "AL07", "AL08", "AL17", "AL19", "AL20", "AL21"),
    ),
    Area(
        "oversight",
        "Management oversight",
        "Has a manager directed the work and signed off its key decisions, closures included?",
        ("AL11", "AL12"),
        ("AL22",),
    ),
    Area(
        "supervision",
        "Supervision",
        "Is the worker supervised regularly, and does supervision move the child's plan on?",
        (),
        ("AL23", "AL22"),
    ),
)
AREA_BY_KEY = {area.key: area for area in AREAS}
AREA_KEYS = tuple(area.key for area in AREAS)


def grade_named(text: str) -> str | None:
    """The grade for what a person or a file wrote ("Requires improvement", "RI", "good"), or None."""
    words = " ".join(text.replace("_", " ").replace("-", " ").lower().split())
    aliases = {
        "outstanding": "outstanding",
        "good": "good",
        "requires improvement": "requires_improvement",
        "requires improvement to be good": "requires_improvement",
        "ri": "requires_improvement",
        "inadequate": "inadequate",
    }
    return aliases.get(words)


def is_good(grade: str | None) -> bool:
    return grade in GOOD_OR_BETTER
