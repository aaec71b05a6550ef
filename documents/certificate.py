"""ประกาศนียบัตร: the certificate of a certified unit (docs/documents.md "Certificates").

Landscape A4, Thai: the issuing province, the unit's name and place, the standard and fiscal
year it was certified for, the date of issue, the signer(s), the certificate number, and a QR
code with the short code under it, both leading to the public verification page.

Plain data in, bytes out. `render_batch` renders many certificates as a few typst documents
of many pages (~1.5 ms a certificate on two cores, see scripts/benchmark_certificates.py), then
cuts them into one file per certificate and joins them into one file for printing; rendering
them one at a time costs ~10 ms each.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import pikepdf
import zxingcpp
from PIL import Image

from core.thai import thai_date
from documents.render import RenderError, render_pdf
from documents.text import fiscal_year_be, numerals, province_name

TITLE = "ประกาศนียบัตร"
PROGRAMME = "ตามระบบมาตรฐานการพัฒนาชุมชน (มชช.)"


@dataclass
class Signer:
    name: str
    position: str  # may hold several lines ("รองผู้ว่าราชการจังหวัด\nปฏิบัติราชการแทน…")


@dataclass
class CertificateData:
    province: str  # "ลำพูน" or "จังหวัดลำพูน"
    unit_name: str
    place: str  # "อำเภอเมืองลำพูน"
    standard: str  # "มาตรฐานผู้นำชุมชน" (the unit type's label)
    fiscal_year: int  # Buddhist era
    issued_on: dt.date
    number: str  # "ลพ 12/2570"
    code: str  # "ABCDE12345"
    verify_url: str  # "https://…/verify/ABCDE12345"
    signers: list[Signer] = field(default_factory=list)
    thai_numerals: bool = True

    @property
    def code_display(self) -> str:
        return f"{self.code[:5]}-{self.code[5:]}" if len(self.code) == 10 else self.code


def qr_png(url: str) -> bytes:
    """The QR code of `url` as a black-and-white PNG, one pixel a module, with the standard
    4-module quiet zone (the template scales it up without smoothing).

    Medium error correction survives a fold or a stain on a printed page. zxing-cpp encodes in
    C++ (~0.2 ms; a pure-Python encoder took ~0.8 ms). A PNG rather than zxing's SVG: the SVG
    text took zxing ~0.25 ms to write and typst ~0.4 ms a page to read and draw; the PNG takes
    ~0.05 ms here and little in typst.
    """
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M").to_image()
    height, width = code.shape  # 8-bit grey, 0 or 255
    # zxingcpp's Image has the buffer protocol; its type stubs do not say so.
    image = Image.frombytes("L", (width, height), bytes(memoryview(code)))  # type: ignore[arg-type]
    buffer = io.BytesIO()
    image.convert("1", dither=Image.Dither.NONE).save(buffer, format="PNG")
    return buffer.getvalue()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _page(data: CertificateData) -> dict[str, Any]:
    t = data.thai_numerals
    year = fiscal_year_be(data.fiscal_year)
    host = data.verify_url.split("//", 1)[-1].rsplit("/", 1)[0]
    return {
        "office": f"สำนักงานพัฒนาชุมชน{province_name(data.province)}",
        "title": TITLE,
        "unit_name": numerals(data.unit_name, t),
        # Long group and network names get a smaller size so they stay within the page.
        "name_size": 28 if len(data.unit_name) <= 60 else 23 if len(data.unit_name) <= 110 else 18,
        "place": numerals(f"{data.place} {province_name(data.province)}".strip(), t),
        "certified": f"ได้ผ่านการรับรอง{data.standard}",
        "programme": numerals(f"{PROGRAMME} ประจำปีงบประมาณ พ.ศ. {year}", t),
        "date_line": f"ให้ไว้ ณ วันที่ {thai_date(data.issued_on, thai_numerals=t, with_era=True)}",
        "number": "เลขที่ " + numerals(data.number, t),
        "code": data.code_display,
        "verify_hint": f"ตรวจสอบได้ที่ {host}",
        "qr": list(qr_png(data.verify_url)),  # typst reads bytes in JSON as a list of numbers
        "signers": _signers(data),
    }


def _signers(data: CertificateData) -> list[dict[str, Any]]:
    t = data.thai_numerals
    return [
        {"name": numerals(s.name, t), "position": [numerals(p, t) for p in _lines(s.position)]}
        for s in data.signers
        if s.name.strip() or s.position.strip()
    ]


def typst_data(certificates: Sequence[CertificateData]) -> dict[str, Any]:
    pages = [_page(c) for c in certificates]
    # Signers shared by the pages are laid out once (see the template).
    shared = pages[0]["signers"] if pages else []
    for page in pages:
        if page["signers"] == shared:
            page["signers"] = None
    return {"title": TITLE, "signers": shared, "pages": pages}


def certificates_pdf(certificates: Sequence[CertificateData]) -> bytes:
    """Every certificate as one page of one PDF, in the order given."""
    if not certificates:
        raise ValueError("no certificates to render")
    return certificates_pdf_from(typst_data(certificates), len(certificates))


def certificates_pdf_from(data: dict[str, Any], count: int) -> bytes:
    pdf = render_pdf("certificate", data)
    # The template clips each certificate to its page; one page each is what callers rely on
    # when they cut the document into files.
    with pikepdf.open(io.BytesIO(pdf)) as document:
        _check_count(len(document.pages), count)
    return pdf


def _check_count(pages: int, certificates: int) -> None:
    if pages != certificates:
        raise RenderError(f"certificate: {pages} pages for {certificates} certificates")


def certificate_pdf(certificate: CertificateData) -> bytes:
    return certificates_pdf([certificate])


def split_pages(pdf: bytes) -> list[bytes]:
    """One single-page PDF per page of `pdf` (each keeps the fonts its page uses)."""
    out = []
    with pikepdf.open(io.BytesIO(pdf)) as source:
        for page in source.pages:
            single = pikepdf.new()
            single.docinfo = single.make_indirect(pikepdf.Dictionary(Title=pikepdf.String(TITLE)))
            single.pages.append(page)
            buffer = io.BytesIO()
            single.save(buffer)
            out.append(buffer.getvalue())
    return out


def render_batch(
    certificates: Sequence[CertificateData], *, chunk: int = 250
) -> tuple[bytes, list[bytes]]:
    """(one PDF of every certificate for printing, one PDF per certificate), in order.

    The certificates are compiled a chunk at a time in a second thread: typst runs without
    Python's lock, so the QR codes of the next chunk are made, and the last one is cut into
    pages and added to the PDF for printing, while typst compiles. On two cores that keeps
    both busy.
    """
    if not certificates:
        raise ValueError("no certificates to render")
    chunks = [certificates[i : i + chunk] for i in range(0, len(certificates), chunk)]
    pages: list[bytes] = []
    combined = pikepdf.new()
    combined.docinfo = combined.make_indirect(pikepdf.Dictionary(Title=pikepdf.String(TITLE)))

    with ExitStack() as open_parts, ThreadPoolExecutor(1, thread_name_prefix="typst") as pool:

        def cut(pdf: bytes, count: int) -> None:
            files = split_pages(pdf)
            _check_count(len(files), count)  # on the files: no second reading of the PDF
            pages.extend(files)
            if len(chunks) > 1:
                # Into the PDF for printing now, while typst compiles. qpdf reads the pages
                # when it writes the whole, so the part stays open till then.
                part = open_parts.enter_context(pikepdf.open(io.BytesIO(pdf)))
                combined.pages.extend(part.pages)

        pending = pool.submit(render_pdf, "certificate", typst_data(chunks[0]))
        for done, following in itertools.pairwise(chunks):
            data = typst_data(following)
            pdf = pending.result()
            pending = pool.submit(render_pdf, "certificate", data)
            cut(pdf, len(done))
        pdf = pending.result()
        cut(pdf, len(chunks[-1]))
        if len(chunks) == 1:
            return pdf, pages
        buffer = io.BytesIO()
        combined.save(buffer)
    return buffer.getvalue(), pages
