"""The documents leaders and members read: the self-evaluation and the scrutiny briefing, as HTML and as
PDF (WeasyPrint), and the facts behind them as JSON.

Both are drawn from the same evidence as the web pages (`self_evaluation`, `plans.progress`,
`triangulation`, `moderation`) and their charts from the same Vega-Lite spec (`web/charts/trend.json`),
so a member reading the PDF sees what an officer sees on screen. Nothing is typed in: a figure the data
does not cover is said to be missing, with why, in the words of the coverage check.

The PDF is made with no network at all: the HTML carries its own CSS and its charts inline, and the
URL fetcher refuses everything, so a stray link cannot make WeasyPrint reach out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from dateutil.relativedelta import relativedelta
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from lineofsight import formatting
from lineofsight.assurance import moderation, plans, triangulation
from lineofsight.assurance.self_evaluation import GRADE_WORDS, SelfEvaluation, self_evaluation
from lineofsight.data import CouncilData
from lineofsight.measures import REGISTRY as MEASURES
from lineofsight.measures.trend import month_ends
from lineofsight.settings import Settings
from lineofsight.web import charts

TEMPLATES = Path(__file__).with_name("templates")
MOVED_MONTHS = 3  # "the measures that moved": D against the same measure three months before
MOVED_AT_LEAST = 5.0  # percentage points (or per cent of the earlier figure, for other units)
MOVED_SHOWN = 8


def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["long_date"] = formatting.long_date
    environment.filters["value"] = formatting.measure_value
    return environment


@dataclass(frozen=True)
class Moved:
    """A measure whose figure changed by at least `MOVED_AT_LEAST` over `MOVED_MONTHS` months."""

    code: str
    title: str
    unit: str
    before: float
    now: float
    better: bool

    def sentence(self) -> str:
        direction = "improved" if self.better else "worsened"
        was, is_now = (
            formatting.measure_value(self.before, self.unit),
            formatting.measure_value(self.now, self.unit),
        )
        return f"{self.code} {self.title} {direction}, from {was} to {is_now}."


def measures_that_moved(data: CouncilData, as_at: dt.date, settings: Settings) -> list[Moved]:
    """Measures with a better direction that moved most over the last `MOVED_MONTHS` months, largest
    first; a measure the data does not cover on both days is left out (it cannot be said to move)."""
    before_day = as_at - relativedelta(months=MOVED_MONTHS)
    moved = []
    for code, measure in MEASURES.items():
        if measure.polarity not in ("up", "down"):
            continue
        now, before = measure.evaluate(data, as_at, settings), measure.evaluate(data, before_day, settings)
        if now.value is None or before.value is None:
            continue
        change = now.value - before.value
        size = abs(change) if measure.unit == "%" else abs(change) / max(abs(before.value), 1.0) * 100
        if size >= MOVED_AT_LEAST:
            better = change > 0 if measure.polarity == "up" else change < 0
            moved.append((size, Moved(code, measure.title, measure.unit, before.value, now.value, better)))
    moved.sort(key=lambda item: (-item[0], item[1].code))
    return [item for _, item in moved[:MOVED_SHOWN]]


def _trend_chart(track: plans.EvidenceProgress) -> Markup | None:
    if track.spec.kind != "measure" or not any(p["value"] is not None for p in track.series):
        return None
    points = [charts.Point(p["as_at"], p["value"]) for p in track.series]
    label = f"{track.spec.title()}, month by month since the plan began"
    return charts.trend(points, label=label, unit=track.spec.unit(), target=track.spec.target)


def _audit_findings(data: CouncilData, as_at: dt.date, settings: Settings) -> dict[str, Any]:
    found = triangulation.triangulate(data, as_at, settings)
    if found.status != "ok":
        return {"covered": False, "reason": found.reason}
    audits = found.audits
    good = int(audits["grade"].is_in(["outstanding", "good"]).sum()) if audits.height else 0
    compared = moderation.pairs(data, as_at - relativedelta(years=1), as_at)
    overall = compared.filter(pl.col("area") == "overall")
    generous = (
        moderation.agreement(overall, "auditor_id").filter(pl.col("generous"))["auditor_id"].to_list()
        if overall.height
        else []
    )
    return {
        "covered": True,
        "audits": audits.height,
        "good": good,
        "at_odds": found.at_odds().height,
        "examples": found.at_odds()["why"].head(3).to_list(),
        "recurring": found.themes.get("recurring", [])[:5],
        "experiences": found.themes.get("experiences", {}),
        "moderated": overall.height,
        "lowered": int((overall["difference"] > 0).sum()) if overall.height else 0,
        "generous": generous,
    }


def briefing_facts(data: CouncilData, as_at: dt.date, settings: Settings) -> dict[str, Any]:
    """What the briefing says, as data (its JSON twin): the plan's progress, the measures that moved
    and what audits found."""
    plan_id = plans.latest_plan_id(data)
    progress = plans.progress(data, plan_id, as_at, settings) if plan_id else None
    return {
        "as_at": as_at,
        "council": data.council_name(),
        "plan": progress,
        "moved": measures_that_moved(data, as_at, settings),
        "audits": _audit_findings(data, as_at, settings),
    }


def briefing_json(facts: dict[str, Any]) -> dict[str, Any]:
    progress: plans.PlanProgress | None = facts["plan"]
    return {
        "as_at": facts["as_at"].isoformat(),
        "council": facts["council"],
        "plan": progress.as_json() if progress else None,
        "measures_that_moved": [
            {
                "code": m.code,
                "title": m.title,
                "before": m.before,
                "now": m.now,
                "better": m.better,
                "sentence": m.sentence(),
            }
            for m in facts["moved"]
        ],
        "audits": facts["audits"],
    }


def _briefing_context(data: CouncilData, as_at: dt.date, settings: Settings) -> dict[str, Any]:
    facts = briefing_facts(data, as_at, settings)
    progress: plans.PlanProgress | None = facts["plan"]
    chart_rows = []
    if progress is not None:
        for priority in progress.priorities:
            for track in priority.evidence:
                chart = _trend_chart(track)
                if chart is not None:
                    chart_rows.append(
                        {"priority": priority.number, "title": track.spec.title(), "svg": chart}
                    )
    return {
        "facts": facts,
        "progress": progress,
        "charts": chart_rows[:6],
        "rag_words": RAG_WORDS,
        "month_count": len(month_ends(progress.plan["plan_start_date"], as_at)) if progress else 0,
    }


def briefing_html(data: CouncilData, as_at: dt.date, settings: Settings) -> tuple[str, dict[str, Any]]:
    """The scrutiny briefing for elected members as an HTML document, and its JSON twin."""
    context = _briefing_context(data, as_at, settings)
    html = _environment().get_template("briefing.html").render(**context)
    return html, briefing_json(context["facts"])


def briefing_body(data: CouncilData, as_at: dt.date, settings: Settings) -> tuple[Markup, dict[str, Any]]:
    """The briefing's content without its document around it, for the web page (`/briefing`) to show
    inside the app: the very text the document has, from the same template."""
    context = _briefing_context(data, as_at, settings)
    # Safe to mark: the environment escapes everything the template puts in (autoescape).
    body = Markup(_environment().get_template("_briefing_body.html").render(**context))
    return body, briefing_json(context["facts"])


RAG_WORDS = {
    "green": "on track",
    "amber": "behind",
    "red": "no better than when the plan began",
    None: "no figure",
}


def self_evaluation_html(data: CouncilData, as_at: dt.date, settings: Settings) -> tuple[str, dict[str, Any]]:
    """The self-evaluation as HTML, and its JSON twin."""
    evaluation: SelfEvaluation = self_evaluation(data, as_at, settings)
    html = (
        _environment()
        .get_template("self_evaluation.html")
        .render(evaluation=evaluation, council=data.council_name(), as_at=as_at, grade_words=GRADE_WORDS)
    )
    return html, evaluation.as_json()


def _no_network(url: str, *args: object, **kwargs: object) -> dict[str, Any]:
    raise ValueError(f"the PDF fetches nothing: {url[:60]}")


def pdf(html: str) -> bytes:
    """The HTML as a PDF, made with no network (see the module)."""
    import weasyprint

    document: bytes = weasyprint.HTML(string=html, url_fetcher=_no_network).write_pdf()
    return document
