"""GOV.UK tables written in Python: the markup of GOV.UK Frontend's `govukTable`, without its cost.

Why: GOV.UK's Jinja macro calls another macro for every cell (its attributes), and a child's
timeline, a team's worklist or a measure's children are tables of tens to hundreds of rows: under
fifty people at once the macro was most of the time a worker spent on a child's page (measured with
py-spy during `benchmarks/web_speed.py`: 37% of the child page's share of Python's lock). This writes
the same elements, classes and attributes from the same parameters (`caption`, `captionClasses`,
`classes`, `attributes`, `firstCellIsHeader`, `head` and `rows` of cells with `text` or `html`,
`format`, `classes`, `colspan`, `rowspan`, `attributes`), escaping as Jinja does: `text` is escaped
(unless already markup), `html` is not; a key not given writes nothing, as an undefined value does
in Jinja. `tests/web/test_tables.py` holds it to GOV.UK's own macro, table by table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape


def govuk_table(params: Mapping[str, Any]) -> Markup:
    """The table GOV.UK Frontend's `govukTable(params)` writes (whitespace aside)."""
    parts = [
        f'<table class="govuk-table{_more(params.get("classes"))}"{_attributes(params.get("attributes"))}>'
    ]
    if params.get("caption"):
        parts.append(
            f'<caption class="govuk-table__caption{_more(params.get("captionClasses"))}">'
            f"{escape(params['caption'])}</caption>"
        )
    head: Sequence[Mapping[str, Any]] | None = params.get("head")
    if head:
        parts.append('<thead class="govuk-table__head"><tr class="govuk-table__row">')
        for item in head:
            classes = _format(item, "header") + _more(item.get("classes"))
            parts.append(
                f'<th scope="col" class="govuk-table__header{classes}"'
                f"{_spans(item)}{_attributes(item.get('attributes'))}>{_content(item)}</th>"
            )
        parts.append("</tr></thead>")
    parts.append('<tbody class="govuk-table__body">')
    first_is_header = bool(params.get("firstCellIsHeader"))
    for row in params.get("rows") or ():
        if not row:
            continue
        parts.append('<tr class="govuk-table__row">')
        for index, cell in enumerate(row):
            common = _spans(cell) + _attributes(cell.get("attributes"))
            if index == 0 and first_is_header:
                parts.append(
                    f'<th scope="row" class="govuk-table__header{_more(cell.get("classes"))}"{common}>'
                    f"{_content(cell)}</th>"
                )
            else:
                classes = _format(cell, "cell") + _more(cell.get("classes"))
                parts.append(f'<td class="govuk-table__cell{classes}"{common}>{_content(cell)}</td>')
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return Markup("".join(parts))


def _more(classes: Any) -> str:
    return f" {escape(classes)}" if classes else ""


def _format(item: Mapping[str, Any], part: str) -> str:
    return f" govuk-table__{part}--{escape(item['format'])}" if item.get("format") else ""


def _spans(item: Mapping[str, Any]) -> str:
    spans = ""
    if item.get("colspan"):
        spans += f' colspan="{escape(item["colspan"])}"'
    if item.get("rowspan"):
        spans += f' rowspan="{escape(item["rowspan"])}"'
    return spans


def _attributes(attributes: Any) -> str:
    """` name="value"` for each attribute, as GOV.UK's `govukAttributes` writes them (in Jinja): true
    and false as words; an `optional` one left out when None or false, and a name alone when true."""
    if not attributes:
        return ""
    written = []
    for name, given in attributes.items():
        value, optional = (
            (given.get("value"), given.get("optional")) if isinstance(given, Mapping) else (given, False)
        )
        if optional and (value is None or value is False):
            continue
        if optional and value is True:
            written.append(f" {escape(name)}")
            continue
        words = "true" if value is True else "false" if value is False else value
        written.append(f' {escape(name)}="{escape(words)}"')
    return "".join(written)


def _content(item: Mapping[str, Any]) -> Markup:
    """`html` as it is, else `text` escaped; nothing for a cell that gives neither (Jinja writes an
    undefined value as nothing, and None as "None")."""
    if item.get("html"):
        return Markup(item["html"])
    return escape(item["text"]) if "text" in item else Markup("")
