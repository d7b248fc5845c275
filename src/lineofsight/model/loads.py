"""The history of loads: which return was loaded when, and what it changed; and the count of changes
to the council's data that tells the web app its figures are out of date."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from lineofsight.model.base import Base, OptionalDate, Text, key

BOOKKEEPING = {"info": {"bookkeeping": True}}  # not the council's data: see `store.council_tables`


class Load(Base):
    """One file loaded (or refused), so that an analyst can see where the data came from."""

    __tablename__ = "loads"

    load_id: Mapped[str] = key()
    loaded_at: Mapped[dt.datetime]
    load_kind: Text  # annex-a, cin, 903, ssd, csww
    load_source: Text  # the file's name, without its folder
    load_status: Text  # loaded, refused
    inserted: Mapped[int]
    updated: Mapped[int]
    unchanged: Mapped[int]
    rejected: Mapped[int]
    message: Mapped[str | None]
    # When the data loaded was taken from its source: a case-management extract's moment, which the
    # pages give as "data as at 06:10 today" (None for a return, which speaks for its own dates).
    extracted_at: Mapped[dt.datetime | None]
    # The earliest day the load's changes touch (the first date of every row it added or changed, or
    # of the days it newly covered), and the rows of the council's data after it: together they tell
    # the web app that figures as at earlier days still hold (`web/cache.py`). None: not known.
    changed_from: OptionalDate
    rows_after: Mapped[int | None]


class Coverage(Base):
    """What one load (or the synthetic council) covered: one fact, over which days, for which children.

    Why: a return is not a complete history. The CIN census speaks for one collection year's children
    in need, the SSDA903 for one year's children looked after, Annex A for each list's window up to
    the day it was extracted, and for some facts Annex A holds only the *latest* visit, review or
    health assessment. A measure is computed only where what it needs is covered (`data.coverage`).

    - `fact`: a name from `data.facts`, or `*` for every fact (a complete record: the synthetic
      council, or a case-management extract of the whole history).
    - `coverage_mode`: `events` (every such record dated, begun, ended or open on a day of the
      window is held) or `latest` (for each child in scope, the latest such record on or before the
      window's last day is held, and nothing older is promised).
    - `window_start`: the first day covered; empty for the whole history. `window_end`: the last.
    - `scope`: which children it speaks for, in plain words ("children in need in 2025-26").
    """

    __tablename__ = "coverage"

    coverage_id: Mapped[str] = key()
    load_id: Mapped[str | None] = mapped_column(ForeignKey("loads.load_id"), index=True)
    coverage_source: Text  # synthetic, annex-a, cin, 903 (as `loads.load_kind`)
    fact: Text
    coverage_mode: Text
    window_start: OptionalDate
    window_end: Mapped[dt.date]
    scope: Text


class DataChanges(Base):
    """A count of the statements that have changed the council's data, kept by the database itself.

    Why: the web app keeps its figures while the data is unchanged (`web/cache.py`) and must notice
    every change at once, yet it cannot afford to count every table on every request. On PostgreSQL a
    trigger on each table of the council's data adds one to `changes` in the same transaction as the
    change (migration 0005), so reading this one row tells whether anything was loaded, generated,
    recorded or edited by hand since the last look, while sign-ins and the access log, written on
    almost every request, leave it alone. SQLite has no statement-level triggers, and there the app
    uses the database file's own change counter instead; the row stays absent.

    Not part of the council's data (`info={"bookkeeping": True}`): emptying the store keeps it, so the
    count only ever rises.
    """

    __tablename__ = "data_changes"
    __table_args__ = BOOKKEEPING

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1: one row
    changes: Mapped[int] = mapped_column(BigInteger)
