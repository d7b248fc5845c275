"""Writing the 903's tables of events that hang off a child's care: reviews, missing episodes,
adoption (AD1 and placed for adoption), previous permanence and deprivation of liberty orders.
Every value is written as held, and a blank as a blank: a field no return or record gave is left
blank, never given an answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from lineofsight.interchange.ssda903.council import Council
from lineofsight.interchange.ssda903.episodes import Episode
from lineofsight.interchange.ssda903.tables import show_date

ADOPTED = ("E11", "E12")
MISSING_CODES = {"missing": "M", "away": "A"}


def text(value: object) -> str:
    return "" if value is None else str(value)


def _dob(council: Council, child: str) -> str:
    return show_date(council.people[child]["person_dob"])


def review_rows(
    council: Council, children: Sequence[str], first: dt.date, last: dt.date
) -> list[dict[str, str]]:
    rows = []
    for child in children:
        held = sorted(
            {r["cla_review_date"]: r for r in council.reviews.get(child, [])}.values(),
            key=lambda r: r["cla_review_date"],
        )
        for review in held:
            if first <= review["cla_review_date"] <= last:
                rows.append(
                    {
                        "CHILD": child,
                        "DOB": _dob(council, child),
                        "REVIEW": show_date(review["cla_review_date"]),
                        "REVIEW_CODE": text(review["cla_review_participation"]),
                    }
                )
    return rows


def ad1_rows(council: Council, episodes: Sequence[Episode]) -> list[dict[str, str]]:
    """Children adopted in the year, with the decision, the match, fostering for adoption and the
    adopters as held (blank where nothing says them)."""
    adopted = sorted({e.child for e in episodes if e.rec in ADOPTED and e.end is not None})
    rows = []
    for child in adopted:
        orders = [a for a in council.adoptions.get(child, []) if a["adoption_order_date"] is not None]
        if not orders:
            continue
        adoption = max(orders, key=lambda a: a["adoption_order_date"])
        fostered = adoption["fostering_for_adoption"]
        rows.append(
            {
                "CHILD": child,
                "DOB": _dob(council, child),
                "DATE_INT": show_date(adoption["should_be_placed_decision_date"]),
                "DATE_MATCH": show_date(adoption["matched_date"]),
                "FOSTER_CARE": "" if fostered is None else "1" if fostered else "0",
                "NB_ADOPTR": text(adoption["adopters_count"]),
                "SEX_ADOPTR": text(adoption["adopters_sex"]),
                "LS_ADOPTR": text(adoption["adopters_legal_status"]),
            }
        )
    return rows


def placed_adoption_rows(
    council: Council, children: Sequence[str], first: dt.date, last: dt.date
) -> list[dict[str, str]]:
    """Decisions that a looked-after child should be placed for adoption, made by the year's end and
    not reversed before it began; a reversal in the year with its reason as held."""
    rows = []
    for child in children:
        for adoption in sorted(
            council.adoptions.get(child, []), key=lambda a: a["should_be_placed_decision_date"] or dt.date.min
        ):
            decided = adoption["should_be_placed_decision_date"]
            reversed_ = adoption["decision_reversed_date"]
            if decided is None or decided > last or (reversed_ is not None and reversed_ < first):
                continue
            ended = reversed_ is not None and reversed_ <= last
            rows.append(
                {
                    "CHILD": child,
                    "DOB": _dob(council, child),
                    "DATE_PLACED": show_date(decided),
                    "DATE_PLACED_CEASED": show_date(reversed_) if ended else "",
                    "REASON_PLACED_CEASED": text(adoption["decision_reversed_reason"]) if ended else "",
                }
            )
    return rows


def prev_perm_rows(council: Council, episodes: Sequence[Episode], first: dt.date) -> list[dict[str, str]]:
    """Children who started a period of care in the year, with what the database holds about their
    permanence before the first such period; nothing for a child it holds nothing of."""
    starts: dict[str, dt.date] = {}
    for e in episodes:
        if e.rne == "S" and e.start >= first:
            starts[e.child] = min(e.start, starts.get(e.child, e.start))
    rows = []
    for child in sorted(starts):
        period = next(
            (p for p in council.periods.get(child, []) if p["cla_episode_start_date"] == starts[child]), None
        )
        held = council.previous_permanence.get(period["cla_episode_id"]) if period else None
        if held is None:
            continue
        rows.append(
            {
                "CHILD": child,
                "DOB": _dob(council, child),
                "PREV_PERM": text(held["previous_permanence_code"]),
                "LA_PERM": text(held["permanence_local_authority"]),
                "DATE_PERM": text(held["permanence_order_date"]),
            }
        )
    return rows


def missing_rows(
    council: Council, children: Sequence[str], first: dt.date, last: dt.date
) -> list[dict[str, str]]:
    """Missing and away episodes that began while the child was looked after and overlap the year;
    the 903 carries dates only. One still running when the child's care ended is closed that day:
    the return is about looked-after children, and the DfE's rules expect it closed."""
    rows = []
    for child in children:
        periods = council.periods.get(child, [])
        for episode in sorted(council.missing.get(child, []), key=lambda m: m["missing_episode_start"]):
            start = episode["missing_episode_start"].date()
            end = episode["missing_episode_end"].date() if episode["missing_episode_end"] else None
            if start > last or (end is not None and end < first):
                continue
            period = next(
                (
                    p
                    for p in periods
                    if p["cla_episode_start_date"] <= start
                    and (p["cla_episode_ceased_date"] is None or start <= p["cla_episode_ceased_date"])
                ),
                None,
            )
            if period is None:
                continue
            ceased = period["cla_episode_ceased_date"]
            if ceased is not None and (end is None or end > ceased):
                end = ceased
            rows.append(
                {
                    "CHILD": child,
                    "DOB": _dob(council, child),
                    "MISSING": MISSING_CODES.get(episode["missing_episode_type"], "M"),
                    "MIS_START": show_date(start),
                    "MIS_END": show_date(end) if end is not None and end <= last else "",
                }
            )
    return rows


def deprivation_rows(
    council: Council, children: Sequence[str], first: dt.date, last: dt.date
) -> list[dict[str, str]]:
    """Orders depriving a child looked after in the year of their liberty (DoLo, from 2026-27) that
    were in force on some day of the year; an end after the year's last day is not said yet."""
    rows = []
    for child in children:
        for order in sorted(council.deprivations.get(child, []), key=lambda o: o["deprivation_start_date"]):
            start, end = order["deprivation_start_date"], order["deprivation_end_date"]
            if start > last or (end is not None and end < first):
                continue
            rows.append(
                {
                    "CHILD": child,
                    "DOB": _dob(council, child),
                    "DOLO_START": show_date(start),
                    "DOLO_END": show_date(end) if end is not None and end <= last else "",
                }
            )
    return rows
