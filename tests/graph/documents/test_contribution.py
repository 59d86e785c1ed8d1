"""Reading contributions: each file type from its content, split into items, and every hostile file refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter

from graph.documents.contribution import MAX_BYTES, Paragraph, read_contribution, sniff, split_items
from graph.errors import ContributionError

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "contributions" / "two-items.md"


def _sample_headings() -> list[str]:
    """The item headings of the sample, read from the file itself (its level-2 markdown headings)."""
    return [line[3:].strip() for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]


def _docx_of_sample() -> bytes:
    """The sample written as a real Word document, headings in Word's heading styles."""
    document = docx.Document()
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            document.add_heading(line.lstrip("#").strip(), level=level)
        elif line.strip():
            document.add_paragraph(line.strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf_with_text(text: str) -> bytes:
    """A one-page PDF whose content stream draws ``text`` (built by hand: no PDF writer here draws text)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_markdown_sample_splits_into_its_two_items() -> None:
    items = split_items(read_contribution(SAMPLE))
    assert [i.title for i in items] == _sample_headings()
    assert [i.kind for i in items] == ["question", "resolution"]
    assert "universal service funds" in items[0].body and "cyberthreats" in items[1].body


def test_word_document_splits_like_the_markdown() -> None:
    items = split_items(read_contribution(_docx_of_sample(), name="sample.docx"))
    assert [i.title for i in items] == _sample_headings()


def test_pdf_text_is_read() -> None:
    paragraphs = read_contribution(_pdf_with_text("Draft new Question 9/2 on spectrum"), name="q.pdf")
    assert "spectrum" in paragraphs[0].text
    assert split_items(paragraphs)[0].kind == "question"


def test_text_without_item_heading_is_one_item() -> None:
    items = split_items([Paragraph("Cooperation on emergency telecommunications"), Paragraph("Early warning.")])
    assert [(i.kind, i.title, i.body) for i in items] == [
        ("text", "Cooperation on emergency telecommunications", "Early warning.")
    ]


def test_type_comes_from_the_content_not_the_name(tmp_path: Path) -> None:
    disguised = tmp_path / "looks-like.txt"
    disguised.write_bytes(_docx_of_sample())
    assert sniff(disguised.read_bytes()) == "docx"
    assert [i.title for i in split_items(read_contribution(disguised))] == _sample_headings()


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"\x00\x01\x02binary", "neither a Word"),
        (b"%PDF-1.7\nnot a pdf at all", "PDF cannot be read"),
        (b"PK\x03\x04truncated zip", "Word file is broken"),
        (_zip({"content.xml": b"<x/>"}), "not a Word document"),
        (_zip({"word/document.xml": b"<w:document/>"}), "cannot be read"),
        (_zip({"word/document.xml": b"\0" * 2_000_000}), "zip bomb"),
        (b"\xff\xfe\xfa not utf-8 \xc3\x28", "not UTF-8"),
    ],
    ids=["empty", "binary", "broken-pdf", "broken-zip", "zip-not-docx", "broken-docx", "zip-bomb", "not-utf8"],
)
def test_hostile_files_are_refused_with_their_reason(data: bytes, message: str) -> None:
    with pytest.raises(ContributionError, match=message) as caught:
        read_contribution(data, name="upload")
    assert "Fix:" in str(caught.value)


def test_encrypted_pdf_is_refused() -> None:
    with pytest.raises(ContributionError, match="encrypted"):
        read_contribution(_encrypted_pdf(), name="locked.pdf")


def test_oversized_input_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(ContributionError, match="over the limit"):
        read_contribution(big)
    with pytest.raises(ContributionError, match="no such file"):
        read_contribution(tmp_path / "missing.docx")
