"""Validation with the DfE's own rules: the real `csc-validator-be-cin` and `-903` packages, run in
`.venv-validators` (built by `make validators`), on small hand-written returns."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lineofsight.cli import main
from lineofsight.interchange.validation import (
    PYTHON_ENV,
    Location,
    Report,
    ValidationError,
    validate,
    validators_python,
)

CIN_FIXTURES = Path(__file__).parent / "cin_census" / "fixtures"
SSDA903_FIXTURES = Path(__file__).parent / "ssda903" / "fixtures"
CIN_VALID = CIN_FIXTURES / "cin_valid.xml"  # namespaced, as councils' software writes it
CIN_CLOSED_EARLY = CIN_FIXTURES / "cin_closed_before_referral.xml"  # closed 2024-04-01, referred 2024-05-01
SSDA903_VALID = SSDA903_FIXTURES / "903_2025_valid"
SSDA903_BAD_SEX = SSDA903_FIXTURES / "903_2025_invalid_sex"  # SEX is X; from 2024-25 the codes are M, F and U


def lineofsight(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lineofsight", *args], capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def cin_closed_early() -> subprocess.CompletedProcess[str]:
    return lineofsight("validate", "cin", str(CIN_CLOSED_EARLY), "--year", "2025", "--json")


@pytest.fixture(scope="module")
def ssda903_2025_valid() -> subprocess.CompletedProcess[str]:
    return lineofsight("validate", "903", str(SSDA903_VALID), "--year", "2025")


@pytest.fixture(scope="module")
def ssda903_bad_sex() -> Report:
    return validate("903", SSDA903_BAD_SEX, 2025)


def test_a_valid_cin_census_fails_no_error_rule_even_with_a_namespace() -> None:
    report = validate("cin", CIN_VALID, 2025)
    assert report.rules_checked > 100
    assert report.errors == ()
    # Only a return-level query: fewer than 8 disability codes in a one-child return.
    assert [rule.code for rule in report.queries] == ["2887Q"]


def test_a_cin_closure_before_its_referral_fails_rule_8630_for_that_child(
    cin_closed_early: subprocess.CompletedProcess[str],
) -> None:
    document = json.loads(cin_closed_early.stdout)
    rule = next(rule for rule in document["failed"] if rule["code"] == "8630")
    assert rule["level"] == "error"
    assert "Closure Date is before CIN Referral Date" in rule["message"]
    assert {"child": "C1001", "table": "CINdetails", "row": 0, "field": "CINclosureDate"} in rule["locations"]


def test_the_command_exits_1_when_an_error_rule_fails(
    cin_closed_early: subprocess.CompletedProcess[str],
) -> None:
    assert cin_closed_early.returncode == 1
    assert cin_closed_early.stderr == ""


def test_a_valid_903_return_passes_and_lists_the_rules_that_could_not_run(
    ssda903_2025_valid: subprocess.CompletedProcess[str],
) -> None:
    assert ssda903_2025_valid.returncode == 0, ssda903_2025_valid.stderr
    assert "0 error rules and 0 query rules failed" in ssda903_2025_valid.stdout
    # 231 reads a UASC_STATUS column the package never makes, so it raises on every return.
    assert "Rules that could not run" in ssda903_2025_valid.stdout
    assert "231 " in ssda903_2025_valid.stdout


def test_an_invalid_sex_in_the_903_header_fails_rule_101(ssda903_bad_sex: Report) -> None:
    assert [rule.code for rule in ssda903_bad_sex.errors] == ["101"]
    assert ssda903_bad_sex.errors[0].locations == (Location("1001", "Header", 0, "SEX"),)


def test_the_json_groups_failures_by_rule_with_child_table_row_and_field(ssda903_bad_sex: Report) -> None:
    document = ssda903_bad_sex.as_json()
    assert json.loads(json.dumps(document)) == document
    assert document["errors"] == 1
    assert document["failed"][0] == {
        "code": "101",
        "message": "The child or young person’s reported sex is not valid.",
        "level": "error",
        "locations": [{"child": "1001", "table": "Header", "row": 0, "field": "SEX"}],
    }
    assert {"code", "message", "reason"} == set(document["could_not_run"][0])


@pytest.mark.parametrize(
    ("args", "status", "says"),
    [
        (
            ["cin", "/no/such/census.xml", "--year", "2025"],
            1,
            "there is no CIN census file at /no/such/census.xml",
        ),
        (["903", "/no/such/folder", "--year", "2025"], 1, "there is no folder of SSDA903 tables"),
        (["cin", str(CIN_VALID), "--year", "2022"], 2, "collection years ending 2023 to 2027"),
    ],
)
def test_bad_input_gives_one_line_and_an_exit_status(
    args: list[str], status: int, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["validate", *args])
    assert exit_.value.code == status
    stderr = capsys.readouterr().err
    assert stderr.startswith("lineofsight: error: ")
    assert says in stderr
    assert stderr.count("\n") == 1


def test_missing_validators_name_make_validators(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(PYTHON_ENV, str(tmp_path / "no-python"))
    with pytest.raises(ValidationError, match="run `make validators`"):
        validate("cin", CIN_VALID, 2025)
    with pytest.raises(SystemExit) as exit_:
        main(["validate", "cin", str(CIN_VALID), "--year", "2025"])
    assert exit_.value.code == 1
    stderr = capsys.readouterr().err
    assert stderr.startswith("lineofsight: error: the DfE validators are not installed")
    assert "make validators" in stderr


def test_the_validators_default_to_the_projects_venv() -> None:
    assert validators_python({}).parts[-3:] == (".venv-validators", "bin", "python")
