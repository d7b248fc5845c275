"""The Standard Safeguarding Dataset (SSD): a council's case-management system, live.

`tables` maps each `ssd_*` table to the canonical model and says what it covers; `sources` finds the
tables in a folder of CSV extracts or in the council's database by URL; `read` turns them into a
batch, with `looked_after` (legal statuses in their periods of care, adoptions), `care_leavers` (one
row a young person made into three tables) and `legal` (pre-proceedings) for the tables that need
more than a field map; `refresh` loads one (a lock, one transaction, a record); `write` exports the
database as SSD extracts.
"""

from __future__ import annotations

from lineofsight.interchange.ssd.refresh import BusyError, load_ssd
from lineofsight.interchange.ssd.write import write_ssd

__all__ = ["BusyError", "load_ssd", "write_ssd"]
