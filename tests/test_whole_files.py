"""Returns are written whole or not at all: a full disk half-way leaves no file that looks like a
return and is not one, and the command says so in one line (issue 15, item 6's fault: the disk
filling during an export)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from lineofsight.cli import main
from lineofsight.whole_files import WriteError, write_whole


def disk_full() -> OSError:
    return OSError(errno.ENOSPC, "No space left on device")


def test_a_file_written_whole_is_moved_into_place_and_nothing_hidden_is_left(tmp_path: Path) -> None:
    def write(place: Path) -> Path:
        place.write_text("<Message/>")
        return place

    placed = write_whole(tmp_path / "census.xml", False, write)
    assert placed == [tmp_path / "census.xml"]
    assert (tmp_path / "census.xml").read_text() == "<Message/>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["census.xml"]


def test_a_disk_full_half_way_leaves_the_old_file_as_it_was_and_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "census.xml").write_text("last year's census")

    def write(place: Path) -> Path:
        place.write_text("<Message><Children>")  # half a census, then the disk is full
        raise disk_full()

    with pytest.raises(WriteError) as raised:
        write_whole(tmp_path / "census.xml", False, write)
    assert str(raised.value) == f"{tmp_path / 'census.xml'}: the disk is full; nothing of it was written"
    assert (tmp_path / "census.xml").read_text() == "last year's census"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["census.xml"]


def test_a_903_folder_gets_none_of_its_tables_unless_every_table_was_written(tmp_path: Path) -> None:
    def write(folder: Path) -> list[Path]:
        (folder / "header.csv").write_text("CHILD\n")
        (folder / "episodes.csv").write_text("CHILD\n")
        raise disk_full()  # the third table does not fit

    with pytest.raises(WriteError, match="the disk is full"):
        write_whole(tmp_path / "ssda903", True, write)
    assert list(tmp_path.iterdir()) == []

    def write_all(folder: Path) -> list[Path]:
        for name in ("header.csv", "episodes.csv"):
            (folder / name).write_text("CHILD\n")
        return [folder / "header.csv", folder / "episodes.csv"]

    placed = write_whole(tmp_path / "ssda903", True, write_all)
    assert sorted(p.name for p in placed) == ["episodes.csv", "header.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ssda903"]


def test_other_failures_to_write_are_named_too(tmp_path: Path) -> None:
    def write(place: Path) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied")

    with pytest.raises(WriteError, match=r"annex-a.xlsx: Permission denied; nothing of it was written"):
        write_whole(tmp_path / "annex-a.xlsx", False, write)


def test_lineofsight_export_onto_a_full_disk_says_so_in_one_line_and_leaves_no_partial_census(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    council = str(tmp_path / "council.db")
    main(["synth", "--population", "2000", "--years", "1", "--db", council])
    capsys.readouterr()
    from lineofsight.interchange import cin_census

    real = cin_census.write_cin_census

    def fills_the_disk(engine: object, year: int, out: Path) -> Path:
        written = real(engine, year, out)  # type: ignore[arg-type]
        with written.open("r+b") as census:  # the disk filled after the first 4 KB
            census.truncate(4096)
        raise disk_full()

    monkeypatch.setattr(cin_census, "write_cin_census", fills_the_disk)
    out = tmp_path / "returns" / "census.xml"
    with pytest.raises(SystemExit) as exit_:
        main(["export", "cin", "--year", "2026", "--out", str(out), "--db", council])
    assert exit_.value.code == 1
    said = capsys.readouterr().err.strip().splitlines()
    assert said == [f"lineofsight: error: {out}: the disk is full; nothing of it was written"]
    assert list(out.parent.iterdir()) == []
