"""Helpers for tests that read generated documents back."""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


def pdf_text(pdf_bytes: bytes) -> str:
    """All text of a PDF, pages joined with a form feed.

    pdfium reads a mark typst wrote apart from its cluster ("ดิ์") as a zero width space
    (documents/text_layer.py); it is dropped here. poppler's pdftotext reads the text exactly
    (tests/test_documents_text_layer.py).
    """
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        pages = []
        for page in document:
            text_page = page.get_textpage()
            pages.append(text_page.get_text_range().replace("\u200b", ""))
            text_page.close()
            page.close()
        return "\f".join(pages)
    finally:
        document.close()


def pdf_page_count(pdf_bytes: bytes) -> int:
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        return len(document)
    finally:
        document.close()


def pdf_image_count(pdf_bytes: bytes) -> int:
    """How many images a PDF places, on all its pages (the emblem, photos)."""
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        return sum(
            len(list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))) for page in document
        )
    finally:
        document.close()
