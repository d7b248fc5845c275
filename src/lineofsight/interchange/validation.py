"""Check a CIN census or an SSDA903 return with the DfE's own validation rules.

The rules are the Department's, as published in the `csc-validator-be-cin` and `csc-validator-be-903`
packages; lineofsight never re-implements them. Those packages pin pandas and numpy versions that clash
with lineofsight's own, so they live in an environment of their own (`make validators` builds
`.venv-validators`) and run here as a subprocess of `validator_runner.py`, which prints its findings as
JSON. This module finds that environment, runs it, and turns its output into typed findings grouped by
rule.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Kind = Literal["cin", "903"]
KINDS: tuple[Kind, ...] = ("cin", "903")
# The collection years (ending 31 March) both packages have rule sets for: 2022-23 to 2026-27.
YEARS = range(2023, 2028)
PYTHON_ENV = "LINEOFSIGHT_VALIDATORS_PYTHON"
RUNNER = Path(__file__).with_name("validator_runner.py")
TIMEOUT_SECONDS = 3600


class ValidationError(Exception):
    """The return or the validators cannot be used: the message says which and why, in one line."""


@dataclass(frozen=True)
class Location:
    """Where a rule failed: the child, the table, the row (counting from 0) and the field.
    A return-level failure (a count across the whole return) has none of them."""

    child: str | None
    table: str | None
    row: int | None
    field: str | None


@dataclass(frozen=True)
class RuleResult:
    """One rule that failed, with every place it failed."""

    code: str
    message: str
    level: Literal["error", "query"]
    locations: tuple[Location, ...]

    @property
    def children(self) -> tuple[str, ...]:
        return tuple(sorted({loc.child for loc in self.locations if loc.child is not None}))


@dataclass(frozen=True)
class NotRun:
    """A rule that raised on this return: not a pass, it could not run."""

    code: str
    message: str
    reason: str


@dataclass(frozen=True)
class Report:
    kind: Kind
    path: Path
    year: int
    rules_checked: int
    failed: tuple[RuleResult, ...]
    not_run: tuple[NotRun, ...] = field(default=())

    @property
    def errors(self) -> tuple[RuleResult, ...]:
        return tuple(rule for rule in self.failed if rule.level == "error")

    @property
    def queries(self) -> tuple[RuleResult, ...]:
        return tuple(rule for rule in self.failed if rule.level == "query")

    def as_json(self) -> dict[str, Any]:
        return {
            "return": self.kind,
            "path": str(self.path),
            "year": self.year,
            "rules_checked": self.rules_checked,
            "errors": len(self.errors),
            "queries": len(self.queries),
            "failed": [
                {
                    "code": rule.code,
                    "message": rule.message,
                    "level": rule.level,
                    "locations": [
                        {"child": loc.child, "table": loc.table, "row": loc.row, "field": loc.field}
                        for loc in rule.locations
                    ],
                }
                for rule in self.failed
            ],
            "could_not_run": [
                {"code": rule.code, "message": rule.message, "reason": rule.reason} for rule in self.not_run
            ],
        }


def validators_python(environ: dict[str, str] | None = None, cwd: Path | None = None) -> Path:
    """The validators' interpreter: $LINEOFSIGHT_VALIDATORS_PYTHON, else `.venv-validators/bin/python` in
    the project lineofsight was installed from, else in the current folder."""
    environ = dict(os.environ) if environ is None else environ
    configured = environ.get(PYTHON_ENV)
    if configured:
        candidates = [Path(configured)]
    else:
        relative = Path(".venv-validators") / "bin" / "python"
        project = Path(__file__).resolve().parents[3]  # src/lineofsight/interchange -> the project
        candidates = [project / relative, (cwd or Path.cwd()) / relative]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    where = candidates[0] if configured else " or ".join(str(c) for c in candidates)
    raise ValidationError(
        f"the DfE validators are not installed (no {where}): run `make validators`, "
        f"or set {PYTHON_ENV} to a python that has csc-validator-be-cin and csc-validator-be-903"
    )


def validate(
    kind: Kind, path: Path, year: int, local_authority: str = "", python: Path | None = None
) -> Report:
    """Run the DfE's rules for the collection year ending 31 March `year` on a CIN census XML file or on
    a folder of SSDA903 CSV tables. `local_authority` (a code such as E09000033) lets the 903 rules that
    compare a placement's location with the council's own run properly."""
    if kind not in KINDS:
        raise ValidationError(f"unknown return {kind!r} (choose from {', '.join(KINDS)})")
    if year not in YEARS:
        raise ValidationError(
            f"the DfE rules cover the collection years ending {YEARS[0]} to {YEARS[-1]}, not {year}"
        )
    if kind == "cin" and not path.is_file():
        raise ValidationError(f"there is no CIN census file at {path}")
    if kind == "903" and not path.is_dir():
        raise ValidationError(f"there is no folder of SSDA903 tables at {path}")
    python = python or validators_python()
    command = [str(python), str(RUNNER), kind, str(path.resolve()), str(year)]
    if kind == "903":
        command.append(local_authority)
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, check=False, timeout=TIMEOUT_SECONDS, cwd=path.parent
        )
    except OSError as error:
        raise ValidationError(f"cannot run the DfE validators at {python}: {error.strerror}") from None
    try:
        output = json.loads(done.stdout)
    except json.JSONDecodeError:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise ValidationError(f"the DfE validators failed on {path}: {last}") from None
    if "error" in output:
        raise ValidationError(str(output["error"]))
    return parse(kind, path, year, output)


def parse(kind: Kind, path: Path, year: int, output: dict[str, Any]) -> Report:
    """The runner's JSON as a report: the failed rules in code order, each with its locations."""
    rules = {str(rule["code"]): rule for rule in output["rules"]}
    locations: dict[str, list[Location]] = {}
    for finding in output["findings"]:
        location = Location(finding["child"], finding["table"], finding["row"], finding["field"])
        found = locations.setdefault(str(finding["code"]), [])
        if location not in found:
            found.append(location)
    failed = tuple(
        RuleResult(
            code=code,
            message=str(rules.get(code, {}).get("message", "")),
            level="query" if rules.get(code, {}).get("level") == "query" else "error",
            locations=tuple(_in_order(found)),
        )
        for code, found in sorted(locations.items(), key=lambda item: _code_order(item[0]))
    )
    not_run = tuple(
        NotRun(
            str(rule["code"]), str(rules.get(str(rule["code"]), {}).get("message", "")), str(rule["reason"])
        )
        for rule in sorted(output["could_not_run"], key=lambda rule: _code_order(str(rule["code"])))
    )
    return Report(kind, path, year, len(rules), failed, not_run)


def _in_order(locations: Iterable[Location]) -> list[Location]:
    return sorted(
        locations, key=lambda loc: (loc.child or "", loc.table or "", loc.row or 0, loc.field or "")
    )


def _code_order(code: str) -> tuple[int, str]:
    digits = "".join(c for c in code if c.isdigit())
    return (int(digits) if digits and code[0].isdigit() else 10**9, code)
