"""Read a contribution (docx, pdf, txt or md) into its paragraphs, and split it into items at their headings.

The file type is read from the content (its first bytes), never from the name; a file past
the size limit, a zip that would inflate past it, an encrypted or broken PDF and a broken
docx each raise :class:`~graph.errors.ContributionError` naming the problem and the fix.
Nothing is written to disk: the bytes are read in memory.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from graph.errors import ContributionError

__all__ = [
    "MAX_BYTES",
    "MAX_INFLATED_BYTES",
    "Item",
    "Paragraph",
    "read_contribution",
    "sniff",
    "split_items",
]

MAX_BYTES = 10_000_000  # an upload or file past this is refused before it is parsed
MAX_INFLATED_BYTES = 50_000_000  # a docx whose parts inflate past this is treated as a zip bomb
MAX_RATIO = 100  # nor may one part inflate more than this many times its compressed size

# a heading that opens an item names a draft, new, revised or proposed Question, Resolution or
# initiative, or one with its number ("Question 7/1", "Resolution 45", "AFR3"); "Question or issue
# for study", a section inside a Question, opens none
_QUALIFIER = r"(?:draft|new|revised|proposed|projet\s+de|nouvelle|révisée?|proposée?)\b"
_THING = r"(question|resolution|résolution|regional\s+initiative|initiative\s+régionale|initiative)\b"
_ITEM_HEADING = re.compile(
    rf"^\s*(?:(?:{_QUALIFIER}\s+)+(?:\w+\s+)?{_THING}|{_THING}\s+(?:no\.?\s*|n°\s*)?(?=[A-Z]*\d))",
    re.IGNORECASE,
)
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a contribution; ``level`` is its heading level (0 for body text)."""

    text: str
    level: int = 0


@dataclass(frozen=True)
class Item:
    """One proposal of a contribution: its heading, what it proposes (question, resolution,
    initiative or text) and its body."""

    title: str
    kind: str
    body: str

    @property
    def text(self) -> str:
        """Heading and body together: what the item is compared on."""
        return f"{self.title}\n{self.body}".strip()


def sniff(data: bytes) -> str:
    """The file type of ``data`` from its first bytes: ``docx``, ``pdf`` or ``text``.

    >>> sniff(b"%PDF-1.7 ..."), sniff(b"Question 1/2"), sniff(b"PK\\x03\\x04")
    ('pdf', 'text', 'docx')
    """
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if b"\x00" in data[:4096]:
        raise ContributionError(
            "the file is binary but neither a Word (.docx) nor a PDF document",
            fix="upload a .docx, .pdf, .txt or .md file",
        )
    return "text"


def _docx(data: bytes) -> list[Paragraph]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as err:
        raise ContributionError(f"the Word file is broken ({err})", fix="save it again from Word as .docx") from None
    if "word/document.xml" not in {i.filename for i in infos}:
        raise ContributionError(
            "the zip file is not a Word document (no word/document.xml)",
            fix="upload a .docx saved by Word or LibreOffice",
        )
    inflated = sum(i.file_size for i in infos)
    ratio = max((i.file_size / max(i.compress_size, 1) for i in infos), default=0)
    if inflated > MAX_INFLATED_BYTES or ratio > MAX_RATIO:
        raise ContributionError(
            f"the Word file would inflate to {inflated:,} bytes (a zip bomb?)",
            fix=f"upload a document under {MAX_INFLATED_BYTES:,} bytes uncompressed",
        )
    import docx  # python-docx; imported here so that reading text files does not load it

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises KeyError, ValueError, lxml errors on broken parts
        raise ContributionError(
            f"the Word file cannot be read ({type(err).__name__})", fix="open and save it again in Word as .docx"
        ) from None
    paragraphs = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        match = re.match(r"(?:Heading|Titre)\s*(\d)", style)
        level = int(match.group(1)) if match else (1 if style == "Title" else 0)
        paragraphs.append(Paragraph(text, level))
    return paragraphs


def _pdf(data: bytes) -> list[Paragraph]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ContributionError("the PDF is encrypted", fix="upload an unprotected copy, or the .docx")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ContributionError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as err:
        raise ContributionError(
            f"the PDF cannot be read ({type(err).__name__})",
            fix="upload the .docx, or a PDF saved again from its source",
        ) from None
    return _text("\n".join(pages))


def _text(text: str) -> list[Paragraph]:
    paragraphs = []
    for block in re.split(r"\n\s*\n|\r\n\s*\r\n", text):
        for line in block.splitlines() if _MARKDOWN_HEADING.match(block.strip()) else [block]:
            line = line.strip()
            if not line:
                continue
            heading = _MARKDOWN_HEADING.match(line)
            if heading:
                paragraphs.append(Paragraph(heading.group(2).strip(), len(heading.group(1))))
            else:
                paragraphs.append(Paragraph(" ".join(line.split())))
    return paragraphs


def read_contribution(source: Path | bytes, *, name: str = "contribution") -> list[Paragraph]:
    """The paragraphs of a contribution given as a path or as bytes (an upload, standard input)."""
    if isinstance(source, Path):
        name = str(source)
        if not source.is_file():
            raise ContributionError(f"no such file: {source}", fix="give the path of a .docx, .pdf, .txt or .md file")
        if source.stat().st_size > MAX_BYTES:
            raise ContributionError(
                f"{source} is over the limit of {MAX_BYTES:,} bytes", fix="split the contribution into smaller files"
            )
        data = source.read_bytes()
    else:
        data = source
    if len(data) > MAX_BYTES:
        raise ContributionError(
            f"{name} is over the limit of {MAX_BYTES:,} bytes", fix="split the contribution into smaller files"
        )
    if not data.strip():
        raise ContributionError(f"{name} is empty", fix="give a contribution with at least one paragraph")
    kind = sniff(data)
    if kind == "docx":
        paragraphs = _docx(data)
    elif kind == "pdf":
        paragraphs = _pdf(data)
    else:
        try:
            paragraphs = _text(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise ContributionError(f"{name} is not UTF-8 text", fix="save it as UTF-8, or upload the .docx") from None
    if not paragraphs:
        raise ContributionError(f"{name} has no text", fix="a scanned PDF has no text layer: upload the .docx")
    return paragraphs


def _kind(heading: str) -> str | None:
    match = _ITEM_HEADING.match(heading)
    if not match:
        return None
    word = (match.group(1) or match.group(2)).lower()
    if "initiative" in word:
        return "initiative"
    if "question" in word:
        return "question"
    return "resolution"


def split_items(paragraphs: list[Paragraph]) -> list[Item]:
    """The contribution's items: a new item starts at each heading (or short first line of a
    paragraph) that names a Question, a Resolution or a regional initiative. Text before the
    first such heading is kept as an item of kind ``text`` only when no item heading exists.

    >>> items = split_items([Paragraph("Draft new Question 7/1", 1), Paragraph("Broadband for schools"),
    ...                      Paragraph("Draft revised Resolution 45", 1), Paragraph("Cybersecurity")])
    >>> [(i.kind, i.body) for i in items]
    [('question', 'Broadband for schools'), ('resolution', 'Cybersecurity')]
    """
    items: list[Item] = []
    title: str | None = None
    kind = "text"
    body: list[str] = []
    preamble: list[str] = []
    styled = any(p.level for p in paragraphs)  # a document with headings opens items only at headings
    for paragraph in paragraphs:
        may_open = paragraph.level > 0 if styled else len(paragraph.text) <= 120
        heading_kind = _kind(paragraph.text) if may_open else None
        if heading_kind:
            if title is not None:
                items.append(Item(title, kind, "\n".join(body)))
            title, kind, body = paragraph.text, heading_kind, []
        elif title is None:
            preamble.append(paragraph.text)
        else:
            body.append(paragraph.text)
    if title is not None:
        items.append(Item(title, kind, "\n".join(body)))
    if not items:
        first, *rest = preamble
        items.append(Item(first, "text", "\n".join(rest)))
    return items
