"""Activities with photos (stages 3–4) and the per-stage photo dossier.

Photos keep their evidence (time, place, camera) in fields for the district only; the stored
files carry no metadata at all, whoever downloads them.
"""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver
from PIL import Image
from pypdf import PdfReader

from accounts.models import Role
from activities import services
from activities.models import Activity, ActivityPhoto, Kind
from activities.photos import process_photo
from audit.models import AuditEntry
from core.errors import DomainError
from core.once import new_form_token
from core.thai import thai_date
from development.models import Plan, PlanItem
from documents.testing import pdf_text
from frameworks.models import Component, Framework, Indicator
from geography.models import Subdistrict, Village
from registration import services as registration
from tests.conftest import complete_documents, group_data, make_user
from tests.factories import assert_no_metadata, jpeg, phone_exif

HELD_ON = dt.date(2027, 1, 15)  # in fiscal year 2570
HELD_ON_BE = "15/01/2570"
LATITUDE, LONGITUDE = "18.575139", "99.010000"
CAMERA = "Apple iPhone 13"


def compact(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def draft_group(alice, year, village):
    data = group_data(village, name="กลุ่มสตรีบ้านท่าขาม")
    return registration.unit_create(
        actor=alice, programme_year=year, unit_type="GROUP", district_id="5101", data=data
    )


@pytest.fixture
def other_district_unit(charlie, year):
    home = Village.objects.create(
        subdistrict=Subdistrict.objects.filter(district_id="5102").earliest("code"),
        number=1,
        name="ทาสบเส้า",
    )
    unit = registration.unit_create(
        actor=charlie,
        programme_year=year,
        unit_type="GROUP",
        district_id="5102",
        data=group_data(home, name="กลุ่มออมทรัพย์บ้านทาสบเส้า"),
    )
    return complete_documents(unit, charlie, reviewer=charlie)


@pytest.fixture
def erin(db):
    """A community developer of another district (แม่ทา)."""
    return make_user("erin", Role.DEVELOPER, district="5102")


@pytest.fixture
def indicator(pat, year):
    framework = Framework.objects.create(programme_year=year, unit_type="LEADER", name="เกณฑ์ผู้นำ")
    component = Component.objects.create(framework=framework, order=1, name="ภูมิรู้")
    return Indicator.objects.create(component=component, order=1, code="1.1", text="มีความรู้")


@pytest.fixture
def plan_item(accepted_leader, indicator):
    plan = Plan.objects.create(unit=accepted_leader)
    return PlanItem.objects.create(
        plan=plan,
        indicator=indicator,
        knowledge="การจัดทำแผนชุมชน",
        method="อบรม",
        starts_on=dt.date(2026, 12, 1),
        ends_on=dt.date(2027, 2, 1),
        evidence="แผนชุมชน",
        target_score=4,
    )


def activity_post(**overrides):
    data = {
        "kind": Kind.GROUP,
        "title": "อบรมเสริมสร้างการเรียนรู้ผู้นำชุมชน",
        "held_on": HELD_ON_BE,
        "place": "ห้องประชุมที่ว่าการอำเภอเมืองลำพูน",
        "partners": "สาธารณสุขอำเภอเมืองลำพูน",
        "learning": "ผู้เข้าร่วมจัดทำแผนชุมชนได้",
        "once": new_form_token(),
    }
    data.update(overrides)
    return data


def upload(client, activity, files, **data):
    data = {"photos": files, "stage": 4, "once": new_form_token(), **data}
    return client.post(f"/activities/{activity.pk}/photos/", data, follow=True)


# --- activities --------------------------------------------------------------------------


def test_group_and_individual_activities_are_recorded(
    client, alice, dave, year, accepted_leader, accepted_group, plan_item, indicator
):
    client.force_login(alice)
    response = client.post(
        f"/activities/new/{year.pk}/",
        activity_post(
            units=[accepted_leader.pk, accepted_group.pk],
            plan_items=[plan_item.pk],
            indicators=[indicator.pk],
        ),
    )
    group = Activity.objects.get(kind=Kind.GROUP)
    assert response.status_code == 302 and response["Location"] == f"/activities/{group.pk}/"
    assert group.held_on == HELD_ON and group.district_id == "5101"
    assert set(group.units.all()) == {accepted_leader, accepted_group}
    assert list(group.plan_items.all()) == [plan_item]
    assert list(group.indicators.all()) == [indicator]
    assert group.created_by == alice

    client.force_login(dave)  # a community developer of the district records too
    response = client.post(
        f"/activities/new/{year.pk}/",
        activity_post(
            kind=Kind.INDIVIDUAL, title="ติดตามให้คำแนะนำรายบุคคล", units=[accepted_leader.pk]
        ),
    )
    assert response.status_code == 302
    single = Activity.objects.get(kind=Kind.INDIVIDUAL)
    assert list(single.units.all()) == [accepted_leader] and single.created_by == dave

    created = AuditEntry.objects.filter(action="activity.create")
    assert {e.object_id for e in created} == {str(group.pk), str(single.pk)}
    assert created.get(object_id=str(single.pk)).unit_id == accepted_leader.pk

    page = client.get(f"/activities/{group.pk}/").content.decode()
    assert "15 มกราคม 2570" in page and accepted_group.name in page and "การจัดทำแผนชุมชน" in page
    listing = client.get(f"/activities/?year={year.pk}").content.decode()
    assert group.title in listing and single.title in listing


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"held_on": ""}, "กรุณากรอกวันที่จัดกิจกรรม"),
        ({"held_on": "15/01/2027"}, "กรุณากรอกปีเป็นพุทธศักราช"),
        ({"held_on": "15/01/2560"}, "วันที่จัดกิจกรรมต้องอยู่ในปีงบประมาณ 2570"),
        ({"title": ""}, "กรุณากรอกชื่อกิจกรรม"),
        ({"kind": Kind.INDIVIDUAL}, "กิจกรรมรายหน่วยต้องเลือกหน่วยนับ 1 หน่วย"),
    ],
)
def test_invalid_activity_gives_a_thai_message_and_changes_nothing(
    client, alice, year, accepted_leader, accepted_group, overrides, message
):
    client.force_login(alice)
    data = activity_post(units=[accepted_leader.pk, accepted_group.pk], **overrides)
    response = client.post(f"/activities/new/{year.pk}/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (
        not Activity.objects.exists()
        and not AuditEntry.objects.filter(action__startswith="activity").exists()
    )


def test_units_outside_the_district_or_not_accepted_are_refused(
    client, alice, year, accepted_leader, draft_group, other_district_unit, plan_item
):
    client.force_login(alice)
    for units in ([accepted_leader.pk, other_district_unit.pk], [draft_group.pk], ["x"]):
        response = client.post(f"/activities/new/{year.pk}/", activity_post(units=units))
        assert response.status_code == 200
        assert "มีหน่วยนับที่เลือกไม่ได้" in response.content.decode()
    # A plan item of a unit that is not taking part.
    response = client.post(
        f"/activities/new/{year.pk}/", activity_post(units=[], plan_items=[plan_item.pk])
    )
    assert "เลือกรายการในแผนได้เฉพาะของหน่วยนับที่ร่วมกิจกรรมนี้" in response.content.decode()
    assert not Activity.objects.exists()
    # The service refuses them too, whatever a form lets through.
    for unit in (other_district_unit, draft_group):
        with pytest.raises(DomainError, match="ไม่ใช่หน่วยนับที่ผ่านการตรวจเอกสารแล้ว"):
            services.activity_create(
                once=new_form_token(),
                actor=alice,
                programme_year=year,
                district_id="5101",
                values={"kind": Kind.GROUP, "title": "x", "held_on": HELD_ON, "place": "y"},
                links=services.Links(units=[unit]),
            )
    assert not Activity.objects.exists()


def test_edit_is_audited_and_a_stale_form_is_refused(
    client, alice, dave, activity, accepted_leader
):
    client.force_login(alice)
    form = activity_post(
        title="อบรมเสริมสร้างการเรียนรู้ (ปรับปรุง)", units=[accepted_leader.pk], version=1
    )
    response = client.post(f"/activities/{activity.pk}/edit/", form)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title.endswith("(ปรับปรุง)") and activity.version == 2
    entry = AuditEntry.objects.get(action="activity.update")
    assert entry.changes["title"] == ["อบรมเสริมสร้างการเรียนรู้", "อบรมเสริมสร้างการเรียนรู้ (ปรับปรุง)"]
    assert entry.actor == alice

    # Dave opened the form before Alice saved: his save is refused, hers stays.
    client.force_login(dave)
    response = client.post(
        f"/activities/{activity.pk}/edit/", {**form, "title": "ทับ", "version": 1}
    )
    assert "มีผู้อื่นแก้ไขกิจกรรมนี้" in response.content.decode()
    activity.refresh_from_db()
    assert activity.title.endswith("(ปรับปรุง)")


def test_editing_keeps_a_unit_that_was_withdrawn_after_the_activity(
    client, alice, activity, accepted_leader, accepted_group
):
    from registration import services as registration_services

    registration_services.unit_withdraw(actor=alice, unit=accepted_group, reason="ย้ายที่ตั้ง")
    client.force_login(alice)
    form = activity_post(
        title="แก้ชื่อเท่านั้น", units=[accepted_leader.pk, accepted_group.pk], version=1
    )
    page = client.get(f"/activities/{activity.pk}/edit/").content.decode()
    assert f'value="{accepted_group.pk}"' in page  # still offered, and still ticked
    assert client.post(f"/activities/{activity.pk}/edit/", form).status_code == 302
    activity.refresh_from_db()
    assert activity.title == "แก้ชื่อเท่านั้น"
    assert set(activity.units.all()) == {accepted_leader, accepted_group}


# --- photos ------------------------------------------------------------------------------


def test_photos_upload_together_and_carry_no_metadata(
    client, alice, pat, activity, accepted_leader
):
    client.force_login(alice)
    files = [
        jpeg("IMG_0001.JPG", exif=phone_exif(orientation=6)),
        jpeg("IMG_0002.JPG", color=(10, 200, 10)),
        jpeg("IMG_0003.JPG", color=(10, 10, 200)),
    ]
    response = upload(client, activity, files, units=[accepted_leader.pk], caption="อบรมวันแรก")
    assert "บันทึกภาพแล้ว 3 ภาพ" in response.content.decode()
    photos = list(activity.photos.order_by("id"))
    assert len(photos) == 3
    first = photos[0]
    assert str(first.gps_latitude) == LATITUDE and str(first.gps_longitude) == LONGITUDE
    assert first.camera_model == CAMERA
    assert first.taken_at == dt.datetime(2027, 1, 15, 2, 30, tzinfo=dt.UTC)  # 09:30 Bangkok
    assert (first.width, first.height) == (48, 64)  # turned upright by its EXIF orientation
    assert all(p.stage == 4 and p.caption == "อบรมวันแรก" for p in photos)
    assert list(first.units.all()) == [accepted_leader]
    for photo in photos:
        for field in (photo.image, photo.thumbnail):
            with field.open("rb") as file:
                assert_no_metadata(file.read())
    assert AuditEntry.objects.filter(action="photo.upload", district_id="5101").count() == 3

    # The district sees when, where and with what the photo was taken.
    page = client.get(f"/activities/{activity.pk}/").content.decode()
    assert LATITUDE in page and LONGITUDE in page and CAMERA in page

    # The province sees the photos, but neither the location nor the camera.
    client.force_login(pat)
    page = client.get(f"/activities/{activity.pk}/").content.decode()
    assert f"/activities/photos/{first.pk}/thumb.jpg" in page
    assert (
        LATITUDE not in page and "18.57" not in page and CAMERA not in page and "iPhone" not in page
    )
    for rendition in ("image", "thumb"):
        response = client.get(f"/activities/photos/{first.pk}/{rendition}.jpg")
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"] == "no-store"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "Content-Disposition" in response
        assert_no_metadata(b"".join(response.streaming_content))


def test_png_with_transparency_is_accepted_as_jpeg(alice, activity):
    out = io.BytesIO()
    Image.new("RGBA", (30, 20), (0, 0, 0, 0)).save(out, "PNG")
    [photo] = services.photos_upload(
        actor=alice,
        activity=activity,
        uploads=[SimpleUploadedFile("screen.png", out.getvalue())],
        stage=3,
    )
    with photo.image.open("rb") as file, Image.open(file) as image:
        assert image.format == "JPEG" and image.getpixel((0, 0)) == (255, 255, 255)


def test_a_bad_file_among_good_ones_is_named_and_the_good_one_saved(client, alice, activity):
    client.force_login(alice)
    files = [
        jpeg("good.jpg"),
        SimpleUploadedFile("notes.txt", b"not a photo", content_type="text/plain"),
        SimpleUploadedFile("fake.jpg", b"<html><script>alert(1)</script></html>"),
    ]
    page = upload(client, activity, files).content.decode()
    assert "บันทึกภาพแล้ว 1 ภาพ" in page
    assert "notes.txt" in page and "fake.jpg" in page and "ไม่ใช่ไฟล์ภาพ JPEG หรือ PNG" in page
    assert [p.original_name for p in ActivityPhoto.objects.all()] == ["good.jpg"]
    assert AuditEntry.objects.filter(action="photo.upload").count() == 1


def test_only_bad_files_save_nothing_and_are_named(client, alice, activity):
    client.force_login(alice)
    files = [
        SimpleUploadedFile("notes.txt", b"not a photo", content_type="text/plain"),
        SimpleUploadedFile("fake.jpg", b"<html><script>alert(1)</script></html>"),
    ]
    page = upload(client, activity, files).content.decode()
    assert "ยังไม่ได้บันทึกภาพใด ๆ" in page
    assert "notes.txt" in page and "fake.jpg" in page
    assert not ActivityPhoto.objects.exists()
    assert not AuditEntry.objects.filter(action="photo.upload").exists()


def test_upload_limits(client, alice, activity, settings):
    client.force_login(alice)
    many = [jpeg(f"{i}.jpg", color=(i, i, i)) for i in range(services.MAX_PHOTOS_PER_UPLOAD + 1)]
    page = upload(client, activity, many).content.decode()
    assert f"ส่งได้ครั้งละไม่เกิน {services.MAX_PHOTOS_PER_UPLOAD} ภาพ" in page
    settings.UPLOAD_MAX_BYTES = 200
    page = upload(client, activity, [jpeg("big.jpg", size=(400, 400))]).content.decode()
    assert "big.jpg" in page and "ไฟล์มีขนาดใหญ่เกินกำหนด" in page
    page = upload(client, activity, []).content.decode()
    assert "กรุณาเลือกไฟล์ภาพอย่างน้อย 1 ไฟล์" in page
    # The same photo twice in one activity.
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    upload(client, activity, [jpeg("a.jpg")])
    page = upload(client, activity, [jpeg("again.jpg")]).content.decode()
    assert "again.jpg: ภาพนี้มีอยู่ในกิจกรรมนี้แล้ว" in page
    assert ActivityPhoto.objects.count() == 1


def test_photo_tags_must_be_units_of_the_activity(client, alice, activity, draft_group):
    client.force_login(alice)
    page = upload(client, activity, [jpeg()], units=[draft_group.pk]).content.decode()
    assert "หน่วยนับในภาพต้องเป็นหน่วยนับที่ร่วมกิจกรรมนี้" in page
    page = upload(client, activity, [jpeg()], stage=9).content.decode()
    assert not ActivityPhoto.objects.exists()


def test_photo_edit_and_soft_removal_are_audited(client, alice, pat, activity, accepted_group):
    [photo, other] = services.photos_upload(
        actor=alice,
        activity=activity,
        uploads=[jpeg("a.jpg"), jpeg("b.jpg", color=(1, 2, 3))],
        stage=4,
    )
    client.force_login(alice)
    client.post(
        f"/activities/photos/{photo.pk}/edit/",
        {"stage": 3, "units": [accepted_group.pk], "caption": "ฝึกปฏิบัติ", "expected_version": 1},
    )
    photo.refresh_from_db()
    assert (photo.stage, photo.caption, list(photo.units.all())) == (3, "ฝึกปฏิบัติ", [accepted_group])
    assert AuditEntry.objects.get(action="photo.update").changes["stage"] == [4, 3]

    response = client.post(f"/activities/photos/{photo.pk}/remove/", {"reason": "ภาพซ้ำ"})
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.removed_at is not None and photo.removed_by == alice
    assert ActivityPhoto.objects.filter(pk=photo.pk).exists()  # the row is kept
    entry = AuditEntry.objects.get(action="photo.remove")
    assert entry.object_id == str(photo.pk) and entry.note == "ภาพซ้ำ"
    page = client.get(f"/activities/{activity.pk}/").content.decode()
    assert (
        f"/activities/photos/{photo.pk}/" not in page and f"/activities/photos/{other.pk}/" in page
    )
    assert client.get(f"/activities/photos/{photo.pk}/image.jpg").status_code == 404


def test_unit_page_lists_its_activities(client, alice, activity, accepted_leader):
    client.force_login(alice)
    page = client.get(f"/units/{accepted_leader.pk}/").content.decode()
    assert activity.title in page and f"/activities/{activity.pk}/" in page


def test_activity_list_queries_do_not_grow(client, alice, year, accepted_leader):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n):
        activity = services.activity_create(
            once=new_form_token(),
            actor=alice,
            programme_year=year,
            district_id="5101",
            values={
                "kind": Kind.INDIVIDUAL,
                "title": f"เยี่ยม {n}",
                "held_on": HELD_ON,
                "place": "บ้าน",
            },
            links=services.Links(units=[accepted_leader]),
        )
        services.photos_upload(
            actor=alice, activity=activity, uploads=[jpeg(color=(n, 0, 0))], stage=4
        )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/activities/?year={year.pk}").status_code == 200
        return len(captured)

    client.force_login(alice)
    add(0)
    few = queries()
    for n in range(1, 12):
        add(n)
    assert queries() == few
    page = client.get(f"/activities/?year={year.pk}").content.decode()
    assert "เยี่ยม 11" in page and "เยี่ยม 0" in page


# --- photo processing --------------------------------------------------------------------


def test_broken_or_odd_exif_does_not_refuse_the_photo():
    exif = Image.Exif()
    exif[0x0110] = "X"
    exif.get_ifd(0x8769)[0x9003] = "0000:00:00 00:00:00"
    exif.get_ifd(0x8825)[2] = (95.0, 0.0, 0.0)  # impossible latitude, no longitude
    result = process_photo(jpeg(exif=exif.tobytes()))
    assert result.taken_at is None and result.latitude is None and result.camera_model == "X"


# --- dossier -----------------------------------------------------------------------------


@pytest.fixture
def photographed(alice, activity, accepted_leader):
    services.photos_upload(
        actor=alice,
        activity=activity,
        uploads=[jpeg("a.jpg", exif=phone_exif()), jpeg("b.jpg", color=(0, 90, 0))],
        stage=4,
        units=[accepted_leader],
        caption="ผู้นำชุมชนฝึกจัดทำแผน",
    )
    services.photos_upload(
        actor=alice, activity=activity, uploads=[jpeg("c.jpg", color=(0, 0, 90))], stage=1
    )
    return activity


def pdf_images(pdf: bytes) -> list[bytes]:
    return [image.data for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images]


def test_district_dossier_pdf(client, alice, photographed):
    client.force_login(alice)
    year = photographed.programme_year_id
    response = client.get(f"/activities/dossier/{year}/5101.pdf?stage=4")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    text = compact(pdf_text(response.content))
    assert "แฟ้มภาพกิจกรรม" in text
    assert "อำเภอเมืองลำพูน" in text
    assert compact(photographed.title) in text
    assert "การเรียนรู้และพัฒนาตนเอง" in text and "ตอนที่๔" in text  # the stage heading
    assert compact(thai_date(HELD_ON, thai_numerals=True)) in text  # ๑๕มกราคม๒๕๗๐
    assert "ผู้นำชุมชนฝึกจัดทำแผน" in text
    assert "การเตรียมการ" not in text  # stage 1 only when asked for
    images = pdf_images(response.content)
    assert len(images) == 2
    for image in images:
        assert b"Exif" not in image and b"iPhone" not in image
    entry = AuditEntry.objects.get(action="export.photo_dossier")
    assert entry.actor == alice and entry.district_id == "5101"
    assert entry.changes["stage"] == 4 and entry.changes["photos"] == 2

    every_stage = client.get(f"/activities/dossier/{year}/5101.pdf")
    assert len(pdf_images(every_stage.content)) == 3
    text = compact(pdf_text(every_stage.content))
    assert "ตอนที่๑" in text and "ตอนที่๕" in text and "-ไม่มีภาพกิจกรรม-" in text
    assert client.get(f"/activities/dossier/{year}/5101.pdf?stage=7").status_code == 404


def test_province_dossier_groups_by_district(client, pat, alice, photographed):
    client.force_login(pat)
    year = photographed.programme_year_id
    response = client.get(f"/activities/dossier/{year}/province.pdf?stage=4")
    assert response.status_code == 200
    text = compact(pdf_text(response.content))
    assert "จังหวัดลำพูน" in text and "อำเภอเมืองลำพูน" in text and compact(photographed.title) in text
    assert len(pdf_images(response.content)) == 2
    # A district officer has no province-wide dossier.
    client.force_login(alice)
    assert client.get(f"/activities/dossier/{year}/province.pdf").status_code == 404


def test_dossier_leaves_out_removed_photos(alice, photographed):
    from activities.exports import photo_dossier

    photo = photographed.photos.filter(stage=4).first()
    services.photo_remove(actor=alice, photo=photo)
    pdf, _, count = photo_dossier(
        user=alice, year=photographed.programme_year, district=photographed.district, stage=4
    )
    assert count == 1 and len(pdf_images(pdf)) == 1


# --- scope -------------------------------------------------------------------------------


def activity_urls(activity, photo, unit):
    year = activity.programme_year_id
    return {
        "activities:list": ("get", f"/activities/?year={year}&district=5101"),
        "activities:list_unit": ("get", f"/activities/?year={year}&unit={unit.pk}"),
        "activities:detail": ("get", f"/activities/{activity.pk}/"),
        "activities:edit": ("post", f"/activities/{activity.pk}/edit/"),
        "activities:photo_upload": ("post", f"/activities/{activity.pk}/photos/"),
        "activities:photo_edit": ("post", f"/activities/photos/{photo.pk}/edit/"),
        "activities:photo_remove": ("post", f"/activities/photos/{photo.pk}/remove/"),
        "activities:photo_file": ("get", f"/activities/photos/{photo.pk}/image.jpg"),
        "activities:photo_thumb": ("get", f"/activities/photos/{photo.pk}/thumb.jpg"),
        "activities:dossier": ("get", f"/activities/dossier/{year}/5101.pdf"),
        "activities:dossier_province": ("get", f"/activities/dossier/{year}/province.pdf"),
    }


def test_every_activities_url_is_in_the_scope_matrix(photographed, accepted_leader):
    names = {
        f"activities:{name}"
        for name in get_resolver().namespace_dict["activities"][1].reverse_dict
        if isinstance(name, str)
    }
    photo = photographed.photos.first()
    # "create" carries no other district's id: it records for the user's own district.
    assert names - {"activities:create"} <= set(activity_urls(photographed, photo, accepted_leader))


@pytest.mark.parametrize("outsider", ["charlie", "olivia", "erin"])
def test_outsiders_get_404_everywhere_and_change_nothing(
    client, request, photographed, accepted_leader, outsider
):
    user = request.getfixturevalue(outsider)
    photo = photographed.photos.get(stage=4, caption="ผู้นำชุมชนฝึกจัดทำแผน", original_name="a.jpg")
    client.force_login(user)
    before = AuditEntry.objects.count()
    for name, (method, url) in activity_urls(photographed, photo, accepted_leader).items():
        data = (
            {"stage": 1, "caption": "x", "reason": "x", **activity_post(version=1)}
            if method == "post"
            else {}
        )
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (outsider, name)
    if outsider == "olivia":  # another province's year
        year = photographed.programme_year_id
        assert client.get(f"/activities/new/{year}/").status_code == 404
        assert client.get(f"/activities/?year={year}").status_code == 404
    photographed.refresh_from_db()
    photo.refresh_from_db()
    assert photographed.version == 1 and photo.stage == 4 and photo.removed_at is None
    assert ActivityPhoto.objects.count() == 3
    assert AuditEntry.objects.count() == before


def test_anonymous_users_are_sent_to_login(client, photographed):
    photo = photographed.photos.first()
    for _name, (_method, url) in activity_urls(
        photographed, photo, photographed.units.first()
    ).items():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_province_reads_but_cannot_write(client, pat, photographed, accepted_leader):
    client.force_login(pat)
    year = photographed.programme_year_id
    photo = photographed.photos.get(original_name="a.jpg")
    page = client.get(f"/activities/?year={year}&district=5101").content.decode()
    assert photographed.title in page and "บันทึกกิจกรรม</a>" not in page
    assert client.get(f"/activities/{photographed.pk}/").status_code == 200
    assert client.get(f"/activities/photos/{photo.pk}/image.jpg").status_code == 200

    before = AuditEntry.objects.count()
    response = client.post(f"/activities/new/{year}/", activity_post(units=[accepted_leader.pk]))
    assert response.status_code == 302
    client.post(f"/activities/{photographed.pk}/edit/", activity_post(title="จังหวัดแก้", version=1))
    upload(client, photographed, [jpeg("p.jpg", color=(5, 5, 5))])
    client.post(f"/activities/photos/{photo.pk}/edit/", {"stage": 2, "caption": "จังหวัดแก้"})
    client.post(f"/activities/photos/{photo.pk}/remove/", {"reason": "x"})
    photographed.refresh_from_db()
    photo.refresh_from_db()
    assert Activity.objects.count() == 1 and photographed.title != "จังหวัดแก้"
    assert ActivityPhoto.objects.count() == 3 and photo.stage == 4 and photo.removed_at is None
    assert AuditEntry.objects.count() == before
    with pytest.raises(DomainError):
        services.photo_remove(actor=pat, photo=photo)


def test_render_passes_images_through_a_private_folder_it_removes(tmp_path, monkeypatch):
    import tempfile

    from documents import render
    from documents.photo_dossier import (
        DossierActivity,
        DossierPhoto,
        DossierStage,
        PhotoDossier,
        photo_dossier_pdf,
    )

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    big = io.BytesIO()
    Image.new("RGB", (1600, 1200), (30, 90, 150)).save(big, "JPEG")
    data = PhotoDossier(
        province="ลำพูน",
        district="เมืองลำพูน",
        fiscal_year=2570,
        issued_on=HELD_ON,
        office="สำนักงานพัฒนาชุมชนอำเภอเมืองลำพูน",
        stages=[
            DossierStage(
                4,
                "ขั้นการเรียนรู้และพัฒนาตนเอง",
                [
                    DossierActivity(
                        title="อบรม",
                        held_on=HELD_ON,
                        place="อำเภอ",
                        kind="กิจกรรมกลุ่ม",
                        district="อำเภอเมืองลำพูน",
                        photos=[DossierPhoto(big.getvalue(), "ภาพ")],
                    )
                ],
            )
        ],
    )
    pdf = photo_dossier_pdf(data)
    [image] = pdf_images(pdf)
    with Image.open(io.BytesIO(image)) as shown:
        assert max(shown.size) == 800  # scaled to print size, not the 1600 px rendition
    assert list(tmp_path.iterdir()) == []  # the temporary root is gone
    with pytest.raises(render.RenderError):
        render.render_pdf("photo_dossier", {}, images={"../escape.jpg": big.getvalue()})


def test_a_unit_taken_off_an_activity_is_untagged_from_its_photos(
    alice, activity, accepted_leader, accepted_group
):
    [photo] = services.photos_upload(
        actor=alice, activity=activity, uploads=[jpeg()], stage=4, units=[accepted_group]
    )
    services.activity_update(
        actor=alice,
        activity=activity,
        values={"kind": Kind.GROUP, "title": activity.title, "held_on": HELD_ON, "place": "ศาลา"},
        links=services.Links(units=[accepted_leader]),
        expected_version=1,
    )
    assert list(photo.units.all()) == []
    entry = AuditEntry.objects.get(action="activity.update")
    assert entry.changes["photo_tags_removed"] == 1
    assert entry.changes["units"] == [[accepted_leader.pk, accepted_group.pk], [accepted_leader.pk]]


def test_activities_menu_before_any_programme_year_explains_instead_of_404(client, olivia):
    from programme.models import ProgrammeYear

    assert not ProgrammeYear.objects.filter(province_id=olivia.province_id).exists()
    client.force_login(olivia)
    response = client.get("/activities/", follow=True)
    assert response.status_code == 200
    assert "ยังไม่ได้เปิดปีดำเนินงาน" in response.content.decode()
