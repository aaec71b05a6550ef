"""Word (docx) building blocks with the same page setup as documents/typst/common.typ.

Thai is a "complex script" to Word: it takes the font, size and bold from the cs attributes
(w:cs, w:szCs, w:bCs), so each is set alongside the Latin one.
"""

from __future__ import annotations

import copy
import io
import struct
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.shared import Cm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

# The font officers' PCs have (the 13 SIPA fonts every agency installs; Cabinet resolution of
# 7 September 2553), at the sizes of the PDFs (common.typ body-size, table-size: TH Sarabun New
# points, printed there in Laksaman, the same glyphs).
FONT = "TH SarabunPSK"
BODY_PT = 16
TABLE_PT = 14
TEXT_WIDTH_CM = 16.0  # A4 21 cm less 3 cm left and 2 cm right
PARAGRAPH_INDENT_CM = 2.5  # a body paragraph's first line, as in the PDFs
PARAGRAPH_SPACE_PT = 0.45 * BODY_PT / 1.5042  # common.typ's 0.45 em of Laksaman at th-pt(16)


_FONT_ATTRS = ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")
# A run's theme fonts would win over the names set beside them.
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme")

# The document's font table lists the font (Word offers a substitute by these properties when a
# PC lacks it: a Thai, proportional sans serif).
_FONT_TABLE_ENTRY = (
    f'<w:font xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:name="{FONT}">'
    '<w:panose1 w:val="020B0500040200020003"/><w:charset w:val="DE"/><w:family w:val="swiss"/>'
    '<w:pitch w:val="variable"/><w:sig w:usb0="A100006F" w:usb1="5000205A" w:usb2="00000000"'
    ' w:usb3="00000000" w:csb0="00010183" w:csb1="00000000"/></w:font>'
)


def _set_run_fonts(rpr: CT_RPr, size_pt: float | None) -> None:
    fonts = rpr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in _FONT_ATTRS:
        fonts.set(qn(attr), FONT)
    # Thai is a complex script: Word takes its font and size from the cs attributes.
    fonts.set(qn("w:hint"), "cs")
    if size_pt is not None:
        half_points = str(int(size_pt * 2))
        sz = rpr.get_or_add_sz()
        sz.set(qn("w:val"), half_points)
        size_cs = rpr.find(qn("w:szCs"))
        if size_cs is None:
            size_cs = OxmlElement("w:szCs")
            sz.addnext(size_cs)  # schema order: w:sz then w:szCs
        size_cs.set(qn("w:val"), half_points)


def _list_font(doc: DocxDocument) -> None:
    """Add FONT to the document's font table (word/fontTable.xml) if it is not there."""
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
            table = etree.fromstring(part.blob)
            if not any(font.get(qn("w:name")) == FONT for font in table):
                table.insert(0, etree.fromstring(_FONT_TABLE_ENTRY))
                part._blob = etree.tostring(
                    table, xml_declaration=True, encoding="UTF-8", standalone=True
                )


def _default_fonts(doc: DocxDocument) -> None:
    """The document's default run properties (docDefaults) name FONT at BODY_PT too, so text
    Word adds (a new paragraph, a table style's) starts in it."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if rpr is not None:
        _set_run_fonts(rpr, BODY_PT)


def new_document(*, thai_numerals: bool = True) -> DocxDocument:
    """A4 portrait, margins 3/2/2.5/2 cm, TH SarabunPSK 16 pt, Thai; "- ๒ -" on continuation pages."""
    doc = Document()
    _list_font(doc)
    _default_fonts(doc)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    _set_run_fonts(rpr, BODY_PT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "th-TH")
    lang.set(qn("w:bidi"), "th-TH")
    rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    # As far apart as the PDF's paragraphs (common.typ: par spacing 0.45 em of the body size).
    pf.space_after = Pt(PARAGRAPH_SPACE_PT)
    pf.line_spacing = 1.0

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2)
    section.header_distance = Cm(1.2)
    # First page without a number; later pages "- n -", in Thai digits if asked.
    section.different_first_page_header_footer = True
    if thai_numerals:
        pg = OxmlElement("w:pgNumType")
        pg.set(qn("w:fmt"), "thaiNumbers")
        section._sectPr.insert_element_before(
            pg,
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
        )
    header_par = section.header.paragraphs[0]
    header_par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    style_run(header_par.add_run("- "), size_pt=BODY_PT)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    inner = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    inner.append(text)
    field.append(inner)
    _set_run_fonts(inner.get_or_add_rPr(), BODY_PT)
    header_par._p.append(field)
    style_run(header_par.add_run(" -"), size_pt=BODY_PT)
    return doc


def style_run(run: Run, *, bold: bool = False, size_pt: float | None = None) -> Run:
    rpr = run._r.get_or_add_rPr()
    _set_run_fonts(rpr, size_pt)
    if bold:
        run.bold = True
        rpr.get_or_add_bCs()
    return run


def add_paragraph(
    container: DocxDocument | _Cell,
    text: str = "",
    *,
    bold: bool = False,
    size_pt: float | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    left_indent_cm: float | None = None,
    space_before_pt: float = 0,
) -> Paragraph:
    par = container.add_paragraph()
    if isinstance(container, _Cell):
        par.paragraph_format.space_after = Pt(0)  # a cell's lines, as in the PDF's tables
    if text:
        style_run(par.add_run(text), bold=bold, size_pt=size_pt)
    if align is not None:
        par.alignment = align
    if left_indent_cm is not None:
        par.paragraph_format.left_indent = Cm(left_indent_cm)
    if space_before_pt:
        par.paragraph_format.space_before = Pt(space_before_pt)
    return par


def add_title(doc: DocxDocument, lines: Sequence[str]) -> None:
    """A document's title lines, centred, the first in bold."""
    for i, line in enumerate(lines):
        add_paragraph(doc, line, bold=i == 0, align=WD_ALIGN_PARAGRAPH.CENTER)


def landscape(doc: DocxDocument) -> None:
    """Turn the document's (first) page to landscape A4."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)


def indented_paragraph(
    container: DocxDocument | _Cell,
    text: str,
    *,
    bold: bool = False,
    space_before_pt: float = 0,
) -> Paragraph:
    """A body paragraph of a letter, memo, order or announcement: its first line indented."""
    par = add_paragraph(container, text, bold=bold, space_before_pt=space_before_pt)
    par.paragraph_format.first_line_indent = Cm(PARAGRAPH_INDENT_CM)
    return par


def add_emblem(doc: DocxDocument, emblem: bytes | None) -> None:
    """The Garuda: 3 cm high at the top; without an emblem its space stays empty."""
    if emblem is not None:
        par = add_paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
        par.add_run().add_picture(io.BytesIO(emblem), height=Cm(3))
    else:
        par = add_paragraph(doc)
        par.paragraph_format.space_after = Cm(1.4)


def set_cell_text(
    cell: _Cell,
    text: str,
    *,
    bold: bool = False,
    size_pt: float = TABLE_PT,
    align: WD_ALIGN_PARAGRAPH | None = None,
) -> None:
    par = cell.paragraphs[0]
    par.paragraph_format.space_after = Pt(0)
    for run in list(par.runs):
        run._r.getparent().remove(run._r)
    style_run(par.add_run(text), bold=bold, size_pt=size_pt)
    if align is not None:
        par.alignment = align


# Advance widths of TH Sarabun New (Laksaman's glyphs on a 1504-unit em; documents/fonts), to
# size table columns from their words: a column narrower than a header's word breaks it inside
# a syllable ("ลำดั|บ").
_FONT_FILES = {False: "Laksaman.ttf", True: "Laksaman-Bold.ttf"}
_TH_EM = 1000 * 1.5042
CELL_PADDING_CM = 0.4  # Word's default cell margins, 0.19 cm each side, and a little air
_advances: dict[bool, dict[int, int]] = {}


def _font_advances(bold: bool) -> dict[int, int]:
    """Code point -> advance width (font units) from the font's cmap (format 4) and hmtx."""
    if bold in _advances:
        return _advances[bold]
    from documents.render import PDF_FONT_DIR

    data = (PDF_FONT_DIR / _FONT_FILES[bold]).read_bytes()
    tables = {}
    for i in range(struct.unpack(">H", data[4:6])[0]):
        tag, _checksum, offset, length = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        tables[tag] = data[offset : offset + length]
    metrics = struct.unpack(">H", tables[b"hhea"][34:36])[0]
    hmtx = tables[b"hmtx"]
    widths = [struct.unpack(">H", hmtx[4 * g : 4 * g + 2])[0] for g in range(metrics)]
    cmap = tables[b"cmap"]
    advances: dict[int, int] = {}
    for i in range(struct.unpack(">H", cmap[2:4])[0]):
        platform, encoding, offset = struct.unpack(">HHI", cmap[4 + 8 * i : 12 + 8 * i])
        if (platform, encoding) not in ((3, 1), (0, 3)) or struct.unpack(
            ">H", cmap[offset : offset + 2]
        )[0] != 4:
            continue
        sub = cmap[offset:]
        segments = struct.unpack(">H", sub[6:8])[0] // 2
        ends = struct.unpack(f">{segments}H", sub[14 : 14 + 2 * segments])
        base = 16 + 2 * segments
        starts = struct.unpack(f">{segments}H", sub[base : base + 2 * segments])
        deltas = struct.unpack(f">{segments}h", sub[base + 2 * segments : base + 4 * segments])
        ranges_at = base + 4 * segments
        ranges = struct.unpack(f">{segments}H", sub[ranges_at : ranges_at + 2 * segments])
        for seg in range(segments):
            for code in range(starts[seg], ends[seg] + 1):
                if code == 0xFFFF:
                    continue
                if ranges[seg] == 0:
                    glyph = (code + deltas[seg]) & 0xFFFF
                else:
                    at = ranges_at + 2 * seg + ranges[seg] + 2 * (code - starts[seg])
                    glyph = struct.unpack(">H", sub[at : at + 2])[0]
                    glyph = (glyph + deltas[seg]) & 0xFFFF if glyph else 0
                advances[code] = widths[min(glyph, metrics - 1)]
        break
    _advances[bold] = advances
    return advances


def text_width_cm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """How wide `text` prints on one line in TH SarabunPSK at `size_pt`."""
    advances = _font_advances(bold)
    units = sum(advances.get(ord(ch), 500) for ch in text)
    return units / _TH_EM * size_pt * 2.54 / 72


def fit_widths(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_cm: Sequence[float],
    *,
    size_pt: float = TABLE_PT,
) -> list[float]:
    """The columns' widths, each at least as wide as its longest unbreakable piece: a header's
    word (between spaces) and a short value (a number, a date); the others give up the room,
    in proportion to what they have over their own need, so the table keeps its width."""
    need = []
    for index, header in enumerate(headers):
        pieces = [(word, True) for word in str(header).split()]
        for row in rows:
            value = str(row[index]) if index < len(row) else ""
            pieces += [(word, False) for word in value.split() if len(word) <= 12]
        widest = max((text_width_cm(w, size_pt, bold=b) for w, b in pieces), default=0.0)
        need.append(widest + CELL_PADDING_CM)
    widths = list(widths_cm)
    short = sum(max(n - w, 0.0) for n, w in zip(need, widths, strict=True))
    spare = sum(max(w - n, 0.0) for n, w in zip(need, widths, strict=True))
    if short <= 0 or spare <= 0:
        return widths
    take = min(short, spare) / spare
    return [n if n > w else w - (w - n) * take for n, w in zip(need, widths, strict=True)]


def add_table(
    doc: DocxDocument,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_cm: Sequence[float],
    *,
    centred_columns: Sequence[int] = (0,),
) -> Table:
    """A bordered table whose header row repeats on every page.

    Styling a cell through python-docx costs about a millisecond, so a list of a thousand
    units took seconds: one data row is styled, and every row is a copy of its XML with its
    own text (a district's summary of 1,100 units went from ~6 s to well under one).
    """
    table = doc.add_table(rows=2 if rows else 1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header = table.rows[0]
    repeat_as_header(header)
    for i, title in enumerate(headers):
        set_cell_text(header.cells[i], title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if rows:
        cells = table.rows[1].cells
        for i in range(len(headers)):
            align = WD_ALIGN_PARAGRAPH.CENTER if i in centred_columns else None
            set_cell_text(cells[i], "", align=align)
    set_column_widths(table, fit_widths(headers, rows, widths_cm))
    if rows:
        template = table.rows[1]._tr
        parent = template.getparent()
        for values in rows:
            tr = copy.deepcopy(template)
            for run, value in zip(tr.iter(qn("w:r")), values, strict=True):
                _set_run_text(run, value)
            parent.append(tr)
        parent.remove(template)
    return table


def _set_run_text(run, text: str) -> None:
    """The text of a run's XML as python-docx writes it: a line break for each newline."""
    for child in list(run):
        if child.tag != qn("w:rPr"):
            run.remove(child)
    for i, line in enumerate(str(text).split("\n")):
        if i:
            run.append(OxmlElement("w:br"))
        if line:
            t = OxmlElement("w:t")
            t.text = line
            if line != line.strip():
                t.set(qn("xml:space"), "preserve")
            run.append(t)


def set_column_widths(table: Table, widths_cm: Sequence[float]) -> None:
    # Fixed layout: Word sizes columns from the grid, LibreOffice from the cells; set both.
    for i, width in enumerate(widths_cm):
        table.columns[i].width = Cm(width)
    for row in table.rows:
        for i, width in enumerate(widths_cm):
            row.cells[i].width = Cm(width)


def repeat_as_header(row: _Row) -> None:
    """Word repeats a table's leading rows so marked at the top of every page it runs onto."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def keep_row_together(row: _Row) -> None:
    """Word moves a row that does not fit to the next page whole, instead of splitting it."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def add_signature(
    doc: DocxDocument,
    *,
    name: str,
    positions: Sequence[str],
    label: str | None = None,
    on_behalf_of: str | None = None,
) -> None:
    """The signature block of common.typ, centred in the right part of the page. Its lines
    keep together (Word's "keep with next"): a signature never starts a page on its own."""
    indent = 6.5
    centre = WD_ALIGN_PARAGRAPH.CENTER
    block = [add_paragraph(doc)]
    if label:
        block.append(
            add_paragraph(doc, f"ลงชื่อ {'.' * 40} {label}", align=centre, left_indent_cm=indent)
        )
    else:
        block.append(add_paragraph(doc))
    shown = f"({name})" if name else f"({'.' * 40})"
    block.append(add_paragraph(doc, shown, align=centre, left_indent_cm=indent))
    lines = list(positions)
    if on_behalf_of:
        first = lines[0] if lines else ""
        lines = [f"{first} ปฏิบัติราชการแทน".strip(), on_behalf_of]
    for line in lines:
        if line:
            block.append(add_paragraph(doc, line, align=centre, left_indent_cm=indent))
    for par in block[:-1]:
        par.paragraph_format.keep_with_next = True


def to_bytes(doc: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
