"""`lineofsight load csww` and `lineofsight export csww`: the children's social work workforce census.

Presentation only: the census loads as the statutory returns do (`commands.returns`: a process of its
own, one transaction, the load and what it covered recorded), through `interchange.csww`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from lineofsight.commands import DbOption
from lineofsight.commands.returns import (
    DEFAULT_MAX_MB,
    DEFAULT_REJECTED,
    Json,
    MaxMemory,
    MaxSize,
    MaxTime,
    Out,
    Paths,
    Rejected,
    Strict,
    _export,
    _load,
    export_app,
    load_app,
)
from lineofsight.load_process import CPU_SECONDS, MEMORY_MB, LoadLimits

CensusYear = Annotated[
    int,
    typer.Option(
        "--year",
        min=2000,
        max=2100,
        metavar="YYYY",
        help="The census's year: it is taken on 30 September of it.",
        show_default=False,
    ),
]


@load_app.command("csww")
def load_csww(
    paths: Paths,
    db: DbOption = None,
    rejected: Rejected = DEFAULT_REJECTED,
    strict: Strict = False,
    max_size: MaxSize = DEFAULT_MAX_MB,
    as_json: Json = False,
    max_memory: MaxMemory = MEMORY_MB,
    max_time: MaxTime = CPU_SECONDS,
) -> None:
    """Load workforce census XML files (one per year, taken on 30 September): the workforce's starts,
    leavers, FTE and agency workers, and the council's vacancies."""
    _load("csww", paths, db, rejected, strict, max_size, as_json, LoadLimits.within(max_memory, max_time))


@export_app.command("csww")
def export_csww(out_path: Out, year: CensusYear, db: DbOption = None) -> None:
    """Write the workforce census XML taken on 30 September --year."""
    _export("csww", out_path, db, year, f"taken on 30 September {year}")


__all__ = ["export_csww", "load_csww"]
