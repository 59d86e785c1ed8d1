"""A Word document laid out as an ITU contribution, with python-docx.

The title block (conference, document number, date, original language), then Source, Title
and the body; every page carries the snapshot and filters in its header and its page number
in its footer. Tables come from DataFrames, charts from PNG bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
import pandas as pd
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from dashboards.i18n import t

__all__ = ["ContributionHeader", "Writer"]

_GREY = RGBColor(0x55, 0x55, 0x55)
MAX_TABLE_ROWS = 200  # a longer table is cut, and the cut is said under it


@dataclass(frozen=True)
class ContributionHeader:
    """What the title block of a contribution says."""

    title: str
    source: str
    lang: str
    day: str
    snapshot: str
    filters: str


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) in ``paragraph``: Word fills it in when it lays the page out."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


class Writer:
    """Builds one contribution-shaped document; :meth:`bytes` gives the .docx."""

    def __init__(self, header: ContributionHeader) -> None:
        self.header = header
        self.lang = header.lang
        self.document = docx.Document()
        self._styles()
        self._page_furniture()
        self._title_block()

    def _styles(self) -> None:
        normal = self.document.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(11)
        section = self.document.sections[0]
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
        props = self.document.core_properties
        props.title = self.header.title
        props.author = "itud-align"
        props.subject = t("doc.stamp", self.lang, snapshot=self.header.snapshot, filters=self.header.filters)
        props.language = self.lang

    def _page_furniture(self, stamp: str | None = None) -> None:
        """The last section's header (the stamp) and footer (page n / total), in the writer's language."""
        section = self.document.sections[-1]
        section.header.is_linked_to_previous = section.footer.is_linked_to_previous = False
        head = section.header.paragraphs[0]
        head.text = stamp or t("doc.stamp", self.lang, snapshot=self.header.snapshot, filters=self.header.filters)
        head.runs[0].font.size = Pt(8)
        head.runs[0].font.color.rgb = _GREY
        foot = section.footer.paragraphs[0]
        foot.text = ""
        foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
        foot.add_run(t("doc.page", self.lang) + " ")
        _field(foot, "PAGE")
        foot.add_run(" / ")
        _field(foot, "NUMPAGES")

    def _title_block(self) -> None:
        table = self.document.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        left.text = t("doc.conference", self.lang)
        left.paragraphs[0].runs[0].bold = True
        right.text = "\n".join(
            (
                t("doc.document", self.lang, snapshot=self.header.snapshot[:12]),
                self.header.day,
                t("doc.original", self.lang),
            )
        )
        right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for label, value in (
            (t("doc.source", self.lang), self.header.source),
            (t("doc.title", self.lang), self.header.title),
        ):
            paragraph = self.document.add_paragraph()
            paragraph.add_run(f"{label} ").bold = True
            paragraph.add_run(value)

    def heading(self, text: str, level: int = 1) -> None:
        self.document.add_heading(text, level=level)

    def paragraph(self, text: str, *, italic: bool = False, small: bool = False) -> None:
        run = self.document.add_paragraph().add_run(text)
        run.italic = italic
        if small:
            run.font.size = Pt(9)
            run.font.color.rgb = _GREY

    def bullets(self, lines: list[str]) -> None:
        for line in lines:
            self.document.add_paragraph(line, style="List Bullet")

    def table(self, frame: pd.DataFrame, headers: dict[str, str], *, empty: str | None = None) -> None:
        """``frame``'s ``headers`` columns as a Word table (header row repeated on each page)."""
        if frame.empty:
            self.paragraph(empty or t("doc.none", self.lang), italic=True)
            return
        shown = frame.head(MAX_TABLE_ROWS)
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Light Grid Accent 1"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, headers.values(), strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(repeat)
        for row in shown[list(headers)].itertuples(index=False):
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(9)
        if len(frame) > len(shown):
            self.paragraph(t("doc.cut", self.lang, shown=len(shown), total=len(frame)), small=True)

    def image(self, png: bytes, caption: str) -> None:
        self.document.add_picture(io.BytesIO(png), width=Cm(16.5))
        self.paragraph(caption, small=True)

    def new_section(self, lang: str, stamp: str) -> None:
        """Start a new page section in ``lang``, with its own header stamp and footer."""
        self.lang = lang
        self.document.add_section(WD_SECTION.NEW_PAGE)
        self._page_furniture(stamp)

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()
