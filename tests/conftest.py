"""Shared fixtures: the real geography, one province-year, and named personas.

alice   district officer of เมืองลำพูน (in scope)
dave    พัฒนากร of เมืองลำพูน
pat     provincial officer of ลำพูน
charlie district officer of แม่ทา, another district of the same province (out of scope)
olivia  provincial officer of เชียงใหม่, another province (out of scope)
"""

import datetime as dt
import io

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation
from PIL import Image

from accounts.models import Role, User
from geography.models import Province, Subdistrict, Village
from programme.services import programme_year_create

PASSWORD = "test-password-123"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_geography", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def geography_after_flush(request):
    """Transactional tests end with a flush that empties every table, geography included;
    the next transactional test loads it again before its personas are created."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    if not Province.objects.exists():
        call_command("load_geography", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def private_media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Hashing cost is not what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def thai_after_each_test():
    """A request in English leaves English active in the thread (LocaleMiddleware activates,
    nothing deactivates); the next test starts in the site's language again."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


def make_user(username, role, *, district=None, province=None, **extra):
    if district is not None:
        province = district[:2]
    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        district_id=district,
        province_id=province,
        first_name=extra.pop("first_name", username.title()),
        last_name=extra.pop("last_name", "ทดสอบ"),
        **extra,
    )


@pytest.fixture
def alice(db):
    return make_user("alice", Role.DISTRICT, district="5101", position_title="พัฒนาการอำเภอเมืองลำพูน")


@pytest.fixture
def dave(db):
    return make_user("dave", Role.DEVELOPER, district="5101")


@pytest.fixture
def pat(db):
    return make_user("pat", Role.PROVINCE, province="51")


@pytest.fixture
def charlie(db):
    return make_user("charlie", Role.DISTRICT, district="5102")


@pytest.fixture
def olivia(db):
    return make_user("olivia", Role.PROVINCE, province="50")


@pytest.fixture
def admin_user(db):
    return make_user("admin", Role.ADMIN)


@pytest.fixture
def year(pat):
    """ลำพูน's programme year 2570, its certificate signer set (no certificate PDF without one)."""
    from certification.models import CertificateSettings

    year = programme_year_create(
        actor=pat, province=Province.objects.get(pk="51"), fiscal_year=2570
    )
    CertificateSettings.objects.create(
        programme_year=year,
        signer_name="นายวรพจน์ แววสิงห์งาม",
        signer_position="ผู้ว่าราชการจังหวัดลำพูน",
    )
    return year


@pytest.fixture
def village(db):
    return Village.objects.create(
        subdistrict=Subdistrict.objects.get(pk="510102"), number=3, name="ท่าขาม"
    )


def leader_data(home, **overrides):
    data = {
        "person_title": "นาย",
        "first_name": "สมชาย",
        "last_name": "ใจงาม",
        "national_id": "3100600445635",
        "birth_date": dt.date(1968, 5, 12),
        "house_number": "45",
        "subdistrict": home.subdistrict,
        "village": home,
        "domicile_years": 30,
        "position_kind": "FORMAL",
        "position_title": "ผู้ใหญ่บ้าน",
        "community_work": "ประธานอาสาพัฒนาชุมชน",
        "community_accepted": True,
        "privacy_notice": True,
    }
    data.update(overrides)
    return data


def group_data(home, **overrides):
    data = {
        "name": "กลุ่มออมทรัพย์เพื่อการผลิตบ้านท่าขาม",
        "subdistrict": home.subdistrict,
        "village": home,
        "category": "SAVINGS",
        "founded_on": dt.date(2000, 1, 1),
        "member_count": 120,
        "resolution_date": dt.date(2026, 10, 15),
        "privacy_notice": True,
    }
    data.update(overrides)
    return data


def pdf_upload(name="doc.pdf"):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def jpeg_upload(name="photo.jpg", exif: bytes | None = None):
    out = io.BytesIO()
    image = Image.new("RGB", (40, 30), (200, 10, 10))
    if exif is not None:
        image.save(out, "JPEG", exif=exif)
    else:
        image.save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def leader(alice, year, village):
    from registration import services

    return services.unit_create(
        actor=alice,
        programme_year=year,
        unit_type="LEADER",
        district_id="5101",
        data=leader_data(village),
    )


def complete_documents(unit, actor, reviewer=None):
    """Upload every required document, submit, and (with a reviewer) verify them all."""
    from registration import services
    from registration.models import REQUIRED_DOCUMENTS

    for kind, required in REQUIRED_DOCUMENTS[unit.unit_type]:
        if required:
            upload = jpeg_upload() if kind == "PHOTO" else pdf_upload()
            services.document_upload(actor=actor, unit=unit, kind=kind, upload=upload)
    services.unit_submit(actor=actor, unit=unit)
    if reviewer is not None:
        for document in unit.documents.filter(is_current=True):
            services.document_verify(actor=reviewer, document=document)
    unit.refresh_from_db()
    return unit
