"""`lineofsight load` and `lineofsight export`: statutory returns in and out of the database.

Presentation only: reading, writing and the transaction live in `lineofsight.interchange`.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
import uuid
from contextlib import closing
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from lineofsight import csv_cells, store, whole_files
from lineofsight.commands import DbOption, err, out, parse_date
from lineofsight.interchange.loading import (
    MAX_FILE_BYTES,
    InputError,
    LoadSummary,
    Rejection,
    write_rejections,
)
from lineofsight.interchange.returns import RETURNS, collection_year
from lineofsight.interchange.years import UnknownYearError, check_year
from lineofsight.load_process import (
    CPU_SECONDS,
    MEMORY_MB,
    LoadLimits,
    LoadRefusedError,
    Standby,
    load_in_child,
)

load_app = typer.Typer(
    help="Load statutory returns (Annex A, CIN census, SSDA903) into the database.", no_args_is_help=True
)
export_app = typer.Typer(
    help="Write statutory returns (Annex A, CIN census, SSDA903) from the database.", no_args_is_help=True
)

Paths = Annotated[list[Path], typer.Argument(show_default=False)]
Rejected = Annotated[
    Path,
    typer.Option(
        "--rejected", help="Where to write the report of rejected rows (CSV), if any rows are rejected."
    ),
]
Strict = Annotated[bool, typer.Option("--strict", help="Refuse a whole file if any of its rows is rejected.")]
MaxSize = Annotated[
    int, typer.Option("--max-size", min=1, help="Refuse files bigger than this many MB.", metavar="MB")
]
Json = Annotated[bool, typer.Option("--json", help="Print the summary as JSON for machines.")]
MaxMemory = Annotated[
    int,
    typer.Option(
        "--max-memory", min=64, help="Stop a load that needs more memory than this many MB.", metavar="MB"
    ),
]
MaxTime = Annotated[
    int,
    typer.Option(
        "--max-time",
        min=1,
        help="Stop a load that takes more processor time than this many seconds.",
        metavar="SECONDS",
    ),
]
DEFAULT_REJECTED = Path("lineofsight-rejected.csv")
DEFAULT_MAX_MB = MAX_FILE_BYTES // 2**20


ReturnYear = Annotated[
    int | None,
    typer.Option(
        "--year",
        min=2000,
        max=2100,
        metavar="YYYY",
        help=(
            "The collection year, by the year it ends (2026 for 2025-26). Needed unless the folder's "
            "or its files' names state it (ssda903-2025/, SSDA903_2025_episodes.csv); one folder only."
        ),
        show_default=False,
    ),
]
ExtractDate = Annotated[
    dt.date | None,
    typer.Option(
        "--extract-date",
        metavar="YYYY-MM-DD",
        parser=parse_date,
        help=(
            "The day the workbook was extracted, where each list's window ends. Without it (and with "
            "no date in the file's name) the rows load but no measure relies on them; one file only."
        ),
        show_default=False,
    ),
]


@load_app.command("annex-a")
def load_annex_a(
    paths: Paths,
    db: DbOption = None,
    extract_date: ExtractDate = None,
    rejected: Rejected = DEFAULT_REJECTED,
    strict: Strict = False,
    max_size: MaxSize = DEFAULT_MAX_MB,
    as_json: Json = False,
    max_memory: MaxMemory = MEMORY_MB,
    max_time: MaxTime = CPU_SECONDS,
) -> None:
    """Load Ofsted Annex A workbooks (xlsx). Headings are matched tolerantly; the summary says how."""
    if extract_date is not None and len(paths) > 1:
        raise _usage("--extract-date names the day of one workbook: load the workbooks one at a time")
    limits = LoadLimits.within(max_memory, max_time)
    _load("annex-a", paths, db, rejected, strict, max_size, as_json, limits, extract_date=extract_date)


@load_app.command("cin")
def load_cin(
    paths: Paths,
    db: DbOption = None,
    rejected: Rejected = DEFAULT_REJECTED,
    strict: Strict = False,
    max_size: MaxSize = DEFAULT_MAX_MB,
    as_json: Json = False,
    max_memory: MaxMemory = MEMORY_MB,
    max_time: MaxTime = CPU_SECONDS,
) -> None:
    """Load CIN census XML files, one per collection year: load them oldest first to build the history."""
    _load("cin", paths, db, rejected, strict, max_size, as_json, LoadLimits.within(max_memory, max_time))


@load_app.command("903")
def load_903(
    paths: Paths,
    db: DbOption = None,
    year: ReturnYear = None,
    rejected: Rejected = DEFAULT_REJECTED,
    strict: Strict = False,
    max_size: MaxSize = DEFAULT_MAX_MB,
    as_json: Json = False,
    max_memory: MaxMemory = MEMORY_MB,
    max_time: MaxTime = CPU_SECONDS,
) -> None:
    """Load SSDA903 returns, each a folder of CSV tables (header.csv, episodes.csv, ...), oldest first.

    The return carries no collection year: give it with --year, or name the folder for it."""
    if year is not None and len(paths) > 1:
        raise _usage(
            "--year names the year of one return: load the folders one at a time, or name each for its year"
        )
    limits = LoadLimits.within(max_memory, max_time)
    if year is not None:
        _specified("903", year)
    _load("903", paths, db, rejected, strict, max_size, as_json, limits, year=year)


def _specified(kind: str, year: int) -> int:
    """The year, or the refusal every command gives for a year the return has no specification for."""
    try:
        return check_year(kind, year)
    except UnknownYearError as error:
        raise typer.BadParameter(str(error), param_hint="--year") from None


def _usage(message: str) -> typer.Exit:
    err.print(f"lineofsight: error: {message}", markup=False)
    return typer.Exit(2)


def _load(
    kind: str,
    paths: list[Path],
    db: str | None,
    rejected: Path,
    strict: bool,
    max_mb: int,
    as_json: bool,
    limits: LoadLimits,
    *,
    year: int | None = None,
    extract_date: dt.date | None = None,
) -> None:
    spec = RETURNS[kind]
    summaries: list[LoadSummary] = []
    rejections: list[Rejection] = []
    refusals: list[str] = []
    # Each file is read in a child process of its own, within the limits (`load_process`): a file that
    # needs more memory or time than any return should is stopped, and said so in one line.
    standby = Standby(keep_ready=len(paths) > 1)
    with store.opened(db) as engine, closing(standby):
        store.require_schema(engine)
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as progress:
            task = progress.add_task("", total=len(paths))
            for number, path in enumerate(paths, start=1):
                progress.update(
                    task, description=f"Loading {spec.title} {number} of {len(paths)}: {path.name}"
                )
                started = time.perf_counter()
                try:
                    summary, rejected_rows = load_in_child(
                        engine,
                        kind,
                        path,
                        strict=strict,
                        max_bytes=max_mb * 2**20,
                        load_id=uuid.uuid4().hex,
                        year=year,
                        extract_date=extract_date,
                        limits=limits,
                        standby=standby,
                    )
                except (InputError, LoadRefusedError) as error:
                    refusals.append(str(error))
                    err.print(f"lineofsight: error: {error}", markup=False)
                    continue
                finally:
                    progress.advance(task)
                summaries.append(summary)
                rejections.extend(rejected_rows)
                if not as_json:
                    _print_summary(summary, time.perf_counter() - started)
    if rejections:
        write_rejections(rejected, csv_cells.rejections(rejections))
    if as_json:
        report = {
            "loaded": [s.as_json() for s in summaries],
            "refused": refusals,
            "rejected_report": str(rejected) if rejections else None,
        }
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
    elif rejections:
        out.print(
            f"{len(rejections):,} rows rejected or fields cleared: see {rejected} "
            "(file, place, row, field, reason and the row as read).",
            markup=False,
        )
    if refusals:
        raise typer.Exit(1)


def _print_summary(summary: LoadSummary, seconds: float) -> None:
    cleared = f", {summary.cleared:,} fields cleared" if summary.cleared else ""
    out.print(
        f"{summary.source}: {summary.inserted:,} rows added, {summary.updated:,} updated, "
        f"{summary.unchanged:,} unchanged, {summary.rejected:,} rejected{cleared} ({seconds:.1f} s).",
        markup=False,
    )
    if summary.tables:
        table = Table(show_edge=False, pad_edge=False, box=None)
        for heading in ("table", "added", "updated", "unchanged"):
            table.add_column(heading, justify="left" if heading == "table" else "right")
        for name, counts in summary.tables.items():
            table.add_row(name, f"{counts.inserted:,}", f"{counts.updated:,}", f"{counts.unchanged:,}")
        out.print(table)
    for note in summary.notes:
        out.print(f"  note: {note}", markup=False)


AsAt = Annotated[
    dt.date | None,
    typer.Option(
        "--as-at",
        parser=parse_date,
        metavar="YYYY-MM-DD",
        help="Annex A: the inspection date. CIN/903: any day in the collection year.",
    ),
]
Year = Annotated[
    int | None,
    typer.Option(
        "--year",
        metavar="YYYY",
        min=2000,
        max=2100,
        help="Collection year, by the year it ends (2026 is 2025-26). Annex A: as at 31 March of it.",
    ),
]
Out = Annotated[Path, typer.Option("--out", help="Where to write the return.", show_default=False)]


@export_app.command("annex-a")
def export_annex_a(out_path: Out, as_at: AsAt = None, year: Year = None, db: DbOption = None) -> None:
    """Write the Annex A workbook (Lists 1-11) for an inspection on --as-at."""
    day = _as_at(as_at, year)
    _export("annex-a", out_path, db, day, f"as at {day.isoformat()}")


@export_app.command("cin")
def export_cin(out_path: Out, year: Year = None, as_at: AsAt = None, db: DbOption = None) -> None:
    """Write the CIN census XML for a collection year."""
    chosen = _specified("cin", _year(year, as_at))
    _export("cin", out_path, db, chosen, f"for {chosen - 1}-{chosen % 100:02d}")


@export_app.command("903")
def export_903(out_path: Out, year: Year = None, as_at: AsAt = None, db: DbOption = None) -> None:
    """Write the SSDA903 CSV tables for a collection year into the folder --out."""
    chosen = _specified("903", _year(year, as_at))
    _export("903", out_path, db, chosen, f"for {chosen - 1}-{chosen % 100:02d}")


def _as_at(as_at: dt.date | None, year: int | None) -> dt.date:
    if (as_at is None) == (year is None):
        raise typer.BadParameter("give one of --as-at or --year")
    return as_at if as_at is not None else dt.date(year or 0, 3, 31)


def _year(year: int | None, as_at: dt.date | None) -> int:
    if (as_at is None) == (year is None):
        raise typer.BadParameter("give one of --year or --as-at")
    if year is not None:
        return year
    assert as_at is not None
    return collection_year(as_at)


def _export(kind: str, out_path: Path, db: str | None, when: dt.date | int, what: str) -> None:
    spec = RETURNS[kind]
    if spec.folder and out_path.exists() and not out_path.is_dir():
        raise typer.BadParameter(f"{out_path} is a file; the {spec.title} is written into a folder")
    if not spec.folder and out_path.is_dir():
        raise typer.BadParameter(f"{out_path} is a folder; give the file to write")
    with store.opened(db) as engine:
        store.require_schema(engine)
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as progress:
            progress.add_task(f"Writing the {spec.title} {what}", total=None)
            try:
                # Written whole or not at all: a full disk half-way leaves no return that is not one.
                files = whole_files.write_whole(
                    out_path, spec.folder, lambda place: spec.writer()(engine, when, place)
                )
            except UnknownYearError as error:
                raise typer.BadParameter(str(error), param_hint="--year") from None
    out.print(f"Wrote the {spec.title} {what}: {', '.join(str(f) for f in files)}", markup=False)
