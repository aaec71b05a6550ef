"""ประกาศนียบัตร: the certificate of a certified unit (DOCUMENTS.md "Certificates").

Landscape A4, Thai: the issuing province, the unit's name and place, the standard and fiscal
year it was certified for, the date of issue, the signer(s), the certificate number, and a QR
code with the short code under it, both leading to the public verification page.

Plain data in, bytes out. `render_batch` renders many certificates as a few typst documents
of many pages (a couple of ms a certificate, see scripts/benchmark_certificates.py), then cuts
them into one file per certificate and joins them into one file for printing; rendering them
one at a time costs ~10 ms each.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pikepdf
import zxingcpp

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


def qr_svg(url: str) -> str:
    """The QR code of `url` as an SVG document, with the standard 4-module quiet zone.

    Medium error correction survives a fold or a stain on a printed page. zxing-cpp encodes
    in C++ in a few microseconds; a pure-Python encoder took ~0.8 ms a code, more than half of
    a certificate's cost in a batch.
    """
    return zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M").to_svg()


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
        "qr": qr_svg(data.verify_url),
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
        if len(document.pages) != count:
            raise RenderError(f"certificate: {len(document.pages)} pages for {count} certificates")
    return pdf


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


def _merge(parts: list[bytes]) -> bytes:
    if len(parts) == 1:
        return parts[0]
    merged = pikepdf.new()
    merged.docinfo = merged.make_indirect(pikepdf.Dictionary(Title=pikepdf.String(TITLE)))
    sources = [pikepdf.open(io.BytesIO(part)) for part in parts]
    try:
        for source in sources:
            merged.pages.extend(source.pages)
        buffer = io.BytesIO()
        merged.save(buffer)
    finally:
        for source in sources:
            source.close()
    return buffer.getvalue()


def render_batch(
    certificates: Sequence[CertificateData], *, chunk: int = 250
) -> tuple[bytes, list[bytes]]:
    """(one PDF of every certificate for printing, one PDF per certificate), in order.

    The certificates are compiled a chunk at a time in a second thread: typst runs without
    Python's lock, so the QR codes of the next chunk are made, and the last one is cut into
    pages, while typst compiles. On two cores that keeps both busy.
    """
    if not certificates:
        raise ValueError("no certificates to render")
    chunks = [certificates[i : i + chunk] for i in range(0, len(certificates), chunk)]
    parts: list[bytes] = []
    pages: list[bytes] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="typst") as pool:
        pending = pool.submit(certificates_pdf_from, typst_data(chunks[0]), len(chunks[0]))
        for following in chunks[1:]:
            data = typst_data(following)
            done = pending.result()
            pending = pool.submit(certificates_pdf_from, data, len(following))
            parts.append(done)
            pages.extend(split_pages(done))
        done = pending.result()
        parts.append(done)
        pages.extend(split_pages(done))
    return _merge(parts), pages
