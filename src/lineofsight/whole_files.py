"""Files written whole or not at all: a return or report is written beside where it belongs and
moved into place only when it is complete.

Why: a writer that meets a full disk (or is killed) half-way leaves a file that looks like a return
and is not one; loaded back, or sent to the DfE, it would lose children without a word. Written
under a hidden name in the same folder, a file is moved into place by a rename, which the
filesystem does all at once; whatever stops the writing leaves the old file (if any) as it was and
the hidden one removed. A 903 return is a folder of tables: each table is moved into place whole,
and none is moved until every one of them has been written.
"""

from __future__ import annotations

import errno
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


class WriteError(Exception):
    """A file could not be written; one line naming it and why, with nothing of it left behind."""


def write_whole(out_path: Path, folder: bool, write: Callable[[Path], Path | list[Path]]) -> list[Path]:
    """Call `write` with a hidden place beside `out_path` (a file of the same name in a hidden
    folder, or a hidden folder when the output is a folder), then move what it wrote into place.
    Returns the files now in place. Raises `WriteError` for a full disk or any other failure to
    write, having removed everything it wrote."""
    parent = out_path.parent
    parent.mkdir(parents=True, exist_ok=True)
    hidden = Path(tempfile.mkdtemp(prefix=f".{out_path.name}.", suffix=".partial", dir=parent))
    try:
        written = write(hidden if folder else hidden / out_path.name)
        files = written if isinstance(written, list) else [written]
        if folder:
            out_path.mkdir(exist_ok=True)
            placed = []
            for file in files:
                placed.append(Path(file).replace(out_path / Path(file).name))
            return placed
        Path(files[0]).replace(out_path)
        return [out_path]
    except OSError as error:
        raise WriteError(f"{out_path}: {_why(error)}; nothing of it was written") from None
    finally:
        shutil.rmtree(hidden, ignore_errors=True)


def _why(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    return error.strerror or str(error)
