"""Reading the fields of a CIN census record: dates, flags, numbers and codes, each either one the
record cannot do without (a `RecordError` rejects the record, with the element at fault) or one it
can (`Fields.optional_*`: a value that cannot be read is cleared, reported with its line, and the
record kept)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from typing import Any

from lxml import etree

from lineofsight.interchange.loading import Batch

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TRUE = {"1", "true"}
FALSE = {"0", "false"}


class RecordError(Exception):
    """A record of the census that cannot be loaded: where, which field and why."""

    def __init__(self, element: etree._Element, field: str | None, reason: str) -> None:
        super().__init__(reason)
        self.element = element
        self.field = field
        self.reason = reason


def line_no(element: etree._Element) -> int | None:
    """The element's line in the file (lxml knows it for every element it parsed)."""
    line = element.sourceline
    return line if isinstance(line, int) else None


def text_of(element: etree._Element, tag: str) -> str | None:
    found = element.find(tag)
    if found is None:
        return None
    text = (found.text or "").strip()
    return text or None


def blamed(element: etree._Element, tag: str) -> etree._Element:
    """The element to blame for a field: the field's own element where there is one."""
    found = element.find(tag)
    return found if found is not None else element


def parse_date(element: etree._Element, tag: str, text: str) -> dt.date:
    if not ISO_DATE.fullmatch(text):
        raise RecordError(element, tag, f"{text!r} is not a date (the census writes YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise RecordError(element, tag, f"{text!r} is not a real date") from None


def date_of(element: etree._Element, tag: str) -> dt.date | None:
    text = text_of(element, tag)
    return None if text is None else parse_date(blamed(element, tag), tag, text)


def required_date(element: etree._Element, tag: str) -> dt.date:
    day = date_of(element, tag)
    if day is None:
        raise RecordError(element, tag, f"the required element <{tag}> is missing")
    return day


def required(element: etree._Element, tag: str) -> str:
    text = text_of(element, tag)
    if text is None:
        raise RecordError(element, tag, f"the required element <{tag}> is missing")
    return text


def flag(element: etree._Element, tag: str, *, required: bool = False) -> bool | None:
    text = text_of(element, tag)
    if text is None:
        if required:
            raise RecordError(element, tag, f"the required element <{tag}> is missing")
        return None
    if text.lower() in TRUE:
        return True
    if text.lower() in FALSE:
        return False
    raise RecordError(blamed(element, tag), tag, f"{text!r} is not true, false, 1 or 0")


def not_before(element: etree._Element, tag: str, end: dt.date | None, start: dt.date, what: str) -> None:
    if end is not None and end < start:
        raise RecordError(
            blamed(element, tag), tag, f"{end.isoformat()} is before the {what} ({start.isoformat()})"
        )


def values_of(element: etree._Element) -> dict[str, Any]:
    """The record's own fields as read (its leaf elements, and those one block down, such as a
    child's identifiers), for the report of rejected rows."""
    if not len(element):
        return {str(element.tag): (element.text or "").strip()}
    values: dict[str, Any] = {}
    for item in element:
        for leaf in (item, *item) if len(item) else (item,):
            if isinstance(leaf.tag, str) and not len(leaf):
                values.setdefault(leaf.tag, (leaf.text or "").strip())
    return values


class Fields:
    """The fields a record can do without: read, or cleared and reported with the record kept."""

    def __init__(self, batch: Batch) -> None:
        self.batch = batch

    def clear(self, record: etree._Element, error: RecordError) -> None:
        self.batch.reject(
            f"element {record.tag}",
            line_no(error.element),
            error.field,
            error.reason,
            values_of(record),
            kept=True,
        )

    def optional_date(self, record: etree._Element, element: etree._Element, tag: str) -> dt.date | None:
        try:
            return date_of(element, tag)
        except RecordError as error:
            self.clear(record, error)
            return None

    def optional_flag(self, record: etree._Element, element: etree._Element, tag: str) -> bool | None:
        try:
            return flag(element, tag)
        except RecordError as error:
            self.clear(record, error)
            return None

    def optional_count(self, record: etree._Element, element: etree._Element, tag: str) -> int | None:
        text = text_of(element, tag)
        if text is None:
            return None
        if not text.isdigit():
            self.clear(record, RecordError(blamed(element, tag), tag, f"{text!r} is not a number"))
            return None
        return int(text)

    def optional_code(
        self, record: etree._Element, element: etree._Element, tag: str, allowed: Collection[str]
    ) -> str | None:
        """The code in upper case, or None when blank or (cleared) not one of `allowed`."""
        text = text_of(element, tag)
        if text is None:
            return None
        if text.upper() not in allowed:
            self.clear(
                record, RecordError(blamed(element, tag), tag, f"{text!r} is not a census code for <{tag}>")
            )
            return None
        return text.upper()
