"""Assurance from the command line: `lineofsight load audits`, `lineofsight audits` (moderation and
triangulation), `lineofsight plan` (the example plan, an Ofsted report read into a plan, progress) and
`lineofsight report` (the scrutiny briefing and the self-evaluation, as HTML, PDF and JSON).

A plan proposed from a report is shown, not saved, unless `--save` is given: the word-and-phrase
mapping is a proposal a person reviews (`assurance/topics.toml`).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from lineofsight import formatting, store
from lineofsight.assurance import audits, moderation, ofsted, plans, reports, triangulation
from lineofsight.assurance.audits_csv import read_audits
from lineofsight.commands import DbOption, SettingsOption, out, parse_date, read_settings
from lineofsight.commands.measures import AsAt, Json, council
from lineofsight.commands.returns import load_app
from lineofsight.data import CouncilData
from lineofsight.interchange.loading import InputError
from lineofsight.measures import default_as_at

audits_app = typer.Typer(
    help="Case file audits: moderation and triangulation with the data.", no_args_is_help=True
)
plan_app = typer.Typer(
    help="Improvement plans: an example, an Ofsted report into a plan, progress.", no_args_is_help=True
)
report_app = typer.Typer(
    help="Documents: the scrutiny briefing and the self-evaluation.", no_args_is_help=True
)

Start = Annotated[
    dt.date | None,
    typer.Option(
        "--start",
        parser=parse_date,
        metavar="YYYY-MM-DD",
        help="The plan's start (default: the data's last day).",
    ),
]
Save = Annotated[bool, typer.Option("--save", help="Save the plan (without it, the proposal is only shown).")]
OutDir = Annotated[
    Path, typer.Option("--out", help="The folder to write the HTML, PDF and JSON into (made if need be).")
]


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `lineofsight` app."""
    load_app.command("audits")(load_audits)
    app.add_typer(audits_app, name="audits")
    app.add_typer(plan_app, name="plan")
    app.add_typer(report_app, name="report")


def _json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")


def load_audits(
    path: Annotated[Path, typer.Argument(show_default=False, help="The CSV file of audits.")],
    recorded_by: Annotated[str, typer.Option("--by", help="Who is loading them (for the record).")] = "cli",
    db: DbOption = None,
) -> None:
    """Load case file audits from a CSV file: all of it, or, with any problem, none of it."""
    with store.opened(db) as engine:
        store.require_schema(engine)
        data = CouncilData(engine)
        records, problems = read_audits(path, audits.Known.of(data), dt.date.today())
        if problems:
            for problem in problems[:50]:
                out.print(problem.line(path), markup=False, soft_wrap=True)
            raise InputError(
                path, f"{len(problems)} problems, so no audit was loaded; fix them and load it again"
            )
        with engine.begin() as connection:
            for record in records:
                audits.save_audit(connection, record, recorded_by)
            audits.cover_audits(connection)
    out.print(f"Loaded {formatting.count(len(records), 'audit')} from {path}.", markup=False)


@audits_app.command("moderation")
def audits_moderation(
    as_at: AsAt = None, as_json_: Json = False, db: DbOption = None, settings: SettingsOption = None
) -> None:
    """Agreement between auditors and moderators in the year to D, by auditor and by area."""
    config = read_settings(settings)
    with council(db) as data:
        day = as_at or default_as_at(data)
        compared = moderation.pairs(data, day - dt.timedelta(days=365), day)
        overall = compared.filter(compared["area"] == "overall")
        by_auditor = moderation.agreement(overall, "auditor_id")
        by_area = moderation.agreement(compared, "area")
        due = moderation.due_for_moderation(data, config.moderation_one_in, day)
    if as_json_:
        _json(
            {
                "as_at": day,
                "one_in": config.moderation_one_in,
                "by_auditor": by_auditor.to_dicts(),
                "by_area": by_area.to_dicts(),
                "due_for_moderation": due["audit_id"].to_list(),
            }
        )
        return
    for title, frame, key in (("auditor", by_auditor, "auditor_id"), ("area", by_area, "area")):
        table = Table(
            title=Text(f"Moderation by {title}, year to {formatting.long_date(day)}"), title_justify="left"
        )
        for heading in (title, "compared", "agreed", "moderator lower", "moderator higher", "agreement"):
            table.add_column(heading)
        for row in frame.iter_rows(named=True):
            name = row[key] + (" (grades run above moderation)" if row["generous"] else "")
            table.add_row(
                name,
                str(row["compared"]),
                str(row["agreed"]),
                str(row["moderator_lower"]),
                str(row["moderator_higher"]),
                f"{row['agreement']:.1f}%",
            )
        out.print(table)
    out.print(f"Due for moderation (one in {config.moderation_one_in}): {due.height}.", markup=False)


@audits_app.command("triangulation")
def audits_triangulation(
    as_at: AsAt = None, as_json_: Json = False, db: DbOption = None, settings: SettingsOption = None
) -> None:
    """Each audit in the year to D beside what the data said about the child that day."""
    config = read_settings(settings)
    with council(db) as data:
        day = as_at or default_as_at(data)
        found = triangulation.triangulate(data, day, config)
    if as_json_:
        _json(found.as_json())
        return
    if found.status != "ok":
        out.print(f"Audits cannot be set beside the data: the data {found.reason}.", markup=False)
        return
    at_odds = found.at_odds()
    out.print(
        f"{found.audits.height} audits in the year to {formatting.long_date(day)}; "
        f"{at_odds.height} graded good or better that the data contradicts.",
        markup=False,
    )
    for row in at_odds.iter_rows(named=True):
        out.print(
            f"{row['audit_id']} ({row['person_id']}, {row['audit_date']}, {row['grade']}): {row['why']}",
            markup=False,
            soft_wrap=True,
        )


def _show_plan(spec: plans.PlanSpec) -> None:
    out.print(f"{spec.title}, from {formatting.long_date(spec.start)}", markup=False)
    for number, priority in enumerate(spec.priorities, start=1):
        out.print(f"{number}. {priority.title}", markup=False, soft_wrap=True)
        for item in priority.evidence:
            target = "" if item.target is None else f", target {formatting.number(item.target)}"
            out.print(f"   - {item.title()}{target}", markup=False, soft_wrap=True)


def _save(spec: plans.PlanSpec, db: str | None, owner: str, config: Any) -> str:
    with store.opened(db) as engine:
        store.require_schema(engine)
        with engine.begin() as connection:
            return plans.save_plan(connection, spec, CouncilData(engine), config, owner, dt.datetime.now())


@plan_app.command("example")
def plan_example(
    name: Annotated[
        str, typer.Argument(help="The example: escalation (the DfE's nine escalation measures).")
    ],
    start: Start = None,
    save: Save = False,
    owner: Annotated[str, typer.Option("--owner", help="Who owns the plan.")] = "director",
    as_json_: Json = False,
    db: DbOption = None,
    settings: SettingsOption = None,
) -> None:
    """A ready example plan, mapped to measures, and to audits where no measure shows it."""
    config = read_settings(settings)
    with council(db) as data:
        day = start or default_as_at(data)
    try:
        spec = plans.example(name, day, config)
    except plans.PlanError as error:
        raise typer.BadParameter(str(error), param_hint="NAME") from None
    plan_id = _save(spec, db, owner, config) if save else None
    if as_json_:
        _json({"plan_id": plan_id, "title": spec.title, "start": spec.start, "priorities": _priorities(spec)})
        return
    _show_plan(spec)
    out.print(f"Saved as {plan_id}." if plan_id else "Not saved: add --save to save it.", markup=False)


def _priorities(spec: plans.PlanSpec) -> list[dict[str, Any]]:
    return [
        {
            "title": p.title,
            "evidence": [
                {"kind": e.kind, "code": e.code, "title": e.title(), "target": e.target} for e in p.evidence
            ],
        }
        for p in spec.priorities
    ]


@plan_app.command("import-ofsted")
def plan_import_ofsted(
    report: Annotated[Path, typer.Argument(help="The report or letter (.txt or .pdf).", show_default=False)],
    start: Start = None,
    save: Save = False,
    owner: Annotated[str, typer.Option("--owner", help="Who owns the plan.")] = "director",
    as_json_: Json = False,
    db: DbOption = None,
    settings: SettingsOption = None,
) -> None:
    """Read an Ofsted report or focused-visit letter and propose a plan: one priority per point on what
    needs to improve, matched to measures and alerts by its words."""
    config = read_settings(settings)
    read = ofsted.read_report(report)
    if save or start is None:
        with council(db) as data:
            day = start or default_as_at(data)
    else:
        day = start
    proposed = ofsted.propose(read, day, config)
    spec = ofsted.plan_from(read, proposed, day)
    plan_id = _save(spec, db, owner, config) if save and proposed else None
    if as_json_:
        _json({"report": read.as_json(), "proposed": [p.as_json() for p in proposed], "plan_id": plan_id})
        return
    out.print(f"{read.kind.capitalize()} of {read.council or 'an unnamed council'}", markup=False)
    if read.start:
        out.print(
            f"Dates: {formatting.long_date(read.start)} to {formatting.long_date(read.end or read.start)}",
            markup=False,
        )
    for judgement in read.judgements:
        out.print(f"{judgement.title}: {judgement.grade.replace('_', ' ')}", markup=False)
    for what in read.missing():
        out.print(f"Not found in the report: {what}. Check it by hand.", markup=False)
    for number, item in enumerate(proposed, start=1):
        topics = ", ".join(m.topic.title for m in item.matches) or "no topic matched: evidence by audit"
        out.print(f"{number}. {item.point}", markup=False, soft_wrap=True)
        out.print(f"   matched: {topics}", markup=False, soft_wrap=True)
        for evidence in item.priority.evidence:
            out.print(f"   - {evidence.title()}", markup=False, soft_wrap=True)
    if not proposed:
        out.print(
            "No point on what needs to improve was found, so there is no plan to propose.", markup=False
        )
    out.print(
        f"Saved as {plan_id}." if plan_id else "Not saved: review it, then add --save to save it.",
        markup=False,
    )


@plan_app.command("progress")
def plan_progress(
    plan_id: Annotated[str | None, typer.Option("--plan", help="The plan (default: the newest).")] = None,
    as_at: AsAt = None,
    as_json_: Json = False,
    db: DbOption = None,
    settings: SettingsOption = None,
) -> None:
    """A plan's progress month by month: RAG from the measures, never typed in, and its actions."""
    config = read_settings(settings)
    with council(db) as data:
        day = as_at or default_as_at(data)
        chosen = plan_id or plans.latest_plan_id(data)
        if chosen is None:
            raise typer.TyperException(
                "there is no improvement plan: make one with `lineofsight plan example escalation --save`"
            )
        progress = plans.progress(data, chosen, day, config)
    if progress is None:
        raise typer.TyperException(f"there is no plan {chosen}")
    if as_json_:
        _json(progress.as_json())
        return
    table = Table(
        title=Text(f"{progress.plan['plan_title']} as at {formatting.long_date(day)}"),
        title_justify="left",
        show_lines=True,
    )
    for heading in ("#", "priority", "RAG", "evidence (latest)", "actions overdue"):
        table.add_column(heading)
    for priority in progress.priorities:
        lines = []
        for track in priority.evidence:
            latest = track.latest
            shown = (
                formatting.measure_value(latest["value"], track.spec.unit())
                if latest["value"] is not None
                else f"no figure ({latest['reason']})"
            )
            lines.append(f"{track.spec.title()}: {shown}")
        overdue = sum(a["status"] == "overdue" for a in priority.actions)
        table.add_row(
            str(priority.number), priority.title, priority.rag or "none", "\n".join(lines), str(overdue)
        )
    out.print(table)


def _write(out_dir: Path, stem: str, html: str, document: dict[str, Any]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [out_dir / f"{stem}.html", out_dir / f"{stem}.pdf", out_dir / f"{stem}.json"]
    written[0].write_text(html, encoding="utf-8")
    written[1].write_bytes(reports.pdf(html))
    written[2].write_text(
        json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
    )
    return written


@report_app.command("briefing")
def report_briefing(
    out_dir: OutDir = Path(), as_at: AsAt = None, db: DbOption = None, settings: SettingsOption = None
) -> None:
    """The scrutiny briefing for elected members (HTML, PDF and its JSON twin): progress against the
    plan, the measures that moved and what audits found, in plain English."""
    config = read_settings(settings)
    with council(db) as data:
        day = as_at or default_as_at(data)
        html, document = reports.briefing_html(data, day, config)
    for path in _write(out_dir, f"briefing-{day.isoformat()}", html, document):
        out.print(f"Wrote {path}", markup=False)


@report_app.command("self-evaluation")
def report_self_evaluation(
    out_dir: OutDir = Path(), as_at: AsAt = None, db: DbOption = None, settings: SettingsOption = None
) -> None:
    """The self-evaluation in the shape of the inspection framework (HTML, PDF and its JSON twin)."""
    config = read_settings(settings)
    with council(db) as data:
        day = as_at or default_as_at(data)
        html, document = reports.self_evaluation_html(data, day, config)
    for path in _write(out_dir, f"self-evaluation-{day.isoformat()}", html, document):
        out.print(f"Wrote {path}", markup=False)
