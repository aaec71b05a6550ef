"""Mend the text layer of typst's PDFs so that Thai reads back as written.

typst 0.15 writes a Thai cluster (a consonant with its vowels and tone marks) inside a
marked-content span whose /ActualText is the cluster's text. Two things then go wrong in readers
(poppler's pdftotext, pdfium):
- a mark the font raises or lowers (a tone mark over an upper vowel: "ดิ์", Sarabun's "สั่ง") is
  written after the span in a text object of its own, whose ToUnicode text is the whole cluster
  again, so the cluster is read twice ("ศักดิ์ ดิ์", "คำสั่สั่ง");
- a reader ends a span where its last glyph ends; when that is a mark the font moves left over a
  tall consonant ("เป็น", "ฝึก"), the span ends short of the consonant's advance and pdftotext reads
  the gap as a space ("เป็ น").

So, in each content stream: a lone Thai mark outside any span whose text is a whole cluster gets
an empty /ActualText (its cluster has been read already), and a span whose last glyph ends short
gets, at its end, its widest glyph drawn again in the invisible text mode (3 Tr) at the same place,
which readers take inside the span as where it ends, and which prints nothing.
The glyph names kept in the embedded fonts (post table, format 2: "uni0E48.small") say which
glyphs are marks. docs/documents.md "Text layer".
"""

from __future__ import annotations

import io
import re
import struct

import pikepdf

# "uni0E1B", "uni0E48.small", "uni0E0D0E38" (two characters), "u1F600".
_GLYPH_NAME = re.compile(r"^(?:uni((?:[0-9A-F]{4})+)|u([0-9A-F]{4,6}))(?:\..*)?$")


def _glyph_names(font: bytes) -> dict[int, str]:
    """Glyph id -> name from a TrueType font's post table (format 2); {} without one."""
    try:
        count = struct.unpack(">H", font[4:6])[0]
        post = b""
        for i in range(count):
            tag, _checksum, offset, length = struct.unpack(
                ">4sIII", font[12 + 16 * i : 28 + 16 * i]
            )
            if tag == b"post":
                post = font[offset : offset + length]
        if post[:4] != b"\x00\x02\x00\x00":
            return {}
        glyphs = struct.unpack(">H", post[32:34])[0]
        indices = struct.unpack(f">{glyphs}H", post[34 : 34 + 2 * glyphs])
        names, pos = [], 34 + 2 * glyphs
        while pos < len(post):
            length = post[pos]
            names.append(post[pos + 1 : pos + 1 + length].decode("latin-1"))
            pos += 1 + length
        return {gid: names[i - 258] for gid, i in enumerate(indices) if 258 <= i < 258 + len(names)}
    except (struct.error, IndexError):
        return {}


def _name_text(name: str) -> str | None:
    match = _GLYPH_NAME.match(name)
    if match is None:
        return None
    if match.group(1):
        hexes = match.group(1)
        return "".join(chr(int(hexes[i : i + 4], 16)) for i in range(0, len(hexes), 4))
    return chr(int(match.group(2), 16))


def _is_mark(text: str | None) -> bool:
    return bool(text) and all(
        ch == "\u0e31" or "\u0e34" <= ch <= "\u0e3a" or "\u0e47" <= ch <= "\u0e4e"
        for ch in text or ""
    )


class _Font:
    """What the mending needs of a font: widths (thousandths of an em), marks, ToUnicode."""

    def __init__(self, font: pikepdf.Object) -> None:
        self.widths: dict[int, float] = {}
        self.default_width = 1000.0
        self.names: dict[int, str] = {}
        self.unicode: dict[int, str] = {}
        self.detached: set[int] = set()  # codes seen as detached marks
        try:
            descendant = font.DescendantFonts[0]
        except (AttributeError, KeyError, IndexError, TypeError):
            return
        self.default_width = float(descendant.get("/DW", 1000))
        widths = list(descendant.get("/W", []))
        i = 0
        while i < len(widths):
            first = int(widths[i])
            if isinstance(widths[i + 1], pikepdf.Array):
                for offset, width in enumerate(widths[i + 1]):
                    self.widths[first + offset] = float(width)
                i += 2
            else:
                for code in range(first, int(widths[i + 1]) + 1):
                    self.widths[code] = float(widths[i + 2])
                i += 3
        if descendant.get("/CIDToGIDMap") in (None, pikepdf.Name.Identity):
            try:
                data = descendant.FontDescriptor.FontFile2.read_bytes()
            except (AttributeError, KeyError):
                data = b""
            for gid, name in _glyph_names(data).items():
                text = _name_text(name)
                if text is not None:
                    self.names[gid] = text
        to_unicode = font.get("/ToUnicode")
        if to_unicode is not None:
            for code, value in _BFCHAR.findall(to_unicode.read_bytes()):
                raw = bytes.fromhex(value.decode())
                self.unicode[int(code, 16)] = raw.decode("utf-16-be", errors="replace")

    def width(self, code: int) -> float:
        return self.widths.get(code, self.default_width)

    def is_mark(self, code: int) -> bool:
        return _is_mark(self.names.get(code))


_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_BFCHAR_SECTION = re.compile(rb"\d+\s+beginbfchar(.*?)endbfchar", re.S)
_EMPTY_TEXT = pikepdf.Dictionary(ActualText=pikepdf.String(""))


def _codes(operand: object) -> list[int]:
    """Two-byte character codes of a Tj string or a TJ array (numbers skipped)."""
    if isinstance(operand, pikepdf.String):
        raw = bytes(operand)
        return [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]
    if isinstance(operand, pikepdf.Array):
        return [code for item in operand for code in _codes(item)]
    return []


def _is_actual_text(operands: list[object]) -> bool:
    return (
        len(operands) == 2
        and operands[0] == pikepdf.Name.Span
        and isinstance(operands[1], pikepdf.Dictionary)
        and "/ActualText" in operands[1]
    )


Instruction = pikepdf.ContentStreamInstruction


def _detached_text_objects(instructions: list[Instruction], fonts: dict[str, _Font]) -> set[int]:
    """Indices of the BT of each text object that shows only Thai marks: a mark typst wrote
    apart from its cluster, whose text the cluster has given already."""
    found: set[int] = set()
    font: _Font | None = None
    begin, only_marks, shown = -1, True, False
    for index, inst in enumerate(instructions):
        op = str(inst.operator)
        if op == "Tf" and len(inst.operands) == 2:
            font = fonts.get(str(inst.operands[0]))
        elif op == "BT":
            begin, only_marks, shown = index, True, False
        elif op in ("Tj", "TJ") and inst.operands and begin >= 0:
            codes = _codes(inst.operands[0])
            shown = shown or bool(codes)
            if font is None or not all(font.is_mark(code) for code in codes):
                only_marks = False
        elif op == "ET":
            if begin >= 0 and shown and only_marks:
                found.add(begin)
            begin = -1
    return found


def _mend_content(
    instructions: list[Instruction], fonts: dict[str, _Font]
) -> list[Instruction] | None:
    """The mended instructions (see the module docstring); None when nothing needed mending."""
    detached_starts = _detached_text_objects(instructions, fonts)
    out: list[Instruction] = []
    changed = bool(detached_starts)
    detached = False  # inside a text object of detached marks
    font: _Font | None = None
    size = 0.0
    x = 0.0  # the text position along the line, in text space units
    # Open marked-content sequences: is it an ActualText span, and is it dropped?
    spans: list[tuple[bool, bool]] = []
    # In the innermost ActualText span: the glyphs shown (code, start x) and the furthest end.
    glyphs: list[tuple[int, float]] = []
    furthest = (0.0, -1)  # (end x, index in glyphs)
    for index, inst in enumerate(instructions):
        op = str(inst.operator)
        operands = list(inst.operands)
        if op == "BT":
            detached = index in detached_starts
        elif op == "ET":
            detached = False
        elif op == "Tf" and len(operands) == 2:
            font, size = fonts.get(str(operands[0])), float(operands[1])
        elif op == "Tm" and len(operands) == 6:
            x = float(operands[4])
        elif op in ("BDC", "BMC"):
            actual = op == "BDC" and _is_actual_text(operands)
            spans.append((actual, actual and detached))
            if actual:
                glyphs, furthest = [], (0.0, -1)
            if actual and detached:
                continue
        elif op == "EMC" and spans:
            actual, dropped = spans.pop()
            if dropped:
                continue
            if actual and font is not None and furthest[1] >= 0:
                end, at = furthest
                if end - x > 0.01 * size:
                    code, start = glyphs[at]
                    shift = (x - start) * 1000 / size  # TJ numbers move left
                    glyph = pikepdf.String(code.to_bytes(2, "big"))
                    out.append(Instruction([3], pikepdf.Operator("Tr")))
                    out.append(Instruction([pikepdf.Array([shift, glyph])], pikepdf.Operator("TJ")))
                    out.append(Instruction([0], pikepdf.Operator("Tr")))
                    x = end
                    changed = True
        elif op in ("Tj", "TJ") and operands and font is not None:
            in_span = any(actual for actual, _ in spans)
            items = operands[0] if op == "TJ" else [operands[0]]
            for item in items:
                if isinstance(item, pikepdf.String):
                    for code in _codes(item):
                        start, x = x, x + font.width(code) * size / 1000
                        if detached:
                            font.detached.add(code)
                        elif in_span:
                            glyphs.append((code, start))
                            if furthest[1] < 0 or x > furthest[0]:
                                furthest = (x, len(glyphs) - 1)
                else:
                    x -= float(item) * size / 1000
            if detached:
                out.append(Instruction([pikepdf.Name.Span, _EMPTY_TEXT], pikepdf.Operator("BDC")))
                out.append(inst)
                out.append(Instruction([], pikepdf.Operator("EMC")))
                continue
        out.append(inst)
    return out if changed else None


def _blank_in_to_unicode(document: pikepdf.Pdf, font: pikepdf.Object, codes: set[int]) -> None:
    """ToUnicode with the detached marks' entries made a zero width space: readers that ignore
    /ActualText (pdfium) would read their cluster twice, and read a glyph without an entry as its
    code ("&")."""
    stream = font.get("/ToUnicode")
    if stream is None:
        return
    cmap = stream.read_bytes()

    def section(match: re.Match[bytes]) -> bytes:
        entries = [
            b"<%s> <200B>" % entry.group(1) if int(entry.group(1), 16) in codes else entry.group(0)
            for entry in _BFCHAR.finditer(match.group(1))
        ]
        return b"%d beginbfchar\n%s\nendbfchar" % (len(entries), b"\n".join(entries))

    font.ToUnicode = document.make_stream(_BFCHAR_SECTION.sub(section, cmap))


def mend(pdf: bytes) -> bytes:
    """The PDF with a text layer that reads back as written (see the module docstring)."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        changed = False
        known: dict[tuple[int, int], _Font] = {}

        def fonts_of(resources: pikepdf.Object | None) -> dict[str, _Font]:
            fonts = resources.get("/Font") if resources is not None else None
            result = {}
            for name, font in (fonts or {}).items():
                if font.objgen not in known:
                    known[font.objgen] = _Font(font)
                result[name] = known[font.objgen]
            return result

        def mend_stream(owner: pikepdf.Object, resources: pikepdf.Object | None, seen: set) -> None:
            nonlocal changed
            fonts = fonts_of(resources)
            if fonts:
                mended = _mend_content(pikepdf.parse_content_stream(owner), fonts)
                if mended is not None:
                    data = pikepdf.unparse_content_stream(mended)
                    if isinstance(owner, pikepdf.Page):
                        owner.obj.Contents = document.make_stream(data)
                    else:
                        owner.write(data)
                    changed = True
            xobjects = resources.get("/XObject") if resources is not None else None
            for xobject in (xobjects or {}).values():
                if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                    seen.add(xobject.objgen)
                    mend_stream(xobject, xobject.get("/Resources"), seen)

        seen: set = set()
        for page in document.pages:
            mend_stream(page, page.obj.get("/Resources"), seen)
        for objgen, font in known.items():
            if font.detached:
                _blank_in_to_unicode(document, document.get_object(objgen), font.detached)
        if not changed:
            return pdf
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
