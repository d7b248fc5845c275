"""The council's data as frames: every table is handed out whole, however it arrived."""

from __future__ import annotations

import datetime as dt

import polars as pl

from lineofsight.data import CouncilData


def in_two_pieces(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame as two chunks, as a load appended to an earlier read (or a PostgreSQL batch) gives it."""
    half = frame.height // 2
    return pl.concat([frame[:half], frame[half:]], rechunk=False)


def test_a_table_that_arrives_in_pieces_is_handed_out_as_one_chunk_per_column() -> None:
    person = in_two_pieces(
        pl.DataFrame(
            {
                "person_id": ["C1", "C2", "C3"],
                "person_dob": [dt.date(2024, 6, 1), dt.date(2025, 1, 1), dt.date(2025, 6, 1)],
            }
        )
    )
    assert person.n_chunks("all") == [2, 2]
    data = CouncilData(frames={"person": person})
    assert data["person"].n_chunks("all") == [1, 1]
    assert data["person"].equals(person)  # the same rows, in the same order
