"""คำสั่ง…เรื่อง แต่งตั้งคณะกรรมการ…: the order appointing a committee (docs/documents.md "Order").

Garuda space; "คำสั่งจังหวัดลำพูน"; "ที่ ๑๒/๒๕๗๐"; "เรื่อง …"; a short centred rule; the reason
and authority paragraphs; the numbered members with their committee roles in a second column;
"ให้มีอำนาจหน้าที่ ดังนี้" and the numbered duties; "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"; "สั่ง ณ วันที่
๑๑ มกราคม พ.ศ. ๒๕๖๒"; the signature block with "… ปฏิบัติราชการแทน". As PDF and as an editable
Word file with the same lines. Plain data in, bytes out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from core.thai import thai_date
from documents import docx_common
from documents.parts import SignedOrder, continuation_lead, keep_whole
from documents.render import render_pdf

DUTIES_INTRO = "ให้มีอำนาจหน้าที่ ดังนี้"
# The member list: number and position from 1.25 cm, the role in a 5 cm column of its own at
# the right (as the seeds' orders set it). committee_order.typ uses the same measures.
MEMBER_INDENT_CM = 1.25
ROLE_COLUMN_CM = 5.0


@dataclass
class OrderMember:
    line: str  # "นางสาวตรี ประดิษฐ์ นักวิชาการพัฒนาชุมชนชำนาญการ" or the position alone
    agency: str  # "สำนักงานพัฒนาชุมชนจังหวัดลำพูน"; shown on the next line
    role: str  # "กรรมการและเลขานุการ"


@dataclass
class CommitteeOrder(SignedOrder):
    issuing_office: str  # "จังหวัดลำพูน"
    number: int | None  # None: left blank for the number the office gives
    year_be: int  # the calendar year after the slash
    subject: str  # "แต่งตั้งคณะกรรมการ…"
    reason: str  # paragraphs separated by newlines
    authority: str
    members: list[OrderMember] = field(default_factory=list)
    duties: list[str] = field(default_factory=list)
    effective_text: str = "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"
    signed_on: dt.date | None = None
    signer_name: str = ""
    signer_position: str = ""
    on_behalf_of: str = ""
    thai_numerals: bool = True
    # Names not to break inside (the province's, the district's): typst's Thai line breaking
    # does not know them.
    keep_whole: list[str] = field(default_factory=list)

    # Derived text shared by the two formats.
    def heading(self) -> str:
        return f"คำสั่ง{self.issuing_office}"

    def number_line(self) -> str:
        number = self.n(self.number) if self.number is not None else "\u2003\u2003\u2003"
        return f"ที่ {number}/{self.n(self.year_be)}"

    def subject_line(self) -> str:
        return self.n(f"เรื่อง {self.subject}")

    def body_paragraphs(self) -> list[str]:
        text = "\n".join(part for part in (self.reason, self.authority) if part)
        return [self.n(line) for line in text.split("\n") if line.strip()]

    def member_rows(self) -> list[tuple[str, str, str]]:
        """(number, position lines, role) per member."""
        rows = []
        for index, member in enumerate(self.members, start=1):
            lines = "\n".join(part for part in (member.line, member.agency) if part)
            rows.append((self.n(f"{index}."), self.n(lines), member.role))
        return rows

    def duty_lines(self) -> list[str]:
        return [self.n(f"{index}. {text}") for index, text in enumerate(self.duties, start=1)]

    def date_line(self) -> str:
        if self.signed_on is None:
            return f"สั่ง ณ วันที่ {'.' * 40}"
        return "สั่ง ณ วันที่ " + thai_date(
            self.signed_on, thai_numerals=self.thai_numerals, with_era=True
        )


def _role_parts(role: str) -> list[str]:
    """'กรรมการและผู้ช่วยเลขานุการ' -> ['กรรมการและ', 'ผู้ช่วยเลขานุการ']: the places a role may
    break (the Thai dictionary would break inside 'ผู้ช่วย')."""
    parts = role.split("และ")
    return [part + "และ" for part in parts[:-1]] + [parts[-1]]


def _item(text: str) -> dict[str, str]:
    """A paragraph of the PDF with its first words, for the continuation line (common.typ)."""
    return {"text": text, "lead": continuation_lead(text)}


def _typst_data(data: CommitteeOrder) -> dict[str, Any]:
    return {
        "thai_numerals": data.thai_numerals,
        "keep_whole": keep_whole(data.keep_whole),
        "heading": data.heading(),
        "number_line": data.number_line(),
        "subject_line": data.subject_line(),
        "paragraphs": [_item(p) for p in data.body_paragraphs()],
        "members": [
            {
                "number": number,
                "lines": lines.split("\n"),
                "role_parts": _role_parts(role),
                "lead": continuation_lead(f"{number} {lines}"),
            }
            for number, lines, role in data.member_rows()
        ],
        "duties_intro": _item(DUTIES_INTRO if data.duties else ""),
        "duties": [_item(line) for line in data.duty_lines()],
        "effective": _item(data.n(data.effective_text)),
        "date_line": _item(data.date_line()),
        "signer": data.typst_signer(),
    }


def committee_order_pdf(data: CommitteeOrder, *, emblem: bytes | None = None) -> bytes:
    return render_pdf("committee_order", _typst_data(data), emblem=emblem)


def _short_rule(doc) -> None:
    """A short centred rule: an empty paragraph, narrowed by indents, with a bottom border."""
    par = doc.add_paragraph()
    side = (docx_common.TEXT_WIDTH_CM - 4) / 2
    par.paragraph_format.left_indent = Cm(side)
    par.paragraph_format.right_indent = Cm(side)
    par.paragraph_format.space_after = Pt(6)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    par._p.get_or_add_pPr().append(borders)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def committee_order_docx(data: CommitteeOrder, *, emblem: bytes | None = None) -> bytes:
    """The same lines as the PDF, as an editable Word file (Sarabun 16 pt)."""
    doc = docx_common.new_document(thai_numerals=data.thai_numerals)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    docx_common.add_emblem(doc, emblem)
    docx_common.add_paragraph(doc, data.heading(), bold=True, align=centre)
    docx_common.add_paragraph(doc, data.number_line(), align=centre)
    docx_common.add_paragraph(doc, data.subject_line(), align=centre)
    _short_rule(doc)
    for text in data.body_paragraphs():
        docx_common.indented_paragraph(doc, text)

    rows = data.member_rows()
    if rows:
        widths = [
            MEMBER_INDENT_CM + 1.0,
            docx_common.TEXT_WIDTH_CM - MEMBER_INDENT_CM - 1.0 - ROLE_COLUMN_CM,
            ROLE_COLUMN_CM,
        ]
        table = doc.add_table(rows=len(rows), cols=3)
        table.autofit = False
        _no_borders(table)
        for r, (number, lines, role) in enumerate(rows):
            # A member is kept whole on a page, as in the PDF.
            docx_common.keep_row_together(table.rows[r])
            cells = table.rows[r].cells
            size = docx_common.BODY_PT
            docx_common.set_cell_text(
                cells[0], number, size_pt=size, align=WD_ALIGN_PARAGRAPH.RIGHT
            )
            first, *rest = lines.split("\n")
            docx_common.set_cell_text(cells[1], first, size_pt=size)
            for extra in rest:
                docx_common.add_paragraph(cells[1], extra, size_pt=size)
            docx_common.set_cell_text(cells[2], role, size_pt=size)
        docx_common.set_column_widths(table, widths)

    if data.duties:
        docx_common.indented_paragraph(doc, DUTIES_INTRO, space_before_pt=6)
        for line in data.duty_lines():
            docx_common.indented_paragraph(doc, line)
    docx_common.indented_paragraph(doc, data.n(data.effective_text), space_before_pt=6)
    docx_common.indented_paragraph(doc, data.date_line(), space_before_pt=6)
    docx_common.add_signature(doc, **data.docx_signer())
    return docx_common.to_bytes(doc)


__all__ = ["CommitteeOrder", "OrderMember", "committee_order_docx", "committee_order_pdf"]
