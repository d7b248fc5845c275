"""The Data page: an analyst loads a statutory return by upload, reads what it changed and the rows it
rejected (as a GOV.UK error summary and as a CSV download), and the history of loads.

A file loaded here is loaded exactly as `lineofsight load` loads it (habit 1): through
`interchange.returns.load_return`, in one transaction, with its rejected rows kept out and reported,
and a row in the `loads` table; so the other pages, which read the store afresh, show the new figures
at once. The page only translates between the browser and that function:

- The uploaded files are written, under their own names, into a private temporary folder (`mkdtemp`,
  readable by this user only) and removed as soon as the load ends. The SSDA903 is a folder of CSV
  tables, so its tables are uploaded together and written into one folder, named after them.
- The upload as a whole may be no bigger than the CLI's `--max-size` default (`MAX_FILE_BYTES`, or
  `app.state.max_upload_bytes` when the app sets one); a request that says it is bigger is refused
  before this page reads its form, and one that does not say its size is refused too. Empty and
  unreadable files are refused by `load_return`, with the CLI's messages, and recorded as refused.
- The rejected rows of a load are kept in memory, in this process, for the last `KEEP` loads: they
  hold children's data as it was read (names, dates of birth), so they are not written to disk, and
  after a restart only the counts in the `loads` table remain (load the file again to see its rows).
- People read file names only: the library's messages name the temporary folder, and `lineofsight
  load` records the folder it was given, so the page takes folders out, as the `loads` table's own
  column does.

HTML and JSON come from the same functions: `/api/data/loads` (GET the history, POST a load), and
`POST /data/loads` answers JSON when asked (`Accept: application/json`). Tables download as CSV from
`.csv` routes: `/data/loads.csv` (the history) and `/data/loads/{load_id}/rejected.csv` (the rejected
rows, with the CLI report's columns).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import shutil
import tempfile
import threading
import uuid
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, BinaryIO

import polars as pl
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import Engine, func, select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from lineofsight import csv_cells, formatting, store
from lineofsight.data import CouncilData
from lineofsight.data.facts import FACTS
from lineofsight.data.supports import SOURCE_NAMES, Holdings, holdings
from lineofsight.interchange.loading import (
    MAX_FILE_BYTES,
    InputError,
    LoadSummary,
    Rejection,
    write_rejections,
)
from lineofsight.interchange.returns import RETURNS
from lineofsight.load_process import (
    LoadLimits,
    LoadRefusedError,
    LoadStoppedError,
    load_in_child,
    shared_standby,
)
from lineofsight.measures import default_as_at
from lineofsight.model import Base
from lineofsight.web import rendering, security
from lineofsight.web.auth import Viewer, viewer
from lineofsight.web.pages.measures import AsAt
from lineofsight.web.rendering import MAX_PAGE, attachment, csv_response, engine_of, render

router = APIRouter()
Who = Annotated[Viewer, Depends(viewer)]
HistoryPage = Annotated[
    int, Query(ge=1, le=MAX_PAGE, description="The page of the history, 50 loads a page.")
]

KEEP = 20  # loads whose rejected rows are kept in memory
SUMMARY_ITEMS = 50  # rejected rows listed in the error summary; the table and the CSV have more
TABLE_ROWS = 500  # rejected rows shown in the page's table; the CSV has them all
HISTORY_PAGE = 50  # loads per page of the history
FORM_OVERHEAD = 64 * 1024  # what a multipart form adds to its files: boundaries, headings, fields
UPLOAD_PREFIX = "lineofsight-upload-"
# A load's status in the history, as people read it: refused (the file cannot be loaded, or --strict
# refused its rejected rows), stopped (it passed the memory or time a load may use), failed (the
# database refused the load; try again).
STATUSES = {"loaded": "Loaded", "refused": "Refused", "stopped": "Stopped", "failed": "Failed"}
KINDS = ("cin", "903", "annex-a")  # in the order the form offers them
HINTS = {
    "cin": "One XML file per collection year. Load the years oldest first to build the history.",
    "903": "All its CSV tables (header.csv, episodes.csv, reviews.csv, ...), chosen together.",
    "annex-a": "The workbook (.xlsx) with Lists 1 to 11.",
}
# The temporary folders uploads are written to, as the library's messages name them.
TEMPORARY = re.compile(re.escape(str(Path(tempfile.gettempdir()) / UPLOAD_PREFIX)) + r"[^/\\]+[/\\]")


# ------------------------------------------------------------------------------------------ access
def may_view(who: Viewer) -> None:
    """The history of loads is for those who load data, and for auditors (who read everything)."""
    if not (who.loads_data or who.role == "auditor"):
        raise HTTPException(
            status_code=403,
            detail="The Data page is for analysts, heads of service, directors and auditors.",
        )


def may_load(who: Viewer) -> None:
    """Loading changes the data, so an auditor (read-only) may not."""
    may_view(who)
    if not who.loads_data:
        raise HTTPException(
            status_code=403,
            detail="An auditor's access is read-only: loading data is for analysts, heads of service "
            "and directors.",
        )


# ------------------------------------------------------------------------------------ what a load did
@dataclass(frozen=True)
class Outcome:
    """One upload's load as the page shows it: what it changed, or why it was refused, and the rows
    it rejected (file names only, never the temporary folder)."""

    load_id: str
    kind: str
    source: str  # the file's name (the 903: its folder's)
    summary: LoadSummary | None  # None when refused
    rejections: tuple[Rejection, ...]
    message: str | None  # the one-line reason a file was refused
    stopped: str | None = None  # stopped (at a limit) or failed (the database refused it), if so

    @property
    def status(self) -> str:
        return self.stopped or ("refused" if self.summary is None else "loaded")

    def as_json(self) -> dict[str, Any]:
        summary = None if self.summary is None else {**self.summary.as_json(), "source": self.source}
        return {
            "load_id": self.load_id,
            "return": self.kind,
            "file": self.source,
            "status": self.status,
            "message": self.message,
            "summary": summary,
            "rejected": [finding(r) for r in self.rejections],
            "rejected_csv": f"/data/loads/{self.load_id}/rejected.csv" if self.rejections else None,
        }


def finding(rejection: Rejection) -> dict[str, Any]:
    """A rejected row as JSON: where it is, why, and the row as read."""
    return {
        "file": rejection.file,
        "place": rejection.place,
        "row": rejection.row,
        "field": rejection.field,
        "reason": rejection.reason,
        "values": dict(rejection.values),  # made JSON by jsonable_encoder (a workbook has dates)
    }


class Outcomes:
    """The last loads' outcomes, newest kept, shared by the threads that serve requests."""

    def __init__(self, keep: int = KEEP) -> None:
        self.keep = keep
        self._outcomes: OrderedDict[str, Outcome] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, outcome: Outcome) -> None:
        with self._lock:
            self._outcomes[outcome.load_id] = outcome
            while len(self._outcomes) > self.keep:
                self._outcomes.popitem(last=False)

    def get(self, load_id: str) -> Outcome | None:
        with self._lock:
            return self._outcomes.get(load_id)


_creating = threading.Lock()


def outcomes(app: FastAPI) -> Outcomes:
    """The app's outcomes, made on first use (each app has its own, so tests do not share them)."""
    with _creating:
        found = getattr(app.state, "data_outcomes", None)
        if not isinstance(found, Outcomes):
            found = Outcomes()
            app.state.data_outcomes = found
        return found


# ---------------------------------------------------------------------------------- the history
def load_history(engine: Engine, *, page: int | None = None) -> tuple[list[dict[str, Any]], int]:
    """The `loads` table, newest first (a page of it, or all of it), and how many loads there are."""
    loads = Base.metadata.tables["loads"]
    query = select(loads).order_by(loads.c.loaded_at.desc(), loads.c.load_id)
    if page is not None:
        query = query.offset((page - 1) * HISTORY_PAGE).limit(HISTORY_PAGE)
    with engine.connect() as connection:
        total = int(connection.execute(select(func.count()).select_from(loads)).scalar_one())
        rows = [_load_row(dict(row)) for row in connection.execute(query).mappings()]
    return rows, total


def recorded_load(engine: Engine, load_id: str) -> dict[str, Any] | None:
    loads = Base.metadata.tables["loads"]
    with engine.connect() as connection:
        found = connection.execute(select(loads).where(loads.c.load_id == load_id)).mappings().first()
    return None if found is None else _load_row(dict(found))


def _load_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row of `loads` as people and machines read it: the file's name only, the time in UTC."""
    source = row["load_source"]
    message = row["message"]
    return {
        "load_id": row["load_id"],
        "loaded_at": row["loaded_at"],
        "return": row["load_kind"],
        "file": source,
        "status": row["load_status"],
        "inserted": row["inserted"],
        "updated": row["updated"],
        "unchanged": row["unchanged"],
        "rejected": row["rejected"],
        "message": None if message is None else names_only(message, source),
    }


def names_only(message: str, source: str) -> str:
    """A recorded message with folders taken out, so that it names files as the `loads` table does:
    an upload's temporary folder, the folder a file was loaded from, and a 903 return's own folder
    before each of its tables."""
    text = TEMPORARY.sub("", message)
    text = re.sub(r"(?<![^\s(])[^\s(]*[/\\](?=" + re.escape(source) + ")", "", text)
    return text.replace(source + "/", "").replace(source + "\\", "")


HISTORY_COLUMNS: tuple[str, ...] = ("load_id", "loaded_at", "return", "file", "status")
HISTORY_COLUMNS += ("inserted", "updated", "unchanged", "rejected", "message")


def history_json(row: Mapping[str, Any]) -> dict[str, Any]:
    moment: dt.datetime = row["loaded_at"]
    return {**row, "loaded_at": moment.replace(microsecond=0).isoformat() + "Z"}


# -------------------------------------------------------------------------------------- the upload
class UploadError(Exception):
    """An upload the page refuses before loading it: the form's field, the message, the status."""

    def __init__(self, field: str, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Upload:
    kind: str
    strict: bool
    files: tuple[tuple[str, BinaryIO], ...]  # each file's own name (no folder) and its content
    year: int | None = None  # an SSDA903's collection year, by the year it ends
    extract_date: dt.date | None = None  # the day an Annex A workbook was extracted


def upload_limit(app: FastAPI) -> int:
    limit = getattr(app.state, "max_upload_bytes", MAX_FILE_BYTES)
    return int(limit)


def check_length(request: Request) -> None:
    """Refuse an upload that is too big before reading it: the request says its size."""
    limit = upload_limit(request.app)
    length = request.headers.get("content-length", "")
    if not length.isdigit():
        raise UploadError("files", "The upload did not say its size: send it with a Content-Length", 411)
    if int(length) > limit + FORM_OVERHEAD:
        raise UploadError(
            "files",
            f"The upload is {int(length) / 2**20:,.0f} MB, over the {limit / 2**20:,.0f} MB limit: "
            "check that these are the right files",
            413,
        )


def read_form(form: Mapping[str, Any], files: Sequence[Any]) -> Upload:
    """The kind of return, the strict choice and the files, or the first thing wrong with them."""
    kind = form.get("kind")
    if not isinstance(kind, str) or kind not in RETURNS:
        raise UploadError("kind", "Select the kind of return you are loading")
    spec = RETURNS[kind]
    chosen = [f for f in files if isinstance(f, UploadFile) and f.filename]
    if not chosen:
        what = "the CSV tables of the SSDA903 return" if spec.folder else f"the {spec.title} file"
        raise UploadError("files", f"Select {what} to load")
    if not spec.folder and len(chosen) > 1:
        raise UploadError("files", f"Select one file: a {spec.title} is loaded one file at a time")
    named: list[tuple[str, BinaryIO]] = []
    for upload in chosen:
        name = own_name(upload.filename or "")
        if name in {n for n, _ in named}:
            raise UploadError("files", f"Two of the files are called {name}: choose each table once")
        named.append((name, upload.file))
    strict = form.get("strict") in {"yes", "true", "on", "1"}
    year = _year(form) if kind == "903" else None
    extract_date = _extract_date(form) if kind == "annex-a" else None
    return Upload(kind, strict, tuple(named), year, extract_date)


def _year(form: Mapping[str, Any]) -> int | None:
    """The 903's collection year, if given: the return carries none (its files' names may say it)."""
    text = form.get("year")
    if not isinstance(text, str) or not text.strip():
        return None
    if not text.strip().isdigit() or not 2000 <= int(text) <= 2100:
        raise UploadError("year", "Enter the collection year as the year it ends, like 2026 for 2025-26")
    return int(text)


def _extract_date(form: Mapping[str, Any]) -> dt.date | None:
    """The day the Annex A workbook was extracted (a GOV.UK date input), if given."""
    parts = [form.get(f"extract_date-{part}") for part in ("day", "month", "year")]
    texts = [p.strip() if isinstance(p, str) else "" for p in parts]
    if not any(texts):
        return None
    try:
        day, month, year = (int(t) for t in texts)
        return dt.date(year, month, day)
    except ValueError:
        raise UploadError(
            "extract_date-day", "Enter the day the workbook was extracted as a real date, like 31 3 2026"
        ) from None


def own_name(filename: str) -> str:
    """The file's own name, without any folder a browser or client sent with it."""
    name = PurePosixPath(filename.replace("\\", "/")).name.strip()
    if not name or name in {".", ".."} or len(name) > 200 or any(ord(c) < 32 for c in name):
        raise UploadError("files", "A file's name cannot be used: rename the file and choose it again")
    return name


def folder_name(names: Sequence[str]) -> str:
    """An uploaded 903 return's folder (its name in the history): its tables' names."""
    joined = ", ".join(sorted(names))
    return joined if len(joined) <= 150 else f"{len(names)} SSDA903 tables"


def load_upload(engine: Engine, store: Outcomes, upload: Upload, limit: int, how: Loading) -> Outcome:
    """Write the upload to a private temporary folder and load it as the CLI does: with `load_return`,
    in a child process within limits of memory and time (`load_process`), so that no file can take
    the server down.

    Runs in a worker thread: reading and writing a return takes seconds, and the server goes on
    answering meanwhile."""
    spec = RETURNS[upload.kind]
    folder = Path(tempfile.mkdtemp(prefix=UPLOAD_PREFIX))
    try:
        if spec.folder:
            path = folder / folder_name([name for name, _ in upload.files])
            path.mkdir()
        else:
            path = folder / upload.files[0][0]
        for name, content in upload.files:
            target = path / name if spec.folder else path
            content.seek(0)
            with target.open("wb") as handle:
                shutil.copyfileobj(content, handle, 2**20)
        return _load(engine, store, upload, path, folder, limit, how)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class Loading:
    """How the app loads an upload: in a child process within these limits (`load_process`), kept
    ready by this process's standby. `readers` stand in for a return's own reader ("module:function",
    by kind): how the tests give the child a reader that allocates without bound."""

    limits: LoadLimits = field(default_factory=LoadLimits)
    readers: Mapping[str, str] = field(default_factory=dict)


def loading(app: FastAPI) -> Loading:
    found = getattr(app.state, "loading", None)
    return found if isinstance(found, Loading) else Loading()


def _load(
    engine: Engine, store: Outcomes, upload: Upload, path: Path, folder: Path, limit: int, how: Loading
) -> Outcome:
    def named(text: str) -> str:
        return text.replace(f"{path}{os.sep}", "").replace(f"{folder}{os.sep}", "")

    load_id = uuid.uuid4().hex  # the id the load is recorded under, refused, stopped or loaded
    try:
        summary, rejections = load_in_child(
            engine,
            upload.kind,
            path,
            strict=upload.strict,
            max_bytes=limit,
            load_id=load_id,
            year=upload.year,
            extract_date=upload.extract_date,
            limits=how.limits,
            standby=shared_standby(),
            reader=how.readers.get(upload.kind),
        )
    except LoadStoppedError as error:
        outcome = Outcome(load_id, upload.kind, path.name, None, (), named(str(error)), error.status)
    except InputError as error:
        outcome = Outcome(load_id, upload.kind, path.name, None, (), named(str(error)))
    except LoadRefusedError as error:
        rejected = tuple(replace(r, file=Path(r.file).name) for r in error.rejections)
        outcome = Outcome(load_id, upload.kind, path.name, None, rejected, named(str(error)))
    else:
        rejected = tuple(replace(r, file=Path(r.file).name) for r in rejections)
        summary.source = path.name
        summary.notes = [named(note) for note in summary.notes]
        outcome = Outcome(load_id, upload.kind, path.name, summary, rejected, None)
    store.add(outcome)
    return outcome


# ------------------------------------------------------------------------------------------ pages
def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _history_page(engine: Engine, page: int) -> dict[str, Any]:
    rows, total = load_history(engine, page=page)
    pages = max(1, math.ceil(total / HISTORY_PAGE))
    if page > pages:
        page = pages
        rows, total = load_history(engine, page=page)
    return {"loads": rows, "total": total, "page": page, "pages": pages}


def _data_page(
    request: Request,
    who: Viewer,
    page: int = 1,
    *,
    status: int = 200,
    problem: UploadError | None = None,
    kind: str | None = None,
    strict: bool = False,
    refused: Outcome | None = None,
    form: Mapping[str, Any] | None = None,
) -> Response:
    history = _history_page(engine_of(request), page)
    held = coverage_of(request)
    given = {
        name: value
        for name in ("year", "extract_date-day", "extract_date-month", "extract_date-year")
        if form is not None and isinstance(value := form.get(name), str)
    }
    return render(
        request,
        "data.html",
        status_code=status,
        viewer=who,
        title="Data",
        error_title=problem is not None,
        problem=problem,
        refused=refused,
        may_load=who.loads_data,
        kinds=[{"value": k, "text": RETURNS[k].title, "hint": HINTS[k]} for k in KINDS],
        titles={k: spec.title for k, spec in RETURNS.items()},
        statuses=STATUSES,
        kind=kind,
        strict=strict,
        given=given,
        limit_mb=upload_limit(request.app) // 2**20,
        when=formatting.uk_time,
        held=held,
        source_names=SOURCE_NAMES,
        facts=FACTS,
        long_date=formatting.long_date,
        **history,
    )


def coverage_of(request: Request, as_at: dt.date | None = None) -> Holdings:
    """What the database holds and supports, as `lineofsight coverage` says it (as at the last day
    the data covers, unless asked)."""
    engine = engine_of(request)
    data = CouncilData(engine)
    day = as_at or default_as_at(data)
    rows = {table: count for table, count in store.row_counts(engine).items() if count}
    return holdings(data, day, request.app.state.settings, rows)


@router.get("/api/data/coverage", summary="What the data holds, and which measures and alerts it supports")
def data_coverage_api(request: Request, who: Who, as_at: AsAt = None) -> JSONResponse:
    """The document of `lineofsight coverage --json`: each load and the facts it covered, over which
    days; and, as at `as_at` (default: the last day the data covers), each measure and alert with
    whether the data supports it and, where not, why."""
    may_view(who)
    day = rendering.as_at(CouncilData(engine_of(request)), as_at) if as_at else None
    return JSONResponse(coverage_of(request, day).as_json())


@router.get("/data", summary="The Data page: load a return, and the history of loads")
def data_page(request: Request, who: Who, page: HistoryPage = 1) -> Response:
    may_view(who)
    return _data_page(request, who, page)


@router.get("/api/data/loads", summary="The history of loads, newest first (a page of 50)")
def data_loads_api(request: Request, who: Who, page: HistoryPage = 1) -> dict[str, Any]:
    may_view(who)
    history = _history_page(engine_of(request), page)
    return {**history, "loads": [history_json(row) for row in history["loads"]]}


@router.get("/data/loads.csv", summary="The history of loads as CSV, newest first")
def data_loads_csv(request: Request, who: Who) -> Response:
    may_view(who)
    rows, _ = load_history(engine_of(request))
    # No loads yet: the headings alone, so that a script reading the file still finds them.
    table = [history_json(row) for row in rows] if rows else pl.DataFrame(schema=HISTORY_COLUMNS)
    return csv_response(table, "loads.csv")


UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["kind", "files"],
                    "properties": {
                        "kind": {"type": "string", "enum": list(KINDS), "description": "The return."},
                        "files": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "One file (CIN census, Annex A), or the 903's CSV tables.",
                        },
                        "strict": {
                            "type": "string",
                            "enum": ["yes"],
                            "description": "Refuse the whole file if any row is rejected.",
                        },
                        "year": {
                            "type": "integer",
                            "description": "SSDA903: the collection year, by the year it ends (2026).",
                        },
                        "extract_date-day": {"type": "integer", "description": "Annex A: day extracted."},
                        "extract_date-month": {"type": "integer", "description": "... month."},
                        "extract_date-year": {"type": "integer", "description": "... year."},
                        "csrf_token": {"type": "string", "description": "The form's token (pages)."},
                    },
                }
            }
        },
    }
}


async def _upload(request: Request, who: Viewer, as_json: bool) -> Response:
    may_load(who)
    form = None
    try:
        check_length(request)
        form = await security.read_form(request)
        upload = read_form(form, form.getlist("files"))
        outcome = await run_in_threadpool(
            load_upload,
            engine_of(request),
            outcomes(request.app),
            upload,
            upload_limit(request.app),
            loading(request.app),
        )
    except UploadError as problem:
        if as_json:
            return JSONResponse({"detail": problem.message, "field": problem.field}, problem.status)
        kind = form.get("kind") if form is not None else None
        strict = form is not None and form.get("strict") is not None
        return _data_page(
            request,
            who,
            status=problem.status,
            problem=problem,
            kind=kind if isinstance(kind, str) else None,
            strict=strict,
            form=form,
        )
    finally:
        if form is not None:
            await form.close()
    if as_json:
        return JSONResponse(jsonable_encoder(outcome.as_json()), 200 if outcome.summary else 422)
    if outcome.summary is None:
        refusal = UploadError("files", outcome.message or "The file was not loaded")
        return _data_page(
            request, who, status=422, problem=refusal, kind=upload.kind, strict=upload.strict, refused=outcome
        )
    return RedirectResponse(f"/data/loads/{outcome.load_id}", status_code=303)


@router.post(
    "/data/loads",
    summary="Load a return from the upload form (JSON when asked with Accept: application/json)",
    openapi_extra=UPLOAD_BODY,
)
async def data_upload(request: Request, who: Who) -> Response:
    return await _upload(request, who, wants_json(request))


@router.post(
    "/api/data/loads", summary="Load a return (multipart upload); answers JSON", openapi_extra=UPLOAD_BODY
)
async def data_upload_api(request: Request, who: Who) -> Response:
    return await _upload(request, who, True)


def _found(request: Request, load_id: str) -> tuple[dict[str, Any] | None, Outcome | None]:
    outcome = outcomes(request.app).get(load_id)
    load = recorded_load(engine_of(request), load_id)
    if load is None and outcome is None:
        raise HTTPException(status_code=404, detail="There is no load with this id.")
    return load, outcome


@router.get("/data/loads/{load_id}", summary="What one load changed, and the rows it rejected")
def data_load_page(request: Request, load_id: str, who: Who) -> Response:
    may_view(who)
    load, outcome = _found(request, load_id)
    rejections = outcome.rejections if outcome else ()
    return render(
        request,
        "data_result.html",
        viewer=who,
        title=f"Load of {load['file'] if load else outcome.source if outcome else load_id}",
        error_title=bool(rejections) or (outcome is not None and outcome.summary is None),
        load=load,
        outcome=outcome,
        rejections=rejections[:TABLE_ROWS],
        summary_items=rejections[:SUMMARY_ITEMS],
        rejected_total=len(rejections),
        titles={k: spec.title for k, spec in RETURNS.items()},
        statuses=STATUSES,
        when=formatting.uk_time,
        keep=KEEP,
    )


@router.get("/api/data/loads/{load_id}", summary="What one load changed, and the rows it rejected")
def data_load_api(request: Request, load_id: str, who: Who) -> dict[str, Any]:
    may_view(who)
    load, outcome = _found(request, load_id)
    return {
        "load": None if load is None else history_json(load),
        "outcome": None if outcome is None else jsonable_encoder(outcome.as_json()),
        "rejected_kept": outcome is not None,
    }


@router.get("/data/loads/{load_id}/rejected.csv", summary="The rows one load rejected, as CSV")
def data_rejected_csv(request: Request, load_id: str, who: Who) -> Response:
    """The CLI's report of rejected rows (file, place, row, field, reason, the row as read), written
    by the same function."""
    may_view(who)
    outcome = outcomes(request.app).get(load_id)
    if outcome is None:
        raise HTTPException(
            status_code=404,
            detail=f"The rejected rows of this load are not kept any more (only those of the last {KEEP} "
            "loads, while the server runs): load the file again to see them.",
        )
    with tempfile.TemporaryDirectory(prefix=UPLOAD_PREFIX) as folder:
        report = Path(folder) / "rejected.csv"
        write_rejections(report, csv_cells.rejections(outcome.rejections))
        content = report.read_bytes()
    stem = Path(outcome.source).stem or "load"
    return Response(
        content,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": attachment(f"{stem}-rejected.csv")},
    )
