"""The province's announcement of its certified units (ประกาศจังหวัด): the document read back
(PDF and Word), editions, the draft, bad input, and who may generate or download it."""

import datetime as dt
import io
import re

import docx
import pytest
from django.utils import timezone
from django.utils.http import content_disposition_header

from accounts.models import Role
from assessment.models import Round, RoundLevel, RoundUnit
from audit.models import AuditEntry
from certification import announcement as announcements
from certification.models import Announcement
from committees.models import Kind, MemberRole
from core.errors import DomainError
from documents import announcement as document
from documents.testing import pdf_page_count, pdf_text
from geography.models import Subdistrict, Village
from registration.models import Status, Unit
from tests.factories import account, make_unit, press_twice
from tests.factories import announcement_values as values

MUEANG, MAE_THA = "5101", "5102"


def readable(text: str) -> str:
    """Without whitespace, and without the doubled clusters typst's extraction gives a tone mark
    over an upper vowel ("ที่ที่" for "ที่")."""
    text = re.sub(r"\s+", "", text)
    return re.sub(r"([ก-ฮ][ัิีึื็ํ][่้๊๋])\1", r"\1", text)


def docx_text(content: bytes) -> str:
    """The text of a Word file in reading order, paragraphs and table cells alike."""
    document = docx.Document(io.BytesIO(content))
    parts = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            for row in block.rows:
                seen = []
                for cell in row.cells:  # a merged cell is listed once per grid column
                    if cell._tc not in seen:
                        seen.append(cell._tc)
                        parts.append(cell.text)
        else:
            parts.append(block.text)
    return "\n".join(parts)


def form_data(**overrides) -> dict:
    data = {
        "subject": "ผลการรับรองมาตรฐานการพัฒนาชุมชน (มชช.) ประจำปี 2570",
        "assessed_from": "15/10/2569",
        "assessed_to": "16/10/2569",
        "announced_on": "01/11/2569",
        "signer_name": "นายวรพจน์ แววสิงห์งาม",
        "signer_position": "รองผู้ว่าราชการจังหวัด",
        "on_behalf_of": "ผู้ว่าราชการจังหวัดลำพูน",
        "thai_numerals": "on",
        "action": "issue",
        "after_edition": "0",  # the page showed no edition yet
    }
    data.update(overrides)
    return data


@pytest.fixture
def certified(alice, charlie, year, village):
    """One certified unit of each type, in both districts, and two that are not certified."""
    return {
        "leader": make_unit(year, alice, "นายสมชาย ใจงาม", unit_type="LEADER", village=village),
        "leader_maetha": make_unit(
            year, charlie, "นางบัวตอง ทองดี", unit_type="LEADER", district=MAE_THA
        ),
        "group": make_unit(year, alice, "กลุ่มออมทรัพย์เพื่อการผลิตบ้านท่าขาม", village=village),
        "group_maetha": make_unit(year, charlie, "กลุ่มทอผ้าฝ้ายแม่ทา", district=MAE_THA),
        "network": make_unit(year, alice, "ศูนย์ประสานงานองค์กรชุมชนตำบลบ้านกลาง", unit_type="NETWORK"),
        "community": make_unit(
            year, charlie, "ชุมชนบ้านทาป่าเปาเศรษฐกิจพอเพียง", unit_type="COMMUNITY", district=MAE_THA
        ),
        "recommended": make_unit(year, alice, "กลุ่มที่รอจังหวัดรับรอง", status=Status.RECOMMENDED),
        "not_certified": make_unit(year, alice, "กลุ่มที่ไม่ผ่านการรับรอง", status=Status.NOT_CERTIFIED),
    }


@pytest.fixture
def issued(pat, year, certified):
    return announcements.announcement_issue(actor=pat, year=year, values=values())


def positions(text: str, *needles: str) -> list[int]:
    """Where each needle is found, each searched after the one before (-1 when missing)."""
    found, start = [], 0
    for needle in needles:
        at = text.find(readable(needle), start)
        found.append(at)
        start = max(at, start) + 1
    return found


# --- the document --------------------------------------------------------------------------


def test_the_pdf_lists_each_type_by_district_in_spec_order(issued, certified):
    text = readable(pdf_text(issued.pdf.read()))
    assert text.startswith(readable("ประกาศจังหวัดลำพูน"))
    assert readable("เรื่อง ผลการรับรองมาตรฐานการพัฒนาชุมชน (มชช.) ประจำปี ๒๕๗๐") in text
    # Why: the programme and the committee's assessment on its dates; then how many.
    assert readable("ระบบมาตรฐานการพัฒนาชุมชน (มชช.) ประจำปี ๒๕๗๐") in text
    assert readable("คณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัดลำพูน") in text
    assert readable("เมื่อวันที่ ๑๕ – ๑๖ ตุลาคม ๒๕๖๙") in text
    assert readable("จำนวนทั้งสิ้น ๖ หน่วยนับ") in text
    # What: the types in docs/domain.md §3 order, each with its districts in code order and its units.
    order = positions(
        text,
        "มาตรฐานผู้นำชุมชน จำนวน ๒ คน",
        "อำเภอเมืองลำพูน",
        "๑. นายสมชาย ใจงาม",
        "หมู่ที่ ๓ บ้านท่าขาม",
        "อำเภอแม่ทา",
        "๒. นางบัวตอง ทองดี",
        "มาตรฐานกลุ่ม/องค์กรชุมชน จำนวน ๒ กลุ่ม",
        "อำเภอเมืองลำพูน",
        "๑. กลุ่มออมทรัพย์เพื่อการผลิตบ้านท่าขาม",
        "อำเภอแม่ทา",
        "๒. กลุ่มทอผ้าฝ้ายแม่ทา",
        "มาตรฐานเครือข่ายองค์กรชุมชน จำนวน ๑ เครือข่าย",
        "อำเภอเมืองลำพูน",
        "๑. ศูนย์ประสานงานองค์กรชุมชนตำบลบ้านกลาง",
        "มาตรฐานชุมชน จำนวน ๑ ชุมชน",
        "อำเภอแม่ทา",
        "๑. ชุมชนบ้านทาป่าเปาเศรษฐกิจพอเพียง",
        "จึงประกาศให้ทราบโดยทั่วกัน",
        "ประกาศ ณ วันที่ ๑ พฤศจิกายน พ.ศ. ๒๕๖๙",
        "(นายวรพจน์ แววสิงห์งาม)",
        "รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน",
        "ผู้ว่าราชการจังหวัดลำพูน",
    )
    assert -1 not in order and order == sorted(order), order
    # The village's subdistrict is printed with the unit; units not certified are not listed.
    assert readable(certified["leader"].subdistrict.display_name) in text
    assert readable("กลุ่มที่รอจังหวัดรับรอง") not in text
    assert readable("กลุ่มที่ไม่ผ่านการรับรอง") not in text
    # Announcements carry no "ที่" number, and Thai numerals throughout the text.
    assert "2570" not in text and "๒๕๗๐" in text
    assert issued.unit_count == 6 and [u["id"] for u in issued.units][0] == certified["leader"].pk


def test_the_word_file_has_the_same_lines(issued):
    content = issued.docx.read()
    text = docx_text(content)
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    assert lines[0] == "ประกาศจังหวัดลำพูน"
    assert lines[1] == "เรื่อง ผลการรับรองมาตรฐานการพัฒนาชุมชน (มชช.) ประจำปี ๒๕๗๐"
    assert "มาตรฐานผู้นำชุมชน จำนวน ๒ คน" in lines
    assert "มาตรฐานชุมชน จำนวน ๑ ชุมชน" in lines
    assert "ประกาศ ณ วันที่ ๑ พฤศจิกายน พ.ศ. ๒๕๖๙" in lines
    assert "(นายวรพจน์ แววสิงห์งาม)" in lines
    assert "รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน" in lines
    assert lines[-1] == "ผู้ว่าราชการจังหวัดลำพูน"
    order = [
        lines.index(line)
        for line in (
            "มาตรฐานผู้นำชุมชน จำนวน ๒ คน",
            "นายสมชาย ใจงาม",
            "นางบัวตอง ทองดี",
            "มาตรฐานกลุ่ม/องค์กรชุมชน จำนวน ๒ กลุ่ม",
            "มาตรฐานเครือข่ายองค์กรชุมชน จำนวน ๑ เครือข่าย",
            "มาตรฐานชุมชน จำนวน ๑ ชุมชน",
            "จึงประกาศให้ทราบโดยทั่วกัน",
        )
    ]
    assert order == sorted(order)
    # The district tables in the document's order.
    document = docx.Document(io.BytesIO(content))
    tables = [[cell.text for cell in table.rows[0].cells] for table in document.tables]
    assert [t[1] for t in tables] == [
        "อำเภอเมืองลำพูน",
        "อำเภอแม่ทา",
        "อำเภอเมืองลำพูน",
        "อำเภอแม่ทา",
        "อำเภอเมืองลำพูน",
        "อำเภอแม่ทา",
    ]
    first_row = [cell.text for cell in document.tables[0].rows[1].cells]
    assert first_row[0] == "๑." and first_row[1] == "นายสมชาย ใจงาม"
    assert first_row[2].startswith("หมู่ที่ ๓ บ้านท่าขาม ตำบล")
    # The district's heading row repeats at the top of each page the table runs onto.
    tr_pr = document.tables[0].rows[0]._tr.trPr
    assert tr_pr is not None
    assert tr_pr.find(docx.oxml.ns.qn("w:tblHeader")) is not None


def test_arabic_numerals_when_the_province_asks(pat, year, certified):
    issued = announcements.announcement_issue(
        actor=pat, year=year, values=values(thai_numerals=False)
    )
    text = readable(pdf_text(issued.pdf.read()))
    assert readable("ประกาศ ณ วันที่ 1 พฤศจิกายน พ.ศ. 2569") in text
    assert "๒๕๗๐" not in text


def test_a_second_edition_cancels_the_first(pat, year, certified, issued, alice):
    late = make_unit(year, alice, "กลุ่มที่รับรองภายหลัง")
    second = announcements.announcement_issue(
        actor=pat, year=year, values=values(announced_on=dt.date(2026, 11, 20))
    )
    assert (issued.edition, second.edition, second.unit_count) == (1, 2, 7)
    text = readable(pdf_text(second.pdf.read()))
    assert readable("ประจำปี ๒๕๗๐ (ฉบับที่ ๒)") in text
    assert readable("ให้ยกเลิกประกาศจังหวัดลำพูน") in text
    assert readable("ลงวันที่ ๑ พฤศจิกายน พ.ศ. ๒๕๖๙ และให้ใช้ประกาศฉบับนี้แทน") in text
    assert readable(late.name) in text
    # The first edition stays as issued.
    assert readable(late.name) not in readable(
        pdf_text(Announcement.objects.get(edition=1).pdf.read())
    )
    assert AuditEntry.objects.filter(action="announcement.issue").count() == 2
    # A later edition may not be dated before the one it cancels.
    with pytest.raises(DomainError, match="ไม่ก่อนฉบับที่ 2"):
        announcements.announcement_issue(
            actor=pat, year=year, values=values(announced_on=dt.date(2026, 11, 2))
        )


def test_hundreds_of_units_run_over_pages_with_their_headings_repeated(pat, alice, year):
    subdistrict = Subdistrict.objects.filter(district_id=MUEANG).order_by("code").first()
    Unit.objects.bulk_create(
        Unit(
            programme_year=year,
            fiscal_year=year.fiscal_year,
            unit_type="LEADER",
            status=Status.CERTIFIED,
            district_id=MUEANG,
            subdistrict=subdistrict,
            name=f"นายผู้นำ ลำดับที่{i:03d}",
            name_key=f"leader{i}",
            created_by=alice,
        )
        for i in range(1, 301)
    )
    issued = announcements.announcement_issue(actor=pat, year=year, values=values())
    content = issued.pdf.read()
    assert pdf_page_count(content) > 5
    pages = pdf_text(content).split("\f")
    thai = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    # Every continuation page that carries the list starts with its number, then the type's and
    # the district's headings marked "(ต่อ)".
    carrying = 0
    for number, page in enumerate(pages[1:], start=2):
        text = readable(page)
        if "นายผู้นำ" not in text:
            continue  # the signature alone may fall on the last page
        carrying += 1
        heads = readable(f"- {str(number).translate(thai)} -") + readable(
            "มาตรฐานผู้นำชุมชน จำนวน ๓๐๐ คน (ต่อ) อำเภอเมืองลำพูน (ต่อ)"
        )
        assert text.startswith(heads), text[:80]
    assert carrying >= 5
    first = readable(pages[0])
    assert readable("มาตรฐานผู้นำชุมชน จำนวน ๓๐๐ คน") in first and "(ต่อ)" not in first
    whole = readable("".join(pages))
    assert readable("๓๐๐. นายผู้นำ ลำดับที่๓๐๐") in whole
    assert whole.index(readable("๓๐๐. นายผู้นำ")) < whole.index(readable("(นายวรพจน์ แววสิงห์งาม)"))


def test_the_date_line_and_the_signature_share_a_page():
    """Lists that end anywhere on page 1 or 2: the closing, "ประกาศ ณ วันที่ …" and the
    signer's name are on one page, never the signature alone on the next."""
    for count in range(0, 20):
        units = [
            document.AnnouncedUnit(
                name=f"นายผู้นำ ลำดับที่{i:03d}", place_parts=["หมู่ที่ 3 บ้านท่าขาม", "ตำบลบ้านกลาง"]
            )
            for i in range(1, count + 1)
        ]
        data = document.Announcement(
            issuing_office="จังหวัดลำพูน",
            subject="ผลการรับรองมาตรฐานการพัฒนาชุมชน (มชช.) ประจำปี 2570",
            fiscal_year=2570,
            committee="คณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัดลำพูน",
            groups=[
                document.TypeGroup(
                    label="มาตรฐานผู้นำชุมชน",
                    counter="คน",
                    districts=[document.DistrictGroup(district="อำเภอเมืองลำพูน", units=units)],
                )
            ],
            assessed_from=dt.date(2026, 10, 15),
            announced_on=dt.date(2026, 11, 1),
            signer_name="นายวรพจน์ แววสิงห์งาม",
            signer_position="รองผู้ว่าราชการจังหวัด",
            on_behalf_of="ผู้ว่าราชการจังหวัดลำพูน",
            keep_whole=["ลำพูน", "เมืองลำพูน"],
        )
        pages = [readable(page) for page in pdf_text(document.announcement_pdf(data)).split("\f")]

        def page_of(line: str, pages=pages) -> list[int]:
            return [n for n, page in enumerate(pages) if readable(line) in page]

        date_page = page_of("ประกาศ ณ วันที่ ๑ พฤศจิกายน พ.ศ. ๒๕๖๙")
        assert len(date_page) == 1, (count, date_page)
        assert page_of("(นายวรพจน์ แววสิงห์งาม)") == date_page, count
        assert page_of("จึงประกาศให้ทราบโดยทั่วกัน") == date_page, count


def test_long_names_wrap_inside_their_column(pat, alice, year):
    long_name = "กลุ่มวิสาหกิจชุมชนแปรรูปผลิตภัณฑ์ทางการเกษตรและหัตถกรรมพื้นบ้าน" * 4
    make_unit(year, alice, long_name)
    issued = announcements.announcement_issue(actor=pat, year=year, values=values())
    text = readable(pdf_text(issued.pdf.read()))
    assert text.count(readable("หัตถกรรมพื้นบ้าน")) == 4
    assert readable("(นายวรพจน์ แววสิงห์งาม)") in text
    assert long_name in docx_text(issued.docx.read())


def test_a_draft_is_marked_and_nothing_is_stored(pat, year, certified, client):
    client.force_login(pat)
    response = client.post(
        f"/certificates/year/{year.pk}/announcement/",
        form_data(action="preview", announced_on="", signer_name=""),
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    text = readable(pdf_text(response.content))
    assert readable("ร่าง") in text and readable("ประกาศจังหวัดลำพูน") in text
    assert readable("ประกาศ ณ วันที่ ....") in text  # dotted, to fill in by hand
    assert not Announcement.objects.exists()


# --- defaults --------------------------------------------------------------------------------


def test_defaults_come_from_the_committee_and_the_provincial_round(
    pat,
    year,
    certified,
    committees,
):
    committee = committees.get(kind=Kind.PROVINCIAL_CERTIFICATION)
    committee.signer_name = "นายวรพจน์ แววสิงห์งาม"
    committee.save()
    round_ = Round.objects.create(
        programme_year=year,
        level=RoundLevel.PROVINCE,
        committee=committee,
        name="รอบจังหวัด",
        opened_by=pat,
    )
    tz = timezone.get_current_timezone()
    for order, (key, day) in enumerate((("leader", 15), ("group", 17)), start=1):
        RoundUnit.objects.create(
            round=round_,
            unit=certified[key],
            order=order,
            starts_at=dt.datetime(2027, 7, day, 9, 0, tzinfo=tz),
        )
    found = announcements.defaults(year)
    assert found.subject == "ผลการรับรองมาตรฐานการพัฒนาชุมชน (มชช.) ประจำปี 2570"
    assert (found.assessed_from, found.assessed_to) == (dt.date(2027, 7, 15), dt.date(2027, 7, 17))
    assert found.signer_name == "นายวรพจน์ แววสิงห์งาม"
    assert found.signer_position == "รองผู้ว่าราชการจังหวัด"
    assert found.on_behalf_of == "ผู้ว่าราชการจังหวัดลำพูน"


# --- bad input ------------------------------------------------------------------------------


def test_no_certified_units_gives_a_thai_message_and_no_document(pat, alice, year, client):
    make_unit(year, alice, "กลุ่มที่รอจังหวัดรับรอง", status=Status.RECOMMENDED)
    with pytest.raises(DomainError, match="ยังไม่มีหน่วยนับที่ผ่านการรับรองมาตรฐาน"):
        announcements.announcement_issue(actor=pat, year=year, values=values())
    client.force_login(pat)
    page = client.get(f"/certificates/year/{year.pk}/announcement/")
    assert "ยังไม่มีหน่วยนับที่ผ่านการรับรองมาตรฐานในปีนี้" in page.content.decode()
    assert 'value="issue"' not in page.content.decode()
    for action in ("issue", "preview"):
        response = client.post(
            f"/certificates/year/{year.pk}/announcement/", form_data(action=action)
        )
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
        assert "ยังไม่มีหน่วยนับที่ผ่านการรับรองมาตรฐานในปีนี้" in response.content.decode()
    assert not Announcement.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="announcement").exists()


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("announced_on", "31/02/2570", "กรุณากรอกวันที่ในรูปแบบ วว/ดด/ปปปป"),
        ("announced_on", "01/08/2027", "กรุณากรอกปีเป็นพุทธศักราช"),
        ("assessed_from", "15 ก.ค. 70", "กรุณากรอกวันที่ในรูปแบบ วว/ดด/ปปปป"),
        ("announced_on", "10/10/2569", "วันที่ประกาศต้องไม่ก่อนวันที่ตรวจประเมิน"),
        ("assessed_to", "14/10/2569", "วันสิ้นสุดการตรวจประเมินต้องไม่ก่อนวันเริ่ม"),
        ("assessed_from", "15/07/2568", "ต้องไม่ก่อนเริ่มปีงบประมาณ 2570"),
        # A mistyped year: refused, not issued as an edition every later one must follow.
        ("announced_on", "01/04/2700", "วันที่ประกาศต้องไม่เกิน 90 วันนับจากวันนี้"),
        ("announced_on", "30/09/2569", "วันที่ประกาศต้องไม่ก่อนเริ่มปีงบประมาณ 2570"),
        ("assessed_to", "16/10/2700", "วันสิ้นสุดการตรวจประเมินต้องไม่เกิน 90 วันนับจากวันนี้"),
        ("announced_on", "", "กรุณาระบุวันที่ประกาศ"),
        ("signer_name", "", "กรุณาระบุชื่อผู้ลงนาม"),
        ("subject", "", "กรุณากรอกข้อมูลช่องนี้"),
        ("subject", "ก" * 501, "ข้อความยาวเกิน 500 ตัวอักษร"),
        ("signer_position", "ก" * 201, "ข้อความยาวเกิน 200 ตัวอักษร"),
    ],
)
def test_bad_input_gives_a_thai_message_and_changes_nothing(
    pat, year, certified, client, field, typed, message
):
    client.force_login(pat)
    before = AuditEntry.objects.count()
    response = client.post(
        f"/certificates/year/{year.pk}/announcement/", form_data(**{field: typed})
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert re.search(message, " ".join(errors[field])), errors[field]
    assert not Announcement.objects.exists()
    assert AuditEntry.objects.count() == before


def test_dates_outside_the_programme_window_are_refused_and_nothing_is_issued(pat, year, certified):
    # Up to 90 days ahead of today is accepted: the announcement may be prepared in advance.
    ahead = timezone.localdate() + dt.timedelta(days=90)
    # One day more, or before fiscal year 2570 began (1 October 2026), is refused, in the draft
    # as in the issue, on the field at fault.
    for name, value, message in (
        ("announced_on", ahead + dt.timedelta(days=1), "ต้องไม่เกิน 90 วันนับจากวันนี้"),
        ("announced_on", dt.date(2157, 4, 1), "ต้องไม่เกิน 90 วันนับจากวันนี้"),
        ("assessed_from", dt.date(2026, 9, 30), "ต้องไม่ก่อนเริ่มปีงบประมาณ 2570"),
        ("assessed_to", ahead + dt.timedelta(days=1), "ต้องไม่เกิน 90 วันนับจากวันนี้"),
    ):
        for generate in (announcements.announcement_issue, announcements.announcement_preview):
            with pytest.raises(DomainError, match=message) as error:
                generate(actor=pat, year=year, values=values(**{name: value}))
            assert error.value.field == name
    assert not Announcement.objects.exists()
    assert not AuditEntry.objects.filter(action="announcement.issue").exists()
    issued = announcements.announcement_issue(
        actor=pat, year=year, values=values(announced_on=ahead)
    )
    assert issued.edition == 1 and issued.announced_on == ahead


def test_the_page_offers_a_draft_and_says_issuing_is_final(pat, year, certified, client):
    client.force_login(pat)
    body = client.get(f"/certificates/year/{year.pk}/announcement/").content.decode()
    assert 'value="preview"' in body and "ดูร่าง (PDF)" in body
    # The preview comes first (Enter in a field previews) and the issue button says it is final.
    assert body.index('value="preview"') < body.index('value="issue"')
    assert "ออกประกาศฉบับจริง (แก้ไขไม่ได้)" in body
    assert "แก้ไขหรือลบไม่ได้" in body


def test_download_names_are_thai(pat, year, issued, client):
    client.force_login(pat)
    response = client.get(f"/certificates/announcements/{issued.pk}/announcement.pdf")
    assert response["Content-Disposition"] == content_disposition_header(
        True, "ประกาศจังหวัดลำพูน-2570-ฉบับที่-1.pdf"
    )
    draft = client.post(f"/certificates/year/{year.pk}/announcement/", form_data(action="preview"))
    assert draft["Content-Disposition"] == content_disposition_header(
        True, "ร่างประกาศจังหวัดลำพูน-2570.pdf"
    )


def test_issuing_through_the_page(pat, year, certified, client):
    client.force_login(pat)
    page = client.get(f"/certificates/year/{year.pk}/announcement/")
    body = page.content.decode()
    assert page.status_code == 200 and 'value="issue"' in body
    assert "กลุ่มทอผ้าฝ้ายแม่ทา" in body and "กลุ่มที่รอจังหวัดรับรอง" not in body
    response = client.post(f"/certificates/year/{year.pk}/announcement/", form_data())
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert announcement.edition == 1 and announcement.announced_on == dt.date(2026, 11, 1)
    assert announcement.signer_name == "นายวรพจน์ แววสิงห์งาม"
    entry = AuditEntry.objects.get(action="announcement.issue")
    assert entry.actor == pat and entry.changes["unit_count"] == 6
    # The list page links to it.
    listing = client.get(f"/certificates/?year={year.pk}").content.decode()
    assert f"/certificates/year/{year.pk}/announcement/" in listing


# --- who may do what -----------------------------------------------------------------------


def test_a_district_user_cannot_generate(alice, charlie, pat, year, certified, client):
    for actor in (alice, charlie):
        with pytest.raises(DomainError, match="เฉพาะเจ้าหน้าที่ของจังหวัด"):
            announcements.announcement_issue(actor=actor, year=year, values=values())
        with pytest.raises(DomainError, match="เฉพาะเจ้าหน้าที่ของจังหวัด"):
            announcements.announcement_preview(actor=actor, year=year, values=values())
        client.force_login(actor)
        for action in ("issue", "preview"):
            response = client.post(
                f"/certificates/year/{year.pk}/announcement/", form_data(action=action)
            )
            assert response.status_code == 404
        page = client.get(f"/certificates/year/{year.pk}/announcement/").content.decode()
        assert 'value="issue"' not in page and 'value="preview"' not in page
    assert not Announcement.objects.exists()


def test_the_department_may_generate(admin_user, year, certified):
    issued = announcements.announcement_issue(actor=admin_user, year=year, values=values())
    assert issued.edition == 1


def test_districts_of_the_province_download_the_issued_editions(alice, charlie, issued, client):
    for user in (alice, charlie):
        client.force_login(user)
        page = client.get(f"/certificates/year/{issued.programme_year_id}/announcement/")
        assert page.status_code == 200
        assert f"/certificates/announcements/{issued.pk}/announcement.pdf" in page.content.decode()
        # The draft list of the units is the province's: a district sees the issued editions only.
        assert "รายชื่อที่จะประกาศ" not in page.content.decode()
        for fmt, kind in (("pdf", "application/pdf"), ("docx", "wordprocessingml")):
            response = client.get(f"/certificates/announcements/{issued.pk}/announcement.{fmt}")
            assert response.status_code == 200 and kind in response["Content-Type"]
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Content-Disposition"].startswith("attachment")
            assert b"".join(response.streaming_content)[:4] in (b"%PDF", b"PK\x03\x04")
    downloads = AuditEntry.objects.filter(action="announcement.download")
    assert {(e.actor and e.actor.username, e.changes["format"]) for e in downloads} == {
        ("alice", "pdf"),
        ("alice", "docx"),
        ("charlie", "pdf"),
        ("charlie", "docx"),
    }


def test_another_province_gets_404_everywhere_and_nothing_changes(olivia, year, issued, client):
    client.force_login(olivia)
    before = (Announcement.objects.count(), AuditEntry.objects.count())
    assert client.get(f"/certificates/year/{year.pk}/announcement/").status_code == 404
    for action in ("issue", "preview"):
        response = client.post(
            f"/certificates/year/{year.pk}/announcement/", form_data(action=action)
        )
        assert response.status_code == 404
    for fmt in ("pdf", "docx"):
        url = f"/certificates/announcements/{issued.pk}/announcement.{fmt}"
        assert client.get(url).status_code == 404
    with pytest.raises(DomainError):
        announcements.announcement_issue(actor=olivia, year=year, values=values())
    assert (Announcement.objects.count(), AuditEntry.objects.count()) == before


def test_committee_members_and_anonymous_users_are_kept_out(
    pat,
    year,
    issued,
    committees,
    client,
):
    member = account(
        pat, committees.get(kind=Kind.PROVINCIAL_CERTIFICATION), MemberRole.MEMBER, "m1"
    )
    assert member.user.role == Role.COMMITTEE
    client.force_login(member.user)
    assert client.get(f"/certificates/year/{year.pk}/announcement/").status_code == 404
    assert (
        client.get(f"/certificates/announcements/{issued.pk}/announcement.pdf").status_code == 404
    )
    client.logout()
    for url in (
        f"/certificates/year/{year.pk}/announcement/",
        f"/certificates/announcements/{issued.pk}/announcement.pdf",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_unknown_format_or_missing_file_is_a_404(pat, issued, client):
    client.force_login(pat)
    assert (
        client.get(f"/certificates/announcements/{issued.pk + 1}/announcement.pdf").status_code
        == 404
    )
    issued.pdf.storage.delete(issued.pdf.name)
    assert (
        client.get(f"/certificates/announcements/{issued.pk}/announcement.pdf").status_code == 404
    )


def test_the_page_costs_the_same_whatever_the_number_of_units(
    pat, alice, year, village, issued, client, django_assert_max_num_queries
):
    other_village = Village.objects.create(subdistrict=village.subdistrict, number=4, name="ดอนแก้ว")
    for i in range(40):
        make_unit(year, alice, f"กลุ่มที่ {i}", village=other_village if i % 2 else village)
    client.force_login(pat)
    with django_assert_max_num_queries(14):
        response = client.get(f"/certificates/year/{year.pk}/announcement/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "กลุ่มที่ 39" in body
    # The page tells the province that the list changed since the edition it issued.
    assert "เพิ่ม 40 ออก 0" in body


def test_the_word_file_keeps_the_closing_and_the_signature_on_one_page(issued):
    document = docx.Document(io.BytesIO(issued.docx.read()))
    paragraphs = list(document.paragraphs)
    start = next(i for i, p in enumerate(paragraphs) if p.text.strip() == "จึงประกาศให้ทราบโดยทั่วกัน")
    tail = paragraphs[start:]
    assert tail[-1].text.strip() == "ผู้ว่าราชการจังหวัดลำพูน"
    # Every paragraph from the closing line keeps with the next one, up to the last line.
    assert [bool(p.paragraph_format.keep_with_next) for p in tail[:-1]] == [True] * (len(tail) - 1)


# --- one press, one announcement (docs/security.md §16) ------------------------------------


def test_a_double_click_issues_one_announcement(pat, year, certified, client):
    client.force_login(pat)
    url = f"/certificates/year/{year.pk}/announcement/"
    first = client.post(url, form_data())
    second = client.post(url, form_data())  # the same page, sent again
    assert first.status_code == 302 and second.status_code == 400
    assert "ประกาศฉบับที่ 1 เพิ่งออกไปแล้ว" in second.content.decode()
    assert Announcement.objects.filter(programme_year=year).count() == 1
    # The page now offers the next edition, and issuing it works.
    page = client.get(url).content.decode()
    assert 'name="after_edition" value="1"' in page
    assert client.post(url, form_data(after_edition="1")).status_code == 302
    assert Announcement.objects.filter(programme_year=year).count() == 2


def test_an_issue_without_the_edition_it_follows_is_refused(pat, year, certified, client):
    client.force_login(pat)
    data = form_data()
    del data["after_edition"]
    response = client.post(f"/certificates/year/{year.pk}/announcement/", data)
    assert response.status_code == 400
    assert not Announcement.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_parallel_presses_issue_one_announcement(pat, year, certified):
    """Two requests at the same moment on PostgreSQL, where the year row's lock makes the
    second wait and then find the first's edition."""
    url = f"/certificates/year/{year.pk}/announcement/"
    assert press_twice(pat, url, form_data()) == [302, 400]
    assert Announcement.objects.filter(programme_year=year).count() == 1
