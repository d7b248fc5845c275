"""How fast the statutory returns are written and loaded, and Annex A against the bare read and liiatools.

    .venv/bin/python benchmarks/load_speed.py [--keep DIR] [--liiatools-python PATH] [--no-liiatools]
                                              [--england-population N]

On a `stretched` council with 5 years of history (seed 1, to 31 March 2026, a SQLite file made in a
temporary folder, or in --keep DIR and reused), prints the time to write and to load into an empty
database its Annex A workbook (as at 31 March 2026), its CIN census (2025-26) and its SSDA903
(2025-26). A load is the reader plus `apply_batch`, in one transaction. Beside each, the time to load
the same file back into a copy of the council that wrote it, and what that did: every record is held
already, so each must be recognised by its natural key (none should be added). Then, for the same Annex A
workbook, in one run: the full load; only reading the workbook's cells with fastexcel (every sheet,
into Polars: the bare read); and liiatools 0.2.0 cleaning the same workbook; as ratios. Targets
(issue 3): the full load within 2x of the bare read, and faster than liiatools. Beside them, the
write floor: the same rows inserted with plain sqlite3 and nothing else, which no load that writes
them through Python's SQLite driver can beat.

liiatools pins old libraries (pandas 1, numpy 1), so it runs in an environment of its own,
`.venv-liiatools`, made here with `python3 -m venv` and pip when it is missing (or give
--liiatools-python). Its cleaning runs as `python -m liiatools annex-a cleanfile` in a subprocess;
the time of a no-op run of the same command line (`annex-a --help`: the interpreter starting and
liiatools importing its libraries) is subtracted, so that only the cleaning is counted.

With --england-population N, a second row times the Annex A write, load and bare read for the
`england` profile at that population (2 years of history).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import logging
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Callable
from itertools import chain
from pathlib import Path
from typing import Any

import fastexcel

from councils import END, kept_council
from lineofsight import store
from lineofsight.interchange.annex_a import read_annex_a, write_annex_a
from lineofsight.interchange.loading import Batch, apply_batch
from lineofsight.model import Base

# Parameters in one INSERT of many rows for the write floor (SQLite allows 32,766 since 3.32).
PARAMETERS_PER_STATEMENT = 30_000
YEAR = 2026  # the collection year 2025-26, by the year it ends
ROOT = Path(__file__).resolve().parent.parent
LIIATOOLS_VENV = ROOT / ".venv-liiatools"
# liiatools 0.2.0 asks for cchardet 2.1.7, which does not build on Python 3.11; faust-cchardet is the
# maintained build of the same module. The rest are liiatools' own pins.
LIIATOOLS_PACKAGES = [
    "PyYAML>=6,<7",
    "XlsxWriter>=3.0.3,<4",
    "faust-cchardet==3.2.0",
    "click>=8.1.2,<9",
    "click-log>=0.4,<0.5",
    "dacite>=1.6,<2",
    "lxml>=4.9.1,<5",
    "more-itertools>=8.12,<9",
    "openpyxl>=3.0.9,<4",
    "pandas>=1.4.2,<2",
    "numpy<2",
    "python-decouple>=3.8,<4",
    "regex>=2022.4.24,<2023",
    "sfdata-stream-parser==0.4.1",
    "tablib[cli,xlsx]>=3.2,<4",
    "xlrd>=2.0.1,<3",
    "xmlschema>=1.10,<2",
]


def empty_store(folder: Path, template: Path) -> Any:
    """A fresh, migrated, empty SQLite store (a copy of one migrated once)."""
    if not template.exists():
        engine = store.connect(str(template), create=True)
        store.migrate(engine)
        engine.dispose()
    path = folder / f"empty-{time.monotonic_ns()}.db"
    shutil.copy(template, path)
    return store.connect(str(path))


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def best(work: Callable[[], Any], runs: int = 3) -> float:
    return min(timed(work)[0] for _ in range(runs))


def load(
    folder: Path, template: Path, reader: Callable[..., Batch], path: Path
) -> tuple[float, int, int, float]:
    """Read and apply in one transaction, into an empty store: seconds, rows inserted, rejected, and
    the seconds of the reading alone."""
    engine = empty_store(folder, template)
    reading: list[float] = []

    def work() -> Any:
        with store.transaction(engine) as connection:
            seconds, batch = timed(lambda: reader(path, connection))
            reading.append(seconds)
            return apply_batch(connection, batch)

    seconds, summary = timed(work)
    engine.dispose()
    return seconds, summary.inserted, summary.rejected, reading[0]


def write_floor(folder: Path, template: Path, batch: Batch) -> float:
    """Seconds to insert a batch's rows into an empty store with plain `sqlite3` and nothing else:
    no reading, no checking, no SQLAlchemy. Each table's rows of one shape go as tuples (dates as ISO
    text, made before the clock starts) in statements of many rows each (the fastest way into SQLite
    from Python: a third quicker than executemany), then the commit. The least that any load writing
    these rows through Python's SQLite driver, in one transaction, can cost."""
    path = folder / f"floor-{time.monotonic_ns()}.db"
    shutil.copy(template, path)
    shapes: dict[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]] = {}
    for table in Base.metadata.sorted_tables:
        for row in batch.tables.get(table.name, []):
            values = tuple(v.isoformat() if isinstance(v, dt.date) else v for v in row.values())
            shapes.setdefault((table.name, tuple(row)), []).append(values)
    statements: list[tuple[str, tuple[Any, ...]]] = []
    for (name, names), rows in shapes.items():
        one = f"({', '.join('?' * len(names))})"
        per_statement = PARAMETERS_PER_STATEMENT // len(names)
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            head = f"INSERT INTO {name} ({', '.join(names)}) VALUES "
            statements.append((head + ", ".join([one] * len(chunk)), tuple(chain.from_iterable(chunk))))
    connection = sqlite3.connect(path)
    try:
        started = time.perf_counter()
        for statement, values in statements:
            connection.execute(statement, values)
        connection.commit()
        return time.perf_counter() - started
    finally:
        connection.close()


def reload(folder: Path, council: Path, reader: Callable[..., Batch], path: Path) -> tuple[float, str]:
    """Read and apply in one transaction into a copy of the council that wrote the file: seconds,
    and the rows added, updated and unchanged (a reload should add none)."""
    copy = folder / f"reload-{time.monotonic_ns()}.db"
    shutil.copy(council, copy)
    engine = store.connect(str(copy))

    def work() -> Any:
        with store.transaction(engine) as connection:
            return apply_batch(connection, reader(path, connection))

    seconds, summary = timed(work)
    engine.dispose()
    copy.unlink()
    said = f"{summary.inserted:,} added, {summary.updated:,} updated, {summary.unchanged:,} unchanged"
    return seconds, said


def batch_rows(batch: Batch) -> int:
    return sum(len(rows) for rows in batch.tables.values())


def bare_read(path: Path) -> int:
    """Every sheet's cells into Polars, and nothing else."""
    reader = fastexcel.read_excel(path)
    return sum(reader.load_sheet(name).to_polars().height for name in reader.sheet_names)


def other_return(
    module: str, writer: str, reader: str
) -> tuple[Callable[..., Any], Callable[..., Batch]] | None:
    """The CIN census or 903 functions, if they are there yet."""
    try:
        found = importlib.import_module(module)
        return getattr(found, writer), getattr(found, reader)
    except (ImportError, AttributeError):
        return None


def liiatools_python(given: Path | None) -> Path | None:
    if given is not None:
        return given
    python = LIIATOOLS_VENV / "bin" / "python"
    if python.exists():
        return python
    print(f"making {LIIATOOLS_VENV} for liiatools 0.2.0 (once)...", flush=True)
    try:
        subprocess.run(["python3", "-m", "venv", str(LIIATOOLS_VENV)], check=True)
        pip = [str(python), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "--no-deps", "liiatools==0.2.0"], check=True)
        subprocess.run([*pip, *LIIATOOLS_PACKAGES], check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"liiatools could not be installed: {error}")
        return None
    return python


def liiatools_clean(python: Path, workbook: Path, folder: Path) -> tuple[float, float, str]:
    """Seconds of liiatools' Annex A cleaning (a run less a no-op run), the no-op's seconds, and
    what it wrote."""
    logs = folder / "liiatools-logs"
    out = folder / "liiatools-out"
    for made in (logs, out):
        shutil.rmtree(made, ignore_errors=True)
        made.mkdir(parents=True)
    command = [str(python), "-m", "liiatools", "annex-a"]
    clean = [
        *command,
        "cleanfile",
        "--i",
        str(workbook),
        "--la_code",
        "BAR",
        "--la_log_dir",
        str(logs),
        "--o",
        str(out),
    ]
    noop = min(
        timed(lambda: subprocess.run([*command, "--help"], capture_output=True, check=True))[0]
        for _ in range(3)
    )
    seconds, _ = timed(lambda: subprocess.run(clean, capture_output=True, check=True))
    written = sorted(p.name for p in out.iterdir())
    said = "wrote " + ", ".join(written) if written else "wrote no cleaned file (see its log)"
    return seconds - noop, noop, said


def row(name: str, write: float | None, load_seconds: float | None, rows: str) -> str:
    def cell(value: float | None) -> str:
        return "not available" if value is None else f"{value:8.2f} s"

    return f"{name:<34}{cell(write):>16}{cell(load_seconds):>16}  {rows}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--keep", type=Path, help="folder to keep (and reuse) the generated databases")
    parser.add_argument("--liiatools-python", type=Path, help="a Python with liiatools 0.2.0 installed")
    parser.add_argument("--no-liiatools", action="store_true", help="leave liiatools out")
    parser.add_argument("--england-population", type=int, help="also time Annex A for the england profile")
    args = parser.parse_args()
    # fastexcel says when a column is all blank and read as text: true, and not news here.
    logging.getLogger("fastexcel").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        work = Path(scratch)
        template = work / "template.db"
        started = time.perf_counter()
        council = kept_council(folder, "stretched")[0]
        source = store.connect(str(council))
        made = time.perf_counter() - started
        print(f"stretched council, 5 years to {END:%d %B %Y}, seed 1 ({made:.0f} s to make)")
        print()
        print(f"{'return':<34}{'write':>16}{'load':>16}  rows loaded (rejected)")
        annex = work / "annex_a.xlsx"
        write_seconds, _ = timed(lambda: write_annex_a(source, END, annex))
        load_seconds, inserted, rejected, _ = load(work, template, read_annex_a, annex)
        print(row(f"Annex A as at {END:%d/%m/%Y}", write_seconds, load_seconds, f"{inserted:,} ({rejected})"))
        reloads = [("Annex A", *reload(work, council, read_annex_a, annex))]
        cin = other_return("lineofsight.interchange.cin_census", "write_cin_census", "read_cin_census")
        if cin is None:
            print(row("CIN census 2025-26", None, None, ""))
        else:
            census = work / "cin_census.xml"
            seconds, _ = timed(lambda: cin[0](source, YEAR, census))
            loaded, inserted, rejected, _ = load(work, template, cin[1], census)
            print(row("CIN census 2025-26", seconds, loaded, f"{inserted:,} ({rejected})"))
            reloads.append(("CIN census", *reload(work, council, cin[1], census)))
        ssda = other_return("lineofsight.interchange.ssda903", "write_ssda903", "read_ssda903")
        if ssda is None:
            print(row("SSDA903 2025-26", None, None, ""))
        else:
            tables = work / f"ssda903-{YEAR}"  # the folder names its year: the 903 carries none
            seconds, _ = timed(lambda: ssda[0](source, YEAR, tables))
            loaded, inserted, rejected, _ = load(work, template, ssda[1], tables)
            print(row("SSDA903 2025-26", seconds, loaded, f"{inserted:,} ({rejected})"))
            reloads.append(("SSDA903", *reload(work, council, ssda[1], tables)))
        source.dispose()
        print()
        print("Loading each file back into a copy of the council that wrote it")
        for name, seconds, said in reloads:
            print(row(name, None, seconds, said).replace("not available", "             "))

        print()
        print("Annex A load against the bare read and liiatools (same workbook, best of 3 where said)")
        cells = bare_read(annex)
        bare = best(lambda: bare_read(annex))
        reads = best(lambda: read_annex_a(annex))
        runs = [load(work, template, read_annex_a, annex) for _ in range(3)]
        loads, _, _, reading = min(runs)
        print(f"  bare read (fastexcel, every sheet)  {bare:8.3f} s   {cells:,} rows   1.0x")
        print(f"  read_annex_a only (no database)     {reads:8.3f} s   {reads / bare:8.1f}x the bare read")
        print(
            f"  full load (read + apply_batch)      {loads:8.3f} s   {loads / bare:8.1f}x the bare read"
            " (target: within 2x)"
        )
        print(
            f"    of which the reading (with the database's keys) {reading:.3f} s,"
            f" apply_batch {loads - reading:.3f} s"
        )
        batch = read_annex_a(annex)
        floor = min(write_floor(work, template, batch) for _ in range(3))
        print(
            f"  the write floor                     {floor:8.3f} s   {floor / bare:8.1f}x the bare read:"
            f" {batch_rows(batch):,} rows through plain sqlite3, nothing read or checked"
        )
        print(
            f"    with the bare read, the least a load can cost is {(bare + floor) / bare:.1f}x the bare read"
        )
        if not args.no_liiatools:
            python = liiatools_python(args.liiatools_python)
            if python is None:
                print("  liiatools                           not available")
            else:
                cleaning, noop, said = liiatools_clean(python, annex, work)
                print(
                    f"  liiatools 0.2.0 cleanfile           {cleaning:8.3f} s   {cleaning / bare:8.1f}x"
                    f" the bare read; the full load is {cleaning / loads:.1f}x faster (target: faster)"
                )
                print(f"    (one run, less {noop:.2f} s for a no-op `annex-a --help` run; liiatools {said})")

        if args.england_population:
            print()
            started = time.perf_counter()
            big = store.connect(str(kept_council(folder, "england", 2, args.england_population)[0]))
            made = time.perf_counter() - started
            workbook = work / "annex_a_england.xlsx"
            write_seconds, _ = timed(lambda: write_annex_a(big, END, workbook))
            big.dispose()
            load_seconds, inserted, rejected, _ = load(work, template, read_annex_a, workbook)
            bare = best(lambda: bare_read(workbook))
            print(f"england profile, {args.england_population:,} children, 2 years ({made:.0f} s to make)")
            print(row("Annex A", write_seconds, load_seconds, f"{inserted:,} ({rejected})"))
            print(f"  bare read {bare:.3f} s; the full load is {load_seconds / bare:.1f}x the bare read")


if __name__ == "__main__":
    main()
