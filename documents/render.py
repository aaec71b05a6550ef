"""The one PDF renderer: a typst template per document type, the data passed in as JSON.

Templates live in documents/typst/<name>.typ and read their data with
`#let data = json(bytes(sys.inputs.data))`. Data values are inserted as text, never evaluated
as typst markup, so user-entered names cannot change the layout.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import fontpkg_sarabun
import typst

from documents import text_layer

TYPST_DIR = Path(__file__).resolve().parent / "typst"
# Laksaman, vendored with its licence (documents/fonts/README.md): TH Sarabun New's glyphs, so
# the PDFs print like the government's font at its sizes (common.typ `th-pt`).
PDF_FONT_DIR = Path(__file__).resolve().parent / "fonts"
# Sarabun, the web pages' font, for the demo's pictures and placeholder papers (seed_demo).
FONT_DIR = Path(fontpkg_sarabun.ROOT) / "files"

# Fonts are scanned once and the compiler (with typst's caches) is reused across calls: the
# first render costs ~50 ms more, later ones ~10 ms a page. Calls are serialised by a lock
# because one compiler holds one set of inputs at a time. Laksaman does the text; typst's
# embedded fonts are there only as a fallback for symbols Laksaman lacks, never system fonts.
_lock = threading.Lock()
_compiler: typst.Compiler | None = None
_fonts: typst.Fonts | None = None

# Names under which a template finds the pictures passed to render_pdf(images=...).
IMAGE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}\.(jpg|png)$")


class RenderError(RuntimeError):
    """A template failed to compile; the message carries typst's diagnostic."""


def _get_fonts() -> typst.Fonts:
    global _fonts
    if _fonts is None:
        _fonts = typst.Fonts(
            include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(PDF_FONT_DIR)]
        )
    return _fonts


def _get_compiler() -> typst.Compiler:
    global _compiler
    if _compiler is None:
        _compiler = typst.Compiler(
            root=str(TYPST_DIR), font_paths=_get_fonts(), ignore_system_fonts=True
        )
    return _compiler


def template_path(template_name: str) -> Path:
    path = (TYPST_DIR / f"{template_name}.typ").resolve()
    # Names come from code, but refuse anything that would leave the template folder.
    if path.parent != TYPST_DIR or not path.is_file():
        raise RenderError(f"unknown document template: {template_name!r}")
    return path


def render_pdf(
    template_name: str,
    data: dict[str, Any],
    *,
    emblem: bytes | None = None,
    images: Mapping[str, bytes] | None = None,
) -> bytes:
    """Compile documents/typst/<template_name>.typ with `data` and return the PDF bytes.

    `emblem` is the office's Garuda image (PNG, JPEG or SVG bytes) for templates that show one;
    typst may only read files inside the template folder, so the image travels as data.

    `images` are pictures by name ("p12.jpg": JPEG or PNG bytes), for documents with many of
    them (the photo dossier). The template shows one with `image("/images/" + name)`. A list
    of byte values in JSON, as for the emblem, would make a 100-photo dossier a string of tens of
    megabytes for typst to parse; instead the pictures are written to a private temporary folder that holds a copy of the
    templates and serves as the compiler's root, and the folder is removed afterwards.
    """
    path = template_path(template_name)
    inputs = {"data": json.dumps(data, ensure_ascii=False)}
    if emblem is not None:
        inputs["emblem"] = json.dumps(list(emblem))
    if images:
        return _render_with_images(template_name, path, inputs, images)
    with _lock:
        try:
            pdf = _get_compiler().compile(input=str(path), sys_inputs=inputs)
        except typst.TypstError as exc:
            raise RenderError(f"{template_name}: {exc.message} {exc.diagnostic}".strip()) from exc
    assert isinstance(pdf, bytes)
    return text_layer.mend(pdf)


def _render_with_images(
    template_name: str, path: Path, inputs: dict[str, str], images: Mapping[str, bytes]
) -> bytes:
    for name in images:
        # Names come from code; refuse anything that is not a plain file name.
        if not IMAGE_NAME.match(name):
            raise RenderError(f"bad image name: {name!r}")
    with tempfile.TemporaryDirectory(prefix="mchch-typst-") as folder:
        root = Path(folder)
        for source in TYPST_DIR.glob("*.typ"):
            shutil.copyfile(source, root / source.name)
        (root / "images").mkdir()
        for name, content in images.items():
            (root / "images" / name).write_bytes(content)
        # A compiler of its own, dropped afterwards: a compiler keeps every file it has read, and
        # the photos should not stay with the shared one. It needs no lock; the fonts are shared.
        compiler = typst.Compiler(root=str(root), font_paths=_get_fonts(), ignore_system_fonts=True)
        try:
            pdf = compiler.compile(input=str(root / path.name), sys_inputs=inputs)
        except typst.TypstError as exc:
            raise RenderError(f"{template_name}: {exc.message} {exc.diagnostic}".strip()) from exc
    assert isinstance(pdf, bytes)
    return text_layer.mend(pdf)
