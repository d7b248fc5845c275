"""Writing what the database holds as SSD extracts, one CSV per `ssd_*` table, as a council's nightly
SSD would give them: so that the synthetic council runs the live path end to end (tests, demos and
benchmarks), and so that what is written reads back the same (`read.py` goes by the same map).

Dates are written as `YYYY-MM-DD`, moments as `YYYY-MM-DD HH:MM:SS.ffffff`, flags as `Y`/`N`. Where the
canonical model keeps a code in place of the SSD's JSON outcome (`cina_assessment_outcome_json`,
`s47e_s47_outcome_json`), the code is written as it is. `dept_team_function` is not in the
specification: the synthetic council's teams say what they do, and the extract carries it.

`ssd_care_leavers` is how things stand on the extract's day (`as_at`: by default the last day the
database's data runs to, that of its latest load or the synthetic council's last day): each young
person's entitlement open that day, their latest contact and their latest pathway plan review on or
before it, and each young person looked after that day whose pathway plan is reviewed with no
entitlement recorded, with no eligibility. `ssd_permanence` holds the adoptions, the order type
`Adoption` once the order is made; `perm_placed_ffa_cp_date` is the first day of the child's foster
placement with carers approved for fostering for adoption (903 U2 or U5) in that period of care, as
Annex A's List 10 gives it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from sqlalchemy import Engine, func, select

from lineofsight import store
from lineofsight.interchange.ssd.tables import (
    ADOPTION_ORDER,
    ELIGIBILITY,
    PRE_PROCEEDINGS_OUTCOMES,
    ROLE_TITLES,
    SUITABLE,
    TABLES,
    SsdTable,
)
from lineofsight.model import Base

FOSTERING_FOR_ADOPTION = ("U2", "U5")  # foster placements with carers approved to adopt
ALSO_READ = ("care_leaver_contacts", "pathway_plan_reviews")


def write_ssd(engine: Engine, folder: Path, as_at: dt.date | None = None) -> list[Path]:
    """Every SSD table the model fills, written into `folder`, as taken on `as_at` (see the module);
    the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    frames = store.read_tables(engine, sorted({table.target for table in TABLES} | set(ALSO_READ)))
    day = as_at or data_day(engine)
    written: list[Path] = []
    for table in TABLES:
        path = folder / f"{table.name}.csv"
        _extract(table, _shaped(table, frames, day)).write_csv(
            path, date_format="%Y-%m-%d", datetime_format="%Y-%m-%d %H:%M:%S%.f"
        )
        written.append(path)
    return written


def data_day(engine: Engine) -> dt.date:
    """The last day the database's data runs to: the latest day a load covered, else today."""
    coverage = Base.metadata.tables["coverage"]
    with engine.connect() as connection:
        last = connection.execute(select(func.max(coverage.c.window_end))).scalar()
    return last if isinstance(last, dt.date) else dt.date.today()


def _shaped(table: SsdTable, frames: dict[str, pl.DataFrame], day: dt.date) -> pl.DataFrame:
    """The rows a table is written from, in its fields' columns where the model keeps them otherwise."""
    frame = frames[table.target]
    if table.name == "ssd_care_leavers":
        return _care_leavers(frames, day)
    if table.name == "ssd_permanence":
        return _permanence(frame, frames["placements"])
    if table.name == "ssd_pre_proceedings":
        words = pl.col("pre_proceedings_outcome").replace_strict(PRE_PROCEEDINGS_OUTCOMES, default=None)
        return frame.with_columns(words.alias("pre_proceedings_outcome"))
    return frame


def _latest(frame: pl.DataFrame, column: str, day: dt.date) -> pl.DataFrame:
    return (
        frame.filter(pl.col(column) <= day)
        .sort("person_id", column)
        .group_by("person_id", maintain_order=True)
        .last()
    )


def _care_leavers(frames: dict[str, pl.DataFrame], day: dt.date) -> pl.DataFrame:
    leavers = frames["care_leavers"].filter(
        (pl.col("care_leaver_eligibility_date") <= day)
        & (pl.col("care_leaver_end_date").is_null() | (pl.col("care_leaver_end_date") >= day))
    )
    leavers = leavers.sort("person_id", "care_leaver_eligibility_date", "care_leaver_id")
    leavers = leavers.group_by("person_id", maintain_order=True).last()
    contacts = _latest(frames["care_leaver_contacts"], "contact_date", day).select(
        "person_id",
        "in_touch",
        "contact_date",
        pl.col("accommodation").str.slice(0, 1).alias("accommodation"),
        pl.col("accommodation_suitable")
        .replace_strict({v: k for k, v in SUITABLE.items()}, default=None, return_dtype=pl.String)
        .alias("accommodation_suitable"),
        "activity",
    )
    reviews = _latest(frames["pathway_plan_reviews"], "pathway_plan_review_date", day).select(
        "person_id", "pathway_plan_review_date"
    )
    advisers = frames["workers"].select(
        pl.col("worker_id").alias("personal_adviser_id"),
        pl.concat_str("worker_forename", "worker_surname", separator=" ").alias("personal_adviser_name"),
        "team_id",
    )
    titles = {code: text for text, code in ELIGIBILITY.items()}
    # A looked-after young person whose pathway plan is reviewed but whose entitlement is not
    # recorded (an eligible child, by the 13-week rule) is listed with no eligibility, for the review.
    in_care = frames["cla_episodes"].filter(
        (pl.col("cla_episode_start_date") <= day)
        & (pl.col("cla_episode_ceased_date").is_null() | (pl.col("cla_episode_ceased_date") >= day))
    )
    reviewed = (
        reviews.join(in_care.select("person_id").unique(), on="person_id")
        .join(leavers, on="person_id", how="anti")
        .select(
            pl.concat_str("person_id", pl.lit("/care-leaver")).alias("care_leaver_id"),
            "person_id",
            pl.lit(None, pl.String).alias("care_leaver_eligibility"),
            pl.lit(None, pl.String).alias("personal_adviser_id"),
        )
    )
    leavers = pl.concat(
        [
            leavers.select("care_leaver_id", "person_id", "care_leaver_eligibility", "personal_adviser_id"),
            reviewed,
        ]
    )
    return (
        leavers.with_columns(pl.col("care_leaver_eligibility").replace_strict(titles, default=None))
        .join(contacts, on="person_id", how="left")
        .join(reviews, on="person_id", how="left")
        .join(advisers.unique("personal_adviser_id"), on="personal_adviser_id", how="left")
        .sort("care_leaver_id")
    )


def _permanence(adoptions: pl.DataFrame, placements: pl.DataFrame) -> pl.DataFrame:
    fostered = (
        placements.filter(pl.col("placement_type").is_in(FOSTERING_FOR_ADOPTION))
        .group_by("cla_episode_id")
        .agg(pl.col("placement_start_date").min().alias("fostering_for_adoption_date"))
    )
    return adoptions.join(fostered, on="cla_episode_id", how="left").with_columns(
        pl.when(pl.col("fostering_for_adoption")).then(pl.col("fostering_for_adoption_date")),
        pl.when(pl.col("adoption_order_date").is_not_null()).then(pl.lit(ADOPTION_ORDER)).alias("order_type"),
    )


def _extract(table: SsdTable, frame: pl.DataFrame) -> pl.DataFrame:
    for column, value in table.fixed.items():
        if frame.schema[column] == pl.String:
            frame = frame.filter(pl.col(column) == value)
    if table.target == "workers":
        frame = frame.with_columns(
            pl.concat_str("worker_forename", "worker_surname", separator=" ").alias("worker_name"),
            pl.col("worker_role").replace_strict(ROLE_TITLES, default=pl.col("worker_role")),
        )
    columns = []
    for field, column in table.fields.items():
        value = pl.col(column)
        if frame.schema[column] == pl.Boolean:
            value = pl.when(value).then(pl.lit("Y")).when(~value).then(pl.lit("N"))
        columns.append(value.alias(field))
    # In order of the id, so that an extract written twice from the same data is the same file (a
    # server database returns rows in no set order).
    return frame.select(columns).sort(table.key)
