"""The register of certified units (staff, across years; public), public profiles with approved
photos, and the outstanding unit of each district (seed 001 §2.8, §2.11)."""

import datetime as dt
import io

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import get_resolver
from django.utils.http import content_disposition_header
from openpyxl import load_workbook

from accounts.models import Role
from activities import services as activity_services
from activities.models import Kind
from audit.models import AuditEntry
from certification import services as certification_services
from certified import services
from certified.models import OutstandingSelection, ProfilePhoto, UnitProfile
from core.errors import DomainError
from documents.xlsx_common import first_sheet
from geography.models import Province, Subdistrict
from programme.services import programme_year_create
from registration.models import Status, Unit
from tests.conftest import make_user, new_activity
from tests.factories import assert_no_metadata, jpeg, make_unit, phone_exif


@pytest.fixture(autouse=True)
def signing(signing_key_file):
    """Every test here signs credentials with a key file of its own (tests/conftest.py)."""


# What the leader's record holds that must never reach a public page or the register.
# (The leader's name is the unit's name: it is public, as on the certificate.)
PERSONAL = ["3100600445635", "3-1006", "1968", "2511", "0812345678", "บ้านเลขที่"]


def public_text(response) -> str:
    return response.content.decode()


@pytest.fixture
def leader_unit(certified_leader):
    """The certified leader, with a phone number on its record (personal, never public)."""
    Unit.objects.filter(pk=certified_leader.pk).update(phone="0812345678")
    certified_leader.refresh_from_db()
    return certified_leader


@pytest.fixture
def certificate(pat, leader_unit):
    return certification_services.issue_certificate(actor=pat, unit=leader_unit)[0]


@pytest.fixture
def last_year(pat):
    return programme_year_create(
        actor=pat, province=Province.objects.get(pk="51"), fiscal_year=2569
    )


@pytest.fixture
def chiang_mai_year(olivia):
    return programme_year_create(
        actor=olivia, province=Province.objects.get(pk="50"), fiscal_year=2570
    )


@pytest.fixture
def register_data(alice, pat, olivia, year, last_year, chiang_mai_year, leader_unit, certificate):
    """Certified units over two years and three districts, with every certificate state."""
    old = make_unit(last_year, alice, "กลุ่มออมทรัพย์ปีก่อน")
    revoked = make_unit(year, alice, "กลุ่มที่ถูกเพิกถอน", unit_type="COMMUNITY")
    not_issued = make_unit(year, alice, "เครือข่ายรอประกาศนียบัตร", unit_type="NETWORK")
    maetha = make_unit(year, alice, "กลุ่มแม่ทา", district="5102")
    draft = make_unit(year, alice, "กลุ่มยังไม่ผ่าน", status=Status.DOCUMENTS_COMPLETE)
    other = make_unit(chiang_mai_year, olivia, "กลุ่มเชียงใหม่", district="5001")
    for unit in (old, revoked, maetha):
        certification_services.issue_certificate(actor=pat, unit=unit)
    certification_services.issue_certificate(actor=olivia, unit=other)
    certification_services.certificate_revoke(
        actor=pat, certificate=revoked.certificates.get(), reason="ชื่อไม่ถูกต้อง"
    )
    return {
        "leader": leader_unit,
        "old": old,
        "revoked": revoked,
        "not_issued": not_issued,
        "maetha": maetha,
        "draft": draft,
        "other": other,
    }


def names(response) -> set[str]:
    return {unit.name for unit in response.context["page"]}


# --- the staff register --------------------------------------------------------------------


def test_register_spans_years_and_follows_scope(
    client, alice, pat, olivia, admin_user, register_data
):
    d = register_data
    client.force_login(alice)
    response = client.get("/register/")
    assert response.status_code == 200
    assert names(response) == {
        d["leader"].name,
        d["old"].name,
        d["revoked"].name,
        d["not_issued"].name,
    }
    assert d["draft"].name not in public_text(response)

    client.force_login(pat)
    assert names(client.get("/register/")) == names(response) | {d["maetha"].name}
    client.force_login(olivia)
    assert names(client.get("/register/")) == {d["other"].name}
    client.force_login(admin_user)
    assert d["other"].name in names(client.get("/register/"))


def test_register_shows_certificate_and_certified_date(client, alice, register_data, certificate):
    client.force_login(alice)
    response = client.get("/register/?q=สมชาย")
    text = public_text(response)
    assert certificate.display_number in text and "ใช้ได้" in text
    # Certified through the workflow: the date of the move to CERTIFIED is shown.
    row = response.context["rows"][0]
    assert row.certified_at is not None
    assert row.certified_at.date() == register_data["leader"].status_changes.last().at.date()
    for value in PERSONAL:
        assert value not in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2569", {"old"}),
        ("unit_type=NETWORK", {"not_issued"}),
        ("certificate=valid&year=2570", {"leader", "maetha"}),
        ("certificate=revoked", {"revoked"}),
        ("certificate=none", {"not_issued"}),
        ("district=5102", {"maetha"}),
        ("q=เพิกถอน", {"revoked"}),
    ],
)
def test_register_filters(client, pat, register_data, query, expected):
    client.force_login(pat)
    response = client.get(f"/register/?{query}")
    assert response.status_code == 200
    assert names(response) == {register_data[key].name for key in expected}


def test_register_subdistrict_filter(client, alice, register_data):
    unit = register_data["not_issued"]
    taken = [unit.subdistrict_id, register_data["leader"].subdistrict_id]
    other = Subdistrict.objects.filter(district_id="5101").exclude(pk__in=taken).earliest("code")
    Unit.objects.filter(pk=unit.pk).update(subdistrict=other)
    client.force_login(alice)
    assert names(client.get(f"/register/?subdistrict={other.pk}")) == {unit.name}


def test_bad_filters_give_thai_messages_not_500(client, alice, pat, register_data):
    client.force_login(pat)
    # A district of another province is not a choice: refused, not queried.
    response = client.get("/register/?district=5001&year=abc&certificate=x&page=zz")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"district", "year", "certificate"}
    assert "ตัวเลือกนี้ไม่มีในรายการ" in public_text(response)
    response = client.get("/register/?q=" + "ก" * 101)
    assert "คำค้นยาวเกิน 100 ตัวอักษร" in public_text(response)
    # The district officer has no district filter at all; another district's subdistrict is refused.
    client.force_login(alice)
    response = client.get("/register/?subdistrict=510201")
    assert "subdistrict" in response.context["form"].errors
    assert "district" not in response.context["form"].fields
    # The export refuses bad filters instead of exporting everything.
    before = AuditEntry.objects.count()
    response = client.get("/register/register.xlsx?certificate=x", follow=True)
    assert response.redirect_chain and "เงื่อนไขการค้นหาไม่ถูกต้อง" in public_text(response)
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("year=2580", "ปีงบประมาณ “2580”"),
        ("certificate=x&year=2570", "ประกาศนียบัตร “x”"),
        ("district=5001", "อำเภอ “5001”"),
    ],
)
def test_a_filter_not_understood_is_named_and_shows_no_rows(
    client, pat, register_data, query, named
):
    client.force_login(pat)
    response = client.get(f"/register/?{query}")
    assert response.status_code == 200
    text = public_text(response)
    assert "ไม่เข้าใจเงื่อนไขการค้นหา" in text and named in text
    # Not every row as though the filter had matched them all.
    assert names(response) == set() and response.context["page"].paginator.count == 0
    # A filter that is understood shows no such message.
    assert "ไม่เข้าใจเงื่อนไข" not in public_text(client.get("/register/?year=2570"))


def test_the_public_register_names_a_filter_not_understood(client, register_data):
    response = client.get("/public/certified/?year=2580")
    assert "ไม่เข้าใจเงื่อนไขการค้นหา: ปีงบประมาณ “2580”" in public_text(response)
    assert names(response) == set()


def test_certificate_numbers_on_the_register_open_the_certificate(
    client, alice, dave, pat, admin_user, register_data, certificate
):
    for user in (alice, dave, pat, admin_user):
        client.force_login(user)
        text = public_text(client.get("/register/?q=สมชาย"))
        link = f'<a href="/certificates/{certificate.pk}/">{certificate.display_number}</a>'
        assert link in text, user
        # Whoever sees the row may open the page it links to.
        assert client.get(f"/certificates/{certificate.pk}/").status_code == 200, user


def test_register_downloads_have_thai_names(client, pat, year, register_data):
    client.force_login(pat)
    for query, name in (
        ("?year=2570", "ทะเบียนผู้ผ่านการรับรอง-2570.xlsx"),
        ("", "ทะเบียนผู้ผ่านการรับรอง-ทุกปี.xlsx"),
    ):
        response = client.get(f"/register/register.xlsx{query}")
        assert response["Content-Disposition"] == content_disposition_header(True, name)
    response = client.get(f"/register/outstanding/{year.pk}/outstanding.xlsx")
    assert response["Content-Disposition"] == content_disposition_header(
        True, "ผู้ผ่านการรับรองดีเด่น-2570-ลำพูน.xlsx"
    )


def test_register_page_queries_do_not_grow(
    client, pat, alice, year, last_year, django_assert_max_num_queries
):
    def add(n, offset):
        for i in range(n):
            unit = make_unit(year if i % 2 else last_year, alice, f"กลุ่มที่ {offset + i}")
            certification_services.issue_certificate(actor=pat, unit=unit)
            UnitProfile.objects.create(unit=unit, updated_by=alice, is_published=bool(i % 3))

    add(3, 0)
    client.force_login(pat)
    with django_assert_max_num_queries(14) as small:
        assert client.get("/register/").status_code == 200
    add(40, 100)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/register/")
    assert response.context["page"].paginator.count == 43


def test_register_excel_export_is_filtered_and_audited(client, pat, register_data, certificate):
    client.force_login(pat)
    response = client.get("/register/register.xlsx?year=2570&district=5101")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Cache-Control"] == "no-store"
    assert "attachment" in response["Content-Disposition"]
    sheet = first_sheet(load_workbook(io.BytesIO(response.content)))
    rows = list(sheet.iter_rows(values_only=True))
    assert isinstance(rows[0][0], str) and rows[0][0].startswith("ทะเบียนผู้ผ่านการประเมิน")
    assert isinstance(rows[2][0], str) and "อำเภอเมืองลำพูน" in rows[2][0]
    header, body = rows[3], rows[4:]
    assert header[3] == "ชื่อ" and header[8] == "สถานะประกาศนียบัตร"
    by_name = {row[3]: row for row in body}
    assert set(by_name) == {register_data[k].name for k in ("leader", "revoked", "not_issued")}
    leader = by_name[register_data["leader"].name]
    assert leader[1] == 2570 and leader[7] == certificate.display_number and leader[8] == "ใช้ได้"
    assert leader[5] == "อำเภอเมืองลำพูน" and leader[6] == "ลำพูน"
    assert isinstance(leader[4], str) and "หมู่ที่ 3" in leader[4]
    assert by_name[register_data["revoked"].name][8] == "ถูกเพิกถอน"
    assert by_name[register_data["not_issued"].name][8] == "ยังไม่ได้ออก"
    flat = " ".join(str(v) for row in rows for v in row if v is not None)
    for value in PERSONAL:
        assert value not in flat
    entry = AuditEntry.objects.get(action="export.certified_register")
    assert entry.actor == pat and entry.changes["rows"] == 3
    assert entry.changes["filters"] == {"year": 2570, "district": "5101"}


# --- the public register -------------------------------------------------------------------


def test_public_register_lists_issued_certificates_only_and_nothing_personal(
    client, register_data, certificate
):
    d = register_data
    response = client.get("/public/certified/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert names(response) == {d[k].name for k in ("leader", "old", "revoked", "maetha", "other")}
    text = public_text(response)
    assert d["not_issued"].name not in text and d["draft"].name not in text
    assert f"/verify/{certificate.code}" in text and "ถูกเพิกถอน" in text
    assert "หมู่ที่ 3" in text and "จังหวัดลำพูน" in text
    for value in PERSONAL:
        assert value not in text
    # Filters: province, year, type, name.
    assert names(client.get("/public/certified/?province=50")) == {d["other"].name}
    assert names(client.get("/public/certified/?year=2569")) == {d["old"].name}
    assert names(client.get("/public/certified/?unit_type=LEADER")) == {d["leader"].name}
    assert names(client.get("/public/certified/?q=แม่ทา")) == {d["maetha"].name}
    response = client.get("/public/certified/?province=99&year=x&q=" + "ก" * 200)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"province", "year", "q"}


def test_public_register_shows_the_district_under_the_name_on_a_phone(client, register_data):
    text = public_text(client.get("/public/certified/?q=แม่ทา"))
    # The place column is hidden on a phone; the district then shows under the name.
    assert '<td class="hide-phone">' in text
    assert '<span class="show-phone muted">อำเภอแม่ทา จังหวัดลำพูน</span>' in text
    css = (settings.BASE_DIR / "certified/static/certified/certified.css").read_text()
    phone = css[css.index("@media (max-width: 640px)") :]
    assert ".show-phone { display: none; }" in css and ".show-phone { display: block;" in phone


def test_public_register_query_count_is_fixed(
    client, pat, alice, year, django_assert_max_num_queries
):
    for i in range(30):
        unit = make_unit(year, alice, f"กลุ่มที่ {i}")
        certification_services.issue_certificate(actor=pat, unit=unit)
    # Years, provinces, the count, the page, then its certificates, dates and profile flags.
    with django_assert_max_num_queries(7):
        response = client.get("/public/certified/")
    assert len(response.context["page"]) == 30


# --- profiles ------------------------------------------------------------------------------


@pytest.fixture
def activity(alice, year, leader_unit):
    return new_activity(
        alice,
        year,
        [leader_unit],
        kind=Kind.INDIVIDUAL,
        title="ศึกษาดูงานการจัดทำแผนชุมชน",
        held_on=dt.date(2027, 1, 15),
        place="ศาลาประชาคม",
    )


@pytest.fixture
def photos(alice, activity, leader_unit):
    return activity_services.photos_upload(
        actor=alice,
        activity=activity,
        uploads=[jpeg("a.jpg", exif=phone_exif()), jpeg("b.jpg", color=(0, 90, 0))],
        stage=4,
        units=[leader_unit],
        caption="คุณสมชาย ใจงาม บ้านเลขที่ 45",
    )


def publish(client, user, unit, **overrides):
    client.force_login(user)
    data = {
        "description": "ผู้นำชุมชนต้นแบบด้านการออม",
        "achievements": "ตั้งกลุ่มออมทรัพย์ได้ 3 กลุ่ม",
        "is_published": "on",
        "version": 0,
        **overrides,
    }
    return client.post(f"/register/units/{unit.pk}/profile/", data)


def test_a_profile_edit_without_its_version_is_refused(client, alice, leader_unit, certificate):
    assert publish(client, alice, leader_unit).status_code == 302
    profile = UnitProfile.objects.get()
    response = publish(client, alice, leader_unit, version="", description="ทับของเดิม")
    assert response.status_code == 400
    assert "กรุณาเปิดหน้าใหม่แล้วแก้ไขอีกครั้ง" in response.content.decode()
    profile.refresh_from_db()
    assert profile.description == "ผู้นำชุมชนต้นแบบด้านการออม"


def test_published_profile_is_public_with_approved_photos_only(
    client, alice, dave, leader_unit, certificate, photos
):
    unit = leader_unit
    # Nothing goes public by accident: no profile, then an unpublished one, are 404.
    assert client.get(f"/public/certified/{unit.pk}/").status_code == 404
    response = publish(client, dave, unit, is_published="")
    assert response.status_code == 302
    client.logout()
    assert client.get(f"/public/certified/{unit.pk}/").status_code == 404

    response = publish(client, alice, unit, version=1)
    assert response.status_code == 302
    profile = UnitProfile.objects.get(unit=unit)
    assert profile.is_published and profile.published_at and profile.version == 2
    entries = AuditEntry.objects.filter(action="certified.profile_update", unit_id=unit.pk)
    assert entries.count() == 2
    assert entries.latest("at", "id").changes["is_published"] == [False, True]

    approved, unapproved = photos
    response = client.post(
        f"/register/units/{unit.pk}/profile/photos/",
        {"photo": [approved.pk], f"caption-{approved.pk}": "ผู้นำชุมชนนำเสนอแผน"},
    )
    assert response.status_code == 302
    public_photo = ProfilePhoto.objects.get()
    assert public_photo.photo == approved and public_photo.caption == "ผู้นำชุมชนนำเสนอแผน"
    assert AuditEntry.objects.get(action="certified.profile_photos").changes["approved"] == [
        approved.pk
    ]

    client.logout()
    response = client.get(f"/public/certified/{unit.pk}/")
    assert response.status_code == 200
    text = public_text(response)
    assert "ผู้นำชุมชนต้นแบบด้านการออม" in text and "ตั้งกลุ่มออมทรัพย์ได้ 3 กลุ่ม" in text
    assert certificate.display_number in text and f"/verify/{certificate.code}" in text
    assert "ผู้นำชุมชนนำเสนอแผน" in text
    for value in PERSONAL:
        assert value not in text
    # The activity photo's own caption and id are not shown.
    assert "บ้านเลขที่ 45" not in text and f"/activities/photos/{approved.pk}" not in text

    for rendition in ("image", "thumb"):
        response = client.get(
            f"/public/certified/{unit.pk}/photos/{public_photo.pk}/{rendition}.jpg"
        )
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert_no_metadata(b"".join(response.streaming_content))
    # A rendition missing from storage is a 404, not a 500.
    thumb = public_photo.photo.thumbnail
    assert thumb.name is not None
    thumb.storage.delete(thumb.name)
    missing = f"/public/certified/{unit.pk}/photos/{public_photo.pk}/thumb.jpg"
    assert client.get(missing).status_code == 404
    # The public list links to the profile.
    assert f"/public/certified/{unit.pk}/" in public_text(client.get("/public/certified/"))
    # An unapproved photo, a made-up rendition, or an approved photo under another unit: 404.
    assert (
        client.get(f"/public/certified/{unit.pk}/photos/{unapproved.pk}/image.jpg").status_code
        == 404
    )
    assert (
        client.get(f"/public/certified/{unit.pk}/photos/{public_photo.pk}/original.jpg").status_code
        == 404
    )
    assert (
        client.get(
            f"/public/certified/{unit.pk + 1}/photos/{public_photo.pk}/image.jpg"
        ).status_code
        == 404
    )


def test_withdrawn_approval_unpublishing_and_removed_photos_go_dark(
    client, alice, leader_unit, certificate, photos
):
    unit = leader_unit
    publish(client, alice, unit)
    photo = photos[0]
    services.profile_photos_set(actor=alice, unit=unit, approved={photo.pk: ""})
    public_photo = ProfilePhoto.objects.get()
    url = f"/public/certified/{unit.pk}/photos/{public_photo.pk}/image.jpg"
    client.logout()
    assert client.get(url).status_code == 200
    activity_services.photo_remove(actor=alice, photo=photo, reason="ภาพไม่ชัด")
    assert client.get(url).status_code == 404
    services.profile_photos_set(actor=alice, unit=unit, approved={})
    assert not ProfilePhoto.objects.exists()
    profile = UnitProfile.objects.get()
    services.profile_update(
        actor=alice,
        unit=unit,
        description="x",
        achievements="",
        is_published=False,
        expected_version=profile.version,
    )
    assert client.get(f"/public/certified/{unit.pk}/").status_code == 404


def test_revoked_certificate_takes_the_profile_down(
    client, alice, pat, leader_unit, certificate, photos
):
    publish(client, alice, leader_unit)
    services.profile_photos_set(actor=alice, unit=leader_unit, approved={photos[0].pk: ""})
    public_photo = ProfilePhoto.objects.get()
    client.logout()
    assert client.get(f"/public/certified/{leader_unit.pk}/").status_code == 200
    certification_services.certificate_revoke(actor=pat, certificate=certificate, reason="ทบทวนมติ")
    assert client.get(f"/public/certified/{leader_unit.pk}/").status_code == 404
    assert (
        client.get(
            f"/public/certified/{leader_unit.pk}/photos/{public_photo.pk}/image.jpg"
        ).status_code
        == 404
    )
    # Still listed publicly, as revoked, with no profile link.
    text = public_text(client.get("/public/certified/"))
    assert "ถูกเพิกถอน" in text and f"/public/certified/{leader_unit.pk}/" not in text
    # A replacement certificate brings it back.
    certification_services.issue_certificate(actor=pat, unit=leader_unit)
    assert client.get(f"/public/certified/{leader_unit.pk}/").status_code == 200


def test_only_certified_units_have_profiles(client, alice, pat, year, leader_unit, certificate):
    pending = make_unit(year, alice, "กลุ่มรอผล", status=Status.RECOMMENDED)
    client.force_login(alice)
    assert client.get(f"/register/units/{pending.pk}/profile/").status_code == 404
    with pytest.raises(DomainError, match="ผ่านการรับรองมาตรฐานแล้ว"):
        services.profile_update(
            actor=alice,
            unit=pending,
            description="x",
            achievements="",
            is_published=True,
            expected_version=None,
        )
    # Published while certified, then the decision is reopened: public 404, staff page read-only.
    publish(client, alice, leader_unit)
    with transaction.atomic():
        from registration import services as registration_services

        registration_services.unit_status_move(
            actor=pat,
            unit=Unit.objects.get(pk=leader_unit.pk),
            to_status=Status.RECOMMENDED,
            reason="ทบทวนมติ",
        )
    client.logout()
    assert client.get(f"/public/certified/{leader_unit.pk}/").status_code == 404
    assert "สมชาย" not in public_text(client.get("/public/certified/"))
    client.force_login(alice)
    response = client.get(f"/register/units/{leader_unit.pk}/profile/")
    assert response.status_code == 200 and not response.context["can_edit"]
    assert client.get(f"/public/certified/{pending.pk}/").status_code == 404


def test_profile_input_errors_are_thai_and_change_nothing(
    client, alice, pat, leader_unit, certificate, photos
):
    unit = leader_unit
    response = publish(client, alice, unit, description="", achievements="")
    assert response.status_code == 400
    assert "กรุณากรอกข้อมูลโดยสังเขปหรือผลงานก่อนเผยแพร่" in public_text(response)
    assert not UnitProfile.objects.exists()
    response = publish(client, alice, unit, description="ก" * 5001)
    assert response.status_code == 400 and "ข้อความยาวเกิน 5000 ตัวอักษร" in public_text(response)
    # Personal numbers typed into public text by mistake are refused (PDPA).
    for field, value, message in (
        ("description", "ติดต่อ 3-1006-00445-63-5", "ต้องไม่มีเลขประจำตัวประชาชน"),
        ("description", "เลข ๓๑๐๐๖๐๐๔๔๕๖๓๕", "ต้องไม่มีเลขประจำตัวประชาชน"),
        ("achievements", "โทร 081-234-5678", "ต้องไม่มีหมายเลขโทรศัพท์มือถือ"),
    ):
        response = publish(client, alice, unit, **{field: value})
        assert response.status_code == 400 and message in public_text(response), value
    # Numbers that are neither are fine in the text (counts, years, amounts).
    assert (
        publish(
            client, alice, unit, achievements="เงินออม 1,250,000 บาท ปี 2570", is_published=""
        ).status_code
        == 302
    )
    UnitProfile.objects.all().delete()  # start the version checks below from a new profile
    publish(client, alice, unit)
    publish(client, alice, unit, version=1, achievements="ตั้งกลุ่มออมทรัพย์ได้ 4 กลุ่ม")
    # A form opened (at version 1) before someone else saved (version 2).
    response = publish(client, alice, unit, version=1, description="ฉบับเก่า")
    assert response.status_code == 400 and "มีผู้อื่นแก้ไข" in public_text(response)
    assert UnitProfile.objects.get().description == "ผู้นำชุมชนต้นแบบด้านการออม"
    # Photos: ids that are not numbers, or not this unit's photos.
    url = f"/register/units/{unit.pk}/profile/photos/"
    response = client.post(url, {"photo": ["abc"]}, follow=True)
    assert "เลือกภาพไม่ถูกต้อง" in public_text(response)
    response = client.post(url, {"photo": [999999]}, follow=True)
    assert "เลือกได้เฉพาะภาพกิจกรรมของหน่วยนับนี้" in public_text(response)
    response = client.post(
        url, {"photo": [photos[0].pk], f"caption-{photos[0].pk}": "ก" * 301}, follow=True
    )
    assert "ข้อความยาวเกิน 300 ตัวอักษร" in public_text(response)
    assert not ProfilePhoto.objects.exists()
    # The province reads the profile but does not write it.
    client.force_login(pat)
    assert client.get(f"/register/units/{unit.pk}/profile/").status_code == 200
    response = client.post(
        f"/register/units/{unit.pk}/profile/", {"description": "จังหวัดแก้"}, follow=True
    )
    assert "แก้ไขไม่ได้" in public_text(response)
    assert UnitProfile.objects.get().description == "ผู้นำชุมชนต้นแบบด้านการออม"


# --- the outstanding unit of each district -------------------------------------------------


def test_district_officer_selects_and_changes_with_audit(client, alice, year, leader_unit):
    second = make_unit(year, alice, "กลุ่มออมทรัพย์ดีเด่น")
    client.force_login(alice)
    url = f"/register/outstanding/{year.pk}/"
    assert "ยังไม่ได้คัดเลือก" in public_text(client.get(url))
    response = client.post(
        f"{url}select/", {"unit": leader_unit.pk, "reason": "เป็นแบบอย่างด้านการออม"}
    )
    assert response.status_code == 302
    selection = OutstandingSelection.objects.get()
    assert selection.unit == leader_unit and selection.district_id == "5101"
    response = client.post(f"{url}select/", {"unit": second.pk, "reason": "กลุ่มเข้มแข็งกว่า"})
    assert response.status_code == 302
    assert OutstandingSelection.objects.count() == 1
    selection.refresh_from_db()
    assert selection.unit == second
    entries = list(AuditEntry.objects.filter(action="certified.outstanding_select").order_by("id"))
    assert len(entries) == 2
    assert entries[1].changes["unit"] == [leader_unit.pk, second.pk]
    assert entries[1].note == "กลุ่มเข้มแข็งกว่า" and entries[1].district_id == "5101"
    text = public_text(client.get(url))
    assert "กลุ่มออมทรัพย์ดีเด่น" in text and "ประวัติการคัดเลือก" in text


def test_one_selection_per_district_year_is_a_database_constraint(alice, year, leader_unit):
    second = make_unit(year, alice, "กลุ่มที่สอง")
    OutstandingSelection.objects.create(
        programme_year=year,
        district_id="5101",
        unit=leader_unit,
        reason="ก",
        selected_by=alice,
        selected_at=dt.datetime(2027, 8, 1, tzinfo=dt.UTC),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        OutstandingSelection.objects.create(
            programme_year=year,
            district_id="5101",
            unit=second,
            reason="ข",
            selected_by=alice,
            selected_at=dt.datetime(2027, 8, 2, tzinfo=dt.UTC),
        )


def test_selection_errors_are_thai(client, alice, dave, year, last_year, leader_unit):
    pending = make_unit(year, alice, "กลุ่มรอผล", status=Status.RECOMMENDED)
    old = make_unit(last_year, alice, "กลุ่มปีก่อน")
    url = f"/register/outstanding/{year.pk}/select/"
    client.force_login(alice)
    for data, message in (
        ({"unit": pending.pk, "reason": "ดี"}, "เลือกได้เฉพาะหน่วยนับที่ผ่านการรับรองมาตรฐานของอำเภอในปีนี้"),
        ({"unit": old.pk, "reason": "ดี"}, "เลือกได้เฉพาะหน่วยนับที่ผ่านการรับรองมาตรฐานของอำเภอในปีนี้"),
        ({"unit": leader_unit.pk, "reason": "  "}, "กรุณาระบุเหตุผลที่คัดเลือก"),
        ({"unit": "", "reason": "ดี"}, "กรุณาเลือกหน่วยนับ"),
        ({"unit": "x1", "reason": "ดี"}, "เลือกได้เฉพาะหน่วยนับ"),
        ({"unit": leader_unit.pk, "reason": "ก" * 2001}, "ข้อความยาวเกิน 2000 ตัวอักษร"),
    ):
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert message in public_text(response), data
    with pytest.raises(DomainError, match="ผ่านการรับรองมาตรฐานแล้ว"):
        services.outstanding_select(actor=alice, year=year, unit=pending, reason="ดี")
    with pytest.raises(DomainError, match="ไม่อยู่ในปีดำเนินงานนี้"):
        services.outstanding_select(actor=alice, year=year, unit=old, reason="ดี")
    # The developer reads the district's choice; the officer makes it.
    client.force_login(dave)
    response = client.post(url, {"unit": leader_unit.pk, "reason": "ดี"}, follow=True)
    assert "เฉพาะพัฒนาการอำเภอ" in public_text(response)
    with pytest.raises(DomainError, match="เฉพาะพัฒนาการอำเภอ"):
        services.outstanding_select(actor=dave, year=year, unit=leader_unit, reason="ดี")
    assert not OutstandingSelection.objects.exists()


def test_a_unit_whose_certificate_was_revoked_cannot_be_outstanding(
    client, alice, pat, year, leader_unit, certificate
):
    not_issued = make_unit(year, alice, "กลุ่มรอประกาศนียบัตร")
    reissued = make_unit(year, alice, "กลุ่มออกใหม่แล้ว")
    old, _created = certification_services.issue_certificate(actor=pat, unit=reissued)
    certification_services.certificate_revoke(actor=pat, certificate=old, reason="ชื่อผิด")
    certification_services.issue_certificate(actor=pat, unit=reissued)
    certification_services.certificate_revoke(
        actor=pat, certificate=certificate, reason="ข้อมูลผลงานไม่ถูกต้อง"
    )
    assert Unit.objects.get(pk=leader_unit.pk).status == Status.CERTIFIED  # still certified
    with pytest.raises(DomainError, match="ประกาศนียบัตรของหน่วยนับนี้ถูกเพิกถอนแล้ว") as error:
        services.outstanding_select(actor=alice, year=year, unit=leader_unit, reason="ดี")
    assert error.value.field == "unit"
    # Not offered on the page; the one not issued yet and the one issued again are.
    client.force_login(alice)
    form = client.get(f"/register/outstanding/{year.pk}/").context["form"]
    offered = {value for value, _label in form.fields["unit"].choices if value}
    assert offered == {not_issued.pk, reissued.pk}
    response = client.post(
        f"/register/outstanding/{year.pk}/select/", {"unit": leader_unit.pk, "reason": "ดี"}
    )
    assert response.status_code == 400
    assert not OutstandingSelection.objects.exists()
    services.outstanding_select(actor=alice, year=year, unit=reissued, reason="ดี")
    assert OutstandingSelection.objects.get().unit == reissued


def test_province_list_print_and_excel(client, alice, pat, year, leader_unit):
    services.outstanding_select(
        actor=alice, year=year, unit=leader_unit, reason="เป็นแบบอย่างด้านการออม"
    )
    make_unit(year, alice, "กลุ่มแม่ทา", district="5102")
    client.force_login(pat)
    response = client.get(f"/register/outstanding/{year.pk}/")
    rows = response.context["rows"]
    assert len(rows) == 8  # every district of ลำพูน, chosen or not
    assert response.context["chosen"] == 1
    text = public_text(response)
    assert leader_unit.name in text and "อำเภอแม่ทา" in text and "ยังไม่ได้คัดเลือก" in text
    response = client.get(f"/register/outstanding/{year.pk}/print/")
    assert response.status_code == 200
    assert "คัดเลือกแล้ว 1 จาก 8 อำเภอ" in public_text(response)
    assert "certified/certified.css" in public_text(response)

    response = client.get(f"/register/outstanding/{year.pk}/outstanding.xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = first_sheet(load_workbook(io.BytesIO(response.content)))
    rows = list(sheet.iter_rows(values_only=True))
    assert "ปีงบประมาณ 2570 จังหวัดลำพูน" in rows[1][0]
    body = rows[4:]
    assert len(body) == 8
    chosen = next(row for row in body if row[1] == "อำเภอเมืองลำพูน")
    assert chosen[2] == leader_unit.name and chosen[5] == "เป็นแบบอย่างด้านการออม"
    maetha = next(row for row in body if row[1] == "อำเภอแม่ทา")
    assert maetha[2] is None and maetha[8] == "ยังไม่ได้คัดเลือก"
    entry = AuditEntry.objects.get(action="export.outstanding")
    assert entry.actor == pat and entry.changes["chosen"] == 1
    # A selection whose unit was decertified since is flagged.
    Unit.objects.filter(pk=leader_unit.pk).update(status=Status.RECOMMENDED)
    assert "ต้องคัดเลือกใหม่" in public_text(client.get(f"/register/outstanding/{year.pk}/"))


# --- scope ---------------------------------------------------------------------------------


def staff_urls(unit, year):
    return {
        "certified:profile": ("get", f"/register/units/{unit.pk}/profile/"),
        "certified:profile_post": ("post", f"/register/units/{unit.pk}/profile/"),
        "certified:profile_photos": ("post", f"/register/units/{unit.pk}/profile/photos/"),
        "certified:outstanding_select": ("post", f"/register/outstanding/{year.pk}/select/"),
        "certified:outstanding_print": ("get", f"/register/outstanding/{year.pk}/print/"),
        "certified:outstanding_xlsx": ("get", f"/register/outstanding/{year.pk}/outstanding.xlsx"),
        "certified:outstanding": ("get", f"/register/outstanding/{year.pk}/"),
    }


# Lists that carry no other district's id: they are filtered by scope (tested above).
LIST_PAGES = {"certified:register", "certified:register_xlsx", "certified:outstanding_latest"}


def test_every_staff_url_is_in_the_scope_matrix(leader_unit, year):
    declared = {
        f"certified:{name}"
        for name in get_resolver().namespace_dict["certified"][1].reverse_dict
        if isinstance(name, str)
    }
    assert declared <= set(staff_urls(leader_unit, year)) | LIST_PAGES


@pytest.mark.parametrize("outsider", ["charlie", "olivia"])
def test_outsiders_get_404_and_change_nothing(
    client, request, alice, year, leader_unit, certificate, photos, outsider
):
    publish(client, alice, leader_unit)
    services.outstanding_select(actor=alice, year=year, unit=leader_unit, reason="ดี")
    user = request.getfixturevalue(outsider)
    client.force_login(user)
    before = AuditEntry.objects.count()
    for name, (method, url) in staff_urls(leader_unit, year).items():
        if outsider == "charlie" and name == "certified:outstanding":
            continue  # his own district's page of the same province's year (below)
        data = (
            {
                "description": "แก้",
                "is_published": "",
                "photo": [photos[0].pk],
                "unit": leader_unit.pk,
                "reason": "ยึด",
            }
            if method == "post"
            else {}
        )
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (outsider, name)
    if outsider == "charlie":
        response = client.get(f"/register/outstanding/{year.pk}/")
        assert response.context["row"].district.pk == "5102"
        assert leader_unit.name not in public_text(response)
    # Lists never show another district's or province's units.
    assert leader_unit.name not in public_text(client.get("/register/"))
    assert UnitProfile.objects.get().description == "ผู้นำชุมชนต้นแบบด้านการออม"
    assert not ProfilePhoto.objects.exists()
    assert OutstandingSelection.objects.get().reason == "ดี"
    assert AuditEntry.objects.count() == before


def test_district_staff_have_no_province_list(client, alice, dave, year):
    for user in (alice, dave):
        client.force_login(user)
        assert client.get(f"/register/outstanding/{year.pk}/print/").status_code == 404
        assert client.get(f"/register/outstanding/{year.pk}/outstanding.xlsx").status_code == 404


def test_anonymous_and_committee_users_do_not_reach_staff_pages(client, year, leader_unit):
    urls = [url for _, url in staff_urls(leader_unit, year).values()] + [
        "/register/",
        "/register/register.xlsx",
        "/register/outstanding/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    member = make_user("member", Role.COMMITTEE, province="51")
    client.force_login(member)
    for url in ["/register/", "/register/register.xlsx", f"/register/outstanding/{year.pk}/"]:
        assert client.get(url).status_code == 404, url


def test_outstanding_latest_opens_the_newest_year(client, alice, year, last_year, olivia):
    client.force_login(alice)
    response = client.get("/register/outstanding/")
    assert response.status_code == 302 and response["Location"].endswith(f"/outstanding/{year.pk}/")
    client.force_login(olivia)
    response = client.get("/register/outstanding/", follow=True)
    assert response.status_code == 200 and "ยังไม่ได้เปิดปีดำเนินงาน" in public_text(response)


def test_unit_page_links_to_the_profile_only_once_certified(client, alice, year, leader_unit):
    pending = make_unit(year, alice, "กลุ่มรอผล", status=Status.RECOMMENDED)
    client.force_login(alice)
    page = client.get(f"/units/{leader_unit.pk}/").content.decode()
    assert f'href="/register/units/{leader_unit.pk}/profile/" data-profile-link' in page
    assert "data-profile-link" not in client.get(f"/units/{pending.pk}/").content.decode()


def test_two_first_saves_of_a_profile_do_not_overwrite_each_other(
    client, alice, leader_unit, certificate
):
    """Both officers opened the form before any profile existed (version 0): the second save
    is refused, not silently written over the first."""
    assert publish(client, alice, leader_unit, description="ฉบับของคนแรก").status_code == 302
    response = publish(client, alice, leader_unit, description="ฉบับของคนที่สอง")
    assert response.status_code == 400
    assert "มีผู้อื่นแก้ไขข้อมูลเผยแพร่นี้" in response.content.decode()
    assert UnitProfile.objects.get(unit=leader_unit).description == "ฉบับของคนแรก"
