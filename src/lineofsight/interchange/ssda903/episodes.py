"""SSDA903 episodes: derived from periods of care, placements and legal statuses, and back again.

The 903 return has no table of placements or of legal statuses. It has *episodes*: a new one starts
whenever the child's placement or legal status changes, and its reason for new episode (RNE) says
which changed: S the child started to be looked after, L the legal status only, P the placement (and
carers) only, T the placement but with the same carers, U both the legal status and the placement
with the same carers, B both the legal status and the placement with new carers. lineofsight keeps
periods, placements and legal statuses apart (so that a change of legal status alone is never
mistaken for a move) and derives episodes from them here; the reader runs the same logic backwards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Row = Mapping[str, Any]

# The same carers go on looking after the child when foster carers approved as adopters become the
# child's adopters (fostering for adoption: U5 -> A5, and concurrent planning: U5 -> A3).
SAME_CARERS = {("U5", "A5"), ("U5", "A3"), ("U2", "A3"), ("U4", "A4"), ("U1", "A3")}
LEGAL_CHANGES = frozenset({"L", "U", "B"})
PLACEMENT_CHANGES = frozenset({"P", "T", "U", "B"})
ONGOING = "X1"  # REC: the episode ends but the period of care goes on


@dataclass(frozen=True)
class Episode:
    child: str
    start: dt.date
    rne: str
    legal_status: str | None
    need: str
    place: str | None
    provider: str | None
    end: dt.date | None
    rec: str | None
    reason_place_change: str | None
    home_postcode: str | None
    placement_postcode: str | None
    urn: str | None


def rne_for(previous_place: str | None, place: str | None, *, legal: bool, placement: bool) -> str:
    """The reason for a new episode, from what changed on its first day."""
    same_carers = (previous_place, place) in SAME_CARERS
    if legal and placement:
        return "U" if same_carers else "B"
    if placement:
        return "T" if same_carers else "P"
    return "L"


def _current(rows: Sequence[Row], start: str, day: dt.date) -> Row | None:
    """The row in force on `day`: the one that started last on or before it (on a day of change
    the row ending that day and the one starting are both open; the new one is in force)."""
    chosen: Row | None = None
    for row in rows:
        if row[start] <= day and (chosen is None or row[start] >= chosen[start]):
            chosen = row
    return chosen


def episodes_of(period: Row, legal_statuses: Sequence[Row], placements: Sequence[Row]) -> list[Episode]:
    """A period of care's episodes, in order. `legal_statuses` and `placements` are the period's own.

    Every day on which a legal status or a placement starts, from the period's start to before its
    end, begins an episode; the episode ends where the next begins (the 903 records a move as one
    episode ending and the next starting on the same day), the last one where the period ends.
    """
    start: dt.date = period["cla_episode_start_date"]
    ceased: dt.date | None = period["cla_episode_ceased_date"]
    legal = sorted(legal_statuses, key=lambda r: (r["legal_status_start_date"], str(r["legal_status_id"])))
    places = sorted(placements, key=lambda r: (r["placement_start_date"], str(r["placement_id"])))
    days = {start}
    for day in [r["legal_status_start_date"] for r in legal] + [r["placement_start_date"] for r in places]:
        if day > start and (ceased is None or day < ceased):
            days.add(day)
    changes = sorted(days)
    episodes: list[Episode] = []
    previous_legal: Row | None = None
    previous_place: Row | None = None
    for number, day in enumerate(changes):
        status = _current(legal, "legal_status_start_date", day)
        place = _current(places, "placement_start_date", day)
        if number == 0:
            rne = period["cla_episode_start_reason"] or "S"
        else:
            legal_changed = status is not previous_legal
            place_changed = place is not previous_place
            if not legal_changed and not place_changed:
                continue
            rne = rne_for(
                previous_place["placement_type"] if previous_place else None,
                place["placement_type"] if place else None,
                legal=legal_changed,
                placement=place_changed,
            )
        episodes.append(
            Episode(
                child=period["person_id"],
                start=day,
                rne=rne,
                legal_status=status["legal_status"] if status else None,
                need=period["cla_primary_need_code"],
                place=place["placement_type"] if place else None,
                provider=place["placement_provider"] if place else None,
                end=None,
                rec=None,
                reason_place_change=None,
                home_postcode=period["home_postcode"],
                placement_postcode=place["placement_postcode"] if place else None,
                urn=place["placement_urn"] if place else None,
            )
        )
        previous_legal, previous_place = status, place
    # Close each episode where the next begins, and the last where the period ends.
    closed: list[Episode] = []
    for number, episode in enumerate(episodes):
        if number + 1 < len(episodes):
            following = episodes[number + 1]
            reason = None
            if following.rne in PLACEMENT_CHANGES:
                place = _current(places, "placement_start_date", episode.start)
                reason = place["placement_change_reason"] if place else None
            closed.append(_with_end(episode, following.start, ONGOING, reason))
        elif ceased is not None:
            closed.append(_with_end(episode, ceased, period["cla_episode_ceased_reason"], None))
        else:
            closed.append(episode)
    return closed


def _with_end(episode: Episode, end: dt.date, rec: str | None, reason: str | None) -> Episode:
    return Episode(
        child=episode.child,
        start=episode.start,
        rne=episode.rne,
        legal_status=episode.legal_status,
        need=episode.need,
        place=episode.place,
        provider=episode.provider,
        end=end,
        rec=rec,
        reason_place_change=reason,
        home_postcode=episode.home_postcode,
        placement_postcode=episode.placement_postcode,
        urn=episode.urn,
    )
