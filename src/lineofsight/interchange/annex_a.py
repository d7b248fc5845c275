"""Ofsted's Annex A workbook: read a council's (`read_annex_a`) and write one for an inspection
(`write_annex_a`). The lists are declared in `annex_a_lists`, their codes in `annex_a_codes`."""

from __future__ import annotations

from lineofsight.interchange.annex_a_read import read_annex_a
from lineofsight.interchange.annex_a_write import write_annex_a

__all__ = ["read_annex_a", "write_annex_a"]
