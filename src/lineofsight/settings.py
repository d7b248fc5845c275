"""Local standards and other settings, in one typed object read once at the entry point.

Councils set some timescales themselves (how often a child on a plan is visited, caseload caps,
supervision frequency). The defaults are the common local standards named in measures.md; a council
overrides them in a TOML file passed with `--settings`.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any


class SettingsError(Exception):
    """The settings file cannot be read; the message names the file and the setting."""


@dataclass(frozen=True)
class Settings:
    """Every setting, with its default. Each field's metadata holds the text the docs show."""

    cp_visit_interval_working_days: int = dataclasses.field(
        default=10, metadata={"doc": "Most working days between visits to a child on a CP plan."}
    )
    cin_visit_interval_working_days: int = dataclasses.field(
        default=20, metadata={"doc": "Most working days between visits to a child on a CIN plan."}
    )
    caseload_cap_qualified: float = dataclasses.field(
        default=25.0, metadata={"doc": "Caseload cap for a full-time qualified social worker."}
    )
    caseload_cap_asye: float = dataclasses.field(
        default=18.0, metadata={"doc": "Caseload cap for a full-time first-year (ASYE) worker."}
    )
    supervision_interval_weeks: int = dataclasses.field(
        default=6, metadata={"doc": "Most weeks between a case-holding worker's supervisions."}
    )
    population_0_17: int | None = dataclasses.field(
        default=None,
        metadata={"doc": "Children aged 0-17 in the council's area; by default the stored figure."},
    )
    small_number: int = dataclasses.field(
        default=5, metadata={"doc": "A denominator below this is flagged as a small number."}
    )

    @classmethod
    def documented(cls) -> list[tuple[str, Any, str]]:
        """(name, default, description) for every setting, for `settings show` and the docs."""
        return [(f.name, f.default, str(f.metadata["doc"])) for f in fields(cls)]


def load_settings(path: Path | None) -> Settings:
    """Defaults, overridden by the `[settings]` table of a TOML file when one is given."""
    if path is None:
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SettingsError(f"{path}: cannot read the settings file ({error.strerror})") from error
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: not valid TOML ({error})") from error
    values = data.get("settings", {})
    known = {f.name: f for f in fields(Settings)}
    for name, value in values.items():
        if name not in known:
            raise SettingsError(f"{path}: [settings] {name} is not a setting")
        default = known[name].default
        expected = type(default) if default is not None else int
        if expected is float and isinstance(value, int):
            continue
        if not isinstance(value, expected) or isinstance(value, bool):
            raise SettingsError(f"{path}: [settings] {name} must be {expected.__name__}, not {value!r}")
    return Settings(**values)
