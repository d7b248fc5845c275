"""Quality assurance: what case audits say about practice, whether their actions get done, and where
their grades disagree with what the data shows."""

from __future__ import annotations

import datetime as dt

import polars as pl

from lineofsight import alerts
from lineofsight.data import CouncilData, facts
from lineofsight.data.facts import CASE_AUDITS
from lineofsight.data.needs import Need
from lineofsight.data.periods import in_year_to, with_allocation_at
from lineofsight.measures.catalogue import measure
from lineofsight.measures.england import ENGLAND
from lineofsight.settings import Settings

AREA = "Quality assurance"
GOOD_OR_BETTER = ("outstanding", "good")


def graded_audits(data: CouncilData) -> pl.DataFrame:
    """Every audit with `grade`: the moderated grade where the audit was moderated (moderation exists
    to correct the auditor), else the auditor's own. The team and worker are those the audit recorded
    as audited, else the child's allocation on the audit day."""
    audits = (
        data["case_audits"]
        .with_columns(pl.coalesce("moderated_grade", "audit_grade").alias("grade"))
        .rename({"team_id": "audited_team_id", "worker_id": "audited_worker_id"})
    )
    return (
        with_allocation_at(audits, data["allocations"], "audit_date")
        .with_columns(
            pl.coalesce("audited_team_id", "team_id").alias("team_id"),
            pl.coalesce("audited_worker_id", "worker_id").alias("worker_id"),
        )
        .drop("audited_team_id", "audited_worker_id")
    )


def audits_in_year(data: CouncilData, as_at: dt.date) -> pl.DataFrame:
    """Audits completed in the year to D, graded and credited as `graded_audits` says."""
    return graded_audits(data).filter(in_year_to("audit_date", as_at))


# QA03 checks every alert about a child on each audit day of the year to D, so it needs what those
# alerts need, held a year further back (a test checks this list against the alerts' declarations).
ALERTS_ON_AUDIT_DAYS = (
    Need(facts.ALLOCATIONS, months=24),
    Need(facts.ASSESSMENTS, months=12),
    Need(facts.CARE_LEAVER_CONTACTS, months=15),
    Need(facts.CARE_LEAVERS, months=12),
    Need(facts.CIN_EPISODES, months=19),
    Need(facts.CIN_PLANS, months=12),
    Need(facts.CIN_VISITS, months=15),
    Need(facts.CLA_PERIODS, months=60),
    Need(facts.CLA_REVIEWS, months=30),
    Need(facts.CLA_VISITS, months=16),
    Need(facts.CLOSURE_SIGN_OFF, months=13),
    Need(facts.CONNECTED_CARERS, months=12),
    Need(facts.CP_PLANS, months=None),
    Need(facts.CP_REVIEWS, months=30),
    Need(facts.CP_VISITS, months=15),
    Need(facts.HEALTH_ASSESSMENTS, months=25),
    Need(facts.ICPCS, months=30),
    Need(facts.MISSING, months=13),
    Need(facts.PATHWAY_PLANS, months=19),
    Need(facts.PEPS, months=17),
    Need(facts.PLACEMENTS, months=24),
    Need(facts.PRE_PROCEEDINGS, months=12),
    Need(facts.PRIVATE_FOSTERING, months=13),
    Need(facts.REFERRALS, months=19),
    Need(facts.RETURN_INTERVIEWS, months=13),
    Need(facts.S47_ENDS, months=12),
    Need(facts.S47_ENQUIRIES, months=12),
    Need(facts.WORKERS, months=24),
    Need(facts.WORKFORCE, months=24),
)


@measure(
    "QA01",
    credited="the team and worker the audit looked at, else those holding the child on the audit day",
    title="Audits graded good or better",
    area=AREA,
    definition=(
        "case audits completed in the year to D graded good or outstanding ÷ audits completed in the "
        "year to D"
    ),
    unit="%",
    polarity="up",
    benchmark=ENGLAND.get("QA01"),
    needs=(Need(CASE_AUDITS),),
)
def audits_good_or_better(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """An audit counts on the day it was completed (`audit_date`), graded by its final grade: the
    moderated grade where there is one, so an audit marked good and moderated down to requires
    improvement is not good. Every audit is a row, so a child audited twice counts twice.
    """
    detail = (
        audits_in_year(data, as_at)
        .with_columns(pl.col("grade").is_in(GOOD_OR_BETTER).alias("in_numerator"))
        .select(
            "audit_id",
            "person_id",
            "audit_date",
            "auditor_id",
            "audit_grade",
            "moderated_grade",
            "grade",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("audit_date", "audit_id")
    )
    return detail


@measure(
    "QA02",
    credited="the team and worker the audit looked at",
    title="Audit actions completed on time",
    area=AREA,
    definition=(
        "audit actions due in the year to D completed by their due date ÷ actions due in the year to D"
    ),
    unit="%",
    polarity="up",
    benchmark=ENGLAND.get("QA02"),
    needs=(Need(CASE_AUDITS),),
)
def audit_actions_on_time(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """An action completed on its due date is on time; the day after is late, and one not completed
    by D is late once its due date has passed (an action due on D is judged at the end of D). A
    completion recorded after D was not known at D, so it is blanked. The team and worker are those of
    the audit that set the action.
    """
    audits = data["case_audits"].select("audit_id", "person_id", "team_id", "worker_id")
    detail = (
        data["audit_actions"]
        .filter(in_year_to("action_due_date", as_at))
        .join(audits, on="audit_id", how="left")
        .with_columns(
            pl.when(pl.col("action_completed_date") <= as_at)
            .then(pl.col("action_completed_date"))
            .alias("action_completed_date")
        )
        .with_columns(
            (pl.col("action_completed_date") <= pl.col("action_due_date"))
            .fill_null(False)
            .alias("in_numerator")
        )
        .select(
            "action_id",
            "audit_id",
            "person_id",
            "action_due_date",
            "action_completed_date",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("action_due_date", "action_id")
    )
    return detail


def alerts_on_audit_days(data: CouncilData, settings: Settings) -> pl.DataFrame:
    """Every alert about a child on the day of each of their audits graded good or better, whatever
    the year. Raising the alerts costs about the same for one day as for many (each alert reads its
    whole tables), and a child's alerts on a day do not depend on the date a figure is as at: so they
    are raised once and kept with the data, and a trend of QA03 (24 months, whose years to D overlap
    by eleven months) does not raise them 24 times. For the stretched council that was 4.1 s of the
    overview's 11.7 s."""

    def raised() -> tuple[Settings, pl.DataFrame]:
        good = graded_audits(data).filter(pl.col("grade").is_in(GOOD_OR_BETTER))
        at = good.select("person_id", pl.col("audit_date").alias("as_at")).unique()
        # The settings are kept with the alerts, so that the id they are kept under is not reused.
        return settings, alerts.open_alerts_at(data, at, settings)

    return data.kept(("alerts on audit days", id(settings)), raised)[1]


@measure(
    "QA03",
    credited="the team and worker the audit looked at, else those holding the child on the audit day",
    title="Audits at odds with the data",
    area=AREA,
    definition=(
        "audits completed in the year to D graded good or better where the audited child had an open "
        "overdue alert on the audit date ÷ audits graded good or better in the year to D"
    ),
    unit="%",
    polarity="down",
    settings=("cp_visit_interval_working_days", "cin_visit_interval_working_days"),
    benchmark=ENGLAND.get("QA03"),
    needs=(Need(CASE_AUDITS), *ALERTS_ON_AUDIT_DAYS),
)
def audits_at_odds(data: CouncilData, as_at: dt.date, settings: Settings) -> pl.DataFrame:
    """An audit graded good or better (by its final grade, as QA01) is at odds with the data when, on
    the day it was completed, the child had any alert raised (`alerts.open_alerts_at`: an assessment past
    45 working days, a visit or review overdue): an auditor reading the file that day could have seen
    it. Alerts are computed as at the audit date, from what was recorded by then. `alerts` lists the
    codes raised and `why` says what each was (its title and detail: "AL03 CP visit overdue: plan
    CP000123 started ..., last visited ..."), so that a reader sees why the audit is at odds.
    """
    good = audits_in_year(data, as_at).filter(pl.col("grade").is_in(GOOD_OR_BETTER))
    at = good.select("person_id", pl.col("audit_date").alias("as_at")).unique()
    titles = {code: declared.title for code, declared in alerts.REGISTRY.items()}
    codes = (
        alerts_on_audit_days(data, settings)
        .join(at, on=["person_id", "as_at"], how="semi")
        .select("person_id", pl.col("as_at").alias("audit_date"), "code", "detail")
        .unique()
        .with_columns(
            pl.format("{} {}: {}", "code", pl.col("code").replace_strict(titles), "detail").alias("why")
        )
        .group_by("person_id", "audit_date")
        .agg(
            pl.col("code").unique().sort().str.join(", ").alias("alerts"),
            pl.col("why").sort().str.join("; ").alias("why"),
        )
    )
    detail = (
        good.join(codes, on=["person_id", "audit_date"], how="left")
        .with_columns(pl.col("alerts").is_not_null().alias("in_numerator"))
        .select(
            "audit_id",
            "person_id",
            "audit_date",
            "grade",
            "alerts",
            "why",
            "in_numerator",
            "team_id",
            "worker_id",
        )
        .sort("audit_date", "audit_id")
    )
    return detail
