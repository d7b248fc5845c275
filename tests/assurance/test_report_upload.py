"""A report uploaded on the web is read safely: named .txt or .pdf, not empty, not too big, and a PDF
read in a process of its own; every refusal one line naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest
import weasyprint

from lineofsight.assurance import ofsted, report_upload
from lineofsight.interchange.loading import InputError
from tests.assurance.conftest import CONTEXT

INSPECTION = CONTEXT / "000_607ff838f21db846.txt"


def test_a_text_report_reads_as_the_cli_reads_it() -> None:
    raw = INSPECTION.read_bytes()
    text = report_upload.upload_text("inspection.txt", raw)
    assert ofsted.parse_report(text, "inspection.txt").points == ofsted.read_report(INSPECTION).points


def test_a_pdf_is_read_in_a_child_process_and_says_the_same(tmp_path: Path) -> None:
    lines = INSPECTION.read_text(encoding="utf-8").splitlines()
    paragraphs = "".join(f"<p>{line}</p>" if line.strip() else "<br>" for line in lines)
    raw = weasyprint.HTML(string=f"<html><body>{paragraphs}</body></html>").write_pdf()
    assert raw is not None
    report = ofsted.parse_report(report_upload.upload_text("C:\\Users\\me\\report.pdf", raw), "report.pdf")
    assert report.council == ofsted.read_report(INSPECTION).council and len(report.points) == 9


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("report.docx", b"PK\x03\x04", r"^report\.docx: choose a report saved as text \(\.txt\) or as a PDF"),
        ("report.txt", b"", r"^report\.txt: the file is empty$"),
        ("report.pdf", b"plain words", r"^report\.pdf: the file is named \.pdf but is not a PDF$"),
        # A broken PDF is refused by the child, which says why, with the file's name (no folder).
        ("../../etc/report.pdf", b"%PDF-1.7 this is not really a pdf", r"^report\.pdf: is not a PDF"),
    ],
)
def test_what_is_not_a_report_is_refused_in_one_line_naming_the_file(
    name: str, raw: bytes, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        report_upload.upload_text(name, raw)


def test_a_file_over_the_limit_is_refused_before_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_upload, "MAX_UPLOAD_BYTES", 2**20)
    with pytest.raises(InputError, match=r"^big\.pdf: the file is over the 1 MB a report may be"):
        report_upload.upload_text("big.pdf", b"%PDF" + b"0" * 2**20)


def test_a_pdf_that_takes_too_long_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    # No PDF reads in a hundredth of a second, with the interpreter to start: so it is stopped.
    monkeypatch.setattr(report_upload, "WALL_SECONDS", 0.01)
    with pytest.raises(InputError, match=r"^slow\.pdf: reading it took more than 0\.01 seconds"):
        report_upload.upload_text("slow.pdf", b"%PDF-1.7\n")
