"""The state of reading one Annex A workbook: typing each list's cells and setting aside the rows
that cannot be read, linking records to their referrals, and merging what several lists say about
the same record into one row of the model, with what a row new to the database must have.

Rejected rows keep their spreadsheet row number, the heading of the field at fault and the row as it
was read. A record several lists name (a child, a referral in Lists 3 and 6) becomes one row that
carries every column some list gave, each from the last list that said it; a column no list gave is
left out of the row, so that loading a list never blanks what another return recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy import Connection, select

from lineofsight.interchange.annex_a.lists import CHILD as CHILD_COLUMN
from lineofsight.interchange.annex_a.lists import Column
from lineofsight.interchange.annex_a.sheets import ListSheet
from lineofsight.interchange.annex_a.values import WHY, parse_columns_lazily
from lineofsight.interchange.keys import NATURAL_KEYS
from lineofsight.interchange.loading import CHUNK, Batch, existing_keys
from lineofsight.interchange.recognition import Matches, held_ids, renamed, said_twice
from lineofsight.model import Base

Frames = dict[str, list[pl.DataFrame]]
CHILD_HEADING = CHILD_COLUMN.heading
DEFAULT = "_default_"  # a row's column of this prefix is used only when the row is new
# The fields besides a list's key dates (`Column.required`) whose cell, if it cannot be read,
# rejects the row: who the child is, and the end of a record (unread, it could not be said open).
DECISIVE = frozenset({"child", "dob", "end", "close_date", "ceased", "authorised", "reversed"})


class Reading:
    """The state of one workbook's reading: its batch, the rows made so far, the database to link to."""

    def __init__(self, batch: Batch, connection: Connection | None) -> None:
        self.batch = batch
        self.connection = connection
        self.frames: Frames = {}
        self.sheet: ListSheet | None = None
        self.referrals: list[pl.DataFrame] = []  # (person_id, referral_date, referral_id) read so far
        self.known_people: set[str] = set()
        self.known_series = pl.Series("child", [], dtype=pl.String)  # the same, built once for Polars
        self.filled: dict[str, bool] = {}
        self.kindless: list[Kindless] = []
        self.matches: dict[str, Matches] = {}  # what `finish` found held, table by table

    def holds(self, table: str) -> bool:
        """Whether the database has any row in `table` (asked once): a key need not be looked
        up in an empty table, which a first load into a new database meets everywhere."""
        if table not in self.filled:
            target = Base.metadata.tables[table]
            assert self.connection is not None
            self.filled[table] = self.connection.execute(select(target).limit(1)).first() is not None
        return self.filled[table]

    def held(self, table: str, frames: Iterable[pl.DataFrame]) -> Matches:
        """Which of these rows of `table` the database holds, under their key or (recognised by the
        table's natural key) under another id."""
        if self.connection is None or not self.holds(table):
            return Matches()
        (key,) = [c.name for c in Base.metadata.tables[table].primary_key.columns]
        columns = [key, *NATURAL_KEYS.get(table, ())]
        rows: list[dict[str, Any]] = []
        for frame in frames:
            rows.extend(_dicts(frame.select(c for c in columns if c in frame.columns), []))
        return held_ids(self.connection, table, rows)

    def existing(self, table: str, column: str, values: Iterable[Any]) -> set[Any]:
        if self.connection is None or not self.holds(table):
            return set()
        return existing_keys(self.connection, table, column, values)

    def know_people(self, frames: Iterable[pl.DataFrame]) -> None:
        """The children who have a date of birth: in the database or in any list of the workbook."""
        children: set[str] = set()
        for frame in frames:
            children.update(frame["child"].to_list())
            if "dob" in frame.columns:
                self.known_people.update(frame.filter(pl.col("dob").is_not_null())["child"].to_list())
        if self.connection is not None:
            self.known_people |= self.existing("person", "person_id", children)
        self.known_series = pl.Series("child", list(self.known_people), dtype=pl.String)

    # Parsing and rejecting -------------------------------------------------------------------------

    def parse(self, sheet: ListSheet) -> pl.DataFrame:
        """The sheet's rows typed. A row whose child, key date, date of birth or end (`DECISIVE`)
        cannot be read is rejected (with the first such field, and why); any other cell that cannot
        be read (a code outside the guidance's list, a date of a latest visit that is no date) is
        cleared and reported, and the row kept."""
        self.sheet = sheet
        frame = sheet.frame
        present = [c for c in sheet.annex.columns if c.field in frame.columns]
        # Columns the model does not keep are read past: a bad count over 12 months loses nothing.
        frame = frame.drop([c.field for c in present if c.feeds is None and c.field != "child"])
        present = [c for c in present if c.feeds is not None or c.field == "child"]
        query = parse_columns_lazily(frame, present)
        whys: list[tuple[str, pl.Expr]] = [
            (CHILD_HEADING, pl.when(pl.col("child").is_null()).then(pl.lit("the child's id is blank")))
        ]
        clearable = [c for c in present if not (c.required or c.field in DECISIVE)]
        for column in present:
            if column in clearable:
                continue
            whys.append((column.heading, pl.col(f"{WHY}_{column.field}")))
            if column.required and column.field != "child":
                # The date that names the record (a referral by its date): without it, no key.
                blank = pl.when(pl.col(column.field).is_null()).then(
                    pl.lit("is blank, and it names the record")
                )
                whys.append((column.heading, blank))
        field = pl.coalesce([pl.when(why.is_not_null()).then(pl.lit(heading)) for heading, why in whys])
        reason = pl.coalesce([why for _, why in whys])
        # The values, the reasons and the first reason of each row in one run of the query.
        frame = (
            query.with_columns(field.alias("_bad_field"), reason.alias("_bad_reason"))
            .drop([f"{WHY}_{c.field}" for c in present if c not in clearable])
            .collect(engine="in-memory")
        )
        frame = self.reject(
            frame,
            pl.col("_bad_reason").is_not_null(),
            pl.col("_bad_field"),
            pl.col("_bad_reason"),
            headings=True,
        )
        frame = self._clear(frame, clearable)
        return frame.drop("_bad_field", "_bad_reason")

    def _clear(self, frame: pl.DataFrame, columns: list[Column]) -> pl.DataFrame:
        """Report each cell of `columns` that could not be read (its value is already blank), and
        drop the reasons; the rows stay."""
        assert self.sheet is not None
        whys = [f"{WHY}_{c.field}" for c in columns]
        bad = [
            (column, why)
            for column, why in zip(columns, whys, strict=True)
            if frame[why].null_count() < frame.height
        ]
        if bad:
            names = {c.field: c.heading for c in self.sheet.annex.columns}
            raw = self.sheet.frame
            for column, why in bad:
                cells = frame.filter(pl.col(why).is_not_null()).select("_row", why)
                read = raw.filter(pl.col("_row").is_in(cells["_row"].to_list()))
                as_read = {
                    r["_row"]: {names.get(k, k): v for k, v in r.items() if k != "_row"}
                    for r in read.to_dicts()
                }
                for row, text in cells.iter_rows():
                    self.batch.reject(
                        self.sheet.place, row, column.heading, str(text), as_read.get(row, {}), kept=True
                    )
            # A date out of any possible range reads as a date: it is cleared too.
            frame = frame.with_columns(
                pl.when(pl.col(why).is_null()).then(pl.col(column.field)).alias(column.field)
                for column, why in bad
            )
        return frame.drop(whys)

    def require_birth(self, frame: pl.DataFrame) -> pl.DataFrame:
        """A child new to the database needs a date of birth, from this list or another one."""
        unknown = ~pl.col("child").is_in(self.known_series)
        if "dob" in frame.columns:
            return self.reject(
                frame,
                pl.col("dob").is_null() & unknown,
                "dob",
                "the date of birth is blank and the child is not known",
            )
        return self.reject(frame, unknown, "dob", "there is no date of birth and the child is not known")

    def reject(
        self,
        frame: pl.DataFrame,
        mask: pl.Expr,
        field: str | pl.Expr | None,
        reason: str | pl.Expr,
        *,
        headings: bool = False,
    ) -> pl.DataFrame:
        """Set aside the rows where `mask` holds, each with its field and reason; the rest go on.
        `field` names our field, or (`headings`) gives the sheet's heading row by row."""
        assert self.sheet is not None
        flags = frame.select(mask.fill_null(False)).to_series()
        if not flags.any():
            return frame
        bad = frame.filter(flags)
        # with_columns, not select: a literal reason is then repeated on every row.
        said = bad.with_columns((reason if isinstance(reason, pl.Expr) else pl.lit(reason)).alias("_why"))
        why = said["_why"].to_list()
        names = {c.field: c.heading for c in self.sheet.annex.columns}
        if isinstance(field, pl.Expr):
            fields = bad.with_columns(field.alias("_field"))["_field"].to_list()
        else:
            fields = [field] * bad.height
        if not headings:
            fields = [names.get(f, f) if f else None for f in fields]
        rows = bad["_row"].to_list()
        raw = self.sheet.frame.filter(pl.col("_row").is_in(rows))
        by_row = {
            r["_row"]: {names.get(k, k): v for k, v in r.items() if k != "_row"} for r in raw.to_dicts()
        }
        for row, name, text in zip(rows, fields, why, strict=True):
            self.batch.reject(self.sheet.place, row, name, str(text), by_row.get(row, {}))
        return frame.filter(~flags)

    def reject_duplicates(self, frame: pl.DataFrame, keys: list[str], what: str) -> pl.DataFrame:
        """Reject every row after the first for the same record (the same child and date)."""
        frame = frame.with_columns(pl.col("_row").min().over(keys).alias("_first"))
        return self.reject(
            frame,
            pl.col("_row") != pl.col("_first"),
            keys[-1],
            pl.format("a duplicate: row {} has the same child and {}", pl.col("_first"), pl.lit(what)),
        ).drop("_first")

    def reject_before(self, frame: pl.DataFrame, later: str, earlier: str) -> pl.DataFrame:
        """Reject rows whose `later` date is before their `earlier` one (an end before its start)."""
        if later not in frame.columns or earlier not in frame.columns:
            return frame
        assert self.sheet is not None
        first = self.sheet.annex.column(earlier).heading
        return self.reject(
            frame, pl.col(later) < pl.col(earlier), later, f"is before the {first!r} of the same row"
        )

    def has(self, frame: pl.DataFrame, *fields: str) -> bool:
        return all(f in frame.columns for f in fields)

    # Rows ------------------------------------------------------------------------------------------

    def add(self, table: str, frame: pl.DataFrame) -> None:
        if frame.height:
            self.frames.setdefault(table, []).append(frame)

    def add_kindless(
        self,
        table: str,
        frame: pl.DataFrame,
        kinds: tuple[str, ...] | None,
        ident: Callable[[pl.Expr], pl.Expr],
    ) -> None:
        """Rows of a list that does not say which kind of record it means (List 6's latest visit
        of any kind, List 8's latest health assessment, initial or review). Each is the record of
        one of `kinds` (None: any kind) that another list or the database has for the child on that
        day, where there is one, and takes its kind (and with it the id `ident` makes from a kind);
        else it keeps the kind it was given. Added in `finish`, when every list has been read."""
        if frame.height:
            self.kindless.append(Kindless(table, frame, kinds, ident))

    def person(self, frame: pl.DataFrame, **extra: str) -> None:
        """The child's row from the columns this list has (and the list's own yes/no facts)."""
        columns = [pl.col("child").alias("person_id")]
        for field, target in (
            ("gender", "person_sex"),
            ("ethnicity", "person_ethnicity"),
            ("dob", "person_dob"),
            ("disability", "person_disability"),
            *extra.items(),
        ):
            if field in frame.columns:
                columns.append(pl.col(field).alias(target))
        rows = frame.select(columns).unique("person_id", keep="last", maintain_order=True)
        self.add("person", rows)

    def link_referrals(self, frame: pl.DataFrame, on: str) -> pl.DataFrame:
        """Each row's referral: the child's latest on or before the row's date `on`, among the
        referrals in this workbook and those already loaded. Rows with none are rejected."""
        candidates = pl.concat(self.referrals, how="vertical") if self.referrals else _no_referrals()
        if self.connection is not None and self.holds("cin_episodes"):
            candidates = pl.concat([candidates, self._loaded_referrals(frame["child"].unique().to_list())])
        candidates = candidates.unique("referral_id").sort("referral_date")
        linked = (
            frame.with_columns(pl.int_range(0, frame.height).alias("_order"))
            .sort(on)
            .join_asof(
                candidates,
                left_on=on,
                right_on="referral_date",
                by_left="child",
                by_right="person_id",
                strategy="backward",
                check_sortedness=False,
            )
            .sort("_order")
            .drop("_order", "referral_date")
        )
        return self.reject(
            linked,
            pl.col("referral_id").is_null(),
            on,
            "no referral of this child on or before this date, in List 3 or List 6 or loaded before",
        )

    def _loaded_referrals(self, children: list[str]) -> pl.DataFrame:
        assert self.connection is not None
        table = Base.metadata.tables["cin_episodes"]
        found: list[tuple[Any, ...]] = []
        for start in range(0, len(children), CHUNK):
            chunk = children[start : start + CHUNK]
            statement = select(table.c.person_id, table.c.referral_date, table.c.referral_id).where(
                table.c.person_id.in_(chunk)
            )
            found.extend(tuple(r) for r in self.connection.execute(statement))
        if not found:
            return _no_referrals()
        return pl.DataFrame(found, schema=_no_referrals().schema, orient="row")

    def keep_finer(
        self, rows: pl.DataFrame, table: str, column: str, answers: dict[str, bool]
    ) -> pl.DataFrame:
        """The list answers yes or no where the model keeps a finer outcome (an assessment that
        led to an enquiry, not only to support): a row already loaded keeps its own outcome when
        it gives the same answer, so that loading Annex A after the census loses nothing."""
        if self.connection is None or column not in rows.columns or rows.height == 0 or not self.holds(table):
            return rows
        target = Base.metadata.tables[table]
        (key,) = [c.name for c in target.primary_key.columns]
        # The row held, whatever its id: the list's key or the id it is held under.
        matches = self.held(table, [rows])
        held_as = {value: matches.held_id(value) for value in matches.known}
        ids = list(held_as.values())
        found: dict[Any, Any] = {}
        for start in range(0, len(ids), CHUNK):
            statement = select(target.c[key], target.c[column]).where(
                target.c[key].in_(ids[start : start + CHUNK])
            )
            found.update({r[0]: r[1] for r in self.connection.execute(statement)})
        if not found:
            return rows
        pairs = [(value, found.get(held)) for value, held in held_as.items()]
        old = pl.DataFrame(pairs, schema={key: pl.String, "_old": pl.String}, orient="row")
        same = pl.col("_old").replace_strict(answers, default=None, return_dtype=pl.Boolean) == pl.col(
            column
        ).replace_strict(answers, default=None, return_dtype=pl.Boolean)
        return (
            rows.join(old, on=key, how="left")
            .with_columns(
                pl.when(same.fill_null(False)).then(pl.col("_old")).otherwise(pl.col(column)).alias(column)
            )
            .drop("_old")
        )

    # The end --------------------------------------------------------------------------------------

    def finish(self) -> None:
        """Merge each table's rows from every list (one row per key: what the lists say together),
        fill what a row new to the database must have, and put them in the batch."""
        for kindless in self.kindless:
            self.add(kindless.table, self._kinded(kindless))
        for table in Base.metadata.sorted_tables:
            frames = self.frames.get(table.name)
            if not frames:
                continue
            (key,) = [c.name for c in table.primary_key.columns]
            needed = [c for c in table.columns if not c.nullable and not c.primary_key]
            parts = _merge(frames, key)
            known: set[Any] = set()
            if self.connection is not None and self.holds(table.name):
                # Held under the list's key, or recognised under another id by its natural key:
                # either way not new, so nothing is filled in for it.
                self.matches[table.name] = self.held(table.name, parts)
                known = self.matches[table.name].known
            rows = self.batch.tables.setdefault(table.name, [])
            for part in parts:
                defaults = [c for c in part.columns if c.startswith(DEFAULT)]
                is_known = pl.col(key).is_in(list(known))
                new = part.filter(~is_known) if known else part
                rows.extend(_dicts(self._complete(table.name, key, new, needed), defaults))
                if known:
                    # Already in the database: a blank in a column it must have says nothing new.
                    for row in _dicts(part.filter(is_known), defaults):
                        rows.extend([{k: v for k, v in row.items() if v is not None or table.c[k].nullable}])
        # The records found held under other ids take those ids here, so that the load need not
        # look them up again.
        self.batch.tables = renamed(self.batch.tables, self.matches)
        for name, matches in self.matches.items():
            self.batch.notes.extend(said_twice(name, matches))

    def _kinded(self, kindless: Kindless) -> pl.DataFrame:
        """The kindless rows, each with the kind of the record another list or the database has
        for the child that day (the first by name, where there are several), if there is one."""
        _, kind, day = NATURAL_KEYS[kindless.table]
        frame = kindless.frame
        wanted = pl.col(kind).is_in(list(kindless.kinds)) if kindless.kinds else pl.lit(True)
        said = [
            f.filter(wanted).select("person_id", day, kind)
            for f in self.frames.get(kindless.table, [])
            if kind in f.columns and day in f.columns
        ]
        if self.connection is not None and self.holds(kindless.table):
            target = Base.metadata.tables[kindless.table]
            children = frame["person_id"].unique().sort().to_list()
            found: list[tuple[Any, ...]] = []
            for start in range(0, len(children), CHUNK):
                chunk = children[start : start + CHUNK]
                days = frame.filter(pl.col("person_id").is_in(chunk))[day].unique().to_list()
                statement = select(target.c.person_id, target.c[day], target.c[kind]).where(
                    target.c.person_id.in_(chunk), target.c[day].in_(days)
                )
                if kindless.kinds:
                    statement = statement.where(target.c[kind].in_(kindless.kinds))
                found.extend(tuple(r) for r in self.connection.execute(statement))
            schema = frame.select("person_id", day, kind).schema
            said.append(pl.DataFrame(found, schema=schema, orient="row"))
        if not said:
            return frame
        held = pl.concat(said).group_by("person_id", day).agg(pl.col(kind).min().alias("_held_kind"))
        (primary,) = [c.name for c in Base.metadata.tables[kindless.table].primary_key.columns]
        return (
            frame.join(held, on=["person_id", day], how="left")
            .with_columns(pl.coalesce("_held_kind", kind).alias(kind))
            .with_columns(kindless.ident(pl.col(kind)).alias(primary))
            .drop("_held_kind")
            .unique(primary, keep="last", maintain_order=True)
        )

    def _complete(self, table: str, key: str, frame: pl.DataFrame, needed: list[Any]) -> pl.DataFrame:
        """New rows with every NOT NULL column: from the list, its stand-in, the model's default or
        the return's 'not stated'; a row still without one is rejected. (Null counts are kept by
        Polars with each column, so a column with nothing missing costs nothing.)"""
        fills: list[pl.Expr] = []
        for column in needed:
            name = column.name
            present = [c for c in (name, DEFAULT + name) if c in frame.columns]
            if not present:
                missing = frame.height
            elif len(present) == 1:
                missing = frame[present[0]].null_count()
            else:
                missing = int(frame.select(pl.coalesce(present).is_null().sum()).item())
            if missing == 0:
                if name not in frame.columns:  # all given by the stand-in column, or no rows at all
                    fills.append((pl.col(present[0]) if present else pl.lit(None)).alias(name))
                continue
            candidates = [pl.col(c) for c in present]
            scalar = _scalar_default(column)
            fallback = _FALLBACK.get((table, name)) if scalar is None else None
            for value in (scalar, fallback):
                if value is not None:
                    candidates.append(pl.lit(value))
            if fallback is not None:
                self.batch.notes.append(
                    f"{missing} new {table} rows: no list gives {name}; {fallback!r} is used"
                )
            fills.append(pl.coalesce(candidates).alias(name) if candidates else pl.lit(None).alias(name))
        if fills:
            frame = frame.with_columns(fills)
        lacking_in = [c.name for c in needed if frame[c.name].null_count()]
        if not lacking_in:
            return frame
        lacking = frame.select(pl.any_horizontal([pl.col(n).is_null() for n in lacking_in])).to_series()
        for row in frame.filter(lacking).to_dicts():
            name = next(n for n in lacking_in if row[n] is None)
            self.batch.reject("workbook", None, name, f"{table} {row[key]}: no list gives its {name}")
        return frame.filter(~lacking)


@dataclass(frozen=True)
class Kindless:
    """Rows of `table` from a list that does not say which of `kinds` (None: any) they are, and
    how their id is made from their kind."""

    table: str
    frame: pl.DataFrame
    kinds: tuple[str, ...] | None
    ident: Callable[[pl.Expr], pl.Expr]


def _dicts(frame: pl.DataFrame, leave_out: list[str]) -> list[dict[str, Any]]:
    """The frame's rows as dicts, less the `leave_out` columns: column by column into Python, then
    zipped, which is quicker than Polars' own row by row `to_dicts`."""
    names = [n for n in frame.columns if n not in leave_out]
    columns = [frame.get_column(n).to_list() for n in names]
    return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]


def _merge(frames: list[pl.DataFrame], key: str) -> list[pl.DataFrame]:
    """One row per key from several lists' frames: each column's last non-blank value. The rows
    are returned in parts that carry the same columns, so that a row carries only the columns some
    list said for it (a blank column a list does not have must not blank the database's value)."""
    if len(frames) == 1:
        return frames
    tagged = [f.with_columns(pl.lit(1 << i, pl.Int64).alias("_src")) for i, f in enumerate(frames)]
    combined = pl.concat(tagged, how="diagonal_relaxed")
    others = [c for c in combined.columns if c not in (key, "_src")]
    merged = combined.group_by(key, maintain_order=True).agg(
        *[pl.col(c).drop_nulls().last() for c in others], pl.col("_src").unique().sum()
    )
    parts: list[pl.DataFrame] = []
    for (mask,), part in merged.partition_by("_src", as_dict=True, maintain_order=True).items():
        carried = {c for i, f in enumerate(frames) if int(mask) >> i & 1 for c in f.columns}
        parts.append(part.select(key, *[c for c in others if c in carried]))
    return parts


def _scalar_default(column: Any) -> Any:
    """The model's default for a column (False for a flag), if it is a plain value."""
    arg = getattr(column.default, "arg", None)
    return None if callable(arg) else arg


def _no_referrals() -> pl.DataFrame:
    return pl.DataFrame(schema={"person_id": pl.String, "referral_date": pl.Date, "referral_id": pl.String})


# What a row new to the database gets where its lists are silent: the returns' own "not stated" or
# "not known" codes, and for a period of care the 903's S (a new period of care began).
_FALLBACK: dict[tuple[str, str], Any] = {
    ("person", "person_sex"): "0",
    ("person", "person_ethnicity"): "NOBT",
    ("contacts", "contact_source_code"): "10",
    ("cin_episodes", "referral_source_code"): "10",
    ("cin_episodes", "cin_primary_need_code"): "N0",
    ("cla_episodes", "cla_episode_start_reason"): "S",
    ("cla_episodes", "cla_primary_need_code"): "N0",
}
