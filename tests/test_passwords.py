"""The password rules: length that does not count padding, a few different characters, not the username,
and not one of the NCSC's 100,000 most common passwords, from the list shipped with lineofsight."""

from __future__ import annotations

import hashlib

import pytest

from lineofsight import passwords


def test_the_shipped_list_is_the_ncscs_own_file_unchanged() -> None:
    published = passwords.common_passwords_text()
    assert hashlib.sha256(published).hexdigest() == passwords.COMMON_PASSWORDS_SHA256
    assert published.startswith(b"***  Please note that this file contains the top 100,000 passwords")
    listed = passwords.common_passwords()
    # 100,000 lines, of which about 2,000 differ from another only in case, which the check ignores.
    assert 97_000 < len(listed) <= 100_000
    assert {"123456", "password", "iloveyou", "password1234", "qwertyuiop12"} <= listed
    assert not any("please note that this file contains" in line for line in listed)  # the NCSC's note


@pytest.mark.parametrize(
    ("password", "says"),
    [
        (" " * 12, "must not be only spaces"),
        ("\t \n" * 10, "must not be only spaces"),
        ("a" + " " * 20 + "b", "at least 12 characters long, not counting spaces"),
        ("  short one  ", "at least 12 characters long"),
        ("x" * 1025, "at most 1024 characters"),
        ("abababababab", "at least 4 different characters"),
        ("password1234", "one of the 100,000 passwords most often found in breaches"),
        ("Password1234", "one of the 100,000 passwords most often found in breaches"),
        ("QWERTYUIOP12", "one of the 100,000 passwords most often found in breaches"),
        ("  iloveyou1234 ", "one of the 100,000 passwords most often found in breaches"),
        ("jsmith.social", "must not be the username"),
    ],
)
def test_a_weak_password_is_refused_with_the_reason(password: str, says: str) -> None:
    with pytest.raises(passwords.PasswordError, match=says):
        passwords.check_password(password, "jsmith.social")


@pytest.mark.parametrize(
    "password", ["correct horse battery", "twelve chars", "Tr0ub4dor&3 staple", "ünïcödé pässwörd"]
)
def test_a_long_uncommon_password_is_accepted(password: str) -> None:
    passwords.check_password(password, "jsmith")
