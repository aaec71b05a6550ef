"""The department's national year-end report (issue 13): its figures on two hand-made provinces
against counts made here from the units' rows and against the provinces' own reports, the three
formats read back, who may download it, its audit row, odd input, and its cost in queries."""

import io
import shutil
import subprocess

import docx
import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from audit.models import AuditEntry
from core.once import new_form_token
from documents.testing import pdf_text
from geography.models import District, Province
from programme.models import Quota
from programme.services import programme_year_create
from registration.models import Status
from reports import services
from reports.national import national_report_data
from reports.selectors import year_end_report_data
from tests.conftest import make_user
from tests.factories import make_unit

URL = "/reports/national/"
TITLE = "รายงานผลการดำเนินงานมาตรฐานการพัฒนาชุมชน ประจำปีงบประมาณ พ.ศ. ๒๕๗๐ ภาพรวมทั้งประเทศ"
S = Status
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
# (province, district, type, status) of every unit made; counted by hand below.
UNITS = [
    ("51", "5101", "GROUP", S.CERTIFIED),
    ("51", "5101", "GROUP", S.CERTIFIED),
    ("51", "5101", "GROUP", S.NOT_CERTIFIED),
    ("51", "5101", "GROUP", S.NOT_RECOMMENDED),
    ("51", "5101", "GROUP", S.SUBMITTED),
    ("51", "5101", "GROUP", S.DRAFT),
    ("51", "5101", "GROUP", S.WITHDRAWN),
    ("51", "5102", "LEADER", S.CERTIFIED),
    ("51", "5102", "LEADER", S.DOCUMENTS_RETURNED),
    ("51", "5102", "LEADER", S.RECOMMENDED),
    ("51", "5102", "COMMUNITY", S.DOCUMENTS_COMPLETE),
    ("50", "5001", "NETWORK", S.CERTIFIED),
    ("50", "5001", "NETWORK", S.NOT_CERTIFIED),
    ("50", "5001", "LEADER", S.NOT_CERTIFIED),
    ("50", "5001", "LEADER", S.SUBMITTED),
    ("50", "5001", "COMMUNITY", S.DRAFT),
]
TYPES = ["LEADER", "GROUP", "NETWORK", "COMMUNITY"]
# Written out here rather than imported, so a change of the report's rules shows in this test.
NOT_COUNTED = {S.DRAFT, S.WITHDRAWN}
WAITING_FOR_DOCUMENTS = {S.SUBMITTED, S.DOCUMENTS_RETURNED}
FAILED = {S.NOT_CERTIFIED, S.NOT_RECOMMENDED}


def expected(province: str | None, unit_type: str | None = None) -> dict[str, int]:
    rows = [
        status
        for p, _d, t, status in UNITS
        if (province is None or p == province) and (unit_type is None or t == unit_type)
    ]
    registered = [s for s in rows if s not in NOT_COUNTED]
    return {
        "registered": len(registered),
        "accepted": sum(1 for s in registered if s not in WAITING_FOR_DOCUMENTS),
        "certified": sum(1 for s in rows if s == S.CERTIFIED),
        "failed": sum(1 for s in rows if s in FAILED),
    }


def figures(f) -> dict[str, int]:
    c = f.counts
    return {
        "registered": c.registered,
        "accepted": c.accepted,
        "certified": c.certified,
        "failed": c.failed,
    }


@pytest.fixture
def chiang_mai(olivia):
    return programme_year_create(
        actor=olivia, province=Province.objects.get(pk="50"), fiscal_year=2570
    )


@pytest.fixture
def country(year, chiang_mai, alice, olivia, pat):
    """Lampang's and Chiang Mai's units of 2570; Lampang asks three leaders a district and has
    sent its year-end report twice; no other province has opened 2570."""
    years = {"51": year, "50": chiang_mai}
    for i, (province, district, unit_type, status) in enumerate(UNITS):
        creator = alice if province == "51" else olivia
        make_unit(
            years[province],
            creator,
            f"หน่วยนับทดสอบ {i}",
            district=district,
            status=status,
            unit_type=unit_type,
        )
    Quota.objects.update_or_create(
        programme_year=year, unit_type="LEADER", defaults={"min_per_district": 3}
    )
    for _ in range(2):
        services.year_end_report_send(actor=pat, year=year, once=new_form_token(), confirmed=True)
    return years


def row_of(data, code):
    return next(p for p in data.provinces if p.code == code)


def test_figures_are_the_units_counted_by_province_and_type(country, admin_user):
    data = national_report_data(user=admin_user, fiscal_year=2570)
    assert [p.code for p in data.provinces] == sorted(Province.objects.values_list("pk", flat=True))
    for code in ("51", "50"):
        row = row_of(data, code)
        assert row.started
        for unit_type, by_type in zip(TYPES, row.by_type, strict=True):
            assert figures(by_type) == expected(code, unit_type), (code, unit_type)
        assert figures(row.total()) == expected(code)
    for unit_type, by_type in zip(TYPES, data.by_type(), strict=True):
        assert figures(by_type) == expected(None, unit_type)
    # Lampang: 3 certified, 2 not passed (not certified, not recommended): 3 ÷ 5.
    lampang = row_of(data, "51").total().counts
    assert (lampang.certified, lampang.assessed) == (3, 5)
    assert str(lampang.pass_rate) == "60.00"
    # Quotas: the districts × the minimum a district (LEADER 3 in Lampang, 1 elsewhere).
    lampang_districts = District.objects.filter(province_id="51").count()
    chiang_mai_districts = District.objects.filter(province_id="50").count()
    assert row_of(data, "51").by_type[0].quota == 3 * lampang_districts
    assert row_of(data, "51").total().quota == 6 * lampang_districts
    assert row_of(data, "50").total().quota == 4 * chiang_mai_districts
    assert data.total().quota == 6 * lampang_districts + 4 * chiang_mai_districts


def test_a_province_row_is_its_own_year_end_report(country, admin_user):
    data = national_report_data(user=admin_user, fiscal_year=2570)
    for code, year in country.items():
        report = year_end_report_data(user=admin_user, year=year, district=None)
        assert row_of(data, code).total().counts == report.total()
        for by_type, type_row in zip(row_of(data, code).by_type, report.by_type, strict=True):
            assert by_type.counts == type_row.counts


def test_provinces_without_the_year_are_listed_as_not_started(country, admin_user):
    data = national_report_data(user=admin_user, fiscal_year=2570)
    assert len(data.provinces) == Province.objects.count() == 77
    assert data.started_count() == 2
    bangkok = row_of(data, "10")
    assert not bangkok.started and bangkok.by_type == [] and bangkok.sent is None
    assert "ยังไม่เปิดปีดำเนินงาน" in data.sent_text(bangkok)


def test_the_reports_received(country, admin_user):
    data = national_report_data(user=admin_user, fiscal_year=2570)
    lampang = row_of(data, "51")
    assert lampang.sent is not None and lampang.sent.times == 2
    assert row_of(data, "50").sent is None
    assert data.sent_count() == 1
    assert data.sent_text(row_of(data, "50")) == "ยังไม่ส่ง"
    assert data.sent_text(lampang).startswith("ส่งแล้ว")


def test_another_fiscal_year_counts_nothing_of_2570(country, admin_user, pat):
    programme_year_create(actor=pat, province=Province.objects.get(pk="51"), fiscal_year=2571)
    data = national_report_data(user=admin_user, fiscal_year=2571)
    assert data.started_count() == 1
    assert data.total().counts.registered == 0
    assert row_of(data, "51").sent is None


def test_queries_do_not_grow_with_provinces(country, admin_user, pat):
    with CaptureQueriesContext(connection) as two:
        national_report_data(user=admin_user, fiscal_year=2570)
    nan = programme_year_create(
        actor=make_user("nan_officer", Role.PROVINCE, province="55"),
        province=Province.objects.get(pk="55"),
        fiscal_year=2570,
    )
    make_unit(nan, pat, "กลุ่มน่าน", district=District.objects.filter(province_id="55")[0].pk)
    with CaptureQueriesContext(connection) as three:
        data = national_report_data(user=admin_user, fiscal_year=2570)
    assert data.started_count() == 3
    assert len(two) == len(three) <= 6


def test_the_page_shows_the_provinces(country, admin_user, client):
    client.force_login(admin_user)
    response = client.get(URL, {"fiscal_year": "2570"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "ลำพูน" in text and "เชียงใหม่" in text and "ยังไม่เปิดปีดำเนินงาน" in text
    assert "format=pdf" in text
    # Without a year: the newest some province opened.
    assert client.get(URL).status_code == 200


def test_the_page_sorts_the_provinces_by_a_figure(country, admin_user, client):
    client.force_login(admin_user)
    names = ("ลำพูน", "เชียงใหม่", "กรุงเทพมหานคร")

    def order(sort):
        text = client.get(URL, {"fiscal_year": "2570", "sort": sort}).content.decode()
        return sorted(names, key=text.index)

    # Lampang has more applicants (9 against 4) and the higher pass rate (60 against 33.33);
    # Chiang Mai, with many more districts, the higher target. Bangkok has no year: last.
    assert order("registered") == ["ลำพูน", "เชียงใหม่", "กรุงเทพมหานคร"]
    assert order("pass_rate") == ["ลำพูน", "เชียงใหม่", "กรุงเทพมหานคร"]
    assert order("quota") == ["เชียงใหม่", "ลำพูน", "กรุงเทพมหานคร"]
    # By code otherwise (an unknown sort too): Bangkok (10), Chiang Mai (50), Lampang (51).
    for sort in ("", "nonsense"):
        assert order(sort) == ["กรุงเทพมหานคร", "เชียงใหม่", "ลำพูน"]


def test_the_department_start_page_links_the_report(country, admin_user, client):
    client.force_login(admin_user)
    text = client.get("/").content.decode()
    assert f"{URL}?fiscal_year=2570" in text


def _download(client, fmt):
    response = client.get(URL, {"fiscal_year": "2570", "format": fmt})
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment")
    return response.content


def test_pdf_reads_back_with_the_title_and_a_provinces_figures(country, admin_user, client):
    client.force_login(admin_user)
    text = pdf_text(_download(client, "pdf"))
    compact = "".join(text.split())
    assert "".join(TITLE.split()) in compact
    lampang = expected("51")
    # Lampang's row: its quota, registered, accepted, assessed, certified, not passed, rate.
    quota = 6 * District.objects.filter(province_id="51").count()
    digits = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    cells = [quota, lampang["registered"], lampang["accepted"], 5, 3, 2, "60.00"]
    row = "ลำพูน" + "".join(str(c).translate(digits) for c in cells)
    assert row in compact, compact[:2000]
    assert "ยังไม่เปิดปีดำเนินงาน" in compact


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_pdftotext_reads_the_title_and_a_provinces_row(country, admin_user, client):
    client.force_login(admin_user)
    pdf = _download(client, "pdf")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-raw", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    compact = "".join(text.split())
    assert "".join(TITLE.split()) in compact
    quota = 6 * District.objects.filter(province_id="51").count()
    lampang = expected("51")
    cells = [quota, lampang["registered"], lampang["accepted"], 5, 3, 2, "60.00"]
    assert "ลำพูน" + "".join(str(c).translate(THAI) for c in cells) in compact


def test_word_file_holds_the_figures(country, admin_user, client):
    client.force_login(admin_user)
    document = docx.Document(io.BytesIO(_download(client, "docx")))
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    lampang = next(r for r in rows if r[0] == "ลำพูน" and len(r) == 9)
    assert lampang[2] == str(expected("51")["registered"]).translate(
        str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    )
    assert lampang[-1].startswith("ส่งแล้ว")
    assert any(TITLE in p.text for p in document.paragraphs)


def test_workbook_holds_the_figures_as_numbers(country, admin_user, client):
    client.force_login(admin_user)
    wb = openpyxl.load_workbook(io.BytesIO(_download(client, "xlsx")))
    ws = wb["รายจังหวัด"]
    rows = {row[1]: row for row in ws.iter_rows(values_only=True) if row[0] in (50, 51, 10)}
    lampang = rows["ลำพูน"]
    assert lampang[3:7] == (expected("51")["registered"], expected("51")["accepted"], 5, 3)
    assert lampang[8] == 60.0
    assert lampang[9] == "ส่งแล้ว" and lampang[11] == 2
    assert rows["กรุงเทพมหานคร"][2:9] == (None,) * 7
    long = [row for row in wb["จังหวัด-ประเภท"].iter_rows(values_only=True) if row[0] == 50]
    network = next(row for row in long if row[2] == "มาตรฐานเครือข่ายองค์กรชุมชน")
    assert network[4] == expected("50", "NETWORK")["registered"] == 2
    assert network[7] == 1 and network[9] == 50.0


def test_download_writes_its_audit_row(country, admin_user, client):
    client.force_login(admin_user)
    _download(client, "xlsx")
    entry = AuditEntry.objects.get(action="export.national_year_end_report")
    assert entry.actor == admin_user
    assert entry.changes == {"format": "xlsx", "fiscal_year": 2570}
    # The audit page names the action in Thai (audit/presentation.py), not by its code.
    from audit.presentation import describe

    [row] = describe([entry], reveal_personal=False)
    assert "ภาพรวมทั้งประเทศ" in str(row.action)


@pytest.mark.parametrize("who", ["pat", "alice", "dave", "olivia"])
def test_provinces_and_districts_get_404(country, who, client, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    for query in ({}, {"fiscal_year": "2570"}, {"fiscal_year": "2570", "format": "pdf"}):
        assert client.get(URL, query).status_code == 404
    assert not AuditEntry.objects.filter(action="export.national_year_end_report").exists()


def test_a_committee_member_and_anonymous_get_nothing(country, client):
    member = make_user("member_x", Role.COMMITTEE, district="5101")
    client.force_login(member)
    assert client.get(URL, {"fiscal_year": "2570", "format": "xlsx"}).status_code == 404
    client.logout()
    assert client.get(URL, {"fiscal_year": "2570", "format": "xlsx"}).status_code == 302


@pytest.mark.parametrize(
    "query",
    [
        {"fiscal_year": "abc"},
        {"fiscal_year": "2569"},
        {"fiscal_year": "๒๕๗๐"},
        {"fiscal_year": "-2570"},
        {"fiscal_year": "9" * 40},
        {"fiscal_year": "2570", "format": "exe"},
        {"fiscal_year": "2570", "format": ""},
        {"fiscal_year": "2570", "format": "PDF"},
    ],
)
def test_odd_input_gets_404_never_500(country, admin_user, client, query):
    client.force_login(admin_user)
    assert client.get(URL, query).status_code == 404
    assert not AuditEntry.objects.filter(action="export.national_year_end_report").exists()


def test_no_year_opened_anywhere_is_404(admin_user, client):
    client.force_login(admin_user)
    assert client.get(URL).status_code == 404
