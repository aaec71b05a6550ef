"""Every user-facing message goes through Django's translation (issue 10).

Our msgids are Thai (Thai is the source language); locale/en/LC_MESSAGES/django.po holds the
English. Three checks:

(a) an AST scan of the project's Python code (tests and migrations aside) fails on a Thai string
    literal that is not the argument of a gettext call, unless it is listed in DATA below;
(b) with English active, DomainErrors raised through the services carry no Thai;
(c) every Thai msgid of our catalogue has an English msgstr.

What stays Thai on purpose (DATA): text that is not the interface but the content of the
system, the same in whichever language the reader chose:

* official Thai documents and their files: the PDF/Word/Excel documents in documents/, the
  province's announcement, the committee orders, the year-end letter, the certificate and its
  signed credential, the exports and the names of downloaded files (a government document is
  Thai whatever the screen's language; views render them under translation.override("th"));
* seed and default content: the department's default frameworks, the default committee texts,
  the demo data;
* Thai names and their grammar: place names ("อำเภอ…", "หมู่ที่ … บ้าน…"), addresses, offices
  and plan codes ("ก.1") built from them, and Thai dates and numerals (core/thai.py);
* operator tools: management commands, backups and the credential checker print for the person
  at the console, already bilingual (Thai with the English in brackets), and scripts/ are
  benchmarks;
* stored values: a TextChoices value (the first of a pair whose label is translated) is data.

Docstrings are not messages and are not scanned.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from accounts.models import Role
from core.errors import DomainError
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
THAI = re.compile(r"[\u0e00-\u0e7f]")
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "pgettext",
    "pgettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
SKIP_DIRS = {".venv", "var", "tests", "node_modules", "migrations", "locale", "static"}

ALL = "*"
# path -> names of the functions (or module-level assignments) whose Thai is data, or ALL.
DATA: dict[str, set[str] | str] = {
    # Seed and default content.
    "frameworks/default_frameworks.py": ALL,
    "committees/defaults.py": ALL,
    "demo": ALL,
    "frameworks/management/commands/load_default_frameworks.py": ALL,
    # Official Thai documents (PDF, Word, Excel) and what they print.
    "documents": ALL,
    "certification/credential.py": ALL,  # the signed credential's Thai content
    "certified/exports.py": ALL,  # the register's Excel tables
    "registration/exports.py": ALL,  # the application form and applicant list
    "activities/exports.py": {"photo_dossier"},
    "development/record.py": {"development_record"},
    "development/plans_report.py": {"plans_report_data"},
    "programme/documents.py": {"area_report_fields"},  # the reporting office's name
    "assessment/summary.py": {"district_head", "recommendation_summary"},
    "reports/selectors.py": {"letter_defaults", "year_end_report_file"},
    "certification/announcement.py": {
        "COUNTERS",
        "committee_name",
        "defaults",
        "document_data",
        "_full_subject",
    },
    "committees/models.py": {"ROLE_PATTERNS", "EFFECTIVE_TEXT"},  # the committee order's text
    "dashboards/charts.py": {"COMBINING"},  # Thai marks, to measure a label's width
    "frameworks/framework_excel.py": {
        # The Excel framework's sheet: its headings are read back on import and must match.
        "SHEET_TITLE",
        "LABEL_NAME",
        "LABEL_TYPE",
        "LABEL_YEAR",
        "LABEL_TOTAL",
        "LABEL_COMPONENT",
        "NOTE",
        "COLUMNS",
        "level_headers",
    },
    "certified/views.py": {"register_xlsx", "_filters_line"},
    # Names of downloaded Thai documents.
    "certification/views.py": {
        "certificate_pdf",
        "certificate_credential",
        "announcement_file",
        "batch_combined",
        "announcement_page",
    },
    "certification/public_views.py": {"verify_credential"},
    "certified/public_views.py": {"photo"},
    "registration/views.py": {"application_form_pdf"},
    "frameworks/editor_views.py": {"framework_export"},
    "committees/views.py": {"order_document"},
    # Thai names, addresses and dates.
    "core/thai.py": ALL,
    "geography/models.py": {"display_name", "__str__"},
    "registration/models.py": {"address_line"},
    "registration/forms.py": {"__init__"},  # village choices: "หมู่ที่ 1 บ้าน… ต.…"
    "accounts/models.py": {"scope_label"},  # "จังหวัด…", "อำเภอ… จังหวัด…"
    "development/models.py": {"code"},  # plan items "ก.1", "ก.2"
    "programme/models.py": {"__str__"},  # the year's Thai name "มชช. จังหวัด… ปี 2568"
    # Operator tools, bilingual already.
    "backups": ALL,
    "certification/signing.py": ALL,
    "certification/management": ALL,
    "activities/management": ALL,
    "geography/management": ALL,
    "scripts": ALL,
}

# Thai written into the database as a record, not shown as a message: a unit carried over to
# the next year keeps "ต่อเนื่องจากปี 2568" as its history note, and a round without a name is
# named after its committee; both are read later by whoever opens the record, in Thai documents.
STORED = {
    ("registration/services.py", "ต่อเนื่องจากปี "),
    ("assessment/services.py", "การประเมิน"),
}


def python_files():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIP_DIRS.intersection(relative.parts):
            continue
        yield relative


def _allowlisted(relative: Path, owner: str) -> bool:
    text = relative.as_posix()
    for key, names in DATA.items():
        if text == key or text.startswith(key + "/"):
            if names == ALL or owner in names:
                return True
    return False


def _call_name(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Name):
            return node.func.id
        if isinstance(node.func, ast.Attribute):
            return node.func.attr
    return None


def bare_thai(relative: Path, source: str | None = None):
    """Thai literals in one file that no gettext call wraps: (node, owner, scope-is-function)."""
    source = (ROOT / relative).read_text() if source is None else source
    tree = ast.parse(source)
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    docstrings, seen = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(body[0].value)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if node in docstrings or not THAI.search(node.value):
            continue
        parent = parents.get(node)
        literal: ast.expr
        if isinstance(parent, ast.JoinedStr):
            literal, parent = parent, parents.get(parent)
        else:
            literal = node
        if (relative.as_posix(), node.value) in STORED:
            continue
        if literal in seen or _call_name(parent) in GETTEXT:
            continue
        seen.add(literal)
        # A TextChoices member: ("ค่า", _("ป้ายชื่อ")) stores the first, shows the second.
        if (
            isinstance(parent, ast.Tuple)
            and len(parent.elts) == 2
            and parent.elts[0] is literal
            and _call_name(parent.elts[1]) in GETTEXT
        ):
            continue
        cursor: ast.AST
        owner, in_function, cursor = None, False, node
        while cursor in parents:
            cursor = parents[cursor]
            if isinstance(cursor, (ast.FunctionDef, ast.AsyncFunctionDef)):
                owner = owner or cursor.name
                in_function = True
                break
            if isinstance(cursor, ast.Lambda):
                in_function = True
            if isinstance(cursor, ast.ClassDef):
                owner = owner or cursor.name
                break
            if isinstance(cursor, (ast.Assign, ast.AnnAssign)) and parents.get(cursor) is tree:
                targets = cursor.targets if isinstance(cursor, ast.Assign) else [cursor.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                owner = names[0] if names else None
        owner = owner or "<module>"
        if _allowlisted(relative, owner):
            continue
        yield literal, owner, in_function


def test_no_bare_thai_literal():
    found = []
    for relative in python_files():
        for node, owner, _in_function in bare_thai(relative):
            found.append(f"{relative}:{node.lineno} ({owner}): {ast.unparse(node)[:80]}")
    assert not found, (
        "Thai text that does not go through gettext (wrap it in _() or, if it is data that "
        "must stay Thai, list it in tests/test_messages.py DATA):\n" + "\n".join(found)
    )


def test_scan_catches_a_bare_literal():
    source = (
        "from django.utils.translation import gettext as _\n"
        "def f():\n"
        "    ok = _('ข้อความ')\n"
        "    raise ValueError('ข้อความที่ไม่ได้แปล')\n"
    )
    found = list(bare_thai(Path("somewhere/services.py"), source))
    assert [node.value for node, _owner, _f in found] == ["ข้อความที่ไม่ได้แปล"]


# --- (b) English mode shows English errors ---------------------------------------------------


def _raised(call) -> str:
    with translation.override("en"), pytest.raises(DomainError) as caught:
        call()
    return caught.value.message


def _assert_english(message) -> None:
    text = str(message)
    assert text and not THAI.search(text), f"Thai reached the English UI: {text!r}"


@pytest.mark.django_db
def test_domain_errors_are_english_in_english_mode(pat, alice, charlie, year, village, leader):
    from accounts import services as accounts
    from core.uploads import check_upload
    from frameworks.editor import parse_percent
    from geography import services as geography
    from programme.services import programme_year_create
    from registration import services as registration

    samples = [
        lambda: accounts.user_set_active(actor=pat, user=pat, active=False),
        lambda: accounts.user_create(actor=alice, username="alice", role=Role.DEVELOPER),
        lambda: geography.village_create(
            actor=charlie, subdistrict=village.subdistrict, number=9, name="ใหม่"
        ),
        # A message with a value in it.
        lambda: programme_year_create(actor=pat, province=year.province, fiscal_year=2570),
        # A message built from several: the unmet rules and the missing documents' names.
        lambda: registration.unit_submit(actor=alice, unit=leader),
        lambda: check_upload(SimpleUploadedFile("empty.pdf", b"")),
        lambda: parse_percent("sixty", field="pass_percent"),
    ]
    for call in samples:
        _assert_english(_raised(call))
    # Thai mode (the default) is unchanged.
    with translation.override("th"):
        with pytest.raises(DomainError) as caught:
            accounts.user_set_active(actor=pat, user=pat, active=False)
    assert caught.value.message == "ปิดบัญชีของตนเองไม่ได้"


@pytest.mark.django_db
def test_a_domain_error_on_an_english_page(client, alice, dave):
    client.force_login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("accounts:users"),
        {
            "username": "dave",
            "password": PASSWORD + "x",
            "role": Role.DEVELOPER,
            "first_name": "Dave",
            "last_name": "Two",
            "district": "5101",
        },
    )
    content = response.content.decode()
    assert "This username already exists" in content
    assert "ชื่อผู้ใช้นี้มีอยู่แล้ว" not in content


# --- (c) the catalogue ------------------------------------------------------------------------


def _catalogue(language: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) of a .po file; plural entries give their first forms."""
    path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    entries = []
    for block in path.read_text().split("\n\n"):
        fuzzy, key, parts = False, None, {"msgid": "", "msgstr": ""}
        for line in block.splitlines():
            if line.startswith("#,"):
                fuzzy = fuzzy or "fuzzy" in line
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and key:
                parts[key] += ast.literal_eval(line)
            else:
                name, _space, rest = line.partition(" ")
                key = {"msgid": "msgid", "msgstr": "msgstr", "msgstr[0]": "msgstr"}.get(name)
                if key:
                    parts[key] += ast.literal_eval(rest)
        if parts["msgid"]:
            entries.append((parts["msgid"], parts["msgstr"], fuzzy))
    return entries


def test_every_thai_msgid_has_an_english_msgstr():
    entries = [e for e in _catalogue("en") if THAI.search(e[0])]
    assert len(entries) > 1000
    missing = [msgid for msgid, msgstr, fuzzy in entries if not msgstr.strip() or fuzzy]
    assert not missing, (
        "untranslated or fuzzy in locale/en: run `make messages` and translate:\n"
        + ("\n".join(missing))
    )


def test_the_compiled_catalogue_is_current():
    """The committed .mo is what `make run` uses: it must hold what the .po says."""
    from django.utils.translation import trans_real

    with translation.override("en"):
        catalogue = trans_real.translation("en")
        for msgid, msgstr, fuzzy in _catalogue("en"):
            if THAI.search(msgid) and msgstr and not fuzzy and "\x04" not in msgid:
                assert catalogue.gettext(msgid) == msgstr, msgid
