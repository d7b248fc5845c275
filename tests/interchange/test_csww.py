"""The children's social work workforce census (CSWW): written from the database, loaded into it, and
what a loaded census lets the workforce measures say.

The synthetic council's census is worked out from its workforce, so a census loaded into an empty
database and written again must say the same, record by record and element by element.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import Engine, select, text

from lineofsight import store, synth
from lineofsight.data import CouncilData, facts
from lineofsight.interchange.csww import write_csww
from lineofsight.interchange.csww.fields import WORKER_ELEMENTS
from lineofsight.interchange.loading import InputError
from lineofsight.interchange.returns import load_return
from lineofsight.interchange.ssd import load_ssd
from lineofsight.measures import REGISTRY
from lineofsight.model import Base
from lineofsight.settings import Settings

END = dt.date(2026, 3, 31)
DAY = dt.date(2025, 9, 30)


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A small synthetic council (SQLite) and its census of 30 September 2025, made once."""
    folder = tmp_path_factory.mktemp("csww")
    database = folder / "council.db"
    engine = store.connect(str(database), create=True)
    store.migrate(engine)
    # Seed 4: its census holds agency workers and five leavers (seeds 1-8 give 0-5 leavers, and two
    # of them no agency worker), which the round trip below needs.
    synth.generate(engine, "stretched", seed=4, years=2, end=END, population=2500)
    census = write_csww(engine, 2025, folder / "csww-2025.xml")
    engine.dispose()
    return database, census


def records(path: Path) -> tuple[dict[str, str], list[dict[str, list[str]]]]:
    """The council line and each worker's record, element by element, as the file says them."""
    root = etree.parse(str(path)).getroot()
    line = root.find("LALevelVacancies")
    council = {str(child.tag): child.text or "" for child in ([] if line is None else line)}
    workers = []
    for worker in root.iterfind("CSWWWorker"):
        record: dict[str, list[str]] = {}
        for child in worker:
            record.setdefault(str(child.tag), []).append(child.text or "")
        workers.append(record)
    return council, workers


def census(tmp_path: Path, workers: str, vacancies: str = "", header: str = "") -> Path:
    """A census written by hand: its header (day 30 September 2025 unless given) and records."""
    header = header or (
        "<CollectionDetails><Collection>CSWW</Collection><Year>2025</Year>"
        "<ReferenceDate>2025-09-30</ReferenceDate></CollectionDetails>"
    )
    path = tmp_path / "csww.xml"
    path.write_text(
        f"<Message>\n<Header>{header}</Header>\n<LALevelVacancies>{vacancies}</LALevelVacancies>\n"
        f"{workers}\n</Message>\n"
    )
    return path


def worker(swe: str, start: str = "2020-01-06", **elements: str) -> str:
    given = {"AgencyWorker": "0", "SWENo": swe, "FTE": "1", "OrgRole": "5", "RoleStartDate": start}
    given.update(elements)
    inner = "".join(f"<{name}>{value}</{name}>" for name, value in given.items() if value)
    return f"<CSWWWorker>{inner}</CSWWWorker>"


def test_the_synthetic_councils_census_loads_into_an_empty_database_and_is_written_again_the_same(
    council: tuple[Path, Path], engine: Engine, tmp_path: Path
) -> None:
    _, written = council
    summary, batch = load_return(engine, "csww", written)
    again = write_csww(engine, 2025, tmp_path / "again.xml")
    assert batch.rejections == []
    # The census has employed and agency workers, and leavers in the year: each kind comes back.
    workers = records(written)[1]
    assert {r["AgencyWorker"][0] for r in workers} == {"0", "1"}
    assert any("RoleEndDate" in r for r in workers)
    assert records(again) == records(written)
    assert summary.tables["workers"].inserted == len(records(written)[1]) > 0


def test_each_element_of_a_record_is_kept_as_the_census_gave_it(
    council: tuple[Path, Path], engine: Engine
) -> None:
    _, written = council
    load_return(engine, "csww", written)
    kept = Base.metadata.tables["workforce_census_workers"]
    with engine.connect() as connection:
        rows = {(row.swe_no, row.role_start_date): row._mapping for row in connection.execute(select(kept))}
    for record in records(written)[1]:
        row = rows[(record["SWENo"][0], record["RoleStartDate"][0])]
        for element, column in WORKER_ELEMENTS:
            assert row[column] == (record[element][0] if element in record else None), (element, record)


def test_loading_the_census_again_changes_nothing(council: tuple[Path, Path], engine: Engine) -> None:
    _, written = council
    load_return(engine, "csww", written)
    summary, _ = load_return(engine, "csww", written)
    assert (summary.inserted, summary.updated) == (0, 0)


def test_the_census_loaded_into_the_council_it_came_from_adds_and_changes_no_worker(
    council: tuple[Path, Path], tmp_path: Path
) -> None:
    database, written = council
    copy = tmp_path / "council.db"
    copy.write_bytes(database.read_bytes())
    engine = store.connect(str(copy))
    try:
        summary, _ = load_return(engine, "csww", written)
    finally:
        engine.dispose()
    workers = summary.tables["workers"]
    assert (workers.inserted, workers.updated, workers.unchanged) == (0, 0, len(records(written)[1]))
    assert "teams" not in summary.tables


def test_a_census_covers_the_workforce_on_its_day_and_the_employed_workforce_over_the_year_to_it(
    council: tuple[Path, Path], engine: Engine
) -> None:
    _, written = council
    load_return(engine, "csww", written)
    with engine.connect() as connection:
        spans = {
            (row.fact, row.window_start, row.window_end)
            for row in connection.execute(text("SELECT fact, window_start, window_end FROM coverage"))
        }
    # The year to 30 September 2025 begins on 1 October 2024.
    assert {(f, _day(s), _day(e)) for f, s, e in spans} == {
        (facts.WORKFORCE, DAY, DAY),
        (facts.EMPLOYED_WORKFORCE, dt.date(2024, 10, 1), DAY),
    }


def _day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def test_a_bad_value_rejects_only_its_record_naming_file_row_field_and_reason(
    engine: Engine, tmp_path: Path
) -> None:
    path = census(
        tmp_path,
        "\n".join(
            [
                worker("SW0000000001"),
                worker("SW0000000002", FTE="1.5"),
                worker("SW0000000003", RoleEndDate="2019-12-31"),
                worker("SW0000000004", OrgRole="9"),
                worker("SW0000000005", Cases30="twelve"),
            ]
        ),
    )
    summary, batch = load_return(engine, "csww", path)
    # The records are on lines 4 to 8 (the file's first three lines are the root, header and council).
    assert [str(r) for r in batch.rejections] == [
        f"{path}, element CSWWWorker, row 5, field 'FTE': '1.5' is not a share of full time "
        "(more than 0, at most 1)",
        f"{path}, element CSWWWorker, row 6, field 'RoleEndDate': the role ends (31/12/2019) before it "
        "starts (06/01/2020)",
        f"{path}, element CSWWWorker, row 7, field 'OrgRole': '9' is not a role of the census (1 to 6)",
        f"{path}, element CSWWWorker, row 8, field 'Cases30': 'twelve' is not a whole number of 0 or more",
    ]
    assert batch.rejections[0].values["SWENo"] == "SW0000000002"
    assert summary.tables["workforce_census_workers"].inserted == 1


def test_a_bad_vacancy_count_rejects_the_council_line_and_the_workers_still_load(
    engine: Engine, tmp_path: Path
) -> None:
    path = census(tmp_path, worker("SW0000000001"), vacancies="<NumberOfVacancies>-2</NumberOfVacancies>")
    summary, batch = load_return(engine, "csww", path)
    assert [r.field for r in batch.rejections] == ["NumberOfVacancies"]
    assert batch.rejections[0].place == "element LALevelVacancies"
    assert summary.tables["workforce_census_workers"].inserted == 1
    with engine.connect() as connection:
        assert connection.execute(text("SELECT number_of_vacancies FROM workforce_census")).scalar() is None


def test_a_file_that_is_not_a_workforce_census_is_refused_whole(engine: Engine, tmp_path: Path) -> None:
    path = census(
        tmp_path,
        worker("SW0000000001"),
        header="<CollectionDetails><Collection>CIN</Collection></CollectionDetails>",
    )
    with pytest.raises(InputError, match="this is not a workforce census"):
        load_return(engine, "csww", path)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM workforce_census_workers")).scalar() == 0


def provisional_worker(engine: Engine, swe: str, role: str = "qualified_social_worker") -> None:
    """A worker as the SSD leaves one: named, in a team, with a role, its start only provisional."""
    with store.transaction(engine) as connection:
        if connection.execute(text("SELECT count(*) FROM teams")).scalar() == 0:
            connection.execute(
                text(
                    "INSERT INTO teams (team_id, team_name, team_function) "
                    "VALUES ('T1', 'North', 'safeguarding')"
                )
            )
        connection.execute(
            Base.metadata.tables["workers"].insert(),
            {
                "worker_id": f"CMS-{swe[-2:]}",
                "staff_id": f"CMS-{swe[-2:]}",
                "team_id": "T1",
                "social_worker_registration_no": swe,
                "worker_role": role,
                "worker_case_holding": True,  # guessed from the job title
                "worker_start_date": dt.date(2025, 5, 1),  # the first allocation the extract showed
                "worker_start_provisional": True,
            },
        )


def test_the_census_dates_a_worker_the_case_management_system_named_without_dates(
    engine: Engine, tmp_path: Path
) -> None:
    provisional_worker(engine, "SW0000000042")
    path = census(tmp_path, worker("SW0000000042", start="2023-02-13", FTE="0.8", AgencyWorker="0"))
    summary, _ = load_return(engine, "csww", path)
    with engine.connect() as connection:
        spell = connection.execute(
            text(
                "SELECT worker_id, team_id, worker_start_date, worker_start_provisional, worker_fte "
                "FROM workers"
            )
        ).one()
    assert (spell.worker_id, spell.team_id, _day(spell.worker_start_date)) == (
        "CMS-42",
        "T1",
        dt.date(2023, 2, 13),
    )
    assert (bool(spell.worker_start_provisional), spell.worker_fte) == (False, 0.8)
    assert "teams" not in summary.tables


def test_the_census_says_whether_a_social_worker_holds_cases(engine: Engine, tmp_path: Path) -> None:
    provisional_worker(engine, "SW0000000041")
    provisional_worker(engine, "SW0000000042")
    path = census(
        tmp_path, "\n".join([worker("SW0000000041", OrgRole="6"), worker("SW0000000042", OrgRole="5")])
    )
    load_return(engine, "csww", path)
    with engine.connect() as connection:
        holding = dict(connection.execute(text("SELECT worker_id, worker_case_holding FROM workers")).all())
    assert {k: bool(v) for k, v in holding.items()} == {"CMS-41": False, "CMS-42": True}


def test_an_asye_worker_the_ssd_names_is_in_their_first_year_for_a_year_from_the_census_start(
    engine: Engine, tmp_path: Path
) -> None:
    provisional_worker(engine, "SW0000000043", role="asye")
    load_return(engine, "csww", census(tmp_path, worker("SW0000000043", start="2025-01-06")))
    with engine.connect() as connection:
        ends = connection.execute(text("SELECT asye_end_date FROM workers")).scalar()
    assert _day(ends) == dt.date(2026, 1, 6)


def test_the_vacancy_rate_on_the_census_day_comes_from_the_census(engine: Engine, tmp_path: Path) -> None:
    # Vacancies 2.5 FTE; employed social workers in post 1 + 1 + 0.5 = 2.5 FTE (the agency worker and
    # the one who left in August do not hold posts on the day): 2.5 / (2.5 + 2.5) = 50%.
    path = census(
        tmp_path,
        "\n".join(
            [
                worker("SW0000000001"),
                worker("SW0000000002"),
                worker("SW0000000003", FTE="0.5"),
                worker("SW0000000004", AgencyWorker="1"),
                worker("SW0000000005", RoleEndDate="2025-08-29"),
            ]
        ),
        vacancies="<NumberOfVacancies>2.5</NumberOfVacancies><NoAgencyFTE>1</NoAgencyFTE>",
    )
    load_return(engine, "csww", path)
    result = REGISTRY["WF05"].evaluate(CouncilData(engine), DAY, Settings())
    assert (result.status, result.value) == ("ok", pytest.approx(50.0))


def test_an_ssd_loaded_after_the_census_takes_the_census_spell_as_its_own_worker(
    engine: Engine, tmp_path: Path
) -> None:
    """The census added SW0000000043 (an ASYE, in a team not known); the SSD then names the same
    worker as CMS-43 in North: one spell, the SSD's id, team and role, the census's start, and a
    first year ending a year after that start."""
    load_return(engine, "csww", census(tmp_path, worker("SW0000000043", start="2025-01-06")))
    extract = tmp_path / "ssd"
    extract.mkdir()
    (extract / "ssd_department.csv").write_text("dept_team_id,dept_team_name\nT1,North\n")
    (extract / "ssd_professionals.csv").write_text(
        "prof_professional_id,prof_professional_name,prof_social_worker_registration_no,"
        "prof_professional_job_title,prof_professional_department\n"
        "CMS-43,Ada Byron,SW0000000043,Newly Qualified Social Worker (ASYE),T1\n"
    )
    load_ssd(engine, str(extract), extracted_at=dt.datetime(2026, 3, 31, 6, 10))
    with engine.connect() as connection:
        spells = connection.execute(
            text("SELECT worker_id, team_id, worker_role, worker_start_date, asye_end_date FROM workers")
        ).all()
        records = connection.execute(text("SELECT worker_id FROM workforce_census_workers")).scalars().all()
    assert [(s.worker_id, s.team_id, s.worker_role) for s in spells] == [("CMS-43", "T1", "asye")]
    assert (_day(spells[0].worker_start_date), _day(spells[0].asye_end_date)) == (
        dt.date(2025, 1, 6),
        dt.date(2026, 1, 6),
    )
    assert records == ["CMS-43"]
