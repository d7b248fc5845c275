"""Reading the 903's episodes back into periods of care, legal statuses and placements.

The return's episodes are turned back into periods, legal statuses and placements
(`ssda903.episodes` explains the RNE codes): a new period at every S, a new legal status at every
L, U or B, a new placement at every P, T, U or B. A year's first episode for a child that is not a
new period (a child already in care on 1 April) continues the period of care the database already
holds, when a connection is given; with none, the period is taken to start at that episode, and the
start is marked provisional (it began then or earlier).

Each episode is read on its own, and only an episode that cannot be read (a start or code that is
not one, an end before its start, a second episode on the same day) is rejected: the child's other
episodes stand. Where a rejected episode leaves a gap in the chain, what is known is kept and nothing
is made up: the episode before it ends on its own end date (DEC), so it is never left open; the next
one begins its period, legal status and placement afresh, each marked provisional where the episode
says it did not change that day (it began in the rejected episode or earlier); a legal status or
placement the same on both sides of the gap is taken to have gone on through it. An episode that
contradicts the one before it (one still open, or a period ended and not begun again) is rejected
alone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lineofsight.interchange.keys import key
from lineofsight.interchange.ssda903 import codes
from lineofsight.interchange.ssda903.episodes import LEGAL_CHANGES, ONGOING, PLACEMENT_CHANGES
from lineofsight.interchange.ssda903.reading import (
    Line,
    Reading,
    Table,
    known_child,
    optional_code,
    read_code,
    read_date,
    stored,
)
from lineofsight.interchange.ssda903.tables import parse_date

NO_URN = "XXXXXXX"  # the DfE's code for "no URN"
# Placements the writer gives XXXXXXX when they hold no URN (`write.urn_of`): for these the reader
# keeps a blank URN as given (an empty text), so that the writer gives the blank back.
NO_URN_NEEDED = frozenset({"A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"})


@dataclass
class Episode:
    line: Line
    start: dt.date
    rne: str
    legal_status: str
    need: str
    place: str
    provider: str | None
    end: dt.date | None
    rec: str | None
    reason_place_change: str | None


def read_episodes(reading: Reading) -> None:
    table = reading.tables["episodes"]
    by_child: dict[str, list[Line]] = defaultdict(list)
    for line in table.lines:
        child = known_child(reading, table, line)
        if child is not None:
            by_child[child].append(line)
    needs = 0
    for child, lines in by_child.items():
        parsed: list[Episode] = []
        gaps: list[Gap] = []  # the rejected episodes' starts (where they can be read) and lines
        seen: dict[str, int] = {}
        for line in lines:
            decom = line.values.get("DECOM", "")
            if decom in seen:
                reading.reject(
                    table,
                    line,
                    "DECOM",
                    f"the child has two episodes starting {decom} (the other on line {seen[decom]})",
                )
                continue  # the same day twice says nothing the first does not
            seen[decom] = line.number
            episode = _episode(reading, table, line)
            if episode is None:
                gaps.append((_day(decom), line.number))
            else:
                parsed.append(episode)
        parsed.sort(key=lambda e: e.start)
        needs += _build_periods(reading, table, child, parsed, gaps)
    if needs:
        reading.batch.notes.append(
            f"episodes.csv: {needs} periods of care have episodes that give different categories of need "
            "(CIN): each period keeps its last, which the export gives every episode of it"
        )


def _day(text: str) -> dt.date | None:
    try:
        return parse_date(text)
    except ValueError:
        return None


def _episode(reading: Reading, table: Table, line: Line) -> Episode | None:
    """The episode, or None (after rejecting it) when a field that says what it is cannot be read;
    a placement provider or reason for a change of placement that is no code is cleared."""
    values = line.values
    start = read_date(reading, table, line, "DECOM", required=True)
    end = read_date(reading, table, line, "DEC", required=False)
    rne = read_code(reading, table, line, "RNE", codes.RNE)
    legal = read_code(reading, table, line, "LS", codes.LEGAL_STATUS)
    need = read_code(reading, table, line, "CIN", codes.NEED)
    place = read_code(reading, table, line, "PLACE", codes.PLACE)
    rec: str | bool | None = None
    if values.get("REC") or end:
        rec = read_code(reading, table, line, "REC", codes.REC)
    if any(part is False for part in (start, end, rne, legal, need, place, rec)):
        return None
    assert isinstance(start, dt.date)
    if rec and end is None:
        reading.reject(table, line, "DEC", "the episode has a reason for ending (REC) but no end date")
        return None
    if isinstance(end, dt.date) and end < start:
        reading.reject(
            table, line, "DEC", f"the episode ends ({end:%d/%m/%Y}) before it starts ({start:%d/%m/%Y})"
        )
        return None
    provider = optional_code(reading, table, line, "PLACE_PROVIDER", codes.PROVIDER)
    reason = optional_code(reading, table, line, "REASON_PLACE_CHANGE", codes.REASON_PLACE_CHANGE)
    return Episode(
        line,
        start,
        str(rne),
        str(legal),
        str(need),
        str(place),
        provider,
        end if isinstance(end, dt.date) else None,
        rec if isinstance(rec, str) else None,
        reason,
    )


Gap = tuple[dt.date | None, int]  # a rejected episode: its start, if it can be read, and its line


def _between(gaps: list[Gap], previous: Episode | None, episode: Episode) -> bool:
    """Whether a rejected episode lies between two kept ones: by its start where it has one, else by
    where it is in the file."""
    for day, line in gaps:
        if day is not None:
            if (previous is None or previous.start < day) and day < episode.start:
                return True
        elif (previous is None or previous.line.number < line) and line < episode.line.number:
            return True
    return False


@dataclass
class Chain:
    """One child's period, legal status and placement being built, episode by episode."""

    period: dict[str, Any]
    legal: dict[str, Any] | None
    placement: dict[str, Any] | None
    needs: set[str]


def _build_periods(
    reading: Reading, table: Table, child: str, episodes: list[Episode], gaps: list[Gap]
) -> int:
    """Periods, legal statuses and placements from one child's episodes (in date order); how many
    periods were given more than one category of need."""
    chain: Chain | None = None
    previous: Episode | None = None
    mixed = 0
    for episode in episodes:
        gap = _between(gaps, previous, episode)  # a rejected episode between this one and the last kept
        problem = None
        if previous is not None and previous.rec == ONGOING:
            if previous.end is None:
                problem = f"the episode on line {previous.line.number} has not ended, yet this one starts"
            elif episode.start < previous.end:
                problem = f"it starts before the episode on line {previous.line.number} ends"
            elif episode.rne == "S":
                problem = (
                    f"the episode on line {previous.line.number} says the period of care goes on (REC X1), "
                    "so this one cannot start a new one (RNE S)"
                )
        elif previous is not None and episode.rne != "S" and not gap:
            problem = (
                f"the period of care ended on line {previous.line.number} (REC {previous.rec}), so this "
                "episode must start a new one (RNE S)"
            )
        if problem:
            reading.reject(table, episode.line, "RNE", problem)
            gaps.append((episode.start, episode.line.number))
            continue
        continuing = previous is not None and previous.rec == ONGOING
        if chain is None or not continuing:
            if chain is not None and len(chain.needs) > 1:
                mixed += 1
            chain = _start_period(reading, child, episode)
            reading.batch.add("cla_episodes", chain.period)
            reading.periods[child].append(chain.period)
            # A first episode that is not a new period ('S') and did not change the legal status
            # (or the placement), with none held: that one began before the episode, when is unknown.
            fresh = chain.legal is None, chain.placement is None
            _begin(
                reading,
                child,
                chain,
                episode,
                legal=fresh[0],
                placement=fresh[1],
                provisional=episode.rne != "S",
            )
        else:
            assert previous is not None and previous.end is not None
            if previous.end == episode.start and not gap:
                changed = episode.rne in LEGAL_CHANGES, episode.rne in PLACEMENT_CHANGES
                _begin(
                    reading, child, chain, episode, legal=changed[0], placement=changed[1], previous=previous
                )
            else:
                # A rejected episode (or a gap the return leaves) between: the one before ends on its
                # own end date, unless the same legal status or placement is seen after the gap.
                legal = not _same_legal(chain.legal, episode)
                placement = not _same_placement(chain.placement, episode)
                _end(chain, previous, legal=legal, placement=placement)
                _begin(reading, child, chain, episode, legal=legal, placement=placement, provisional=True)
        chain.period["cla_primary_need_code"] = episode.need
        chain.needs.add(episode.need)
        assert chain.placement is not None and chain.legal is not None
        _describe_placement(chain.placement, episode)
        if episode.end is not None and episode.rec != ONGOING:
            chain.period["cla_episode_ceased_date"] = episode.end
            chain.period["cla_episode_ceased_reason"] = episode.rec
            chain.legal["legal_status_end_date"] = episode.end
            chain.placement["placement_end_date"] = episode.end
        previous = episode
    if chain is not None and previous is not None and previous.rec == ONGOING and previous.end is not None:
        # The last episode kept goes on into one that was rejected (or is not in the return): it
        # ended on its end date, and the period went on.
        _end(chain, previous, legal=True, placement=True)
    if chain is not None and len(chain.needs) > 1:
        mixed += 1
    return mixed


def _same_legal(legal: dict[str, Any] | None, episode: Episode) -> bool:
    return (
        legal is not None
        and legal["legal_status"] == episode.legal_status
        and episode.rne not in LEGAL_CHANGES
    )


def _same_placement(placement: dict[str, Any] | None, episode: Episode) -> bool:
    if placement is None or episode.rne in PLACEMENT_CHANGES:
        return False
    postcode = episode.line.values.get("PL_POST", "").upper() or None
    return bool(
        placement["placement_type"] == episode.place and placement.get("placement_postcode") == postcode
    )


def _end(chain: Chain, previous: Episode, *, legal: bool, placement: bool) -> None:
    if legal and chain.legal is not None:
        chain.legal["legal_status_end_date"] = previous.end
    if placement and chain.placement is not None:
        chain.placement["placement_end_date"] = previous.end
        if previous.reason_place_change:
            chain.placement["placement_change_reason"] = previous.reason_place_change


def _begin(
    reading: Reading,
    child: str,
    chain: Chain,
    episode: Episode,
    *,
    legal: bool,
    placement: bool,
    provisional: bool = False,
    previous: Episode | None = None,
) -> None:
    """A new legal status and (or) placement from the episode's start; `provisional` where the
    episode says that one did not begin that day."""
    batch = reading.batch
    if legal:
        if chain.legal is not None and previous is not None:
            chain.legal["legal_status_end_date"] = episode.start
        chain.legal = {
            "legal_status_id": key(child, "legal-status", episode.start),
            "cla_episode_id": chain.period["cla_episode_id"],
            "person_id": child,
            "legal_status": episode.legal_status,
            "legal_status_start_date": episode.start,
            "legal_status_end_date": None,
            "legal_status_start_provisional": provisional and episode.rne not in LEGAL_CHANGES,
        }
        batch.add("legal_statuses", chain.legal)
    if placement:
        if chain.placement is not None and previous is not None:
            chain.placement["placement_end_date"] = episode.start
            if previous.reason_place_change:
                chain.placement["placement_change_reason"] = previous.reason_place_change
        chain.placement = {
            "placement_id": key(child, "placement", episode.start),
            "cla_episode_id": chain.period["cla_episode_id"],
            "person_id": child,
            "placement_start_date": episode.start,
            "placement_end_date": None,
            "placement_start_provisional": provisional and episode.rne not in PLACEMENT_CHANGES,
        }
        batch.add("placements", chain.placement)


def _describe_placement(placement: dict[str, Any], episode: Episode) -> None:
    values = episode.line.values
    placement["placement_type"] = episode.place
    placement["placement_provider"] = episode.provider
    placement["placement_long_term"] = episode.place in codes.LONG_TERM_PLACES
    postcode = values.get("PL_POST", "").upper()
    if postcode:
        placement["placement_postcode"] = postcode
    urn = values.get("URN", "").upper()
    if urn == NO_URN and episode.place in NO_URN_NEEDED:
        placement["placement_urn"] = None  # what the writer gives these placements with none
    elif urn:
        placement["placement_urn"] = urn
    elif episode.place in NO_URN_NEEDED:
        placement["placement_urn"] = ""  # a blank the writer would otherwise fill with XXXXXXX
    else:
        placement["placement_urn"] = None


def _start_period(reading: Reading, child: str, episode: Episode) -> Chain:
    """The period an episode begins or, for a first episode that is not a new period, continues:
    the database's, else one taken to start here (provisionally). With it, the legal status and
    placement the episode continues from the database (None where the episode starts its own)."""
    values = episode.line.values
    home = values.get("HOME_POST", "").upper()
    if episode.rne != "S":
        found = stored(
            reading, "cla_episodes", child, "cla_episode_start_date", "cla_episode_ceased_date", episode.start
        )
        if found is not None:
            period = {
                "cla_episode_id": found["cla_episode_id"],
                "person_id": child,
                "cla_episode_start_date": found["cla_episode_start_date"],
                "cla_episode_start_reason": found["cla_episode_start_reason"],
                "cla_primary_need_code": episode.need,
                "cla_episode_ceased_date": None,
                "cla_episode_ceased_reason": None,
            }
            if home:
                period["home_postcode"] = home
            legal = None
            if episode.rne not in LEGAL_CHANGES:
                legal = _continued(reading, "legal_statuses", child, "legal_status", period, episode)
            placement = None
            if episode.rne not in PLACEMENT_CHANGES:
                placement = _continued(reading, "placements", child, "placement", period, episode)
            return Chain(period, legal, placement, set())
        reading.unlinked.append(episode.line.number)
    period = {
        "cla_episode_id": key(child, "care", episode.start),
        "person_id": child,
        "cla_episode_start_date": episode.start,
        "cla_episode_start_reason": episode.rne,
        "cla_primary_need_code": episode.need,
        "cla_episode_ceased_date": None,
        "cla_episode_ceased_reason": None,
        "cla_episode_start_provisional": episode.rne != "S",
    }
    if home:
        period["home_postcode"] = home
    return Chain(period, None, None, set())


def _continued(
    reading: Reading, table: str, child: str, prefix: str, period: Mapping[str, Any], episode: Episode
) -> dict[str, Any] | None:
    """The database's legal status or placement in force at the episode's start, as a row to
    update; None when the database has none (the episode then starts one)."""
    found = stored(
        reading,
        table,
        child,
        f"{prefix}_start_date",
        f"{prefix}_end_date",
        episode.start,
        cla_episode_id=period["cla_episode_id"],
    )
    if found is None:
        return None
    row = {
        name: found[name] for name in (f"{prefix}_id", "cla_episode_id", "person_id", f"{prefix}_start_date")
    }
    row[f"{prefix}_end_date"] = None
    if prefix == "legal_status":
        row["legal_status"] = episode.legal_status
    reading.batch.add(table, row)
    return row
