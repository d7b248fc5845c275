"""The settings file: defaults, overrides, targets, and clear errors."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from lineofsight.settings import (
    DEFAULT_PRIORITY_WEIGHTS,
    DEFAULT_TARGETS,
    Settings,
    SettingsError,
    Target,
    load_settings,
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "local.toml"
    path.write_text(text)
    return path


def test_with_no_file_every_setting_has_its_documented_default() -> None:
    settings = load_settings(None)
    assert settings == Settings()
    assert settings.cp_visit_interval_working_days == 10
    assert settings.targets["AS01"] == DEFAULT_TARGETS["AS01"]
    assert all(doc for _, _, doc in Settings.documented())


def test_a_file_overrides_settings_and_targets_and_keeps_the_other_defaults(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "[settings]\ncaseload_cap_qualified = 22\n\n[targets.AS01]\ntarget = 95\namber = 85.5\n",
    )
    settings = load_settings(path)
    assert settings.caseload_cap_qualified == 22
    assert settings.targets["AS01"] == Target(95, 85.5)
    assert settings.targets["CP02"] == DEFAULT_TARGETS["CP02"]


def test_settings_sent_to_another_process_come_back_the_same_and_read_only(tmp_path: Path) -> None:
    # The web app sends its settings to the helper process that works out the overview (pickled);
    # the read-only mappings of targets and weights do not pickle as they are.
    path = write(
        tmp_path, "[settings]\ncaseload_cap_qualified = 22\n\n[targets.AS01]\ntarget = 95\namber = 85.5\n"
    )
    settings = load_settings(path)
    sent = pickle.loads(pickle.dumps(settings))
    assert sent == settings
    assert sent.caseload_cap_qualified == 22 and sent.targets["AS01"] == Target(95, 85.5)
    with pytest.raises(TypeError):
        sent.targets["AS01"] = Target(1, 2)  # type: ignore[index]
    with pytest.raises(TypeError):
        sent.priority_weights["cp_plan"] = 0  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[settings]\nno_such = 1\n", "[settings] no_such is not a setting"),
        ("[settings]\nsmall_number = 'five'\n", "[settings] small_number must be int"),
        ("[colours]\nred = 1\n", "[colours] is not a table lineofsight reads"),
        ("[targets.AS01]\ntarget = 95\n", "[targets.AS01] needs exactly two numbers"),
        ("[targets.AS01]\ntarget = 'high'\namber = 1\n", "[targets.AS01] target must be a number"),
        ("[targets.as1]\ntarget = 1\namber = 2\n", "'as1' is not a measure code"),
        ("[settings\n", "not valid TOML"),
        ("[priority_weights]\nluck = 3\n", "[priority_weights] luck is not a visit priority factor"),
        ("[priority_weights]\ncp_plan = 'high'\n", "[priority_weights] cp_plan must be a number, not 'high'"),
        ("[priority_weights]\ncp_plan = true\n", "[priority_weights] cp_plan must be a number, not True"),
        ("[priority_weights]\nunder_one = -5\n", "[priority_weights] under_one must be 0 or more, not -5"),
        ("[priority_weights]\nunder_one = nan\n", "[priority_weights] under_one must be 0 or more, not nan"),
        ("priority_weights = 3\n", "priority_weights must be a table, [priority_weights]"),
    ],
)
def test_a_bad_file_names_the_file_and_the_setting(tmp_path: Path, text: str, says: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SettingsError) as error:
        load_settings(path)
    assert str(error.value).startswith(str(path))
    assert says in str(error.value)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="cannot read the settings file"):
        load_settings(tmp_path / "absent.toml")


def test_a_file_overrides_priority_weights_and_keeps_the_other_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, "[priority_weights]\nweeks_not_seen = 5\nunder_one = 0\nopen_alerts = 2.5\n")
    weights = load_settings(path).priority_weights
    assert (weights["weeks_not_seen"], weights["under_one"], weights["open_alerts"]) == (5, 0, 2.5)
    assert weights["cp_plan"] == DEFAULT_PRIORITY_WEIGHTS["cp_plan"]
    assert list(weights) == list(DEFAULT_PRIORITY_WEIGHTS)


def test_the_tables_are_not_among_the_documented_simple_settings() -> None:
    names = [name for name, _, _ in Settings.documented()]
    assert "targets" not in names and "priority_weights" not in names
    assert "cp_visit_interval_working_days" in names
