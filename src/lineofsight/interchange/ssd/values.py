"""Reading one SSD value, as a CSV extract spells it or as the council's database gives it, into the
type of the canonical column it fills.

Extracts from SQL Server write dates as `2025-03-31`, `2025-03-31 00:00:00.000` or, through Excel,
`31/03/2025`; flags as `Y`/`N`, `1`/`0` or `True`/`False`. A database gives dates, numbers and flags
already typed. A value that is none of these raises ValueError with the reason, for the reader to
reject the row with.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

TRUE = {"y", "yes", "1", "true", "t"}
FALSE = {"n", "no", "0", "false", "f"}
FORMATS = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
)


def blank(value: Any) -> bool:
    """An empty cell, a NULL, or SQL Server's written-out NULL."""
    if value is None or value == "":
        return True
    return isinstance(value, str) and len(value) <= 6 and value.strip().upper() in ("", "NULL")


def as_moment(value: Any) -> dt.datetime:
    """A date and time, from any of the forms above (a day alone is its midnight)."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    text = str(value).strip()
    try:
        # ISO forms, with or without a time and fractions of a second (2025-03-31 09:15:00.000).
        return dt.datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        pass
    if "." in text[10:]:
        text = text[: text.rindex(".")]  # 31/03/2025 09:15:00.000
    for form in FORMATS:
        try:
            return dt.datetime.strptime(text, form)
        except ValueError:
            continue
    raise ValueError(f"{value!r} is not a date (give YYYY-MM-DD or DD/MM/YYYY)")


def as_day(value: Any) -> dt.date:
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return dt.date.fromisoformat(value)  # the common case, at C speed
        except ValueError:
            pass
    return as_moment(value).date()


def as_flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError(f"{value!r} is not a yes or no (give Y or N)")


def as_number(value: Any) -> float:
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a number") from None


def as_count(value: Any) -> int:
    number = as_number(value)
    if number != int(number):
        raise ValueError(f"{value!r} is not a whole number")
    return int(number)


def as_text(value: Any) -> str:
    if value.__class__ is str:
        return str(value).strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


CONVERTERS: dict[type, Any] = {
    dt.datetime: as_moment,
    dt.date: as_day,
    bool: as_flag,
    float: as_number,
    int: as_count,
    str: as_text,
}
