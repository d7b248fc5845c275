"""The 903's social worker episodes (collected from 2024-25), written from allocations.

A child's allocations to workers become one unbroken run of episodes over the collection year, in
the shape the DfE's rules expect: no gaps of more than a week, nothing shorter than 3 days, and the
last episode open at 31 March. Where a loaded return said why an episode began (SW_REASON, kept on
the allocation) or that the child had no worker for a time (an XXXX episode, kept as an unallocated
spell), that is written as it said it; otherwise both are derived from the allocations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from lineofsight.interchange.ssda903.tables import show_date

Row = Mapping[str, Any]
Spell = tuple[dt.date, dt.date | None, str, str | None]  # start, end, SW_ID, why it ended

# Why a social worker episode began, from how the one before it ended (903 SW_REASON): a first
# contact, the worker leaving their role, or a manager's decision to move the case.
SW_REASONS = {
    None: "FCONTA",
    "case_closed": "FCONTA",
    "worker_left": "LEFTRL",
    "transfer": "MANAGE",
    "waiting": "MANAGE",
}
UNKNOWN_WORKER = "XXXX"  # the DfE's prefix XX, padded to the 4 characters its rules ask for
SHORTEST_SW_EPISODE_DAYS = 3
LONGEST_SW_GAP_DAYS = 7


def social_worker_episodes(
    child: str,
    dob: str,
    allocations: Sequence[Row],
    unallocated: Sequence[Row],
    periods: Sequence[Row],
    first: dt.date,
    last: dt.date,
) -> list[dict[str, str]]:
    """A looked-after child's social workers over the year, as one unbroken run of episodes (the DfE
    asks for the whole year while the child was looked after, and its rules expect the run to be
    open at 31 March).

    SW_ID is the worker's id with the DfE's prefix SW. A wait of more than a week with no allocated
    worker (which the DfE's rules do not allow to be a gap), and the time after the last allocation
    ended, are episodes of their own with the unknown-worker id XXXX; a shorter wait ends the
    episode before it where the next begins, as episodes of care do. An allocation that starts
    before the previous one ends cuts it short; one of less than 3 days is left out (the DfE reads
    it as a data error). The rules take a child's social work from the day the child came into care
    to the last day looked after in the year, and the last episode given is left open. A period of
    care whose start is provisional (the first day a return showed: it began then or earlier) does
    not cut the allocations before it.
    """
    current = [
        p
        for p in periods
        if p["cla_episode_start_date"] <= last
        and (p["cla_episode_ceased_date"] is None or p["cla_episode_ceased_date"] >= first)
    ]
    # The year's last day looked after: a period that begins after the year does not lengthen it.
    in_care_until = max(min(p["cla_episode_ceased_date"] or last, last) for p in current)
    # Care that ended in the year ends the run: a worker allocated on the day care ended is the
    # child's next service's (the DfE's rule SW12 asks every episode to start before that day).
    ended = in_care_until < last or any(p["cla_episode_ceased_date"] == last for p in current)
    earliest = min(current, key=lambda p: p["cla_episode_start_date"])
    since = dt.date.min if earliest["cla_episode_start_provisional"] else earliest["cla_episode_start_date"]
    kept: list[Spell] = []
    began: dict[dt.date, str | None] = {}  # why each episode began, where a return said it
    # How the spell before the run ended (cut away with the time before care) says why the run's
    # first episode began, as it does in the return that holds that spell: each year's return
    # then says the same of the same episode.
    before: tuple[str | None, dt.date | None] = (None, None)
    for start, end, worker, reason, said in _spells(allocations, unallocated):
        if end is not None and end <= since:
            before = (reason, end)
        if start > in_care_until or (ended and start == in_care_until) or (end is not None and end <= since):
            continue
        start = max(start, since)
        # Clipping can leave a stub: the next episode takes its days.
        if kept and kept[-1][1] is not None and (kept[-1][1] - kept[-1][0]).days < SHORTEST_SW_EPISODE_DAYS:
            start = kept.pop()[0]
            said = began.pop(start, said)
        kept.append((start, end, worker, reason))
        if said is not None:
            began[start] = said
    if kept:
        kept[-1] = (kept[-1][0], None, kept[-1][2], None)
    rows: list[dict[str, str]] = []
    previous_reason, previous_end = before
    for start, end, worker, reason in kept:
        if start <= last and (end is None or end >= first):
            why = SW_REASONS.get(previous_reason, "OTHERS")
            if why == "FCONTA" and previous_end is not None and start <= previous_end:
                why = "CHCHAN"  # a new worker straight after a case closed: circumstances changed
            why = began.get(start) or why
            rows.append(
                {
                    "CHILD": child,
                    "DOB": dob,
                    "SW_ID": worker,
                    "SW_DECOM": show_date(start),
                    "SW_DEC": show_date(end) if end is not None and end <= last else "",
                    "SW_REASON": why,
                }
            )
        previous_reason, previous_end = reason, end
    return rows


Said = tuple[dt.date, dt.date | None, str, str | None, str | None]  # a spell and why it began, if said


def _spells(allocations: Sequence[Row], unallocated: Sequence[Row]) -> list[Said]:
    """The child's allocations, and the times a return said the child had no worker, as one run of
    spells: each spell ends where the next begins, and a wait of more than a week that nothing
    loaded speaks for becomes a spell of its own with the unknown worker."""
    spells: list[Said] = []
    held = [
        (a["allocation_start_date"], a["allocation_end_date"], f"SW{a['worker_id']}",
         a["allocation_end_reason"], a["allocation_start_reason"], a["allocation_id"])
        for a in allocations
    ] + [
        (u["spell_start_date"], u["spell_end_date"], UNKNOWN_WORKER, "waiting", u["spell_start_reason"],
         u["unallocated_spell_id"])
        for u in unallocated
    ]  # fmt: skip
    for start, end, worker_id, ended, said, _ in sorted(held, key=lambda h: (h[0], h[5])):
        if end is not None and (end - start).days < SHORTEST_SW_EPISODE_DAYS:
            continue
        if spells and (spells[-1][1] is None or spells[-1][1] > start):
            begun, _, worker, _, why = spells[-1]
            spells[-1] = (begun, start, worker, "transfer" if worker != UNKNOWN_WORKER else "waiting", why)
            if (start - begun).days < SHORTEST_SW_EPISODE_DAYS:
                spells.pop()
        if spells and spells[-1][1] is not None:
            if (start - spells[-1][1]).days > LONGEST_SW_GAP_DAYS:
                spells.append((spells[-1][1], start, UNKNOWN_WORKER, "waiting", None))
            else:
                begun, _, worker, reason, why = spells[-1]
                spells[-1] = (begun, start, worker, reason, why)
        spells.append((start, end, worker_id, ended, said))
    if spells and spells[-1][1] is not None:
        spells.append((spells[-1][1], None, UNKNOWN_WORKER, None, None))
    return spells
