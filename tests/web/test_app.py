"""The web page and its JSON twin, and that they are live: new data shows without a restart."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lineofsight import store, synth
from lineofsight.settings import Settings
from lineofsight.web.app import create_app


def small_council(engine: Engine) -> TestClient:
    synth.generate(engine, "stable", seed=3, years=1, end=dt.date(2026, 3, 31), population=2000)
    return TestClient(create_app(engine, Settings()))


def test_the_page_lists_every_measure_as_at_the_end_of_the_data(engine: Engine) -> None:
    client = small_council(engine)
    page = client.get("/")
    assert page.status_code == 200
    assert "Measures as at 31 March 2026" in page.text
    assert "Eastvale Council (synthetic)" in page.text  # the stable profile's council
    for code in ("RF02", "AS01", "WF06"):
        assert f"<td>{code}</td>" in page.text


def test_the_json_twin_gives_the_contract_for_any_date(engine: Engine) -> None:
    client = small_council(engine)
    body = client.get("/api/measures", params={"as_at": "2026-01-31"}).json()
    assert body["as_at"] == "2026-01-31"
    assert {m["code"] for m in body["measures"]} >= {"RF02", "CP02", "LA02"}


def test_a_date_that_is_not_a_date_is_a_bad_request(engine: Engine) -> None:
    client = small_council(engine)
    response = client.get("/api/measures", params={"as_at": "31/03/2026"})
    assert response.status_code == 400
    assert "is not a date" in response.json()["detail"]


def test_a_new_referral_shows_without_a_restart(engine: Engine) -> None:
    client = small_council(engine)

    def referrals_in_year() -> float:
        body = client.get("/api/measures", params={"as_at": "2026-03-31"}).json()
        return float(next(m for m in body["measures"] if m["code"] == "RF02")["denominator"])

    before = referrals_in_year()
    child = store.read_table(engine, "person")["person_id"][0]
    with store.transaction(engine) as connection:
        store.insert_rows(
            connection,
            "cin_episodes",
            [
                {
                    "referral_id": "R-NEW",
                    "person_id": child,
                    "referral_date": dt.date(2026, 3, 30),
                    "referral_source_code": "1A",
                    "cin_primary_need_code": "N1",
                }
            ],
        )
    # One more referral in the year to 31 March 2026.
    assert referrals_in_year() == before + 1
