"""The settings file: defaults, overrides, targets, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from lineofsight.settings import DEFAULT_TARGETS, Settings, SettingsError, Target, load_settings


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
