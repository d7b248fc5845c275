"""The SSD's care leavers: one row a young person, as things stand on the day the extract was taken,
made into the model's entitlement, latest contact and latest pathway plan review.

`ssd_care_leavers` says each young person's eligibility today, whether the council is in touch, the
date of the latest contact with what it found (accommodation, whether suitable, activity), and the
date of the latest pathway plan review; not since when the young person has been entitled, nor any
contact or review before the latest. So:

- the entitlement (`care_leavers`) of a young person the database does not already hold is taken as
  beginning on the day the extract was taken: what the SSD shows is true that day, and an earlier
  start would be made up (a review or contact "due since" it would raise an alert the council does
  not have). A young person the database holds keeps the start it holds. "No Current Eligibility"
  holds no entitlement;
- the latest contact becomes a `care_leaver_contacts` row, its accommodation in the SSDA903's form
  (the letter, then 1 suitable or 2 not); a young person the council is not in touch with has, by the
  specification, no date of latest contact, and so no contact to hold (the load's notes count them);
- the latest review becomes a `pathway_plan_reviews` row.

Each is keyed by its natural key (`interchange.keys`), so that loading the SSD again, or beside
Annex A's List 9, recognises the same contact and review.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection

from lineofsight.interchange.keys import key
from lineofsight.interchange.loading import Batch, existing_keys
from lineofsight.interchange.ssd.looked_after import where
from lineofsight.interchange.ssd.tables import ELIGIBILITY, NO_ELIGIBILITY, SUITABLE, plain
from lineofsight.interchange.ssd.values import as_flag

ENTITLEMENTS = {plain(text): code for text, code in ELIGIBILITY.items()} | {
    plain(code): code for code in ELIGIBILITY.values()
}
# What the SSD row carries besides the entitlement, read into the contact and the review.
CONTACT = ("in_touch", "contact_date", "accommodation", "accommodation_suitable", "activity")
SHOWN_ONLY = ("personal_adviser_name", "team_id")  # for people reading the extract; the model has them


def care_leavers(batch: Batch, connection: Connection, extracted: dt.date) -> None:
    rows = batch.tables.get("care_leavers")
    if not rows:
        return
    entitled: list[dict[str, Any]] = []
    contacts: list[dict[str, Any]] = []
    reviews: list[dict[str, Any]] = []
    not_entitled = not_in_touch = 0
    for row in rows:
        place, number = where(row)
        eligibility = row.pop("care_leaver_eligibility", None)
        carried = {column: row.pop(column, None) for column in CONTACT}
        review = row.pop("pathway_plan_review_date", None)
        for column in SHOWN_ONLY:
            row.pop(column, None)
        code = None
        if eligibility is not None and plain(eligibility) != plain(NO_ELIGIBILITY):
            code = ENTITLEMENTS.get(plain(eligibility))
            if code is None:
                choices = ", ".join([*ELIGIBILITY, NO_ELIGIBILITY])
                batch.reject(
                    place,
                    number,
                    "clea_care_leaver_eligibility",
                    f"{eligibility!r} is not an eligibility category (give {choices})",
                    row | carried,
                )
                continue
        try:
            contact = _contact(row["person_id"], carried)
        except ValueError as error:
            batch.reject(place, number, "clea_care_leaver_accom_suitable", str(error), row | carried)
            continue
        if code is None:
            not_entitled += 1
        else:
            entitled.append(row | {"care_leaver_eligibility": code})
        if contact is not None:
            contacts.append(contact)
        elif carried["in_touch"] is not None:
            not_in_touch += 1
        if review is not None:
            reviews.append(
                {
                    "pathway_plan_review_id": key(row["person_id"], "pathway-plan-review", review),
                    "person_id": row["person_id"],
                    "pathway_plan_review_date": review,
                }
            )
    held = existing_keys(connection, "care_leavers", "person_id", (row["person_id"] for row in entitled))
    for row in entitled:
        if row["person_id"] not in held:
            row["care_leaver_eligibility_date"] = extracted
    batch.tables["care_leavers"] = entitled
    if contacts:
        batch.tables.setdefault("care_leaver_contacts", []).extend(contacts)
    if reviews:
        batch.tables.setdefault("pathway_plan_reviews", []).extend(reviews)
    if not_entitled:
        batch.notes.append(
            f"ssd_care_leavers: {not_entitled} young people have no current eligibility recorded: no "
            "entitlement is held for them"
        )
    if not_in_touch:
        batch.notes.append(
            f"ssd_care_leavers: {not_in_touch} young people have no date of latest contact (the council "
            "is not in touch, or the date is blank): no contact is held for them"
        )


def _contact(person: str, carried: dict[str, Any]) -> dict[str, Any] | None:
    """The latest contact, or None when the SSD gives no date or no answer to "in touch"."""
    suitable = _suitable(carried["accommodation_suitable"])
    if carried["contact_date"] is None or carried["in_touch"] is None:
        return None
    accommodation = carried["accommodation"]
    if accommodation is not None and len(accommodation) == 1 and suitable is not None:
        accommodation += "1" if suitable else "2"  # the SSDA903's code: the letter, then suitability
    return {
        "care_leaver_contact_id": key(person, "care-leaver-contact", carried["contact_date"]),
        "person_id": person,
        "contact_date": carried["contact_date"],
        "in_touch": carried["in_touch"].upper(),
        "accommodation": accommodation.upper() if accommodation else None,
        "accommodation_suitable": suitable,
        "activity": carried["activity"].upper() if carried["activity"] else None,
    }


def _suitable(value: str | None) -> bool | None:
    if value is None:
        return None
    if value.strip() in SUITABLE:
        return SUITABLE[value.strip()]
    lowered = plain(value)
    if lowered in ("suitable", "unsuitable"):
        return lowered == "suitable"
    try:
        return as_flag(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a suitability (give 1 suitable or 2 unsuitable)") from None
