"""Regenerate the README's worked examples from the data they describe, so that they cannot drift.

    .venv/bin/python scripts/readme_examples.py README.md [--keep DIR]     (make docs runs it)

A worked example is a code block whose lines start `$ lineofsight ...`, each followed by what it
printed, under a marker naming the synthetic council it ran on:

    <!-- example: stretched, seed 1, 5 years to 2026-03-31, first 8 lines -->

The script generates that council (into a temporary folder, or into --keep DIR and reused), runs each
command on it (`--db` added: the README leaves it out for brevity), and writes what it printed in
place of the old output; "first N lines" keeps the first N lines of each output and marks the cut
with "…". Everything else in the README is left as it was.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

MARKER = re.compile(
    r"<!-- example: (?P<profile>\w+), seed (?P<seed>\d+), (?P<years>\d+) years to (?P<end>\d{4}-\d\d-\d\d)"
    r"(?:, first (?P<lines>\d+) lines)? -->\n```\n(?P<body>.*?)```",
    re.DOTALL,
)
CUT = "…"

# Runs one command (its words after `lineofsight`) on a council, and gives what it printed.
Runner = Callable[[list[str], str], str]


def council_key(found: re.Match[str]) -> tuple[str, int, int, dt.date]:
    return (
        found["profile"],
        int(found["seed"]),
        int(found["years"]),
        dt.date.fromisoformat(found["end"]),
    )


def commands_in(body: str) -> list[str]:
    """The commands of a worked example, in order (each line `$ lineofsight ...`)."""
    return [line[2:] for line in body.splitlines() if line.startswith("$ lineofsight ")]


def rewrite(text: str, run: Callable[[tuple[str, int, int, dt.date], list[str]], str]) -> str:
    """The README with every worked example's output printed afresh by `run(council, words)`."""

    def example(found: re.Match[str]) -> str:
        keep = int(found["lines"]) if found["lines"] else None
        parts = []
        for command in commands_in(found["body"]):
            printed = [
                line.rstrip() for line in run(council_key(found), shlex.split(command)[1:]).splitlines()
            ]
            if keep is not None and len(printed) > keep:
                printed = [*printed[:keep], CUT]
            parts.append("\n".join([f"$ {command}", *printed]))
        opening = found.group(0)[: found.start("body") - found.start()]
        return opening + "\n\n".join(parts) + "\n```"

    return MARKER.sub(example, text)


def lineofsight(words: list[str], db: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "lineofsight", *words, "--db", db],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"readme_examples: `lineofsight {shlex.join(words)}` failed: {done.stderr.strip()}")
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("readme", type=Path)
    parser.add_argument("--keep", type=Path, help="Keep the generated councils here, and reuse them.")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = options.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        made: dict[tuple[str, int, int, dt.date], str] = {}

        def run(council: tuple[str, int, int, dt.date], words: list[str]) -> str:
            if council not in made:
                profile, seed, years, end = council
                db = folder / f"{profile}-seed{seed}-{years}y-{end.isoformat()}.db"
                if not db.exists():
                    print(f"Generating the {profile} council into {db}...", file=sys.stderr)
                    lineofsight(
                        [
                            "synth",
                            "--profile",
                            profile,
                            "--seed",
                            str(seed),
                            "--years",
                            str(years),
                            "--end",
                            end.isoformat(),
                        ],
                        str(db),
                    )
                made[council] = str(db)
            print(f"Running lineofsight {shlex.join(words)}...", file=sys.stderr)
            return lineofsight(words, made[council])

        text = options.readme.read_text(encoding="utf-8")
        options.readme.write_text(rewrite(text, run), encoding="utf-8")


if __name__ == "__main__":
    main()
