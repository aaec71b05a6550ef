"""Committees of a province-year, their appointment orders (PDF and Word), and the accounts of
committee members who score (Role.COMMITTEE) with what those accounts may reach."""

import datetime as dt
import io
import re

import docx
import pytest
from django.urls import get_resolver

from accounts.models import Role, User
from audit.models import AuditEntry
from committees import services
from committees.models import Committee, Duty, Kind, Member, MemberRole
from committees.selectors import order_data
from core.errors import DomainError
from core.once import new_form_token
from core.scope import visible_to
from documents.committee_order import committee_order_docx, committee_order_pdf
from documents.testing import pdf_page_count, pdf_text
from geography.models import District, Subdistrict, Village, Zone
from registration import services as registration_services
from registration.models import Unit
from tests.conftest import (
    PASSWORD,
    complete_documents,
    group_data,
    jpeg_upload,
    make_user,
    new_unit,
)
from tests.factories import enter, order_values

LAMPHUN_DISTRICTS = District.objects.filter(province_id="51")


# --- helpers -----------------------------------------------------------------------------


def flat(text: str) -> str:
    """Whitespace-free text, with typst's doubled clusters (a tone mark over an upper vowel,
    "สั่สั่ง") read once."""
    text = re.sub(r"\s+", "", text)
    return re.sub(r"([ก-ฮ][ัิีึืํ][่้๊๋])\1", r"\1", text)


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture
def committees(pat, year):
    services.committees_create_for_year(actor=pat, programme_year=year)
    return Committee.objects.filter(programme_year=year)


@pytest.fixture
def certification(committees):
    return committees.get(kind=Kind.PROVINCIAL_CERTIFICATION)


@pytest.fixture
def mueang(committees):
    return committees.get(district_id="5101")


@pytest.fixture
def signed(pat, certification):
    return services.committee_update(
        actor=pat,
        committee=certification,
        values=order_values(
            certification,
            order_number=12,
            signed_on=dt.date(2027, 1, 11),
            signer_name="นายวรพจน์ แววสิงห์งาม",
        ),
        expected_version=certification.version,
    )


@pytest.fixture
def accepted(alice, leader):
    """A unit of เมืองลำพูน whose documents are complete: what the committee assesses."""
    return complete_documents(leader, alice, reviewer=alice)


@pytest.fixture
def draft_group(alice, year, village):
    return new_unit(alice, year, "GROUP", group_data(village))


@pytest.fixture
def maetha_unit(charlie, year):
    home = Village.objects.create(
        subdistrict=Subdistrict.objects.get(pk="510201"), number=2, name="ทาดี"
    )
    unit = new_unit(charlie, year, "GROUP", group_data(home, name="กลุ่มทอผ้าบ้านทาดี"), district="5102")
    return complete_documents(unit, charlie, reviewer=charlie)


@pytest.fixture
def scorer(alice, mueang):
    """A member of เมืองลำพูน's committee with a login (Role.COMMITTEE)."""
    member = mueang.members.get(role=MemberRole.CHAIR)
    user, _password = services.member_account_create(
        actor=alice, member=member, username="chair5101"
    )
    return user


# --- creating the year's committees from the seeds' templates ----------------------------


def test_template_makes_two_provincial_and_one_committee_per_district(pat, year, committees):
    districts = LAMPHUN_DISTRICTS.count()
    assert districts == 8
    assert committees.count() == 2 + districts
    assert set(
        committees.filter(kind=Kind.DISTRICT_ASSESSMENT).values_list("district_id", flat=True)
    ) == set(LAMPHUN_DISTRICTS.values_list("pk", flat=True))
    cert = committees.get(kind=Kind.PROVINCIAL_CERTIFICATION)
    assert cert.name == "คณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัดลำพูน"
    assert cert.issuing_office == "จังหวัดลำพูน" and cert.on_behalf_of == "ผู้ว่าราชการจังหวัดลำพูน"
    assert "ประจำปี 2570" in cert.reason and cert.subject.startswith("แต่งตั้ง")
    members = list(cert.members.order_by("order"))
    assert len(members) == 11
    assert (members[0].position_title, members[0].role) == (
        "รองผู้ว่าราชการจังหวัดลำพูน",
        MemberRole.CHAIR,
    )
    assert (members[1].position_title, members[1].role) == ("ปลัดจังหวัดลำพูน", MemberRole.VICE_CHAIR)
    assert (members[8].position_title, members[8].role) == (
        "พัฒนาการจังหวัดลำพูน",
        MemberRole.SECRETARY,
    )
    assert [m.role for m in members[9:]] == [MemberRole.ASSISTANT_SECRETARY] * 2
    assert cert.role_label(MemberRole.SECRETARY) == "กรรมการและเลขานุการ"
    assert cert.duties.count() == 4

    assessment = committees.get(kind=Kind.PROVINCIAL_ASSESSMENT)
    chair = assessment.members.get(role=MemberRole.CHAIR)
    assert chair.position_title == "พัฒนาการจังหวัดลำพูน"
    assert assessment.role_label(MemberRole.CHAIR) == "ประธานอนุกรรมการ"  # as order 13/2562
    assert assessment.duties.count() == 6

    mueang = committees.get(district_id="5101")
    lines = list(mueang.members.order_by("order").values_list("position_title", "role"))
    assert lines[0] == ("นายอำเภอเมืองลำพูน", MemberRole.CHAIR)
    assert ("พัฒนาการอำเภอเมืองลำพูน", MemberRole.SECRETARY) in lines
    assert len(lines) == 9 and mueang.duties.count() == 4
    assert mueang.members.filter(full_name="").count() == 9  # appointed by position
    assert AuditEntry.objects.filter(action="committee.create").count() == 2 + districts


def test_creating_again_duplicates_nothing_and_keeps_edits(pat, year, committees, mueang):
    services.member_add(
        actor=pat,
        committee=mueang,
        values={"position_title": "ปลัดอำเภอ", "role": MemberRole.MEMBER},
        once=new_form_token(),
    )
    counts = (Committee.objects.count(), Member.objects.count(), Duty.objects.count())
    assert services.committees_create_for_year(actor=pat, programme_year=year) == []
    assert (Committee.objects.count(), Member.objects.count(), Duty.objects.count()) == counts
    # A missing committee is made again, and only it.
    Committee.objects.filter(kind=Kind.PROVINCIAL_ASSESSMENT).delete()
    created = services.committees_create_for_year(actor=pat, programme_year=year)
    assert [c.kind for c in created] == [Kind.PROVINCIAL_ASSESSMENT]


def test_only_the_province_creates_the_committees(alice, olivia, year):
    for outsider in (alice, olivia):
        with pytest.raises(DomainError):
            services.committees_create_for_year(actor=outsider, programme_year=year)
    assert not Committee.objects.exists()


def test_create_page_and_list(pat, year, client):
    client.force_login(pat)
    response = client.post(f"/committees/years/{year.pk}/", {"action": "create"})
    assert response.status_code == 302
    assert Committee.objects.filter(programme_year=year).count() == 10
    client.post(f"/committees/years/{year.pk}/", {"action": "create"}, follow=True)
    assert Committee.objects.filter(programme_year=year).count() == 10
    page = client.get(f"/committees/years/{year.pk}/").content.decode()
    assert "คณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัดลำพูน" in page
    assert "อำเภอแม่ทา" in page
    assert client.post(f"/committees/years/{year.pk}/", {"action": "other"}).status_code == 404


def test_year_page_links_to_the_committees(pat, year, client):
    client.force_login(pat)
    assert f"/committees/years/{year.pk}/" in client.get(f"/programme/{year.pk}/").content.decode()


def test_zone_working_group_for_a_zone_of_the_province(pat, year, committees, client):
    zone = Zone.objects.create(province_id="51", name="โซนเหนือ")
    zone.districts.set(District.objects.filter(pk__in=["5101", "5102"]))
    client.force_login(pat)
    response = client.post(f"/committees/years/{year.pk}/", {"action": "zone", "zone": zone.pk})
    group = Committee.objects.get(kind=Kind.ZONE)
    assert response.status_code == 302 and response["Location"] == f"/committees/{group.pk}/"
    assert group.zone == zone and "โซนเหนือ" in group.name
    positions = list(group.members.values_list("position_title", flat=True))
    assert "พัฒนาการอำเภอเมืองลำพูน" in positions and "พัฒนาการอำเภอแม่ทา" in positions
    assert group.role_label(MemberRole.CHAIR) == "ประธานคณะทำงาน"
    # Again for the same zone: refused with a Thai message, nothing added.
    response = client.post(f"/committees/years/{year.pk}/", {"action": "zone", "zone": zone.pk})
    assert response.status_code == 200
    assert "โซนนี้มีคณะทำงานของปีนี้แล้ว" in response.content.decode()
    assert Committee.objects.filter(kind=Kind.ZONE).count() == 1
    # Another province's zone is not a choice.
    other = Zone.objects.create(province_id="50", name="โซนเชียงใหม่")
    response = client.post(f"/committees/years/{year.pk}/", {"action": "zone", "zone": other.pk})
    assert response.status_code == 200 and Committee.objects.filter(kind=Kind.ZONE).count() == 1
    # Neither zone nor name.
    response = client.post(f"/committees/years/{year.pk}/", {"action": "zone"})
    assert "กรุณาเลือกโซน" in response.content.decode()
    # A zone group may be removed; the year's standing committees may not.
    client.post(f"/committees/{group.pk}/delete/")
    assert not Committee.objects.filter(kind=Kind.ZONE).exists()
    certification = committees.get(kind=Kind.PROVINCIAL_CERTIFICATION)
    client.post(f"/committees/{certification.pk}/delete/")
    assert Committee.objects.filter(pk=certification.pk).exists()


# --- the order as PDF and Word -----------------------------------------------------------


def test_order_pdf_reads_back_as_the_seed_order(signed):
    pdf = committee_order_pdf(order_data(signed))
    text = flat(pdf_text(pdf))
    assert "คำสั่งจังหวัดลำพูน" in text
    assert "ที่๑๒/๒๕๗๐" in text
    assert "เรื่องแต่งตั้งคณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัดลำพูน" in text
    assert "ประจำปี๒๕๗๐" in text
    # Members in order, each followed by its role in the second column.
    assert "๑.รองผู้ว่าราชการจังหวัดลำพูน(ที่กำกับดูแลสำนักงานพัฒนาชุมชนจังหวัดลำพูน)ประธานกรรมการ" in text
    assert "๒.ปลัดจังหวัดลำพูนรองประธานกรรมการ" in text
    assert "๓.นายแพทย์สาธารณสุขจังหวัดลำพูนกรรมการ" in text
    assert "๙.พัฒนาการจังหวัดลำพูนกรรมการและเลขานุการ" in text
    assert "สำนักงานพัฒนาชุมชนจังหวัดลำพูนกรรมการและผู้ช่วยเลขานุการ" in text
    assert "ให้มีอำนาจหน้าที่ดังนี้" in text
    assert "๒.แต่งตั้งคณะกรรมการทุกระดับ" in text
    assert "ทั้งนี้ตั้งแต่บัดนี้เป็นต้นไป" in text
    assert "สั่งณวันที่๑๑มกราคมพ.ศ.๒๕๗๐" in text
    assert "(นายวรพจน์แววสิงห์งาม)" in text
    assert "รองผู้ว่าราชการจังหวัดปฏิบัติราชการแทนผู้ว่าราชการจังหวัดลำพูน" in text
    # Members before duties before the date, as in the seed.
    assert text.index("ประธานกรรมการ") < text.index("ให้มีอำนาจหน้าที่") < text.index("สั่งณวันที่")
    pages = pdf_page_count(pdf)
    assert pages >= 2 and "-๒-" in text


def test_order_word_file_has_the_same_lines(signed):
    text = docx_text(committee_order_docx(order_data(signed)))
    lines = [flat(line) for line in text.split("\n")]
    for expected in (
        "คำสั่งจังหวัดลำพูน",
        "ที่๑๒/๒๕๗๐",
        "เรื่องแต่งตั้งคณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัดลำพูน",
        "ประธานกรรมการ",
        "รองประธานกรรมการ",
        "กรรมการและเลขานุการ",
        "กรรมการและผู้ช่วยเลขานุการ",
        "ให้มีอำนาจหน้าที่ดังนี้",
        "๒.แต่งตั้งคณะกรรมการทุกระดับ",
        "ทั้งนี้ตั้งแต่บัดนี้เป็นต้นไป",
        "สั่งณวันที่๑๑มกราคมพ.ศ.๒๕๗๐",
        "(นายวรพจน์แววสิงห์งาม)",
        "รองผู้ว่าราชการจังหวัดปฏิบัติราชการแทน",
        "ผู้ว่าราชการจังหวัดลำพูน",
    ):
        assert expected in lines, expected
    assert "รองผู้ว่าราชการจังหวัดลำพูน" in flat(text) and "๙." in lines
    document = docx.Document(io.BytesIO(committee_order_docx(order_data(signed))))
    member_table = document.tables[0]
    assert [c.text for c in member_table.rows[8].cells] == [
        "๙.",
        "พัฒนาการจังหวัดลำพูน",
        "กรรมการและเลขานุการ",
    ]
    # The member table draws no lines: roles are aligned, not boxed.
    assert 'w:val="nil"' in member_table._tbl.xml


def test_district_order_uses_subcommittee_titles_and_arabic_digits_when_asked(pat, mueang):
    text = flat(pdf_text(committee_order_pdf(order_data(mueang))))
    assert "คำสั่งจังหวัดลำพูน" in text and "๑.นายอำเภอเมืองลำพูนประธานอนุกรรมการ" in text
    assert "อนุกรรมการและเลขานุการ" in text
    assert "/๒๕๗๐" in text  # no number yet: left blank for the office
    services.committee_update(
        actor=pat,
        committee=mueang,
        values=order_values(mueang, order_number=14, thai_numerals=False),
        expected_version=mueang.version,
    )
    mueang.refresh_from_db()
    text = flat(pdf_text(committee_order_pdf(order_data(mueang))))
    assert "ที่14/2570" in text and "1.นายอำเภอเมืองลำพูน" in text


def test_order_downloads_are_audited_and_not_cached(signed, pat, alice, client):
    for user in (pat, alice):
        client.force_login(user)
        for fmt, kind in (("pdf", "application/pdf"), ("docx", "wordprocessingml")):
            response = client.get(f"/committees/{signed.pk}/order.{fmt}")
            assert response.status_code == 200 and kind in response["Content-Type"]
            assert response["Cache-Control"] == "no-store"
            assert response["X-Content-Type-Options"] == "nosniff"
            assert "attachment" in response["Content-Disposition"]
    assert (
        AuditEntry.objects.filter(action="export.committee_order", object_id=str(signed.pk)).count()
        == 4
    )
    assert client.get(f"/committees/{signed.pk}/order.html").status_code == 404


# --- editing: audited, validated, nothing changed by bad input ---------------------------


def test_editing_the_order_is_audited(pat, certification, client):
    client.force_login(pat)
    data = order_values(
        certification, order_number="12", signed_on="11/01/2570", thai_numerals="on"
    )
    data["expected_version"] = certification.version
    data = {k: ("" if v is None else v) for k, v in data.items()}
    response = client.post(f"/committees/{certification.pk}/edit/", data)
    assert response.status_code == 302
    certification.refresh_from_db()
    assert (certification.order_number, certification.order_year) == (12, 2570)
    assert certification.signed_on == dt.date(2027, 1, 11)
    entry = AuditEntry.objects.get(action="committee.update")
    assert entry.actor == pat and entry.changes["order_number"] == [None, 12]


def _edit_post(client, committee, **overrides):
    committee.refresh_from_db()
    data = order_values(committee, signed_on="", thai_numerals="on")
    data["expected_version"] = committee.version
    data.update(overrides)
    data = {k: ("" if v is None else v) for k, v in data.items()}
    return client.post(f"/committees/{committee.pk}/edit/", data)


def test_an_order_form_without_its_version_is_refused(pat, certification, client):
    client.force_login(pat)
    before = (certification.version, AuditEntry.objects.count())
    response = _edit_post(client, certification, expected_version=None, subject="อื่น")
    assert response.status_code == 200
    assert "ไม่ได้ระบุรุ่นของข้อมูล" in response.content.decode()
    certification.refresh_from_db()
    assert (certification.version, AuditEntry.objects.count()) == before
    assert certification.subject != "อื่น"


def test_order_number_must_be_a_number(pat, certification, client):
    client.force_login(pat)
    before = AuditEntry.objects.count()
    response = _edit_post(client, certification, order_number="สิบสอง")
    assert response.status_code == 200
    assert "เลขที่คำสั่งต้องเป็นตัวเลขจำนวนเต็ม" in response.content.decode()
    certification.refresh_from_db()
    assert certification.order_number is None and AuditEntry.objects.count() == before
    # Thai digits are numbers too.
    assert _edit_post(client, certification, order_number="๑๒").status_code == 302
    certification.refresh_from_db()
    assert certification.order_number == 12


def test_order_number_is_unique_in_the_calendar_year(pat, committees, certification, client):
    client.force_login(pat)
    assessment = committees.get(kind=Kind.PROVINCIAL_ASSESSMENT)
    assert (
        _edit_post(client, certification, order_number="12", signed_on="11/01/2570").status_code
        == 302
    )
    before = AuditEntry.objects.count()
    response = _edit_post(client, assessment, order_number="12", signed_on="11/01/2570")
    assert response.status_code == 200
    page = response.content.decode()
    assert "ที่ ๑๒/๒๕๗๐" in page and "ใช้กับ" in page
    assessment.refresh_from_db()
    assert assessment.order_number is None and AuditEntry.objects.count() == before
    # Numbers restart every calendar year: 12 of 2569 is another order.
    assert (
        _edit_post(client, assessment, order_number="12", signed_on="20/12/2569").status_code == 302
    )
    assessment.refresh_from_db()
    assert (assessment.order_number, assessment.order_year) == (12, 2569)


def test_a_stale_form_is_refused(pat, certification):
    stale = certification.version
    services.committee_update(
        actor=pat,
        committee=certification,
        values=order_values(certification),
        expected_version=stale,
    )
    with pytest.raises(DomainError) as error:
        services.committee_update(
            actor=pat,
            committee=certification,
            values=order_values(certification, subject="อื่น"),
            expected_version=stale,
        )
    assert "มีผู้อื่นแก้ไข" in error.value.message


def test_empty_subject_is_refused(pat, certification, client):
    client.force_login(pat)
    response = _edit_post(client, certification, subject="  ")
    assert response.status_code == 200 and "กรุณากรอก" in response.content.decode()
    certification.refresh_from_db()
    assert certification.subject.startswith("แต่งตั้ง")


def test_member_with_empty_position_is_refused(pat, certification, client):
    client.force_login(pat)
    before = (certification.members.count(), AuditEntry.objects.count())
    response = client.post(
        f"/committees/{certification.pk}/members/add/",
        {
            "full_name": "นายสมศักดิ์ ใจดี",
            "position_title": "   ",
            "role": "MEMBER",
            "once": new_form_token(),
        },
    )
    assert response.status_code == 200
    assert "กรุณากรอกตำแหน่งของกรรมการ" in response.content.decode()
    assert (certification.members.count(), AuditEntry.objects.count()) == before
    response = client.post(
        f"/committees/{certification.pk}/members/add/",
        {"position_title": "ผู้ทรงคุณวุฒิ", "role": "KING", "once": new_form_token()},
    )
    assert response.status_code == 200 and "กรุณาเลือกตำแหน่งในคณะ" in response.content.decode()
    assert certification.members.count() == before[0]
    # The service refuses the same on its own.
    with pytest.raises(DomainError):
        services.member_add(
            actor=pat,
            committee=certification,
            values={"position_title": "", "role": "MEMBER"},
            once=new_form_token(),
        )


def test_members_added_edited_moved_removed_with_audit(pat, certification, client):
    client.force_login(pat)
    response = client.post(
        f"/committees/{certification.pk}/members/add/",
        {
            "full_name": "นางสาวตรี ประดิษฐ์",
            "position_title": "นักวิชาการพัฒนาชุมชนชำนาญการ",
            "role": "MEMBER",
            "once": new_form_token(),
        },
    )
    assert response.status_code == 302
    new = certification.members.get(full_name="นางสาวตรี ประดิษฐ์")
    assert new.order == 12 and new.line == "นางสาวตรี ประดิษฐ์ นักวิชาการพัฒนาชุมชนชำนาญการ"
    client.post(f"/committees/members/{new.pk}/move/", {"direction": "up"})
    new.refresh_from_db()
    assert new.order == 11
    first = certification.members.get(order=1)
    client.post(f"/committees/members/{first.pk}/move/", {"direction": "up"})  # already first
    first.refresh_from_db()
    assert first.order == 1
    client.post(f"/committees/members/{first.pk}/move/", {"direction": "sideways"})
    first.refresh_from_db()
    assert first.order == 1
    response = client.post(
        f"/committees/members/{new.pk}/",
        {
            "full_name": "นางสาวตรี ประดิษฐ์",
            "position_title": "นักวิชาการพัฒนาชุมชนชำนาญการพิเศษ",
            "role": "SECRETARY",
            "expected_version": new.version,
        },
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.role == MemberRole.SECRETARY
    client.post(f"/committees/members/{first.pk}/remove/")
    orders = list(certification.members.order_by("order").values_list("order", flat=True))
    assert orders == list(range(1, 12))
    actions = set(AuditEntry.objects.filter(actor=pat).values_list("action", flat=True))
    assert {
        "committee.member_add",
        "committee.member_move",
        "committee.member_update",
        "committee.member_remove",
    } <= actions
    update = AuditEntry.objects.get(action="committee.member_update")
    assert update.changes["role"] == ["MEMBER", "SECRETARY"]
    detail = client.get(f"/committees/{certification.pk}/").content.decode()
    assert "นางสาวตรี ประดิษฐ์" in detail and "กรรมการและเลขานุการ" in detail


def _member_post(client, member, **overrides):
    data = {
        "full_name": member.full_name,
        "position_title": member.position_title,
        "agency": member.agency,
        "role": member.role,
        "expected_version": member.version,
        **overrides,
    }
    return client.post(f"/committees/members/{member.pk}/", data)


def test_a_stale_member_form_is_refused(pat, certification, client):
    client.force_login(pat)
    member = certification.members.get(order=1)
    stale = member.version
    assert _member_post(client, member, agency="ครั้งแรก").status_code == 302
    member.refresh_from_db()
    saved = (member.agency, member.version, AuditEntry.objects.count())
    assert saved[0] == "ครั้งแรก" and saved[1] == stale + 1
    response = _member_post(client, member, agency="ครั้งที่สอง", expected_version=stale)
    assert response.status_code == 200
    assert "มีผู้อื่นแก้ไขข้อมูลกรรมการคนนี้ไปก่อนแล้ว" in response.content.decode()
    member.refresh_from_db()
    assert (member.agency, member.version, AuditEntry.objects.count()) == saved
    with pytest.raises(DomainError) as error:
        services.member_update(
            actor=pat,
            member=member,
            values={"position_title": "อื่น", "role": member.role},
            expected_version=stale,
        )
    assert "มีผู้อื่นแก้ไข" in error.value.message
    member.refresh_from_db()
    assert (member.agency, member.version, AuditEntry.objects.count()) == saved


def test_a_member_form_without_its_version_is_refused(pat, certification, client):
    client.force_login(pat)
    member = certification.members.get(order=1)
    before = (member.agency, member.version, AuditEntry.objects.count())
    response = _member_post(client, member, agency="อื่น", expected_version="")
    assert response.status_code == 200
    assert "ไม่ได้ระบุรุ่นของข้อมูล" in response.content.decode()
    member.refresh_from_db()
    assert (member.agency, member.version, AuditEntry.objects.count()) == before


def test_duties_added_edited_moved_removed(pat, certification, client):
    client.force_login(pat)
    client.post(
        f"/committees/{certification.pk}/duties/add/", {"text": "ปฏิบัติหน้าที่อื่นตามที่ได้รับมอบหมาย"}
    )
    texts = list(certification.duties.order_by("order").values_list("text", flat=True))
    assert len(texts) == 5 and texts[-1] == "ปฏิบัติหน้าที่อื่นตามที่ได้รับมอบหมาย"
    last = certification.duties.get(order=5)
    client.post(f"/committees/duties/{last.pk}/move/", {"direction": "up"})
    last.refresh_from_db()
    assert last.order == 4
    client.post(
        f"/committees/duties/{last.pk}/edit/",
        {"text": "ปฏิบัติหน้าที่อื่น", "expected_version": last.version},
    )
    last.refresh_from_db()
    assert last.text == "ปฏิบัติหน้าที่อื่น"
    before = AuditEntry.objects.count()
    response = client.post(
        f"/committees/duties/{last.pk}/edit/",
        {"text": "   ", "expected_version": last.version},
        follow=True,
    )
    assert "กรุณากรอกอำนาจหน้าที่" in response.content.decode()
    last.refresh_from_db()
    assert last.text == "ปฏิบัติหน้าที่อื่น" and AuditEntry.objects.count() == before
    first = certification.duties.get(order=1)
    client.post(f"/committees/duties/{first.pk}/remove/")
    assert list(certification.duties.order_by("order").values_list("order", flat=True)) == [
        1,
        2,
        3,
        4,
    ]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "committee.duty_add",
        "committee.duty_move",
        "committee.duty_update",
        "committee.duty_remove",
    } <= actions
    # The order prints the duties in their new order.
    text = flat(pdf_text(committee_order_pdf(order_data(certification))))
    assert "๓.ปฏิบัติหน้าที่อื่น" in text


def test_a_stale_duty_form_is_refused(pat, certification, client):
    client.force_login(pat)
    duty = certification.duties.get(order=1)
    stale = duty.version
    page = client.get(f"/committees/{certification.pk}/").content.decode()
    assert f'name="expected_version" value="{stale}"' in page
    url = f"/committees/duties/{duty.pk}/edit/"
    client.post(url, {"text": "ข้อความแรก", "expected_version": stale})
    duty.refresh_from_db()
    saved = (duty.text, duty.version, AuditEntry.objects.count())
    assert saved[0] == "ข้อความแรก" and saved[1] == stale + 1
    response = client.post(url, {"text": "ข้อความที่สอง", "expected_version": stale}, follow=True)
    assert "มีผู้อื่นแก้ไขอำนาจหน้าที่ข้อนี้ไปก่อนแล้ว" in response.content.decode()
    duty.refresh_from_db()
    assert (duty.text, duty.version, AuditEntry.objects.count()) == saved
    with pytest.raises(DomainError) as error:
        services.duty_update(actor=pat, duty=duty, text="อื่น", expected_version=stale)
    assert "มีผู้อื่นแก้ไข" in error.value.message
    duty.refresh_from_db()
    assert (duty.text, duty.version, AuditEntry.objects.count()) == saved


def test_a_duty_form_without_its_version_is_refused(pat, certification, client):
    client.force_login(pat)
    duty = certification.duties.get(order=1)
    before = (duty.text, duty.version, AuditEntry.objects.count())
    response = client.post(f"/committees/duties/{duty.pk}/edit/", {"text": "อื่น"}, follow=True)
    assert "ไม่ได้ระบุรุ่นของข้อมูล" in response.content.decode()
    duty.refresh_from_db()
    assert (duty.text, duty.version, AuditEntry.objects.count()) == before


# --- who may do what ---------------------------------------------------------------------


def test_district_officer_keeps_his_committee_members_but_not_the_order(
    alice, mueang, certification, client
):
    client.force_login(alice)
    response = client.post(
        f"/committees/{mueang.pk}/members/add/",
        {
            "full_name": "นายสมชาย ใจดี",
            "position_title": "ปลัดอำเภอ",
            "role": "MEMBER",
            "once": new_form_token(),
        },
    )
    assert response.status_code == 302 and mueang.members.filter(full_name="นายสมชาย ใจดี").exists()
    client.post(f"/committees/{mueang.pk}/duties/add/", {"text": "ประสานงานการประเมิน"})
    assert mueang.duties.filter(text="ประสานงานการประเมิน").exists()
    # The order is the province's.
    response = client.get(f"/committees/{mueang.pk}/edit/")
    assert response.status_code == 302
    response = _edit_post(client, mueang, order_number="99")
    mueang.refresh_from_db()
    assert mueang.order_number is None
    with pytest.raises(DomainError):
        services.committee_update(
            actor=alice,
            committee=mueang,
            values=order_values(mueang),
            expected_version=mueang.version,
        )
    # The provincial committees are readable, not editable.
    assert client.get(f"/committees/{certification.pk}/").status_code == 200
    count = certification.members.count()
    client.post(
        f"/committees/{certification.pk}/members/add/",
        {"position_title": "x", "role": "MEMBER", "once": new_form_token()},
    )
    member = certification.members.first()
    client.post(f"/committees/members/{member.pk}/remove/")
    assert certification.members.count() == count
    # The list shows his committee and the provincial ones only.
    page = client.get(f"/committees/years/{mueang.programme_year_id}/").content.decode()
    assert "อำเภอเมืองลำพูน" in page and "คณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัดลำพูน" in page
    assert "อำเภอแม่ทา" not in page


def test_developer_reads_only(dave, mueang, client):
    client.force_login(dave)
    assert client.get(f"/committees/{mueang.pk}/").status_code == 200
    count = mueang.members.count()
    client.post(
        f"/committees/{mueang.pk}/members/add/",
        {"position_title": "x", "role": "MEMBER", "once": new_form_token()},
    )
    assert mueang.members.count() == count


def committee_urls(committee: Committee) -> dict[str, tuple[str, str]]:
    member = committee.members.first()
    duty = committee.duties.first()
    assert member is not None and duty is not None
    return {
        "committees:list": ("get", f"/committees/years/{committee.programme_year_id}/"),
        "committees:detail": ("get", f"/committees/{committee.pk}/"),
        "committees:edit": ("post", f"/committees/{committee.pk}/edit/"),
        "committees:delete": ("post", f"/committees/{committee.pk}/delete/"),
        "committees:order": ("get", f"/committees/{committee.pk}/order.pdf"),
        "committees:order_docx": ("get", f"/committees/{committee.pk}/order.docx"),
        "committees:member_add": ("post", f"/committees/{committee.pk}/members/add/"),
        "committees:duty_add": ("post", f"/committees/{committee.pk}/duties/add/"),
        "committees:member_edit": ("post", f"/committees/members/{member.pk}/"),
        "committees:member_remove": ("post", f"/committees/members/{member.pk}/remove/"),
        "committees:member_move": ("post", f"/committees/members/{member.pk}/move/"),
        "committees:member_account": ("post", f"/committees/members/{member.pk}/account/"),
        "committees:member_account_active": (
            "post",
            f"/committees/members/{member.pk}/account/active/",
        ),
        "committees:duty_edit": ("post", f"/committees/duties/{duty.pk}/edit/"),
        "committees:duty_remove": ("post", f"/committees/duties/{duty.pk}/remove/"),
        "committees:duty_move": ("post", f"/committees/duties/{duty.pk}/move/"),
    }


POST_DATA = {
    "position_title": "x",
    "role": "MEMBER",
    "text": "x",
    "direction": "down",
    "username": "intruder",
    "active": "0",
    "action": "create",
    "subject": "x",
    "name": "x",
    "issuing_office": "x",
    "member_title": "กรรมการ",
}


def test_every_committee_url_is_in_the_scope_matrix(mueang):
    names = {
        f"committees:{name}"
        for name in get_resolver().namespace_dict["committees"][1].reverse_dict
        if isinstance(name, str)
    }
    assert names <= {name.replace("_docx", "") for name in committee_urls(mueang)}


def _snapshot():
    return (
        list(Committee.objects.order_by("pk").values_list("pk", "version", "order_number")),
        list(Member.objects.order_by("pk").values_list("pk", "order", "position_title", "user_id")),
        list(Duty.objects.order_by("pk").values_list("pk", "order", "text")),
        User.objects.count(),
        AuditEntry.objects.count(),
    )


def test_other_district_gets_404_on_the_district_committee(charlie, mueang, client):
    client.force_login(charlie)
    before = _snapshot()
    for name, (method, url) in committee_urls(mueang).items():
        if name == "committees:list":
            continue  # the year's list is his too; it does not show this committee (below)
        response = getattr(client, method)(url, POST_DATA if method == "post" else None)
        assert response.status_code == 404, (name, url, response.status_code)
    assert _snapshot() == before
    page = client.get(f"/committees/years/{mueang.programme_year_id}/").content.decode()
    assert "อำเภอเมืองลำพูน" not in page and "อำเภอแม่ทา" in page


@pytest.mark.parametrize("kind", [Kind.PROVINCIAL_CERTIFICATION, Kind.DISTRICT_ASSESSMENT])
def test_other_province_gets_404_on_everything(olivia, committees, kind, client):
    committee = committees.filter(kind=kind).first()
    client.force_login(olivia)
    before = _snapshot()
    for name, (method, url) in committee_urls(committee).items():
        response = getattr(client, method)(url, POST_DATA if method == "post" else None)
        assert response.status_code == 404, (name, url, response.status_code)
    assert _snapshot() == before


def test_anonymous_is_sent_to_login(mueang, client):
    for name, (method, url) in committee_urls(mueang).items():
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(
            "/accounts/login/"
        ), name


# --- members' accounts (Role.COMMITTEE) --------------------------------------------------


def test_account_created_with_an_invitation_link_shown_once(alice, mueang, client):
    """A member without e-mail: the account has no password and the page shows the invitation
    link once; the member sets their own password through it (tests/test_invitations.py has
    the e-mailed one)."""
    member = mueang.members.get(role=MemberRole.CHAIR)
    client.force_login(alice)
    response = client.post(f"/committees/members/{member.pk}/account/", {"username": "chair5101"})
    assert response.status_code == 200
    user = User.objects.get(username="chair5101")
    assert (user.role, user.district_id, user.province_id) == (Role.COMMITTEE, "5101", "51")
    assert not user.has_usable_password()
    page = response.content.decode()
    found = re.search(r'value="https?://[^/"]+(/accounts/invitation/[^"]+/)"', page)
    assert found is not None, page
    link = found.group(1)
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="committee.member_account_create")
    assert entry.changes["username"] == "chair5101"
    sent = AuditEntry.objects.get(action="user.invitation_send")
    assert link.split("/")[-2] not in str(sent.changes)
    member.refresh_from_db()
    assert member.user == user
    # Not shown again: the member page names the account only.
    assert link not in client.get(f"/committees/members/{member.pk}/").content.decode()
    client.logout()
    form = client.get(link, follow=True)
    new = "กรรมการ-2570-ลำพูน"
    response = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    response = client.post("/accounts/login/", {"username": "chair5101", "password": new})
    assert response.status_code == 302 and client.session.get("_auth_user_id") == str(user.pk)


def test_account_username_is_checked(alice, pat, mueang, client):
    member = mueang.members.get(role=MemberRole.CHAIR)
    with pytest.raises(DomainError) as error:
        services.member_account_create(actor=alice, member=member, username="pat")
    assert error.value.message == "ชื่อผู้ใช้นี้มีอยู่แล้ว"
    with pytest.raises(DomainError):
        services.member_account_create(actor=alice, member=member, username="ชื่อ มีช่องว่าง")
    client.force_login(alice)
    response = client.post(
        f"/committees/members/{member.pk}/account/", {"username": ""}, follow=True
    )
    assert "กรุณากรอกชื่อผู้ใช้" in response.content.decode()
    assert not User.objects.filter(role=Role.COMMITTEE).exists()
    services.member_account_create(actor=alice, member=member, username="chair5101")
    with pytest.raises(DomainError) as error:
        services.member_account_create(actor=alice, member=member, username="chair5101b")
    assert "มีบัญชีผู้ใช้แล้ว" in error.value.message


def test_only_the_committees_keepers_create_accounts(
    alice, charlie, dave, pat, certification, mueang
):
    member = mueang.members.first()
    for outsider in (charlie, dave):
        with pytest.raises(DomainError):
            services.member_account_create(actor=outsider, member=member, username="x1")
    # A district officer cannot make accounts for the provincial committees; the province can.
    with pytest.raises(DomainError):
        services.member_account_create(
            actor=alice, member=certification.members.first(), username="x2"
        )
    user, _ = services.member_account_create(
        actor=pat, member=certification.members.first(), username="vice"
    )
    assert user.district_id is None and user.province_id == "51"


def test_closing_and_removing_end_the_account(alice, mueang, scorer, client):
    member = Member.objects.get(user=scorer)
    services.member_account_set_active(actor=alice, member=member, active=False)
    scorer.refresh_from_db()
    assert not scorer.is_active
    services.member_account_set_active(actor=alice, member=member, active=True)
    services.member_remove(actor=alice, member=member)
    scorer.refresh_from_db()
    assert not scorer.is_active
    assert (
        AuditEntry.objects.filter(action="committee.member_remove").get().changes["account_closed"]
        == "chair5101"
    )


def test_committee_member_sees_only_the_units_of_the_committees_area(
    scorer, accepted, draft_group, maetha_unit, mueang, certification, client
):
    enter(mueang, accepted, draft_group)  # a draft on a round is still not readable
    client.force_login(scorer)
    year = mueang.programme_year_id
    detail = client.get(f"/units/{accepted.pk}/")
    assert detail.status_code == 200
    assert "3100600445635" not in detail.content.decode()  # the national ID stays masked
    register = client.get(f"/units/?year={year}").content.decode()
    assert accepted.name in register and maetha_unit.name not in register
    assert draft_group.name not in register
    assert client.get(f"/units/{draft_group.pk}/").status_code == 404  # not accepted
    assert client.get(f"/units/{maetha_unit.pk}/").status_code == 404  # another district
    # His own committee only.
    assert client.get(f"/committees/{mueang.pk}/").status_code == 200
    assert client.get(f"/committees/{certification.pk}/").status_code == 404
    page = client.get(f"/committees/years/{year}/").content.decode()
    assert mueang.name in page and certification.name not in page
    # Read-only: no member editing on his committee either.
    count = mueang.members.count()
    client.post(
        f"/committees/{mueang.pk}/members/add/",
        {"position_title": "x", "role": "MEMBER", "once": new_form_token()},
    )
    assert mueang.members.count() == count


def test_committee_member_cannot_edit_upload_or_open_personal_documents(scorer, accepted, client):
    client.force_login(scorer)
    before = (accepted.version, accepted.documents.count(), accepted.status)
    response = client.get(f"/units/{accepted.pk}/edit/")
    assert response.status_code in (302, 403, 404)
    assert response.status_code != 200
    response = client.post(
        f"/units/{accepted.pk}/edit/", {"name": "x", "version": accepted.version}
    )
    assert response.status_code in (302, 403, 404)
    response = client.post(
        f"/units/{accepted.pk}/documents/", {"kind": "OTHER", "file": jpeg_upload()}
    )
    assert response.status_code in (302, 403, 404)
    for document in accepted.documents.filter(kind__in=["ID_CARD", "HOUSE_REGISTRATION"]):
        assert client.get(f"/units/documents/{document.pk}/").status_code == 404
    assert accepted.documents.filter(kind="ID_CARD").exists()
    for document in accepted.documents.all():
        assert client.get(f"/units/documents/{document.pk}/").status_code == 404
    assert client.get(f"/units/{accepted.pk}/application-form.pdf").status_code == 404
    assert client.post(f"/units/{accepted.pk}/submit/").status_code in (302, 404)
    for url in ("/units/new/LEADER/", "/units/carry-over/", "/accounts/users/"):
        assert client.get(url).status_code == 404, url
    year = accepted.programme_year_id
    assert client.get(f"/units/applicant-list/{year}/5101.pdf").status_code == 404
    assert client.get(f"/units/applicant-list/{year}/province.pdf").status_code == 404
    accepted.refresh_from_db()
    assert (accepted.version, accepted.documents.count(), accepted.status) == before
    with pytest.raises(DomainError):
        registration_services.document_upload(
            actor=scorer, unit=accepted, kind="OTHER", upload=jpeg_upload()
        )


def test_provincial_committee_member_sees_the_whole_provinces_accepted_units(
    pat, certification, accepted, maetha_unit, draft_group, client
):
    member = certification.members.get(role=MemberRole.SECRETARY)
    user, _password = services.member_account_create(actor=pat, member=member, username="cdo51")
    enter(certification, accepted, maetha_unit)
    visible = set(visible_to(user, Unit).values_list("pk", flat=True))
    assert visible == {accepted.pk, maetha_unit.pk}
    # Nothing of another kind: users, audit rows, districts.
    assert not visible_to(user, User).exists()
    assert not visible_to(user, AuditEntry).exists()
    assert not visible_to(user, District).exists()


def test_zone_group_member_sees_the_zones_districts(pat, year, committees, accepted, maetha_unit):
    zone = Zone.objects.create(province_id="51", name="โซนใต้")
    zone.districts.set(District.objects.filter(pk="5102"))
    group = services.zone_group_create(actor=pat, programme_year=year, zone=zone)
    member = group.members.first()
    assert member is not None
    user, _ = services.member_account_create(actor=pat, member=member, username="zone1")
    enter(group, maetha_unit)
    assert set(visible_to(user, Unit).values_list("pk", flat=True)) == {maetha_unit.pk}


def test_a_closed_committee_account_sees_nothing(alice, mueang, scorer, accepted):
    enter(mueang, accepted)
    assert visible_to(scorer, Unit).exists()
    services.member_account_set_active(
        actor=alice, member=Member.objects.get(user=scorer), active=False
    )
    scorer.refresh_from_db()
    assert not visible_to(scorer, Unit).exists()


def test_committee_role_cannot_be_made_on_the_user_page(pat, client):
    client.force_login(pat)
    client.post(
        "/accounts/users/",
        {"username": "sneaky", "password": PASSWORD, "role": Role.COMMITTEE, "province": "51"},
    )
    assert not User.objects.filter(username="sneaky").exists()


def test_district_committee_of_district_staff_scope(alice, dave, charlie, mueang):
    seen = set(visible_to(alice, Committee).values_list("district_id", flat=True))
    assert seen == {"5101", None}
    assert set(visible_to(dave, Member).values_list("committee__district_id", flat=True)) == {
        "5101",
        None,
    }
    assert "5101" not in set(
        visible_to(charlie, Duty).values_list("committee__district_id", flat=True)
    )


def test_make_user_committee_needs_a_province(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        make_user("nowhere", Role.COMMITTEE)


def test_list_page_queries_do_not_grow_with_the_committees(
    pat, year, committees, client, django_assert_max_num_queries
):
    client.force_login(pat)
    with django_assert_max_num_queries(10):
        response = client.get(f"/committees/years/{year.pk}/")
    assert response.content.decode().count("/order.pdf") == committees.count()


def test_committee_member_keeps_seeing_units_after_decisions(scorer, accepted):
    from registration.workflow import ACCEPTED_STATUSES

    enter(Member.objects.get(user=scorer).committee, accepted)
    for status in ACCEPTED_STATUSES:
        Unit.objects.filter(pk=accepted.pk).update(status=status)
        assert visible_to(scorer, Unit).filter(pk=accepted.pk).exists(), status
    Unit.objects.filter(pk=accepted.pk).update(status="WITHDRAWN")
    assert not visible_to(scorer, Unit).filter(pk=accepted.pk).exists()


def test_a_named_working_group_without_a_zone(pat, year, committees):
    group = services.zone_group_create(actor=pat, programme_year=year, name="คณะทำงานโซนพิเศษ")
    assert (group.kind, group.zone, group.name) == (Kind.ZONE, None, "คณะทำงานโซนพิเศษ")
    assert group.subject == "แต่งตั้งคณะทำงานโซนพิเศษ" and "จึงแต่งตั้งคณะทำงานโซนพิเศษ" in group.authority
    assert AuditEntry.objects.filter(action="committee.create", object_id=str(group.pk)).exists()


def test_committee_member_starts_at_their_rounds_without_staff_links(client, scorer, year):
    """A member lands on their open rounds with their own scoring progress (todo/), and the
    header takes them to the rounds of the newest year they serve in."""
    client.force_login(scorer)
    response = client.get("/")
    assert [t.name for t in response.templates][0] == "todo/committee.html"
    page = client.get(f"/assessment/years/{year.pk}/").content.decode()
    assert "/accounts/users/" not in page and "/activities/" not in page
    assert 'href="/assessment/" data-nav-rounds' in page
    response = client.get("/assessment/")
    assert response.status_code == 302 and response["Location"] == f"/assessment/years/{year.pk}/"
