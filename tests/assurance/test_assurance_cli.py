"""The assurance commands: audits loaded from CSV (all or none), the example plan and its progress, an
Ofsted report read into a plan, and the briefing and self-evaluation written as HTML, PDF and JSON,
with the PDFs rendered to images and looked at."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import polars as pl
import pytest
from PIL import Image

from lineofsight import store
from lineofsight.assurance import actions
from lineofsight.assurance.areas import AREA_KEYS
from lineofsight.cli import main
from lineofsight.data import CouncilData
from lineofsight.synth import generate
from tests.assurance.conftest import CONTEXT, END

REPORT = CONTEXT / "000_607ff838f21db846.txt"
D = END.isoformat()


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "council.db"
    engine = store.connect(str(path), create=True)
    store.migrate(engine)
    generate(engine, "stretched", seed=3, years=2, end=END, population=8000)
    engine.dispose()
    return str(path)


def _people(db: str) -> tuple[str, str, str]:
    data = CouncilData(store.connect(db))
    child = str(data["allocations"].filter(pl.col("allocation_end_date").is_null())["person_id"][0])
    workers = data["workers"]["worker_id"].to_list()
    return child, str(workers[0]), str(workers[1])


def _csv(path: Path, rows: list[dict[str, str]]) -> Path:
    pl.DataFrame(rows).write_csv(path)
    return path


def _audit_row(child: str, auditor: str, owner: str, **changes: str) -> dict[str, str]:
    row = {
        "child_id": child,
        "auditor_id": auditor,
        "audit_date": "2026-03-20",
        "grade": "Requires improvement",
    }
    for area in AREA_KEYS:
        row[f"{area}_grade"] = "good"
        row[f"{area}_finding"] = f"What the auditor saw about {area}."
    row |= {
        "action_1": "Visit the child and see them alone",
        "action_1_owner": owner,
        "action_1_due": "2026-04-17",
    }
    return row | changes


def test_audits_load_from_csv_and_their_actions_join_the_owner_s_worklist(
    council: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    child, auditor, owner = _people(council)
    before = store.read_table(store.connect(council), "case_audits").height
    path = _csv(
        tmp_path / "audits.csv", [_audit_row(child, auditor, owner), _audit_row(child, owner, auditor)]
    )
    main(["load", "audits", str(path), "--db", council])
    assert "Loaded 2 audits" in capsys.readouterr().out
    data = CouncilData(store.connect(council))
    assert data["case_audits"].height == before + 2
    loaded = data["case_audits"].filter(pl.col("recorded_by") == "cli")
    assert set(loaded["audit_grade"]) == {"requires_improvement"}
    findings = data["audit_findings"].join(loaded.select("audit_id"), on="audit_id")
    assert findings.height == 2 * len(AREA_KEYS)
    worklist = actions.open_actions(data, END, owner_id=owner)
    assert "Visit the child and see them alone" in worklist["text"].to_list()


def test_a_file_with_problems_loads_nothing_and_says_each_on_one_line(
    council: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    child, auditor, owner = _people(council)
    before = store.read_table(store.connect(council), "case_audits").height
    rows = [
        _audit_row(child, auditor, owner),
        _audit_row("NOBODY", auditor, owner),
        _audit_row(child, auditor, owner, grade="fine", audit_date="20/03/2026"),
    ]
    path = _csv(tmp_path / "bad.csv", rows)
    with pytest.raises(SystemExit) as exited:
        main(["load", "audits", str(path), "--db", council])
    assert exited.value.code == 1
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    assert f"{path}, row 3, field 'child': there is no child NOBODY in the data" in lines
    assert f"{path}, row 4, field 'audit_date': '20/03/2026' is not a date (expected YYYY-MM-DD)" in lines
    assert any(line.startswith(f"{path}, row 4, field 'grade': 'fine' is not") for line in lines)
    assert "3 problems, so no audit was loaded" in captured.err
    assert store.read_table(store.connect(council), "case_audits").height == before


def test_the_escalation_example_saves_and_its_progress_is_read_back(
    council: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["plan", "example", "escalation", "--start", "2025-06-01", "--save", "--json", "--db", council])
    saved = json.loads(capsys.readouterr().out)
    assert saved["plan_id"] and len(saved["priorities"]) == 9
    main(["plan", "progress", "--plan", saved["plan_id"], "--as-at", D, "--json", "--db", council])
    progress = json.loads(capsys.readouterr().out)
    assert progress["months"][0] == "2025-06-30" and progress["months"][-1] == D
    assert sum(progress["rag_counts"].values()) == 9


def test_an_ofsted_report_is_proposed_as_a_plan_and_not_saved_without_save(
    council: str, capsys: pytest.CaptureFixture[str]
) -> None:
    plans_before = store.read_table(store.connect(council), "improvement_plans").height
    main(["plan", "import-ofsted", str(REPORT), "--start", "2026-04-01", "--json", "--db", council])
    document = json.loads(capsys.readouterr().out)
    assert document["report"]["council"] == "North East Lincolnshire Council"
    assert len(document["proposed"]) == 9 and document["plan_id"] is None
    assert store.read_table(store.connect(council), "improvement_plans").height == plans_before


def _pages(pdf: Path, folder: Path) -> list[Image.Image]:
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(folder / "page")], check=True)
    return [Image.open(page).convert("RGB") for page in sorted(folder.glob("page-*.png"))]


def _has_colour(image: Image.Image, rgb: tuple[int, int, int], tolerance: int = 12) -> bool:
    colours = image.getcolors(maxcolors=1_000_000) or []
    return any(
        all(abs(a - b) <= tolerance for a, b in zip(colour, rgb, strict=True)) for _, colour in colours
    )


def test_the_briefing_is_written_as_html_pdf_and_json_and_its_pages_show_the_plan_and_a_chart(
    council: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["report", "briefing", "--as-at", D, "--out", str(tmp_path), "--db", council])
    stem = tmp_path / f"briefing-{D}"
    document = json.loads(stem.with_suffix(".json").read_text())
    assert document["plan"]["rag_counts"]["red"] >= 1 and document["audits"]["covered"]
    html = stem.with_suffix(".html").read_text()
    assert "Progress against the improvement plan" in html and "<svg" in html and 'role="img"' in html
    text = subprocess.run(
        ["pdftotext", str(stem.with_suffix(".pdf")), "-"], capture_output=True, text=True, check=True
    )
    assert "What audits found" in text.stdout and "The measures that moved" in text.stdout
    pages = _pages(stem.with_suffix(".pdf"), tmp_path)
    assert len(pages) >= 2
    # The red status tag (#f4cdc6) shows on the first page; a chart's council line (the trend spec's
    # first colour) shows on a later one.
    assert _has_colour(pages[0], (0xF4, 0xCD, 0xC6))
    line = json.loads(Path("src/lineofsight/web/charts/trend.json").read_text())["encoding"]["color"][
        "scale"
    ]["range"][0]
    rgb = tuple(int(line[i : i + 2], 16) for i in (1, 3, 5))
    assert any(_has_colour(page, rgb, 30) for page in pages[1:])


def test_the_self_evaluation_is_written_with_no_overall_grade_and_its_serious_weaknesses_show_in_red(
    council: str, tmp_path: Path
) -> None:
    main(["report", "self-evaluation", "--as-at", D, "--out", str(tmp_path), "--db", council])
    stem = tmp_path / f"self-evaluation-{D}"
    document = json.loads(stem.with_suffix(".json").read_text())
    assert [j["key"] for j in document["judgements"]] == [
        "help_and_protection",
        "children_in_care",
        "care_leavers",
        "impact_of_leaders",
    ]
    assert document["overall_grade"] is None
    text = subprocess.run(
        ["pdftotext", str(stem.with_suffix(".pdf")), "-"], capture_output=True, text=True, check=True
    )
    assert "Likely grade" in text.stdout and "Overall effectiveness" not in text.stdout
    pages = _pages(stem.with_suffix(".pdf"), tmp_path)
    assert _has_colour(pages[0], (0x94, 0x25, 0x14), 40)  # a serious weakness's dark red text


def test_the_audit_commands_give_triangulation_and_moderation_as_json(
    council: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["audits", "triangulation", "--as-at", D, "--json", "--db", council])
    found = json.loads(capsys.readouterr().out)
    at_odds = [a for a in found["audits"] if a["at_odds"]]
    assert found["status"] == "ok" and at_odds and all(a["why"] for a in at_odds)
    main(["audits", "moderation", "--as-at", D, "--json", "--db", council])
    agreement = json.loads(capsys.readouterr().out)
    assert agreement["one_in"] == 5
    assert {row["area"] for row in agreement["by_area"]} >= {"overall", "experiences"}
    main(["audits", "triangulation", "--as-at", D, "--db", council])
    assert "graded good or better that the data contradicts" in capsys.readouterr().out
