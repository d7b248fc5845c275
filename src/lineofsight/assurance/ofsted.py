"""An Ofsted report or letter read into a proposed improvement plan.

`read_report` takes an ILACS inspection report, a focused-visit or monitoring-visit letter, as text
or PDF (through pypdf), and finds the council, the dates, the judgements with their grades and every
"what needs to improve" point (and any "areas for priority action"). Layouts vary: judgements in a
table (a tab or several spaces between judgement and grade), as headings ("...: inadequate"), or with
the grade on the next line, as a PDF's text often has it; points as bullets of any kind (-, •, ◼, ▪),
numbered, or wrapped over several lines. What is not found is left empty and the report says so.

`propose` makes a plan with one priority per point, matched to measures and alerts by the phrases
the point contains (`topics.toml`, the transparent mapping): a person reviews it before it is saved.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta

from lineofsight.assurance.plans import EvidenceSpec, PlanSpec, PrioritySpec
from lineofsight.assurance.topics import Match, matches
from lineofsight.interchange.loading import InputError
from lineofsight.measures import REGISTRY as MEASURES
from lineofsight.settings import Settings

MAX_BYTES = 50 * 1024 * 1024
MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
GRADE = r"outstanding|good|requires improvement(?: to be good)?|inadequate"
# A judgement's title, then a table's tab, a colon, a line break or a wide gap, then the grade; or one
# space where the grade ends the line (a table row as a PDF's text gives it).
JUDGEMENT = re.compile(
    r"(?P<title>(?:the\s+)?(?:impact\s+of\s+leaders[^\n:\t]*?|experiences\s+and\s+progress\s+of\s+[^\n:\t]*?"
    r"|overall\s+effectiveness))"
    rf"\s*(?:[:\t|]|\n|\s{{2,}}| (?=(?:{GRADE})[ \t]*$))\s*(?P<grade>{GRADE})\b",
    re.IGNORECASE | re.MULTILINE,
)
BULLET = re.compile(r"^\s*(?:[-•◼▪●■*–]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+(?P<text>.*\S)")
# A heading on a line of its own: "What needs to improve?", "What needs to improve in this area of
# social work practice", "Areas for priority action" (a sentence that mentions them is not one).
IMPROVE = re.compile(
    r"^[ \t]*(what needs to improve[^\n.]{0,60}|areas? for (?:priority action|improvement)|what the local "
    r"authority (?:needs|should do) to improve[^\n.]{0,40})[ \t]*[?:]?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# Headings that end a section of points.
SECTION_END = re.compile(
    r"^\s*(findings|the experiences and progress|the impact of leaders|overall effectiveness|"
    r"judgement|next steps|ofsted will|yours sincerely|\d{1,2}\.\s)",
    re.IGNORECASE,
)
DAY_MONTH_YEAR = re.compile(
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s+(?P<month>" + "|".join(MONTHS) + r"))?(?:\s+(?P<year>20\d\d))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Judgement:
    key: str  # help_and_protection, children_in_care, care_leavers, children_in_care_and_care_leavers,
    # impact_of_leaders, overall_effectiveness
    title: str
    grade: str  # outstanding, good, requires_improvement, inadequate


@dataclass
class InspectionReport:
    source: str
    kind: str  # inspection, focused visit, monitoring visit, report
    council: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    judgements: list[Judgement] = field(default_factory=list)
    points: list[str] = field(default_factory=list)
    priority_actions: list[str] = field(default_factory=list)

    def missing(self) -> list[str]:
        """What could not be found, in words, so that a reader knows what to check."""
        found = []
        if not self.council:
            found.append("the council's name")
        if not self.start:
            found.append("the dates of the inspection or visit")
        if self.kind == "inspection" and not self.judgements:
            found.append("the judgements and their grades")
        if not self.points and not self.priority_actions:
            found.append("the points on what needs to improve")
        return found

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "kind": self.kind,
            "council": self.council,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "judgements": [{"key": j.key, "title": j.title, "grade": j.grade} for j in self.judgements],
            "points": self.points,
            "priority_actions": self.priority_actions,
            "not_found": self.missing(),
        }


def report_text(path: Path) -> str:
    """The text of a report: a PDF's through pypdf, else the file as UTF-8 (or Windows-1252)."""
    if not path.exists():
        raise InputError(path, "there is no such file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(path, "the file is empty")
    if size > MAX_BYTES:
        raise InputError(path, f"the file is {size // 2**20} MB, over the {MAX_BYTES // 2**20} MB limit")
    return text_of(path, path.read_bytes())


def text_of(source: Path | str, raw: bytes) -> str:
    """The text of a report's bytes: a PDF's through pypdf, else UTF-8 (or Windows-1252)."""
    if raw.startswith(b"%PDF"):
        return pdf_text(source, raw)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def pdf_text(path: Path | str, raw: bytes) -> str:
    """Every page's text, in order; an InputError naming the page for a PDF that cannot be read."""
    import io

    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as error:  # pragma: no cover - the dependency is installed with lineofsight
        raise InputError(path, "reading PDFs needs pypdf: pip install 'lineofsight[pdf]'") from error
    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            try:
                pages.append(page.extract_text() or "")
            except Exception as error:
                raise InputError(path, f"cannot read its text ({error})", place=f"page {number}") from error
    except PdfReadError as error:
        raise InputError(path, f"is not a PDF that can be read ({error})") from error
    text = "\n".join(pages)
    if not text.strip():
        raise InputError(path, "the PDF holds no text (a scanned image?): save it as text or a text PDF")
    return text


def read_report(path: Path) -> InspectionReport:
    return parse_report(report_text(path), path.name)


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u2019", "'")
    text = text.replace("\u2013", "–").replace("\uf0a7", "▪").replace("\uf0b7", "•")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def parse_report(text: str, source: str) -> InspectionReport:
    """What the report says, as far as it can be found (see the module)."""
    text = _clean(text)
    lowered = text.lower()
    # The title says what it is; a report mentions earlier visits, so the first title found decides.
    titles = {
        "inspection": re.search(r"inspection of [^\n]{0,120}children'?s\s+services", lowered),
        "focused visit": re.search(r"focused visit to [^\n]{0,120}children'?s\s+services", lowered),
        "monitoring visit": re.search(r"monitoring visit to [^\n]{0,120}children'?s\s+services", lowered),
    }
    present = {name: found.start() for name, found in titles.items() if found is not None}
    kind = min(present, key=present.__getitem__) if present else "report"
    report = InspectionReport(source=source, kind=kind)
    report.council = _council(text)
    report.start, report.end = _dates(text)
    report.judgements = _judgements(text)
    points, priority = _points(text)
    report.points = points
    report.priority_actions = priority
    return report


def _council(text: str) -> str | None:
    patterns = (
        r"inspection of (?P<c>[^\n]+?) local authority\s+children'?s\s+services",
        r"(?:focused|monitoring) visit to (?P<c>[^\n]+?)(?: local authority)?\s+children'?s\s+services",
        r"inspection of (?P<c>[^\n]+?)\s+children'?s\s+services",
    )
    for pattern in patterns:
        found = re.search(pattern, text, re.IGNORECASE)
        if found:
            return " ".join(found.group("c").split())
    return None


def _dates(text: str) -> tuple[dt.date | None, dt.date | None]:
    labelled = re.search(r"(?:inspection|visit) dates?\s*:?\s*(?P<d>[^\n]+)", text, re.IGNORECASE)
    if labelled:
        days = _parse_dates(labelled.group("d"))
        if days:
            return days[0], days[-1]
    visit = re.search(
        r"(?:visit|inspection)[^.]{0,160}?\bon\s+(?P<d>\d{1,2}(?:\s*(?:and|to|-|–)\s*\d{1,2})*\s+\w+\s+20\d\d)",
        text,
        re.IGNORECASE,
    )
    if visit:
        days = _parse_dates(visit.group("d"))
        if days:
            return days[0], days[-1]
    return None, None


def _parse_dates(text: str) -> list[dt.date]:
    """Dates in "4 October to 15 October 2021", "4 to 15 October 2021", "5 and 6 May 2021": a day
    without its month or year takes the next one's."""
    parts: list[tuple[int, int | None, str | None]] = []
    for found in DAY_MONTH_YEAR.finditer(text):
        name = found.group("month")
        parts.append((int(found.group("day")), MONTHS[name.lower()] if name else None, found.group("year")))
    month: int | None = None
    year: str | None = None
    days = []
    for day, month_of, year_of in reversed(parts):
        month = month_of or month
        year = year_of or year
        if month and year:
            try:
                days.append(dt.date(int(year), month, day))
            except ValueError:
                continue
    return sorted(days)


def judgement_key(title: str) -> str | None:
    words = " ".join(title.lower().split())
    if "leaders" in words:
        return "impact_of_leaders"
    if "overall" in words:
        return "overall_effectiveness"
    if "help and protection" in words:
        return "help_and_protection"
    if "in care and care leavers" in words:
        return "children_in_care_and_care_leavers"
    if "care leavers" in words:
        return "care_leavers"
    if "in care" in words:
        return "children_in_care"
    return None


def _judgements(text: str) -> list[Judgement]:
    found: dict[str, Judgement] = {}
    for match in JUDGEMENT.finditer(text):
        title = " ".join(match.group("title").split())
        key = judgement_key(title)
        if key is None or key in found:
            continue
        grade = " ".join(match.group("grade").lower().split()).replace(" to be good", "")
        found[key] = Judgement(key, title[0].upper() + title[1:], grade.replace(" ", "_"))
    return list(found.values())


def _points(text: str) -> tuple[list[str], list[str]]:
    """The points of every "what needs to improve" section, and of any "areas for priority action"."""
    points: list[str] = []
    priority: list[str] = []
    for heading in IMPROVE.finditer(text):
        section = text[heading.end() :]
        items = _items(section)
        target = priority if "priority action" in heading.group(0).lower() else points
        for item in items:
            if item not in target:
                target.append(item)
    if not points and not priority:
        points = _prose_points(text)
    return points, priority


PROSE = re.compile(
    r"(?:action to improve|needs? to improve|should improve|must improve)\s+(?P<list>[^.]+)\.", re.IGNORECASE
)


def _prose_points(text: str) -> list[str]:
    """Where no section lists the points (a news report, a letter in prose), the things a sentence
    says must improve: "...takes swift action to improve A, the B and the C." gives A, B and C. Each
    item starts at ", the", "; " or " and the", so a list inside an item stays whole."""
    found: list[str] = []
    for sentence in PROSE.finditer(" ".join(text.split())):
        for item in re.split(r",\s+(?=the\s)|;\s+|\s+and\s+(?=the\s)", sentence.group("list")):
            tidy = _tidy(item)
            if len(tidy) > 12 and tidy not in found:
                found.append(tidy)
    return found


def _items(section: str) -> list[str]:
    """Bulleted or numbered items from the start of a section to its end: an item runs on over
    wrapped lines until a blank line, the next item or a heading; prose before the first item is
    passed over, and the section ends at a heading or at prose after the items. A line "1. The ..." is
    a numbered finding paragraph in a report, unless the list itself starts with one (a letter's
    numbered points)."""
    items: list[list[str]] = []
    blank_run = 0
    numbered = False  # the list is numbered "1. The ...": then numbered lines are its items, not findings
    for line in section.split("\n"):
        if not line.strip():
            blank_run += 1
            if items and blank_run >= 2 and not _continues(items):
                break
            continue
        bullet = BULLET.match(line)
        paragraph = re.match(r"^\s*\d{1,2}\.\s+[A-Z]", line) is not None
        if bullet and (not paragraph or numbered or not items):
            numbered = numbered or (paragraph and not items)
            items.append([bullet.group("text")])
            blank_run = 0
            continue
        if items and SECTION_END.match(line):
            break
        if not items and SECTION_END.match(line) and not re.match(r"^\s*\d{1,2}\.\s", line):
            break
        if items and (blank_run == 0 or _continues(items)):
            items[-1].append(line.strip())
            blank_run = 0
            continue
        if items:
            break
    return [_tidy(" ".join(parts)) for parts in items if " ".join(parts).strip()]


def _continues(items: list[list[str]]) -> bool:
    """An item whose text has not ended (no full stop or semicolon yet) runs on past a blank line,
    as a PDF page break leaves it."""
    last = " ".join(items[-1]).rstrip()
    return not last.endswith((".", ";", ":", "?"))


def _tidy(text: str) -> str:
    text = re.sub(r"(\w)- (\w)", r"\1-\2", " ".join(text.split()))
    text = text.rstrip(" ;.")
    return text[:1].upper() + text[1:]


# The proposal.


@dataclass(frozen=True)
class ProposedPriority:
    point: str
    matches: tuple[Match, ...]
    priority: PrioritySpec

    def as_json(self) -> dict[str, Any]:
        return {
            "point": self.point,
            "topics": [
                {"topic": m.topic.key, "title": m.topic.title, "phrases": list(m.phrases)}
                for m in self.matches
            ],
            "evidence": [
                {"kind": e.kind, "code": e.code, "title": e.title(), "target": e.target}
                for e in self.priority.evidence
            ],
            "alerts": [e.code for e in self.priority.evidence if e.kind == "alert"],
        }


MEASURES_PER_POINT = 4


def propose(
    report: InspectionReport, start: dt.date, settings: Settings, months: int = 12
) -> list[ProposedPriority]:
    """One priority per point (areas for priority action first), with the measures and alerts of the
    topics its words match, the measures' targets the council's own, due `months` after the start.
    A point no measure shows gets evidence by audit: the area of its first topic that has one, else
    the file as a whole."""
    due = start + relativedelta(months=months)
    proposed = []
    for point in [*report.priority_actions, *report.points]:
        found = tuple(matches(point))
        measures: list[str] = []
        alert_codes: list[str] = []
        for match in found:
            measures.extend(c for c in match.topic.measures if c not in measures)
            alert_codes.extend(c for c in match.topic.alerts if c not in alert_codes)
        evidence = [
            EvidenceSpec(
                "measure",
                code,
                settings.targets[code].target
                if code in settings.targets and MEASURES[code].polarity != "context"
                else None,
                due,
            )
            for code in measures[:MEASURES_PER_POINT]
        ]
        evidence += [EvidenceSpec("alert", code, 0.0, due) for code in alert_codes[:2]]
        if not measures:
            area = next((m.topic.area for m in found if m.topic.area), None)
            evidence.append(EvidenceSpec("audit", area or "overall", 80.0, due))
        title = point if len(point) <= 160 else point[:157].rstrip() + "..."
        proposed.append(ProposedPriority(point, found, PrioritySpec(title, point, tuple(evidence))))
    return proposed


def plan_from(report: InspectionReport, proposed: list[ProposedPriority], start: dt.date) -> PlanSpec:
    what = {"inspection": "Ofsted inspection", "focused visit": "Ofsted focused visit"}.get(
        report.kind, "Ofsted"
    )
    when = f" ({report.start:%B %Y})" if report.start else ""
    council = f" of {report.council}" if report.council else ""
    return PlanSpec(
        title=f"Improvement plan: {what}{council}{when}",
        start=start,
        priorities=tuple(p.priority for p in proposed),
        source=f"{what}: {report.source}",
    )
