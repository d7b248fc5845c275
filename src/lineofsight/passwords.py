"""Passwords: the rules a new password must meet, and how passwords are kept.

The rules follow the NCSC's password guidance (https://www.ncsc.gov.uk/collection/passwords): length
over composition rules (which only push people to `Password1!`), and a deny list of the passwords
attackers try first.

- At least `MIN_PASSWORD_LENGTH` (12) characters, not counting spaces at either end or repeated
  spaces, so that twelve spaces is no password; at most `MAX_PASSWORD_LENGTH`, so that a megabyte
  "password" cannot tie up the server.
- At least `MIN_DIFFERENT_CHARACTERS` (4) different characters (`111111111111` is not twelve of
  anything), and not the username.
- Not one of the 100,000 passwords found most often in breaches, in any mix of upper and lower case.
  The list is the NCSC's own, `PwnedPasswordsTop100k.txt`, published by the NCSC from Troy Hunt's
  Have I Been Pwned data (Crown copyright, under the Open Government Licence v3.0). It ships with
  lineofsight, unchanged but gzipped (`data/PwnedPasswordsTop100k.txt.gz`; `COMMON_PASSWORDS_SHA256`
  is the digest of the file as the NCSC publishes it, which a test checks), so nothing is fetched at
  run time and a council network without internet gets the same rules.

Passwords are hashed with argon2id, so a stolen database does not give them away, at OWASP's
recommended minimum (Password Storage Cheat Sheet: 19 MiB of memory, 2 passes, 1 lane; `HASHER`).
Why not argon2-cffi's defaults (RFC 9106's second recommended option, 64 MiB, 3 passes, 4 lanes):
those cost about 180 ms of a core per sign-in, and fifty people signing in at 9am on a two-core
server then wait most of a second each (issue 15's measurements); OWASP's settings cost about 22 ms and
are the ones it gives as enough with a password policy like ours (twelve characters at least, none of
the 100,000 commonest). A hash made with other parameters (the defaults, before) still verifies, and
is made again with these at the next sign-in (`needs_rehash`). Nothing here logs or prints a password.
"""

from __future__ import annotations

import functools
import gzip
import secrets
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
MIN_DIFFERENT_CHARACTERS = 4
COMMON_PASSWORDS_FILE = "PwnedPasswordsTop100k.txt.gz"
COMMON_PASSWORDS_SHA256 = "3fd4ce60530d6ee1085350838f9c748eff618ecd9ec0e4aba9b90f778c557ff5"

# OWASP's minimum for argon2id (see the module's docstring): 19 MiB, 2 passes, 1 lane.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


class PasswordError(ValueError):
    """A password that may not be used; the message says why, in a user's words."""


def common_passwords_text() -> bytes:
    """The NCSC's list as published (the shipped file, unzipped)."""
    packed = resources.files("lineofsight").joinpath("data", COMMON_PASSWORDS_FILE).read_bytes()
    return gzip.decompress(packed)


@functools.cache
def common_passwords() -> frozenset[str]:
    """The NCSC's 100,000 most common passwords, in lower case (read once per process, about 0.1 s).

    The file opens with a few lines of the NCSC's own note, each starting `***`, then `--`: those are
    not passwords."""
    lines = common_passwords_text().decode("utf-8").splitlines()
    start = lines.index("--") + 1 if "--" in lines else 0
    return frozenset(line.lower() for line in lines[start:] if line)


def check_password(password: str, username: str | None = None) -> None:
    """Refuse (`PasswordError`) a password that breaks a rule: too short, too long, too few different
    characters, the username, or a common password."""
    counted = " ".join(password.split())  # spaces at the ends and repeated spaces do not count
    if len(counted) < MIN_PASSWORD_LENGTH:
        if not counted:
            raise PasswordError("the password must not be only spaces")
        raise PasswordError(
            f"the password must be at least {MIN_PASSWORD_LENGTH} characters long, not counting "
            "spaces at either end or repeated spaces"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PasswordError(f"the password must be at most {MAX_PASSWORD_LENGTH} characters long")
    if len(set(password)) < MIN_DIFFERENT_CHARACTERS:
        raise PasswordError(
            f"the password must have at least {MIN_DIFFERENT_CHARACTERS} different characters"
        )
    if username is not None and counted.lower() == username.strip().lower():
        raise PasswordError("the password must not be the username")
    if password.lower() in common_passwords() or counted.lower() in common_passwords():
        raise PasswordError(
            "the password is one of the 100,000 passwords most often found in breaches (the NCSC's "
            "list): choose another, for example three random words"
        )


def hash_password(password: str) -> str:
    """The argon2id hash of a password, in the encoded form that carries its own salt and parameters."""
    return HASHER.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    """Whether the password is the one hashed (argon2 compares in constant time)."""
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a hash was made with other parameters than today's (argon2-cffi's defaults, before
    issue 15), so should be made again."""
    return HASHER.check_needs_rehash(password_hash)


@functools.cache
def stand_in_hash() -> str:
    """A hash to verify against when there is no account to check, so that the answer takes as long."""
    return hash_password(secrets.token_urlsafe(16))
