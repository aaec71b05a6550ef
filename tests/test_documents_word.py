"""The Word files open right where officers open them (docs/documents.md "Common to all"):
every run names TH SarabunPSK, the font every agency installs, and the font table lists it; converted by
LibreOffice with TH Sarabun served by Laksaman at TH Sarabun's size, each file takes as many
pages as its PDF, or one more; table headers keep their words whole and no line ends with "("
before "มชช.)".

LibreOffice converts all the samples in one run per session (about 5 s): the module fixture.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from documents import docx_common, render
from documents.testing import pdf_page_count
from tests.factories import sample_docx, sample_pdfs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Debian's fonts-tlwg-laksaman (installed by `make test`) serves "TH Sarabun…" with Laksaman.
SYNTHETIC = Path("/usr/share/fontconfig/conf.avail/89-tlwg-laksaman-synthetic.conf")
LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
# Laksaman is TH Sarabun New drawn 150.42 % larger on its 1000-unit em: on an em of 1504 units
# the same outlines print at TH Sarabun New's size.
TH_SARABUN_EM = 1504


def _parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name.endswith(".xml")}


def test_every_run_names_th_sarabunpsk() -> None:
    for name, build in sample_docx().items():
        parts = _parts(build())
        runs = 0
        for part, xml in parts.items():
            if not part.startswith(("word/document", "word/header", "word/footer")):
                continue
            for run in etree.fromstring(xml).iter(f"{W}r"):
                if run.find(f"{W}t") is None:
                    continue  # a run without text (a picture, a break)
                runs += 1
                fonts = run.find(f"{W}rPr/{W}rFonts")
                assert fonts is not None, (name, part, etree.tostring(run)[:200])
                for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
                    assert fonts.get(f"{W}{attr}") == "TH SarabunPSK", (name, part, attr)
        assert runs > 10, name
        table = etree.fromstring(parts["word/fontTable.xml"])
        assert "TH SarabunPSK" in [font.get(f"{W}name") for font in table], name
        styles = etree.fromstring(parts["word/styles.xml"])
        defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
        assert defaults is not None and defaults.get(f"{W}cs") == "TH SarabunPSK"
        assert defaults.get(f"{W}asciiTheme") is None  # a theme font would win over the name


def test_normal_style_is_th_sarabunpsk_16() -> None:
    doc = Document(io.BytesIO(sample_docx()["committee_order"]()))
    normal = doc.styles["Normal"]
    assert normal.font.name == "TH SarabunPSK"
    assert normal.font.size is not None and normal.font.size.pt == docx_common.BODY_PT == 16
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:cs")) == "TH SarabunPSK"


def _th_sarabun_fonts(folder: Path) -> None:
    """Laksaman with its em made TH Sarabun's: the same glyphs at TH Sarabun New's size."""
    folder.mkdir()
    for source in render.PDF_FONT_DIR.glob("Laksaman*.ttf"):
        data = bytearray(source.read_bytes())
        tables = struct.unpack(">H", data[4:6])[0]
        for i in range(tables):
            tag, _checksum, offset, _length = struct.unpack(
                ">4sIII", data[12 + 16 * i : 28 + 16 * i]
            )
            if tag == b"head":
                assert struct.unpack(">H", data[offset + 18 : offset + 20])[0] == 1000
                data[offset + 18 : offset + 20] = struct.pack(">H", TH_SARABUN_EM)
        (folder / source.name).write_bytes(bytes(data))


SWEEP = "bracket_sweep"


def _bracket_sweep() -> bytes:
    """ "(มชช.)" at every place a line can end: a longer lead-in on each line."""
    doc = docx_common.new_document()
    for k in range(40):
        docx_common.add_paragraph(doc, "การ" * k + " ตามระบบมาตรฐานการพัฒนาชุมชน (มชช.) ประจำปี 2570")
    return docx_common.to_bytes(doc)


def test_a_bracketed_acronym_never_breaks_after_its_bracket(
    converted: dict[str, tuple[bytes, bytes]],
) -> None:
    """The fault seen: a line ending with "(" and the next starting "มชช.)" (under a fallback
    font). Here "(มชช.)" falls at every line end in turn, and stays whole."""
    text = _pdftotext(converted[SWEEP][0])
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert not [line for line in lines if line.endswith("(") or line.startswith("มชช")]
    assert sum(line.count("(มชช.)") for line in lines) == 40


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, bytes]]:
    """name -> (LibreOffice's PDF of the Word file, the system's PDF of the same data)."""
    if LIBREOFFICE is None or not SYNTHETIC.exists():
        pytest.skip("needs libreoffice-writer-nogui and fonts-tlwg-laksaman-ttf (make test)")
    root = tmp_path_factory.mktemp("word")
    _th_sarabun_fonts(root / "fonts")
    # Only these fonts and Debian's alias: the result does not depend on the machine's fonts.
    config = root / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{root / 'fonts'}</dir>\n  <cachedir>{root / 'fc-cache'}</cachedir>\n"
        f"  <include>{SYNTHETIC}</include>\n</fontconfig>\n"
    )
    docs = root / "docx"
    docs.mkdir()
    pdfs = sample_pdfs()
    for name, build in sample_docx().items():
        (docs / f"{name}.docx").write_bytes(build())
    (docs / f"{SWEEP}.docx").write_bytes(_bracket_sweep())
    env = {
        **os.environ,
        "FONTCONFIG_FILE": str(config),
        "HOME": str(root),
        "SAL_USE_VCLPLUGIN": "svp",
    }
    subprocess.run(
        [
            str(LIBREOFFICE),
            f"-env:UserInstallation=file://{root / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(root / "out"),
            *sorted(str(path) for path in docs.glob("*.docx")),
        ],
        env=env,
        capture_output=True,
        check=True,
        timeout=300,
    )
    result = {
        name: ((root / "out" / f"{name}.pdf").read_bytes(), pdfs[name]()) for name in sample_docx()
    }
    result[SWEEP] = ((root / "out" / f"{SWEEP}.pdf").read_bytes(), b"")
    return result


@pytest.mark.parametrize("name", sorted(sample_docx()))
def test_word_file_takes_the_pages_of_its_pdf(
    converted: dict[str, tuple[bytes, bytes]], name: str
) -> None:
    word, pdf = converted[name]
    assert pdf_page_count(word) in (pdf_page_count(pdf), pdf_page_count(pdf) + 1)


def _pdftotext(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True)
    return done.stdout.decode("utf-8")


@pytest.mark.parametrize("name", sorted(sample_docx()))
def test_word_lines_keep_words_whole(converted: dict[str, tuple[bytes, bytes]], name: str) -> None:
    text = _pdftotext(converted[name][0])
    lines = [line.strip() for line in text.splitlines()]
    assert not [line for line in lines if line.endswith("(")], name
    # Header words of the tables: a narrow column broke "ลำดับ" as "ลำดั / บ".
    for word in ("ลำดับ", "หน่วยนับ"):
        assert not any(line.endswith(word[:-1]) for line in lines), (name, word)
    assert pdf_page_count(converted[name][0]) >= 1


def test_table_columns_hold_their_header_words() -> None:
    """Columns are sized from their words: each header word fits its column on one line (a
    2.5 cm plan may give "ลำดับ" 0.6 cm; it gets what the word needs)."""
    checked = 0
    for name, build in sample_docx().items():
        doc = Document(io.BytesIO(build()))
        for table in doc.tables:
            header = table.rows[0]
            for cell in header.cells:
                runs = cell.paragraphs[0].runs
                if not runs or not runs[0].bold or cell.width is None:
                    continue  # not a header row (a list without borders)
                for word in cell.text.split():
                    need = docx_common.text_width_cm(word, docx_common.TABLE_PT, bold=True)
                    assert cell.width.cm >= need + 0.38 - 0.01, (name, word, cell.width.cm, need)
                    checked += 1
    assert checked > 20


def test_fit_widths_gives_a_word_its_room_and_keeps_the_table_width() -> None:
    widths = docx_common.fit_widths(["ลำดับ", "ชื่อ"], [["1", "นายสมชาย ใจงาม"]], [0.6, 5.0])
    assert widths[0] >= docx_common.text_width_cm("ลำดับ", docx_common.TABLE_PT, bold=True) + 0.38
    assert abs(sum(widths) - 5.6) < 1e-6
