"""The tables written in Python (`web/tables.py`) against GOV.UK Frontend's own `govukTable` macro:
the same elements, attributes and text, table by table (whitespace between and around them aside)."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from typing import Any

import pytest
from markupsafe import Markup

from lineofsight.web import tables
from lineofsight.web.rendering import environment

GOVUK = environment().from_string(
    '{% from "govuk_frontend_jinja/components/table/macro.html" import govukTable %}{{ govukTable(params) }}'
)


class Parts(HTMLParser):
    """The document as (start tag, sorted attributes), (end tag) and (text) in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[Any, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Class lists compared as words: the macro writes its line breaks' spaces in some of them.
        tidied = [
            (name, " ".join((value or "").split()) if name == "class" else value) for name, value in attrs
        ]
        self.parts.append(("start", tag, sorted(tidied, key=lambda pair: pair[0])))

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.parts.append(("text", " ".join(data.split())))


def parts(html: str) -> list[tuple[Any, ...]]:
    parser = Parts()
    parser.feed(html)
    return parser.parts


TABLES: list[dict[str, Any]] = [
    # The child page's timeline: a caption for screen readers only, the first cell a row header,
    # text that needs escaping, a cell already markup, and a cell with nothing given.
    {
        "caption": "Every event in child C1’s journey, newest first",
        "captionClasses": "govuk-visually-hidden",
        "firstCellIsHeader": True,
        "head": [{"text": "Date"}, {"text": "Until"}, {"text": "What happened"}, {"text": "Worker"}],
        "rows": [
            [{"text": "1 May 2026"}, {"text": ""}, {"text": "Visit <seen alone> & well"}, {}],
            [{"text": "2 May 2026"}, {"text": Markup("<b>Still</b> open")}, {"text": None}, {"text": 3}],
        ],
        "classes": "govuk-table--small-text-until-tablet",
    },
    # Numbers, html cells, a tag, spans and attributes of every kind GOV.UK's macro knows.
    {
        "head": [
            {"text": "Row", "format": "numeric", "classes": "wide"},
            {"html": "<abbr>Alert</abbr>", "colspan": 2},
        ],
        "attributes": {"data-module": "x", "data-empty": None, "data-yes": True, "data-no": False},
        "rows": [
            [
                {"text": 1, "format": "numeric", "attributes": {"id": "rejected-row-1"}},
                {"html": '<strong class="govuk-tag govuk-tag--red">3 days overdue</strong>', "rowspan": 2},
                {"text": 'O\'Neil "quoted"', "classes": "x y"},
            ],
            [],
            [
                {"text": "2", "attributes": {"hidden": {"value": True, "optional": True}}},
                {"text": "", "html": ""},
                {"text": "z", "attributes": {"hidden": {"value": None, "optional": True}, "lang": "cy"}},
            ],
        ],
    },
    # No head, no caption, no rows.
    {"rows": []},
]


@pytest.mark.parametrize("params", TABLES, ids=["timeline", "every-option", "empty"])
def test_a_table_is_written_as_govuk_frontends_macro_writes_it(params: dict[str, Any]) -> None:
    ours = str(tables.govuk_table(params))
    theirs = GOVUK.render(params=params)
    assert parts(ours) == parts(theirs)


def test_text_is_escaped_and_html_is_not() -> None:
    written = str(tables.govuk_table({"rows": [[{"text": "<script>"}, {"html": "<em>seen</em>"}]]}))
    assert "&lt;script&gt;" in written and "<script>" not in written
    assert "<em>seen</em>" in written


def test_the_markup_compared_differs_where_the_tables_differ() -> None:
    """The comparison itself can fail: a different class or text is seen."""
    params = TABLES[0]
    changed = {**params, "classes": "other"}
    assert parts(str(tables.govuk_table(changed))) != parts(GOVUK.render(params=params))
    changed_text = {**params, "rows": [[{"text": "1 June 2026"}]]}
    assert parts(str(tables.govuk_table(changed_text))) != parts(GOVUK.render(params=params))


@pytest.mark.parametrize("day", [dt.date(2026, 3, 31), dt.date(2025, 12, 1), None])
def test_the_date_form_drawn_once_a_day_is_the_form_each_page_drew(day: dt.date | None) -> None:
    # The form is drawn once for the day with a stand-in path, then each page's path is put in: the
    # same as the macro draws for that path, a path that must be escaped too.
    env = environment()
    macro = getattr(env.get_template("partials/date_input.html").module, "as_at_form")  # noqa: B009
    kept = env.globals["as_at_form_kept"]
    for path in ("/children/C1", "/teams/T&1", '/children/"C2"'):
        assert parts(str(kept(path, day))) == parts(str(macro(path, day)))
    assert parts(str(kept("/children/C1", day))) != parts(str(macro("/children/C3", day)))
