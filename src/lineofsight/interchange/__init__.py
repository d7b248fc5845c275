"""Statutory returns in and out: the CIN census, SSDA903 and Annex A, checked by the DfE's own rules."""
