"""`lineofsight validate cin|903`: check a return with the DfE's own rules. Presentation only: the
rules run in `lineofsight.interchange.validation`."""

from __future__ import annotations

import json
import sys
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import typer

from lineofsight.commands import err, out
from lineofsight.interchange.validation import YEARS, Kind, Report, ValidationError, validate
from lineofsight.interchange.years import UnknownYearError, check_year

validate_app = typer.Typer(
    help="Check a CIN census or an SSDA903 return with the DfE's validation rules.", no_args_is_help=True
)


def ruled(kind: Kind, year: int) -> int:
    """The year, if the return has a specification for it (the refusal every command gives, else)
    and the DfE's rule packages cover it."""
    try:
        check_year(kind, year)
    except UnknownYearError as error:
        raise typer.BadParameter(str(error), param_hint="--year") from None
    if year not in YEARS:
        raise typer.BadParameter(
            f"the DfE rules cover the collection years ending {YEARS[0]} to {YEARS[-1]}", param_hint="--year"
        )
    return year


Year = Annotated[
    int,
    typer.Option(
        "--year",
        metavar="YYYY",
        help=f"Collection year, by the year it ends (2025 is 2024-25); {YEARS[0]} to {YEARS[-1]}.",
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]


@validate_app.command("cin")
def cin(
    file: Annotated[Path, typer.Argument(help="The CIN census XML file.", show_default=False)],
    year: Year,
    as_json: Json = False,
) -> None:
    """Check a CIN census XML file. Exit status 1 when any error-level rule fails."""
    _run("cin", file, ruled("cin", year), "", as_json)


@validate_app.command("903")
def ssda903(
    folder: Annotated[Path, typer.Argument(help="The folder of SSDA903 CSV tables.", show_default=False)],
    year: Year,
    la: Annotated[
        str,
        typer.Option(
            "--la", help="The council's code (e.g. E09000033), for the rules on placement location."
        ),
    ] = "",
    as_json: Json = False,
) -> None:
    """Check a folder of SSDA903 CSV tables. Exit status 1 when any error-level rule fails."""
    _run("903", folder, ruled("903", year), la, as_json)


def _run(kind: Kind, path: Path, year: int, la: str, as_json: bool) -> None:
    # The DfE's rules run in a process of their own for 20 seconds or more, and say nothing until
    # they finish: on a terminal the steps and a spinner go to standard error, so that no one takes
    # the wait for a hang. Piped or scripted, standard error stays empty unless something is wrong
    # (one line), and standard output is the report alone.
    shown = err.is_terminal
    name = "CIN census" if kind == "cin" else "SSDA903 return"
    if shown:
        err.print(
            f"Checking the {name} {path} with the DfE's {year - 1}-{year % 100:02d} rules", markup=False
        )
    started = time.monotonic()
    try:
        with (
            err.status("Running the DfE's rules (about half a minute)...", spinner="line")
            if shown
            else nullcontext()
        ):
            report = validate(kind, path, year, local_authority=la)
    except ValidationError as error:
        err.print(f"lineofsight: error: {error}", markup=False)
        raise typer.Exit(1) from None
    if shown:
        err.print(
            f"Checked {report.rules_checked} rules in {time.monotonic() - started:.0f} seconds.", markup=False
        )
    if as_json:
        sys.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        _print(report)
    if report.errors:
        raise typer.Exit(1)


def _print(report: Report) -> None:
    name = "CIN census" if report.kind == "cin" else "SSDA903 return"
    out.print(
        f"{name} {report.path}, collection year {report.year - 1}-{report.year % 100:02d}: "
        f"{report.rules_checked} rules checked, {len(report.errors)} error rules and "
        f"{len(report.queries)} query rules failed, {len(report.not_run)} could not run.",
        markup=False,
        soft_wrap=True,  # one line however long the path: scripts look for it
    )
    for rule in report.failed:
        out.print(f"\n{rule.code} ({rule.level}) {rule.message}", markup=False)
        for loc in rule.locations:
            if loc.table is None:
                out.print("  the return as a whole", markup=False)
                continue
            child = f"child {loc.child}" if loc.child else "no child"
            out.print(f"  {child}, {loc.table} row {loc.row}, {loc.field or 'no field'}", markup=False)
    if report.not_run:
        out.print("\nRules that could not run (they raised on this return; not passes):", markup=False)
        for not_run in report.not_run:
            out.print(f"  {not_run.code} {not_run.message} ({not_run.reason})", markup=False)
