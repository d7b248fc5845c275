"""The DfE's children's social work workforce census (CSWW): one XML file a year, taken on 30 September.

`fields` names its elements and the model columns they are kept in; `read` turns a census into a
batch (the census as given, and the workforce's spells it dates); `write` writes a census from the
database: the census as it was loaded, or, where none was loaded for the day, one worked out from
the workforce (the synthetic council's, or an HR extract's).
"""

from __future__ import annotations

from lineofsight.interchange.csww.read import read as read_csww
from lineofsight.interchange.csww.write import write as write_csww

__all__ = ["read_csww", "write_csww"]
