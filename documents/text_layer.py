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
glyphs are marks. docs/documents.md "Common to all".
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
    """What the mending needs of a font: widths (thousandths of an em) and its marks."""

    def __init__(self, font: pikepdf.Object) -> None:
        self.widths: dict[int, float] = {}
        self.default_width = 1000.0
        self.names: dict[int, str] = {}
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

    def width(self, code: int) -> float:
        return self.widths.get(code, self.default_width)

    def is_mark(self, code: int) -> bool:
        return _is_mark(self.names.get(code))


_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_BFCHAR_SECTION = re.compile(rb"\d+\s+beginbfchar(.*?)endbfchar", re.S)
# typst's content streams, read as tokens (a regular expression runs in C; pikepdf's parser
# and a loop over its objects cost ~5 ms a page, more than rendering a certificate).
_TOKEN = re.compile(
    rb"""
    (?P<span>/Span\s*<<\s*/ActualText\s*(?:<[0-9A-Fa-f]*>|\((?:\\.|[^\\)])*\))\s*>>\s*BDC)
  | (?P<bdc>/[^\s/<>\[\]()]+\s*(?:<<(?:[^<>]|<[^<>]*>)*>>|/[^\s/<>\[\]()]+)\s*BDC
      | /[^\s/<>\[\]()]+\s*BMC)
  | (?P<emc>\bEMC\b)
  | (?P<bt>\bBT\b)
  | (?P<et>\bET\b)
  | (?P<tf>/(?P<font>[^\s/<>\[\]()]+)\s+(?P<size>[-\d.]+)\s+Tf)
  | (?P<tm>(?:[-\d.]+\s+){4}(?P<x>[-\d.]+)\s+[-\d.]+\s+Tm)
  | (?P<tj>\[(?P<array>(?:\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|[-\d.\s]+)*)\]\s*TJ
      | (?P<string>\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)\s*Tj)
    """,
    re.X | re.S,
)
_ITEM = re.compile(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|[-\d.]+")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _string_bytes(token: bytes) -> bytes:
    """The bytes of a PDF string token: "(\\000\\002)" or "<0002>"."""
    if token.startswith(b"<"):
        return bytes.fromhex(token[1:-1].decode("ascii"))

    def unescape(match: re.Match[bytes]) -> bytes:
        value = match.group(1)
        if value[:1].isdigit():
            return bytes([int(value, 8) & 0xFF])
        return _ESCAPES.get(value, value)

    return _ESCAPE.sub(unescape, token[1:-1])


def _codes(raw: bytes) -> list[int]:
    return [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)]


def _shown(match: re.Match[bytes]) -> list[bytes | float]:
    """A Tj's or TJ's items: glyph strings as bytes, adjustments as numbers."""
    if match.group("string") is not None:
        return [_string_bytes(match.group("string"))]
    items: list[bytes | float] = []
    for item in _ITEM.findall(match.group("array")):
        items.append(_string_bytes(item) if item[:1] in (b"(", b"<") else float(item))
    return items


_TEXT_OBJECT = re.compile(rb"\bBT\b.*?\bET\b", re.S)


def _mend_stream_content(
    content: bytes, fonts: dict[str, _Font], memo: dict[tuple[bytes, int], bytes | None]
) -> bytes | None:
    """The content stream with each text object (BT … ET) mended; None when none needed it.

    typst sets the font and the position afresh in each text object, so each is mended on its
    own, and once: a batch of certificates repeats most of its lines page after page."""
    changed = False
    key = id(fonts)

    def mended(match: re.Match[bytes]) -> bytes:
        nonlocal changed
        chunk = match.group(0)
        if (chunk, key) not in memo:
            memo[(chunk, key)] = _mend_content(chunk, fonts)
        result = memo[(chunk, key)]
        if result is None:
            return chunk
        changed = True
        return result

    out = _TEXT_OBJECT.sub(mended, content)
    return out if changed else None


def _mend_content(content: bytes, fonts: dict[str, _Font]) -> bytes | None:
    """The mended text object (see the module docstring); None when nothing needed mending."""
    tokens = list(_TOKEN.finditer(content))
    # Text objects that show only Thai marks: marks typst wrote apart from their cluster.
    detached: set[int] = set()
    font: _Font | None = None
    begin, only_marks, shown = -1, True, False
    for index, token in enumerate(tokens):
        kind = token.lastgroup
        if kind == "tf":
            font = fonts.get("/" + token.group("font").decode("latin-1"))
        elif kind == "bt":
            begin, only_marks, shown = index, True, False
        elif kind == "tj" and begin >= 0:
            codes = [c for item in _shown(token) if isinstance(item, bytes) for c in _codes(item)]
            shown = shown or bool(codes)
            if font is None or not all(font.is_mark(code) for code in codes):
                only_marks = False
        elif kind == "et":
            if begin >= 0 and shown and only_marks:
                detached.add(begin)
            begin = -1

    edits: list[tuple[int, int, bytes]] = []  # (start, end, replacement)
    in_detached = False
    font, size, x = None, 0.0, 0.0
    spans: list[bool] = []  # open marked-content sequences: is it an ActualText span?
    dropped: list[bool] = []
    glyphs: list[tuple[int, float]] = []  # in the innermost ActualText span: (code, start x)
    furthest = (0.0, -1)  # (end x, index in glyphs)
    for index, token in enumerate(tokens):
        kind = token.lastgroup
        if kind == "bt":
            in_detached = index in detached
        elif kind == "et":
            in_detached = False
        elif kind == "tf":
            font = fonts.get("/" + token.group("font").decode("latin-1"))
            size = float(token.group("size"))
        elif kind == "tm":
            x = float(token.group("x"))
        elif kind in ("span", "bdc"):
            actual = kind == "span"
            spans.append(actual)
            dropped.append(actual and in_detached)
            if actual:
                glyphs, furthest = [], (0.0, -1)
            if actual and in_detached:
                edits.append((token.start(), token.end(), b""))
        elif kind == "emc" and spans:
            actual, drop = spans.pop(), dropped.pop()
            if drop:
                edits.append((token.start(), token.end(), b""))
            elif actual and font is not None and furthest[1] >= 0 and size:
                end, at = furthest
                if end - x > 0.01 * size:
                    # The widest glyph again, invisible (3 Tr), where it stands: the span now
                    # ends where its cluster does.
                    code, start = glyphs[at]
                    shift = (x - start) * 1000 / size  # TJ numbers move left
                    again = b"3 Tr [%.4f <%04X>] TJ 0 Tr\n" % (shift, code)
                    edits.append((token.start(), token.start(), again))
                    x = end
        elif kind == "tj" and font is not None:
            in_span = any(spans)
            for item in _shown(token):
                if isinstance(item, float):
                    x -= item * size / 1000
                    continue
                for code in _codes(item):
                    start, x = x, x + font.width(code) * size / 1000
                    if in_detached:
                        font.detached.add(code)
                    elif in_span:
                        glyphs.append((code, start))
                        if furthest[1] < 0 or x > furthest[0]:
                            furthest = (x, len(glyphs) - 1)
            if in_detached:
                edits.append((token.start(), token.start(), b"/Span <</ActualText ()>> BDC\n"))
                edits.append((token.end(), token.end(), b"\nEMC"))
    if not edits:
        return None
    out, at = [], 0
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        out.append(content[at:start])
        out.append(replacement)
        at = end
    out.append(content[at:])
    return b"".join(out)


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
        by_resources: dict[tuple[tuple[str, tuple[int, int]], ...], dict[str, _Font]] = {}
        memo: dict[tuple[bytes, int], bytes | None] = {}

        def fonts_of(resources: pikepdf.Object | None) -> dict[str, _Font]:
            fonts = resources.get("/Font") if resources is not None else None
            names = tuple(sorted((str(name), font.objgen) for name, font in (fonts or {}).items()))
            if names not in by_resources:
                result = {}
                for name, font in (fonts or {}).items():
                    if font.objgen not in known:
                        known[font.objgen] = _Font(font)
                    result[name] = known[font.objgen]
                by_resources[names] = result  # one dict per set of fonts: the memo's key
            return by_resources[names]

        def mend_stream(
            owner: pikepdf.Object | pikepdf.Page, resources: pikepdf.Object | None, seen: set
        ) -> None:
            nonlocal changed
            fonts = fonts_of(resources)
            if fonts:
                stream = owner.obj if isinstance(owner, pikepdf.Page) else owner
                contents = stream.get("/Contents") if isinstance(owner, pikepdf.Page) else stream
                if isinstance(contents, pikepdf.Array):
                    raw = b"\n".join(part.read_bytes() for part in contents)
                elif contents is not None:
                    raw = contents.read_bytes()
                else:
                    raw = b""
                mended = _mend_stream_content(raw, fonts, memo)
                if mended is not None:
                    data = mended
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
