"""`lineofsight validate`: what a person at a terminal sees while the DfE's rules run."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from lineofsight.cli import main
from lineofsight.commands import validate as validate_command
from tests.interchange.test_validation import CIN_VALID


def test_on_a_terminal_validate_shows_its_steps_while_the_rules_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=200, highlight=False)
    monkeypatch.setattr(validate_command, "err", terminal)
    main(["validate", "cin", str(CIN_VALID), "--year", "2025"])
    steps = screen.getvalue()
    assert f"Checking the CIN census {CIN_VALID} with the DfE's 2024-25 rules" in steps
    assert "Running the DfE's rules" in steps  # the spinner, while they run
    assert re.search(r"Checked \d+ rules in \d+ seconds\.", steps)
    assert "CIN census" in capsys.readouterr().out  # the report itself, on standard output


def test_piped_validate_keeps_standard_error_empty(capsys: pytest.CaptureFixture[str]) -> None:
    main(["validate", "cin", str(CIN_VALID), "--year", "2025"])
    assert capsys.readouterr().err == ""
