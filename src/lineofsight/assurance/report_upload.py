"""An inspection report uploaded on the web, read safely into its text.

The web's Plans page takes a report or letter a director uploads (`web/pages/plan_import.py`); what
is read from it is `ofsted`'s, as for `lineofsight plan import-ofsted`. What this module adds is the
care an upload needs, as the Data page's has (`load_process`):

- **Limits before reading.** At most `MAX_UPLOAD_BYTES` (an ILACS report as a PDF is well under
  1 MB; the web server refuses a bigger body before it is read, `web.security.body_limit`), named
  `.txt` or `.pdf`, and not empty. The name is only ever shown, never used as a path.
- **A PDF is read in a process of its own**, within a ceiling of memory (`RLIMIT_AS`) and processor
  time (`RLIMIT_CPU`) and a clock in the parent: a PDF is a program of compressed streams, and a
  hostile one can ask pypdf for gigabytes or loop, which would take the server's other requests with
  it. A fresh interpreter (`python -m lineofsight.assurance.report_upload`), never a fork of the
  threaded server; the bytes go over its standard input and the text comes back over its output.
  A text file is only decoded, which needs no such care.
- **Said in one line**: any problem is an `InputError` naming the file and the reason.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import PurePath

from lineofsight.assurance import ofsted
from lineofsight.interchange.loading import InputError

MAX_UPLOAD_BYTES = 10 * 2**20
MAX_TEXT_CHARACTERS = 400_000  # the longest ILACS report's text is about 60,000
# Reading the inspection of 000 as a 30 KB PDF in the child, interpreter and imports included, took
# 1.6 s of processor, 4.2 s in all on a busy two-core machine and 137 MB resident (`/usr/bin/time -v`):
# the limits leave room for a report of a hundred pages, and none for a PDF built to explode.
MEMORY_MB = 1024
CPU_SECONDS = 20
WALL_SECONDS = 40
SUFFIXES = (".txt", ".pdf")


def upload_text(name: str, raw: bytes) -> str:
    """The text of an uploaded report, or an InputError naming it and what is wrong."""
    shown = PurePath(name.replace("\\", "/")).name or "the upload"
    if PurePath(shown).suffix.lower() not in SUFFIXES:
        raise InputError(shown, "choose a report saved as text (.txt) or as a PDF (.pdf)")
    if not raw:
        raise InputError(shown, "the file is empty")
    if len(raw) > MAX_UPLOAD_BYTES:
        raise InputError(
            shown, f"the file is over the {MAX_UPLOAD_BYTES // 2**20} MB a report may be: is it the report?"
        )
    if raw.startswith(b"%PDF"):
        text = pdf_text_in_child(shown, raw)
    elif shown.lower().endswith(".pdf"):
        raise InputError(shown, "the file is named .pdf but is not a PDF")
    else:
        text = ofsted.text_of(shown, raw)
    if len(text) > MAX_TEXT_CHARACTERS:
        raise InputError(
            shown, f"its text runs to more than {MAX_TEXT_CHARACTERS:,} characters: is it the report?"
        )
    if not text.strip():
        raise InputError(shown, "the file holds no text")
    return text


def pdf_text_in_child(name: str, raw: bytes) -> str:
    """A PDF's text, read by a child process within the limits (see the module)."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "lineofsight.assurance.report_upload", name],
            input=raw,
            capture_output=True,
            timeout=WALL_SECONDS,
            check=False,
            env={**os.environ, "POLARS_MAX_THREADS": "1"},
        )
    except subprocess.TimeoutExpired:
        raise InputError(
            name, f"reading it took more than {WALL_SECONDS} seconds, so it was stopped"
        ) from None
    try:
        answer = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        answer = None
    if done.returncode != 0 or not isinstance(answer, dict):
        raise InputError(
            name,
            f"reading it needed more than the {MEMORY_MB:,} MB of memory or {CPU_SECONDS} seconds of "
            "processor time a report may use, so it was stopped",
        )
    if "error" in answer:
        raise InputError(name, str(answer["error"]), place=answer.get("place"))
    return str(answer["text"])


def _limit() -> None:
    memory = MEMORY_MB * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(used.ru_utime + used.ru_stime) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (spent + CPU_SECONDS, spent + CPU_SECONDS + 5))


def child_main() -> None:
    """The child: read the bytes from standard input within the limits, and answer in JSON."""
    name = sys.argv[1] if len(sys.argv) > 1 else "report.pdf"
    _limit()
    raw = sys.stdin.buffer.read()
    try:
        answer: dict[str, str | None] = {"text": ofsted.pdf_text(name, raw)}
    except InputError as error:
        answer = {"error": error.reason, "place": error.place}
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    child_main()
