"""Local standards and other settings, in one typed object read once at the entry point.

Councils set some timescales themselves (how often a child on a plan is visited, caseload caps,
supervision frequency). The defaults are the common local standards named in measures.md; a council
overrides them in a TOML file passed with `--settings`.
"""

from __future__ import annotations

import dataclasses
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal


class SettingsError(Exception):
    """The settings file cannot be read; the message names the file and the setting."""


Rag = Literal["green", "amber", "red"]


@dataclass(frozen=True)
class Target:
    """A council's target for a measure and the edge of its amber band.

    Better than or at `target` is green; short of it but better than or at `amber` is amber; worse
    is red. "Better" follows the measure's polarity, so for a lower-is-better measure `amber` is the
    higher number.
    """

    target: float
    amber: float

    def rag(self, value: float | None, polarity: str) -> Rag | None:
        """Red, amber or green for a value; None when there is no value or no better direction."""
        if value is None or polarity not in ("up", "down"):
            return None
        sign = 1 if polarity == "up" else -1
        if sign * value >= sign * self.target:
            return "green"
        if sign * value >= sign * self.amber:
            return "amber"
        return "red"


# Default targets: the national figure or the statutory expectation, rounded to a figure a council
# would set itself. Councils replace them with their own in the settings file.
DEFAULT_TARGETS: Mapping[str, Target] = MappingProxyType(
    {
        "FD01": Target(90, 80),
        "RF02": Target(20, 23),
        "AS01": Target(90, 80),
        "AS02": Target(30, 40),
        "AS03": Target(0, 10),
        "CP02": Target(90, 80),
        "CP05": Target(20, 24),
        "CP06": Target(4, 6),
        "CP07": Target(0, 5),
        "CP08": Target(95, 85),
        "CP09": Target(95, 85),
        "CN02": Target(90, 80),
        "CN04": Target(0, 5),
        "LA02": Target(10, 12),
        "LA03": Target(70, 65),
        "LA04": Target(95, 85),
        "LA05": Target(95, 85),
        "LA06": Target(90, 80),
        "LA07": Target(90, 80),
        "LA08": Target(80, 65),
        "LA09": Target(0, 1),
        "CL01": Target(90, 80),
        "CL02": Target(90, 85),
        "CL03": Target(60, 50),
        "CL04": Target(95, 85),
        "WF01": Target(16, 20),
        "WF02": Target(0, 3),
        "WF03": Target(14, 18),
        "WF04": Target(16, 20),
        "WF05": Target(17, 22),
        "WF06": Target(10, 15),
        "WF07": Target(95, 85),
        "WF08": Target(0, 5),
        "WF09": Target(85, 80),
        "PL02": Target(26, 35),
        "LD01": Target(80, 70),
        "PF01": Target(95, 85),
        "QA02": Target(90, 75),
    }
)

MEASURE_CODE = re.compile(r"^[A-Z]{2}[0-9]{2}$")

# Visit priority: the points each factor gives per unit (a plan, a full week unseen, a missing episode,
# an open alert). `lineofsight.alerts.visit_priority` says what each factor measures and how it counts; a
# council tunes the weights in its settings file's [priority_weights] table, and 0 turns one off.
DEFAULT_PRIORITY_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "cp_plan": 30.0,
        "looked_after": 15.0,
        "cin_plan": 10.0,
        "weeks_not_seen": 2.0,
        "weeks_not_seen_alone": 1.0,
        "missing_episodes": 5.0,
        "repeat_cp_plan": 10.0,
        "changes_of_worker": 3.0,
        "under_one": 10.0,
        "neglect_or_multiple": 5.0,
        "open_alerts": 5.0,
    }
)

# Settings read from a table of their own rather than from [settings].
TABLES = ("targets", "priority_weights")


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
    care_leaver_contact_interval_weeks: int = dataclasses.field(
        default=8, metadata={"doc": "Most weeks between contacts with a care leaver aged 18 to 21."}
    )
    council_name: str | None = dataclasses.field(
        default=None,
        metadata={
            "doc": "The council's name in the web app's header; by default the stored name.",
            "type": str,
        },
    )
    population_0_17: int | None = dataclasses.field(
        default=None,
        metadata={"doc": "Children aged 0-17 in the council's area; by default the stored figure."},
    )
    small_number: int = dataclasses.field(
        default=5, metadata={"doc": "A denominator below this is flagged as a small number."}
    )
    moderation_one_in: int = dataclasses.field(
        default=5, metadata={"doc": "Case audits moderated: one in this many (1 moderates every audit)."}
    )
    targets: Mapping[str, Target] = dataclasses.field(
        default_factory=lambda: DEFAULT_TARGETS,
        metadata={"doc": "Target and amber edge per measure code, in [targets.CODE] tables."},
    )
    priority_weights: Mapping[str, float] = dataclasses.field(
        default_factory=lambda: DEFAULT_PRIORITY_WEIGHTS,
        metadata={"doc": "Points per unit of each visit priority factor, in a [priority_weights] table."},
    )

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        """Pickled (to a helper process of the web app's) with its read-only mappings as plain dicts,
        which pickle, and made read-only again on the other side (`_unpickled`)."""
        values = {
            field.name: dict(value) if isinstance(value := getattr(self, field.name), Mapping) else value
            for field in fields(self)
        }
        return (_unpickled, (values,))

    @classmethod
    def documented(cls) -> list[tuple[str, Any, str]]:
        """(name, default, description) for every setting of the [settings] table, for `settings show`
        and the docs. The tables (targets, priority weights) are listed by their own helpers."""
        return [(f.name, f.default, str(f.metadata["doc"])) for f in fields(cls) if f.name not in TABLES]


def load_settings(path: Path | None) -> Settings:
    """Defaults, overridden by a TOML file when one is given: its `[settings]` table, its
    `[targets.CODE]` tables and its `[priority_weights]` table."""
    if path is None:
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SettingsError(f"{path}: cannot read the settings file ({error.strerror})") from error
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: not valid TOML ({error})") from error
    values = dict(data.get("settings", {}))
    unknown_tables = set(data) - {"settings", *TABLES}
    if unknown_tables:
        raise SettingsError(f"{path}: [{sorted(unknown_tables)[0]}] is not a table lineofsight reads")
    known = {f.name: f for f in fields(Settings) if f.name not in TABLES}
    for name, value in values.items():
        if name not in known:
            raise SettingsError(f"{path}: [settings] {name} is not a setting")
        default = known[name].default
        expected = known[name].metadata.get("type") or (type(default) if default is not None else int)
        if expected is float and isinstance(value, int):
            continue
        if not isinstance(value, expected) or isinstance(value, bool):
            raise SettingsError(f"{path}: [settings] {name} must be {expected.__name__}, not {value!r}")
    targets = dict(DEFAULT_TARGETS)
    for code, table in data.get("targets", {}).items():
        targets[code] = _target(path, code, table)
    weights = _priority_weights(path, data.get("priority_weights", {}))
    return Settings(**values, targets=MappingProxyType(targets), priority_weights=weights)


def _priority_weights(path: Path, table: Any) -> Mapping[str, float]:
    """The default weights, with those the file names replaced. A weight is a number of points, 0 or
    more: 0 turns a factor off, and a negative weight would hide a risk, so it is refused."""
    if not isinstance(table, dict):
        raise SettingsError(f"{path}: priority_weights must be a table, [priority_weights]")
    weights = dict(DEFAULT_PRIORITY_WEIGHTS)
    for name, value in table.items():
        if name not in DEFAULT_PRIORITY_WEIGHTS:
            known = ", ".join(DEFAULT_PRIORITY_WEIGHTS)
            raise SettingsError(
                f"{path}: [priority_weights] {name} is not a visit priority factor (the factors: {known})"
            )
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SettingsError(f"{path}: [priority_weights] {name} must be a number, not {value!r}")
        if not math.isfinite(value) or value < 0:
            raise SettingsError(f"{path}: [priority_weights] {name} must be 0 or more, not {value!r}")
        weights[name] = float(value)
    return MappingProxyType(weights)


def _target(path: Path, code: str, table: Any) -> Target:
    where = f"{path}: [targets.{code}]"
    if not MEASURE_CODE.match(code):
        raise SettingsError(f"{where}: {code!r} is not a measure code such as AS01")
    if not isinstance(table, dict) or set(table) != {"target", "amber"}:
        raise SettingsError(f"{where} needs exactly two numbers: target and amber")
    for name in ("target", "amber"):
        if isinstance(table[name], bool) or not isinstance(table[name], int | float):
            raise SettingsError(f"{where} {name} must be a number, not {table[name]!r}")
    return Target(float(table["target"]), float(table["amber"]))


def _unpickled(values: dict[str, Any]) -> Settings:
    """Settings sent to another process (`Settings.__reduce__`), their mappings read-only again."""
    readonly: dict[str, Any] = {
        name: MappingProxyType(value) if isinstance(value, dict) else value for name, value in values.items()
    }
    return Settings(**readonly)
