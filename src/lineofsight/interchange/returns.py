"""The three statutory returns lineofsight reads and writes, and loading one file of them.

The CLI and the web app's upload page both load through `load_return`, so a file loaded either way is
checked, written and recorded the same way: in one transaction (all of the file or none of it), with
its rejected rows kept, and a row in the `loads` table saying what it changed.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Engine

from lineofsight import store
from lineofsight.interchange.care_periods import join_provisional
from lineofsight.interchange.loading import MAX_FILE_BYTES, Batch, InputError, LoadSummary, apply_batch
from lineofsight.model import Base

ReturnKind = Literal["annex-a", "cin", "903", "csww"]


@dataclass(frozen=True)
class Return:
    """One kind of return: what it is called, whether it is a file or a folder, and where its reader
    and writer live (imported when first used, so that the CLI starts quickly)."""

    kind: ReturnKind
    title: str
    folder: bool  # the 903 is a folder of CSV tables; the others one file each
    module: str
    reader_name: str
    writer_name: str
    suffix: str  # what the writer's output is called by default

    def reader(self) -> Callable[..., Batch]:
        reader: Callable[..., Batch] = getattr(importlib.import_module(self.module), self.reader_name)
        return reader

    def writer(self) -> Callable[..., Any]:
        writer: Callable[..., Any] = getattr(importlib.import_module(self.module), self.writer_name)
        return writer


RETURNS: dict[str, Return] = {
    r.kind: r
    for r in (
        Return(
            "annex-a",
            "Ofsted Annex A workbook",
            False,
            "lineofsight.interchange.annex_a",
            "read_annex_a",
            "write_annex_a",
            ".xlsx",
        ),
        Return(
            "cin",
            "CIN census",
            False,
            "lineofsight.interchange.cin_census",
            "read_cin_census",
            "write_cin_census",
            ".xml",
        ),
        Return(
            "903",
            "SSDA903 return",
            True,
            "lineofsight.interchange.ssda903",
            "read_ssda903",
            "write_ssda903",
            "",
        ),
        # The workforce census (issue 16): its reader and writer live in `interchange.csww`.
        Return(
            "csww",
            "workforce census",
            False,
            "lineofsight.interchange.csww",
            "read_csww",
            "write_csww",
            ".xml",
        ),
    )
}


class RefusedError(Exception):
    """`--strict` refused a file because some of its rows were rejected."""


def collection_year(day: dt.date) -> int:
    """The collection year (by the year it ends, on 31 March) that a day falls in."""
    return day.year + 1 if day.month >= 4 else day.year


def load_return(
    engine: Engine,
    kind: str,
    path: Path,
    *,
    strict: bool = False,
    max_bytes: int = MAX_FILE_BYTES,
    load_id: str | None = None,
    year: int | None = None,
    extract_date: dt.date | None = None,
) -> tuple[LoadSummary, Batch]:
    """Read one file (or 903 folder) and write it in one transaction, recording the load and what it
    covered (`data.coverage`).

    `year` is the SSDA903's collection year (by the year it ends) and `extract_date` the day an Annex A
    workbook was extracted; each reader says what it does without them. Raises InputError when the
    file cannot be loaded at all, and Refused when `strict` and some rows were rejected; in both cases
    nothing of the file is kept, and the refusal is recorded. The load is recorded in `loads` under
    `load_id` (default: a new random id), so that a caller that must link to the record (the Data
    page) chooses the id beforehand.
    """
    spec = RETURNS[kind]
    load_id = load_id or uuid.uuid4().hex
    options: dict[str, Any] = {}
    if kind == "903":
        options["year"] = year
    if kind == "annex-a":
        options["extract_date"] = extract_date
    try:
        _check_path(spec, path, max_bytes)
        with store.transaction(engine) as connection:
            batch = spec.reader()(path, connection, **options)
            if strict and batch.rejections:
                cleared = sum(1 for r in batch.rejections if r.kept)
                said = f"{len(batch.rejections) - cleared} rows were rejected"
                if cleared:
                    said += f" and {cleared} fields cleared"
                raise RefusedError(
                    f"{path}: {said}, so with --strict nothing was loaded (first: {batch.rejections[0]})"
                )
            summary = apply_batch(connection, batch)
            # A row that names no child updates one held (the child it is about is already known).
            cared_for = {
                str(row["person_id"])
                for table in ("cla_episodes", "legal_statuses", "placements")
                for row in batch.tables.get(table, ())
                if row.get("person_id") is not None
            }
            merged = join_provisional(connection, cared_for)
            if merged:
                summary.notes.append(
                    f"{merged} periods of care, legal statuses or placements were already held from "
                    "another return with a start that return could not see: each is now one record"
                )
            record_load(connection, load_id, kind, path, "loaded", summary, None)
            _record_coverage(connection, load_id, batch)
    except (InputError, RefusedError) as error:
        with store.transaction(engine) as connection:
            record_load(connection, load_id, kind, path, "refused", None, str(error))
        raise
    return summary, batch


def _record_coverage(connection: Connection, load_id: str, batch: Batch) -> None:
    """What the load covered, as rows of `coverage` under the load's id (see `data.coverage`)."""
    rows = [
        replace(span, load_id=load_id).row(f"{load_id}/{index}") for index, span in enumerate(batch.coverage)
    ]
    if rows:
        connection.execute(Base.metadata.tables["coverage"].insert(), rows)


def _check_path(spec: Return, path: Path, max_bytes: int) -> None:
    from lineofsight.interchange.loading import check_size

    if spec.folder:
        if not path.exists():
            raise InputError(path, "there is no such folder")
        if not path.is_dir():
            raise InputError(path, f"the {spec.title} is a folder of CSV tables, not a single file")
        files = [p for p in path.iterdir() if p.is_file()]
        if not files:
            raise InputError(path, "the folder is empty")
        for file in files:
            if file.stat().st_size > max_bytes:
                check_size(file, max_bytes)
        return
    check_size(path, max_bytes)


def record_load(
    connection: Connection,
    load_id: str,
    kind: str,
    path: Path,
    status: str,
    summary: LoadSummary | None,
    message: str | None,
) -> None:
    """A row in `loads`. Only the file's own name is kept, never its folder (which may say whose it is),
    in the source and in the message alike."""
    if message is not None:
        message = message.replace(f"{path}{os.sep}", f"{path.name}{os.sep}")
        message = message.replace(f"{path.parent}{os.sep}", "")
    connection.execute(
        Base.metadata.tables["loads"].insert(),
        {
            "load_id": load_id,
            "loaded_at": dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0),
            "load_kind": kind,
            "load_source": path.name,
            "load_status": status,
            "inserted": summary.inserted if summary else 0,
            "updated": summary.updated if summary else 0,
            "unchanged": summary.unchanged if summary else 0,
            "rejected": summary.rejected if summary else 0,
            "message": message,
        },
    )
