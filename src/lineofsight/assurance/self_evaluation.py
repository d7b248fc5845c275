"""The self-evaluation, in the shape of the inspection framework (`framework.toml`), every statement made
from evidence by a declared rule and linked to it.

Rules (one per kind of evidence; the thresholds are in the framework file):
- a statement is a **strength**, a **weakness**, a **serious weakness**, **context** (a figure with no
  better direction) or **missing** (the data does not cover it, or there is nothing to count: the
  statement says so and why, and never shows a number);
- a proportion on few children keeps its strongest word (serious weakness, strength) only when its 95%
  confidence interval agrees (`_sure`), else it is a weakness that says why;
- a measure is judged by the council's own target (green a strength, amber a weakness, red a serious
  weakness) unless the framework gives `strength_at` and `serious_at`; alerts per 100 children in
  need, audits' share graded good or better, the share of audits that look at children's
  experiences, and red plan priorities by the framework's thresholds; moderation by whether any
  auditor's grades run above moderation.

**The likely grade** of a judgement is never more positive than its evidence: none ("not enough
evidence") when more than half of it is missing; inadequate with two or more serious weaknesses;
requires improvement with any weakness, or when too much is missing to show good; good only with no
weakness and little missing; never outstanding, which the data alone cannot show. Each judgement
lists the evidence for and against the grade.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import polars as pl

from lineofsight import alerts, formatting
from lineofsight.assurance import moderation, plans
from lineofsight.assurance.plans import area_title
from lineofsight.assurance.topics import looks_at_experiences
from lineofsight.assurance.triangulation import area_good_share
from lineofsight.data import CouncilData
from lineofsight.data.facts import CASE_AUDITS, CIN_EPISODES
from lineofsight.data.needs import Need, unmet
from lineofsight.data.periods import open_at, year_before
from lineofsight.measures import REGISTRY as MEASURES
from lineofsight.measures.report import is_small
from lineofsight.settings import Settings

FRAMEWORK = Path(__file__).with_name("framework.toml")
Verdict = Literal["strength", "weakness", "serious", "context", "missing"]
VERDICT_WORDS = {
    "strength": "Strength",
    "weakness": "Weakness",
    "serious": "Serious weakness",
    "context": "Context",
    "missing": "Evidence missing",
}
GRADE_WORDS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement to be good",
    "inadequate": "Inadequate",
    None: "Not enough evidence to judge",
}


@dataclass(frozen=True)
class Statement:
    judgement: str
    kind: str
    code: str
    theme: str
    verdict: Verdict
    text: str
    value: float | None = None
    link: str | None = None  # the page of the evidence

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "code": self.code,
            "theme": self.theme,
            "verdict": self.verdict,
            "text": self.text,
            "value": None if self.value is None else round(self.value, 1),
            "evidence": self.link,
        }


@dataclass
class JudgementView:
    key: str
    title: str
    statements: list[Statement]
    grade: str | None = None
    grade_reason: str = ""

    def of(self, *verdicts: str) -> list[Statement]:
        return [s for s in self.statements if s.verdict in verdicts]

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "likely_grade": self.grade,
            "likely_grade_words": GRADE_WORDS[self.grade],
            "why": self.grade_reason,
            "for": [s.as_json() for s in self.of("strength")],
            "against": [s.as_json() for s in self.of("weakness", "serious")],
            "missing": [s.as_json() for s in self.of("missing")],
            "context": [s.as_json() for s in self.of("context")],
        }


@dataclass
class SelfEvaluation:
    as_at: dt.date
    framework: str
    overall_grade: bool
    judgements: list[JudgementView] = field(default_factory=list)

    def serious_themes(self) -> set[str]:
        return {s.theme for j in self.judgements for s in j.of("serious")}

    def as_json(self) -> dict[str, Any]:
        return {
            "as_at": self.as_at.isoformat(),
            "framework": self.framework,
            "overall_grade": None if not self.overall_grade else "not given",
            "judgements": [j.as_json() for j in self.judgements],
        }


def framework() -> dict[str, Any]:
    loaded: dict[str, Any] = tomllib.loads(FRAMEWORK.read_text(encoding="utf-8"))
    return loaded


def _band(value: float, polarity: str, strength_at: float, serious_at: float) -> Verdict:
    sign = 1.0 if polarity == "up" else -1.0
    if sign * value >= sign * strength_at:
        return "strength"
    if sign * value <= sign * serious_at:
        return "serious"
    return "weakness"


def _missing(judgement: str, item: dict[str, Any], what: str, reason: str, link: str | None) -> Statement:
    return Statement(
        judgement,
        item["kind"],
        item["code"],
        item.get("theme", ""),
        "missing",
        f"{what}: no evidence. The data cannot say, because it {reason}.",
        None,
        link,
    )


def _measure(
    data: CouncilData, judgement: str, item: dict[str, Any], as_at: dt.date, settings: Settings
) -> Statement:
    code = item["code"]
    measure = MEASURES[code]
    link = f"/measures/{code}"
    result = measure.evaluate(data, as_at, settings)
    what = f"{code} {measure.title}"
    if result.status == "not_covered":
        return _missing(judgement, item, what, result.reason or "is not covered", link)
    if result.value is None:
        return _missing(judgement, item, what, "holds nothing to count on this day", link)
    shown = formatting.measure_value(result.value, measure.unit)
    of = (
        f" ({formatting.number(result.numerator)} of {formatting.number(result.denominator)})"
        if result.numerator is not None and result.denominator
        else ""
    )
    small = " This rests on fewer than a handful of children." if is_small(measure, result, settings) else ""
    target = settings.targets.get(code)
    if "strength_at" in item and measure.polarity in ("up", "down"):
        strength_at, serious_at = float(item["strength_at"]), float(item["serious_at"])

        def judge(value: float) -> Verdict | None:
            return _band(value, measure.polarity, strength_at, serious_at)

        goal = f"the self-evaluation's mark of {formatting.measure_value(strength_at, measure.unit)}"
    else:

        def judge(value: float) -> Verdict | None:
            rag = None if target is None else target.rag(value, measure.polarity)
            return None if rag is None else RAG_VERDICT[rag]

        if judge(result.value) is None or target is None:
            return Statement(
                judgement,
                "measure",
                code,
                item.get("theme", ""),
                "context",
                f"{what}: {shown}{of}.{small}",
                result.value,
                link,
            )
        goal = f"the council's target of {formatting.measure_value(target.target, measure.unit)}"
    found = judge(result.value)
    assert found is not None
    side = {"strength": "at or better than", "weakness": "short of", "serious": "well short of"}[found]
    verdict, unsure = _sure(
        found, judge, measure.kind, measure.polarity, result.numerator, result.denominator
    )
    text = f"{what}: {shown}{of}, {side} {goal}.{small}{unsure}"
    return Statement(judgement, "measure", code, item.get("theme", ""), verdict, text, result.value, link)


RAG_VERDICT: dict[str, Verdict] = {"green": "strength", "amber": "weakness", "red": "serious"}
Z95 = 1.959964  # the normal quantile of a two-sided 95% interval


def wilson(numerator: float, denominator: float) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion, in percent."""
    p = numerator / denominator
    centre = p + Z95**2 / (2 * denominator)
    spread = Z95 * ((p * (1 - p) + Z95**2 / (4 * denominator)) / denominator) ** 0.5
    scale = 1 + Z95**2 / denominator
    return 100.0 * (centre - spread) / scale, 100.0 * (centre + spread) / scale


def _sure(
    verdict: Verdict,
    judge: Callable[[float], Verdict | None],
    kind: str,
    polarity: str,
    numerator: float | None,
    denominator: float | None,
) -> tuple[Verdict, str]:
    """A proportion on few children is not sure enough for the strongest words either way.

    Why: 2 of 17 plans lasting two years is 11.8%, but it could as well be 4% next quarter; calling it a
    serious weakness (or 17 of 17 a strength) says more than the evidence does. A serious weakness
    stays serious only if the favourable end of its 95% confidence interval is still serious; a
    strength stays a strength only if the unfavourable end is not serious. Otherwise it is a weakness,
    and the statement says why."""
    if kind != "proportion" or not numerator or not denominator or polarity not in ("up", "down"):
        return verdict, ""
    low, high = wilson(numerator, denominator)
    favourable, unfavourable = (high, low) if polarity == "up" else (low, high)
    if verdict == "serious" and judge(favourable) != "serious":
        reach = f"{favourable:.1f}%"
        return (
            "weakness",
            f" Too few to be sure it is well short: its 95% confidence interval reaches {reach}.",
        )
    if verdict == "strength" and judge(unfavourable) == "serious":
        reach = f"{unfavourable:.1f}%"
        return (
            "weakness",
            f" Too few to be sure it is a strength: its 95% confidence interval reaches {reach}.",
        )
    return verdict, ""


def children_in_need(data: CouncilData, as_at: dt.date) -> int | None:
    if unmet((Need(CIN_EPISODES, months=0),), data.coverage, as_at) is not None:
        return None
    episodes = data["cin_episodes"].filter(open_at("referral_date", "close_date", as_at))
    return episodes["person_id"].n_unique()


def _alert(
    data: CouncilData, judgement: str, item: dict[str, Any], as_at: dt.date, settings: Settings
) -> Statement:
    code = item["code"]
    declared = alerts.REGISTRY[code]
    what = f"{code} {declared.title}"
    link = "/teams"
    reason = declared.unmet(data, as_at)
    if reason is not None:
        return _missing(judgement, item, what, reason, link)
    children = children_in_need(data, as_at)
    if not children:
        return _missing(judgement, item, what, "holds no children in need on this day to count against", link)
    raised = alerts.open_alerts(data, as_at, settings, [code]).height
    per_100 = 100.0 * raised / children
    verdict = _band(per_100, "down", float(item["strength_at"]), float(item["serious_at"]))
    text = (
        f"{what}: raised for {formatting.number(raised)} children, "
        f"{per_100:.1f} for every 100 children in need "
        f"({formatting.number(children)})."
    )
    return Statement(judgement, "alert", code, item.get("theme", ""), verdict, text, per_100, link)


def _audit_share(data: CouncilData, area: str, as_at: dt.date) -> tuple[float | None, int]:
    """The share of the year's audits graded good or better in the area (or overall), by their final
    reading: the year to D, rather than the three months a plan's month-by-month progress uses."""
    first = year_before(as_at)
    audits = data["case_audits"].filter((pl.col("audit_date") > first) & (pl.col("audit_date") <= as_at))
    if area == "overall":
        grades = audits.select(pl.coalesce("moderated_grade", "audit_grade"))[:, 0].to_list()
        good = sum(g in ("outstanding", "good") for g in grades)
        return (100.0 * good / len(grades), len(grades)) if grades else (None, 0)
    return area_good_share(data, area, as_at, months=12)


def _audit(data: CouncilData, judgement: str, item: dict[str, Any], as_at: dt.date) -> Statement:
    area = item["code"]
    what = f"Audits of {area_title(area).lower()}"
    link = "/audits"
    reason = unmet((Need(CASE_AUDITS),), data.coverage, as_at)
    if reason is not None:
        return _missing(judgement, item, what, reason, link)
    share, graded = _audit_share(data, area, as_at)
    if share is None:
        return _missing(judgement, item, what, "holds no audit of this in the year", link)
    verdict = _band(share, "up", float(item["strength_at"]), float(item["serious_at"]))
    text = (
        f"{what}: {share:.0f}% of {formatting.number(graded)} audits in the year graded good or better, "
        "after moderation."
    )
    return Statement(judgement, "audit", area, item.get("theme", ""), verdict, text, share, link)


def _moderation(data: CouncilData, judgement: str, item: dict[str, Any], as_at: dt.date) -> Statement:
    what = "Moderation of audits"
    link = "/moderation"
    reason = unmet((Need(CASE_AUDITS),), data.coverage, as_at)
    if reason is not None:
        return _missing(judgement, item, what, reason, link)
    compared = moderation.pairs(data, year_before(as_at), as_at)
    overall = compared.filter(pl.col("area") == "overall")
    if overall.height == 0:
        return _missing(judgement, item, what, "holds no moderated audit in the year", link)
    by_auditor = moderation.agreement(overall, "auditor_id")
    generous = by_auditor.filter(pl.col("generous"))
    lowered = int((overall["difference"] > 0).sum())
    share = 100.0 * lowered / overall.height
    if generous.height:
        verdict: Verdict = "serious" if generous.height >= 2 else "weakness"
        names = ", ".join(generous["auditor_id"].to_list())
        text = (
            f"{what}: moderators graded {lowered} of {overall.height} moderated audits lower than the "
            f"auditor ({share:.0f}%); the grades of {formatting.number(generous.height)} auditors run "
            f"above moderation ({names})."
        )
    else:
        verdict = "strength"
        text = (
            f"{what}: moderators agreed with the auditor or graded higher in {overall.height - lowered} "
            f"of {overall.height} moderated audits; no auditor's grades run above moderation."
        )
    return Statement(judgement, "moderation", "moderation", item.get("theme", ""), verdict, text, share, link)


def _focus(data: CouncilData, judgement: str, item: dict[str, Any], as_at: dt.date) -> Statement:
    what = "Audits that look at the child's experiences rather than compliance"
    link = "/audits"
    reason = unmet((Need(CASE_AUDITS),), data.coverage, as_at)
    if reason is not None:
        return _missing(judgement, item, what, reason, link)
    audits = data["case_audits"].filter(
        (pl.col("audit_date") > year_before(as_at)) & (pl.col("audit_date") <= as_at)
    )
    texts = (
        data["audit_findings"]
        .filter(pl.col("audit_area") == "experiences")
        .join(audits.select("audit_id"), on="audit_id", how="semi")["finding_text"]
        .to_list()
    )
    if not texts:
        return _missing(
            judgement, item, what, "holds no audit findings on children's experiences in the year", link
        )
    share = 100.0 * sum(looks_at_experiences([t]) for t in texts) / len(texts)
    verdict = _band(share, "up", float(item["strength_at"]), float(item["serious_at"]))
    text = f"{what}: {share:.0f}% of {len(texts)} audits in the year."
    return Statement(judgement, "focus", "experiences", item.get("theme", ""), verdict, text, share, link)


def _plan(
    data: CouncilData, judgement: str, item: dict[str, Any], as_at: dt.date, settings: Settings
) -> Statement:
    what = "Progress against the improvement plan"
    plan_id = plans.latest_plan_id(data)
    if plan_id is None:
        return _missing(judgement, item, what, "holds no improvement plan", "/plans")
    found = plans.progress(data, plan_id, as_at, settings, monthly=False)
    assert found is not None
    counts = found.rag_counts
    judged = counts["green"] + counts["amber"] + counts["red"]
    link = f"/plans/{plan_id}"
    if judged == 0:
        return _missing(judgement, item, what, "cannot show any priority's progress on this day", link)
    share_red = 100.0 * counts["red"] / judged
    verdict: Verdict = "serious" if share_red >= 50 else "weakness" if counts["red"] else "strength"
    overdue = sum(1 for a in found.actions() if a["status"] == "overdue")
    text = (
        f"{what} ({found.plan['plan_title']}): {counts['green']} priorities green, {counts['amber']} amber, "
        f"{counts['red']} red, {counts['none']} without evidence; {overdue} actions overdue."
    )
    return Statement(judgement, "plan", plan_id, item.get("theme", ""), verdict, text, share_red, link)


def statement(
    data: CouncilData, judgement: str, item: dict[str, Any], as_at: dt.date, settings: Settings
) -> Statement:
    kind = item["kind"]
    if kind == "measure":
        return _measure(data, judgement, item, as_at, settings)
    if kind == "alert":
        return _alert(data, judgement, item, as_at, settings)
    if kind == "audit":
        return _audit(data, judgement, item, as_at)
    if kind == "moderation":
        return _moderation(data, judgement, item, as_at)
    if kind == "focus":
        return _focus(data, judgement, item, as_at)
    if kind == "plan":
        return _plan(data, judgement, item, as_at, settings)
    raise ValueError(f"the framework names an unknown kind of evidence {kind!r}")


def likely_grade(statements: list[Statement], rules: dict[str, Any]) -> tuple[str | None, str]:
    """The grading rules of the module's docstring: the grade and why, in words."""
    judged = [s for s in statements if s.verdict != "context"]
    if not judged:
        return None, "There is no evidence for this judgement."
    missing = sum(s.verdict == "missing" for s in judged) / len(judged)
    serious = sum(s.verdict == "serious" for s in judged)
    weak = sum(s.verdict == "weakness" for s in judged)
    held = f"{len(judged) - round(missing * len(judged))} of {len(judged)} pieces of evidence are held"
    if missing > float(rules["not_enough_evidence"]):
        return None, f"Only {held}: not enough to judge."
    if serious >= int(rules["inadequate_serious"]):
        return "inadequate", f"{serious} serious weaknesses ({held})."
    if serious or weak:
        return "requires_improvement", f"{serious} serious weaknesses and {weak} weaknesses ({held})."
    if missing > float(rules["good_missing_at_most"]):
        return (
            "requires_improvement",
            f"No weakness is shown, but only {held}: the evidence cannot show good.",
        )
    return str(rules["highest"]), f"No weakness is shown and {held}; the data alone cannot show outstanding."


def self_evaluation(data: CouncilData, as_at: dt.date, settings: Settings) -> SelfEvaluation:
    shape = framework()
    result = SelfEvaluation(as_at, str(shape["name"]), bool(shape["overall_grade"]))
    for judgement in shape["judgements"]:
        statements = [
            statement(data, judgement["key"], item, as_at, settings) for item in judgement["evidence"]
        ]
        view = JudgementView(judgement["key"], judgement["title"], statements)
        view.grade, view.grade_reason = likely_grade(statements, shape["grading"])
        result.judgements.append(view)
    return result
