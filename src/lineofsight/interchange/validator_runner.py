"""Run the DfE's validation rules on one return and print the findings as JSON.

This script runs in the validators' own environment (`make validators` builds `.venv-validators`), not
in lineofsight's: the `csc-validator-be-cin` and `csc-validator-be-903` packages pin pandas and numpy
versions that clash with the project's. It imports only those packages and the standard library, and
lineofsight runs it as a subprocess:

    python validator_runner.py cin FILE YEAR
    python validator_runner.py 903 DIR YEAR [LA_CODE]

It prints one JSON object to standard output: `{"rules": [...], "findings": [...], "could_not_run":
[...]}`, or `{"error": "..."}` when the packages refuse the input. Rules are never re-implemented here:
each package's own runner (`CinValidator`, `LacValidator`) runs its own rule set for the year.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
import sys
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any


def _text(value: Any) -> str | None:
    """A cell as text; pandas' missing values (NaN, None, NaT, '<NA>') as None."""
    if value is None:
        return None
    text = str(value)
    if text in ("nan", "NaN", "None", "NaT", "<NA>", ""):
        return None
    if hasattr(value, "strftime"):
        return str(value.strftime("%Y-%m-%d"))
    return text


def _row(value: Any) -> int | None:
    text = _text(value)
    try:
        return int(float(text)) if text is not None else None
    except ValueError:
        return None


def _strip_namespaces(root: ET.Element) -> None:
    # The CIN package finds elements by their bare names, so a namespaced census reads as empty.
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]


def validate_cin(path: Path, year: int) -> dict[str, Any]:
    import importlib

    from cin_validator import cin_validator  # type: ignore[import-not-found]

    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        return {"error": f"{path} is not well-formed XML ({error})"}
    _strip_namespaces(root)
    if root.find("Header") is None or root.find("Children") is None:
        return {"error": f"{path} is not a CIN census: it has no Header or no Children element"}
    registry = importlib.import_module(f"cin_validator.rules.cin{year - 1}_{year % 100:02d}").registry
    tables = cin_validator.process_data(cin_validator.convert_data(root))
    printed = io.StringIO()
    # The package prints a line for each rule that raises, and nothing else we need.
    with contextlib.redirect_stdout(printed):
        validator = cin_validator.CinValidator(tables, registry)
    failed = dict(re.findall(r"^Error with rule (\S+): (.*)$", printed.getvalue(), flags=re.M))
    rules = [
        {
            "code": str(rule.code),
            "message": rule.message or "",
            "level": "query" if rule.rule_type.name == "QUERY" else "error",
        }
        for rule in registry.values()
    ]
    findings = []
    for record in validator.full_issue_df.to_dict("records"):
        findings.append(
            {
                "code": str(record["rule_code"]),
                "child": _text(record.get("child_id")),
                "table": _text(record.get("tables_affected")),
                "row": _row(record.get("row_id")),
                "field": _text(record.get("columns_affected")),
            }
        )
    issues = validator.multichild_issues
    for record in issues.to_dict("records") if len(issues) else []:
        findings.append(
            {"code": str(record["rule_code"]), "child": None, "table": None, "row": None, "field": None}
        )
    could_not_run = [{"code": code, "reason": reason} for code, reason in failed.items()]
    return {"rules": rules, "findings": findings, "could_not_run": could_not_run}


class _Failures(logging.Handler):
    """Collects the rules the 903 package reports as having raised, with the exception's text."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.reasons: dict[str, str] = {}

    def emit(self, record: logging.LogRecord) -> None:
        match = re.match(r"Rule code (\S+) failed to run", record.getMessage())
        if match and record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            self.reasons[match.group(1)] = f"{type(error).__name__}: {error}"


def validate_903(folder: Path, year: int, local_authority: str) -> dict[str, Any]:
    from lac_validator import lac_validator  # type: ignore[import-not-found]
    from lac_validator.rules.ruleset_utils import get_year_ruleset  # type: ignore[import-not-found]
    from lac_validator.types import UploadError  # type: ignore[import-not-found]

    files = sorted(path for path in folder.iterdir() if path.suffix.lower() == ".csv")
    if not files:
        return {"error": f"{folder} holds no SSDA903 CSV tables"}
    uploaded = [
        {"name": path.name, "file_content": path.read_bytes(), "description": "This year"} for path in files
    ]
    registry = get_year_ruleset(str(year))
    failures = _Failures()
    logging.getLogger("lac_validator.lac_validator").addHandler(failures)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            validator = lac_validator.LacValidator(
                metadata={"collectionYear": str(year), "localAuthority": local_authority},
                files=uploaded,
                registry=registry,
            )
    except UploadError as error:
        return {"error": f"{folder}: {error}"}
    # The 903 package has no query level: every rule in its rule set is reported as an error.
    rules = [
        {"code": str(code), "message": rule.message or "", "level": "error"}
        for code, rule in registry.items()
    ]
    findings = []
    for table, frame in validator.ds_results.items():
        if table == "metadata":
            continue
        for column in (name for name in frame.columns if str(name).startswith("ERR_")):
            code = str(column)[4:]
            fields = [
                field for field in (registry[code].affected_fields or []) if field in frame.columns
            ] or [None]
            for row, child in frame.loc[frame[column] == True, "CHILD"].items():  # noqa: E712
                for field in fields:
                    findings.append(
                        {
                            "code": code,
                            "child": _text(child),
                            "table": table,
                            "row": _row(row),
                            "field": field,
                        }
                    )
    could_not_run = [
        {"code": str(code), "reason": failures.reasons.get(str(code), "the rule raised an exception")}
        for code in validator.fails
    ]
    return {"rules": rules, "findings": findings, "could_not_run": could_not_run}


def main(argv: list[str]) -> int:
    logging.disable(logging.WARNING)  # the 903 package logs each rule at INFO; keep its failures only
    warnings.simplefilter("ignore")
    kind, path, year = argv[0], Path(argv[1]), int(argv[2])
    if kind == "cin":
        result = validate_cin(path, year)
    else:
        result = validate_903(path, year, argv[3] if len(argv) > 3 else "")
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
