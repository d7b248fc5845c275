"""How fresh the data is (issue 16): every page says when the case-management extract loaded last
was taken, and a refresh that failed is said on every page and explained on the Data page."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from lineofsight.interchange.loading import InputError
from lineofsight.interchange.ssd import load_ssd
from lineofsight.settings import Settings
from lineofsight.web import rendering
from lineofsight.web.app import create_app
from lineofsight.web.auth import Viewer, viewer
from lineofsight.web.freshness import Freshness

TODAY_0610 = dt.datetime.combine(dt.date.today(), dt.time(6, 10))
PAGES = ["/", "/data", "/measures/RF01"]


def client_for(engine: Engine) -> TestClient:
    app = create_app(engine, Settings())
    app.dependency_overrides[viewer] = lambda: Viewer("analyst-1", "analyst", "T001", "W0001")
    return TestClient(app)


def extract(folder: Path, person: str = "P1", referral_person: str | None = None) -> Path:
    """A one-child SSD; with `referral_person`, a referral of that child too."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "ssd_person.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["pers_person_id", "pers_sex", "pers_ethnicity", "pers_dob"])
        writer.writerow([person, "F", "WBRI", "2015-02-03"])
    if referral_person is not None:
        with (folder / "ssd_cin_episodes.csv").open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                [
                    "cine_referral_id",
                    "cine_person_id",
                    "cine_referral_date",
                    "cine_referral_source_code",
                    "cine_cin_primary_need_code",
                    "cine_referral_nfa",
                ]
            )
            writer.writerow(["R1", referral_person, "2025-01-06", "1A", "N1", "N"])
    return folder


def test_every_page_says_when_the_data_was_taken_from_the_case_management_system(
    engine: Engine, tmp_path: Path
) -> None:
    load_ssd(engine, str(extract(tmp_path / "ssd")), extracted_at=TODAY_0610)
    client = client_for(engine)
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 200, page
        assert "Data as at 06:10 today, from the case management system." in response.text, page
        assert "refresh failed" not in response.text, page


def test_without_a_case_management_extract_the_pages_say_nothing_of_freshness(engine: Engine) -> None:
    assert "Data as at" not in client_for(engine).get("/").text


def test_a_failed_refresh_keeps_the_last_moment_and_the_data_page_says_why(
    engine: Engine, tmp_path: Path
) -> None:
    load_ssd(engine, str(extract(tmp_path / "good")), extracted_at=TODAY_0610 - dt.timedelta(days=1))
    with pytest.raises(InputError):
        bad = extract(tmp_path / "bad", referral_person="NOBODY")
        load_ssd(engine, str(bad), extracted_at=TODAY_0610)
    client = client_for(engine)
    overview = client.get("/").text
    assert "Data as at 06:10 yesterday, from the case management system." in overview
    assert "The latest refresh failed and changed nothing" in overview
    data = client.get("/data").text
    assert "The latest refresh from the case management system failed" in data
    assert "bad: the refresh failed and nothing of it was kept" in data


def test_an_extract_from_before_yesterday_is_given_by_its_date() -> None:
    line = Freshness(dt.datetime(2026, 3, 27, 23, 5), None).line(today=dt.date(2026, 3, 31))
    assert line == "Data as at 23:05 on 27 March 2026, from the case management system."


def test_the_line_is_kept_with_the_figures_and_a_failed_refresh_after_it_shows_at_once(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_ssd(engine, str(extract(tmp_path / "good")), extracted_at=TODAY_0610)
    asked: list[str] = []
    real = rendering.freshness

    def counted(of: Engine) -> Freshness | None:
        asked.append("loads")
        return real(of)

    monkeypatch.setattr(rendering, "freshness", counted)
    client = client_for(engine)
    for _ in range(3):
        assert "Data as at 06:10 today" in client.get("/measures/RF01").text
    # Three pages at one version of the data: the loads are asked for once.
    assert asked == ["loads"]
    # A failed refresh is a new row of `loads`, so a new version: the next page says so.
    with pytest.raises(InputError):
        load_ssd(engine, str(extract(tmp_path / "bad", referral_person="NOBODY")), extracted_at=TODAY_0610)
    assert "The latest refresh failed and changed nothing" in client.get("/measures/RF01").text
    assert asked == ["loads", "loads"]
    # A page without the kept figures (the Data page) asks the store each time.
    client.get("/data")
    assert asked == ["loads", "loads", "loads"]
