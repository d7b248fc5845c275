"""The DfE children-looked-after return, SSDA903: a folder of CSV tables per collection year.

`ssda903_tables` holds the tables' columns and names by year, `ssda903_episodes` derives the
return's episodes from periods of care, placements and legal statuses, `ssda903_write` writes a
year's tables from the canonical model and `ssda903_read` reads them back under the natural keys of
`interchange.keys`, so that this year's return and next year's say the same period of care.
"""

from __future__ import annotations

from lineofsight.interchange.ssda903_read import read_ssda903
from lineofsight.interchange.ssda903_write import write_ssda903

__all__ = ["read_ssda903", "write_ssda903"]
