"""Shared fixtures: the real geography, one province-year, and named personas.

alice   district officer of เมืองลำพูน (in scope)
dave    พัฒนากร of เมืองลำพูน
pat     provincial officer of ลำพูน
charlie district officer of แม่ทา, another district of the same province (out of scope)
olivia  provincial officer of เชียงใหม่, another province (out of scope)
"""

import datetime as dt
import io
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone, translation
from PIL import Image

from accounts.models import Role, User
from activities import services as activity_services
from activities.models import Kind as ActivityKind
from assessment import services as assessment_services
from assessment.models import RoundLevel
from committees import services as committee_services
from committees.models import Committee, Kind, MemberRole
from core.once import new_form_token
from development import services as development_services
from development.models import Phase
from frameworks import services as framework_services
from frameworks.models import Component, Framework, Indicator, Level
from geography.models import Province, Subdistrict, Village
from programme.services import programme_year_create
from registration import services as registration_services
from registration.models import Status
from tests.factories import ARGS, CHROMIUM, account, certify, indicators, level

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


def new_unit(actor, year, unit_type, data, *, district="5101", **extra):
    """A unit registered through the service, as the register's form does (`extra`: its other
    arguments, e.g. team=)."""
    return registration_services.unit_create(
        actor=actor,
        programme_year=year,
        unit_type=unit_type,
        district_id=district,
        data=data,
        **extra,
    )


@pytest.fixture
def leader(alice, year, village):
    return new_unit(alice, year, "LEADER", leader_data(village))


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


# --- development: frameworks and self-assessment ------------------------------------------


def make_framework(components, *, text="ตัวบ่งชี้ {code}"):
    """A department default leader framework: each named component with three indicators
    ("1.1" …, their text from `text` with {code} and {i}) of five levels."""
    framework = Framework.objects.create(unit_type="LEADER", name="เกณฑ์มาตรฐานผู้นำชุมชน")
    for c_order, name in enumerate(components, start=1):
        component = Component.objects.create(framework=framework, order=c_order, name=name)
        for i in range(1, 4):
            code = f"{c_order}.{i}"
            indicator = Indicator.objects.create(
                component=component, order=i, code=code, text=text.format(code=code, i=i)
            )
            Level.objects.bulk_create(
                Level(indicator=indicator, score=s, descriptor=f"ระดับ {s}") for s in range(1, 6)
            )
    return framework


def approved_copy(pat, year, default, reference="มติครั้งที่ 1/2570"):
    """The province's copy of a default framework for the year, approved by its committee."""
    framework = framework_services.framework_copy(actor=pat, source=default, programme_year=year)
    return framework_services.framework_approve(actor=pat, framework=framework, reference=reference)


@pytest.fixture
def default_framework(db):
    return make_framework(["ภูมิรู้", "ภูมิธรรม", "ภูมิฐาน"])


@pytest.fixture
def approved(pat, year, default_framework):
    return approved_copy(pat, year, default_framework, "มติคณะกรรมการรับรองฯ ครั้งที่ 1/2570")


@pytest.fixture
def assessed(alice, dave, approved, leader):
    """A leader looked after by dave, with a finished before-assessment: level 2 everywhere but 1.1 at 5."""
    leader.responsible_developer = dave
    leader.save()
    unit = complete_documents(leader, alice, reviewer=alice)
    indicators = list(
        Indicator.objects.filter(component__framework=approved).prefetch_related("levels")
    )
    answers: dict[int, tuple[int | None, str]] = {
        i.pk: (i.levels.get(score=5 if i.code == "1.1" else 2).pk, "") for i in indicators
    }
    development_services.self_assessment_save(
        actor=alice, unit=unit, phase=Phase.BEFORE, answers=answers, finish=True
    )
    return unit


# --- assessment: a framework, committees, a district round and a unit on it ------------------


@pytest.fixture
def framework(pat, year):
    """Two components (weights 1 and 3); indicator weights 1, 2 and 1; levels scored 1–5."""
    framework = Framework.objects.create(
        programme_year=year,
        unit_type="LEADER",
        name="เกณฑ์ผู้นำชุมชน 2570",
        pass_total_percent=Decimal(60),
        pass_component_percent=Decimal(50),
        approved_at=timezone.now(),
        approved_by=pat,
    )
    knowledge = Component.objects.create(framework=framework, order=1, name="ภูมิรู้")
    morality = Component.objects.create(
        framework=framework, order=2, name="ภูมิธรรม", weight=Decimal(3)
    )
    for component, code, weight in (
        (knowledge, "1.1", 1),
        (knowledge, "1.2", 2),
        (morality, "2.1", 1),
    ):
        indicator = Indicator.objects.create(
            component=component,
            order=int(code[-1]),
            code=code,
            text=f"ตัวบ่งชี้ {code}",
            weight=Decimal(weight),
        )
        Level.objects.bulk_create(
            Level(indicator=indicator, score=s, descriptor=f"ระดับ {s}") for s in range(1, 6)
        )
    return framework


@pytest.fixture
def ready(alice, leader, framework):
    """The leader with documents complete and both self-assessments finished."""
    unit = complete_documents(leader, alice, reviewer=alice)
    found = indicators(framework)
    answers = {i.pk: (level(i, 3), "") for i in found.values()}
    for phase in (Phase.BEFORE, Phase.AFTER):
        development_services.self_assessment_save(
            actor=alice, unit=unit, phase=phase, answers=answers, finish=True
        )
    unit.refresh_from_db()
    assert unit.status == Status.DOCUMENTS_COMPLETE
    return unit


@pytest.fixture
def committees(pat, year):
    committee_services.committees_create_for_year(actor=pat, programme_year=year)
    return Committee.objects.filter(programme_year=year)


@pytest.fixture
def mueang(committees):
    return committees.get(district_id="5101")


@pytest.fixture
def members(alice, mueang):
    """Two scoring members and the secretary of the district committee of เมืองลำพูน."""
    return {
        "m1": account(alice, mueang, MemberRole.MEMBER, "member1", 0),
        "m2": account(alice, mueang, MemberRole.MEMBER, "member2", 1),
        "sec": account(alice, mueang, MemberRole.SECRETARY, "secretary"),
    }


def open_round(actor, year, level, committee):
    """An assessment round, opened as the round form does (with a fresh one-time token)."""
    return assessment_services.round_create(
        once=new_form_token(), actor=actor, programme_year=year, level=level, committee=committee
    )


@pytest.fixture
def district_round(alice, year, mueang):
    return open_round(alice, year, RoundLevel.DISTRICT, mueang)


@pytest.fixture
def entry(alice, district_round, ready):
    (entry,) = assessment_services.round_add_units(
        actor=alice, round_=district_round, unit_ids=[ready.pk]
    )
    return entry


@pytest.fixture
def province_round(pat, year, committees):
    return open_round(
        pat, year, RoundLevel.PROVINCE, committees.get(kind=Kind.PROVINCIAL_CERTIFICATION)
    )


# --- certification ---------------------------------------------------------------------------


@pytest.fixture
def signing_key_file(tmp_path, settings):
    """Credentials signed with a key file of the test's own; links to the public site. Modules
    that issue certificates request it for every test (an autouse fixture of their own)."""
    settings.CREDENTIAL_SIGNING_KEY_FILE = tmp_path / "credential-key.pem"
    settings.SITE_URL = "https://mchch.example.go.th"
    return settings.CREDENTIAL_SIGNING_KEY_FILE


@pytest.fixture
def certified_leader(alice, leader):
    unit = complete_documents(leader, alice, reviewer=alice)
    assert unit.status == Status.DOCUMENTS_COMPLETE
    return certify(unit, alice)


# --- in a real browser -------------------------------------------------------------------------


@contextmanager
def chromium_page(monkeypatch, **context):
    """A Chromium page (Debian's, driven by Playwright) in a new browser context with these
    options (Thai unless `locale` is given)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # between browser steps are ordinary synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        browser_context = browser.new_context(**{"locale": "th-TH", **context})
        page = browser_context.new_page()
        page.set_default_timeout(15000)
        try:
            yield page
        finally:
            browser_context.close()
            browser.close()


@pytest.fixture
def page(live_server, monkeypatch):
    """A Chromium page for the live server."""
    with chromium_page(
        monkeypatch, accept_downloads=True, viewport={"width": 1200, "height": 900}
    ) as page:
        yield page


# --- accepted units and an activity (activities, evidence, uploads) --------------------------


@pytest.fixture
def accepted_leader(alice, leader):
    return complete_documents(leader, alice, reviewer=alice)


@pytest.fixture
def accepted_group(alice, year, village):
    unit = new_unit(alice, year, "GROUP", group_data(village))
    return complete_documents(unit, alice, reviewer=alice)


def new_activity(actor, year, units, **values):
    """An activity of เมืองลำพูน for the units, recorded through the service as the form does."""
    return activity_services.activity_create(
        once=new_form_token(),
        actor=actor,
        programme_year=year,
        district_id="5101",
        values=values,
        links=activity_services.Links(units=units),
    )


@pytest.fixture
def activity(alice, year, accepted_leader, accepted_group):
    return new_activity(
        alice,
        year,
        [accepted_leader, accepted_group],
        kind=ActivityKind.GROUP,
        title="อบรมเสริมสร้างการเรียนรู้",
        held_on=dt.date(2027, 1, 15),  # in fiscal year 2570
        place="ศาลาประชาคมบ้านท่าขาม",
    )


@pytest.fixture
def accepted(alice, dave, approved, leader):
    leader.responsible_developer = dave
    leader.save()
    return complete_documents(leader, alice, reviewer=alice)


@pytest.fixture(autouse=True)
def force_login_passes_the_second_factor(monkeypatch):
    """`client.force_login` stands for a finished login: for the roles that require a second
    factor (docs/security.md §5) that includes the second step (accounts/testing.py)."""
    from django.test import Client

    from accounts.testing import verify_session

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if user.role in django_settings.OTP_REQUIRED_ROLES:
            verify_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def smtp(settings):
    """A real SMTP server (aiosmtpd) on a free port, and the app's mail pointed at it."""
    from aiosmtpd.controller import Controller

    from tests.factories import Inbox, free_port

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield inbox
    controller.stop()


@pytest.fixture
def worker_in_test(monkeypatch):
    """db_worker closes old connections between tasks, as a long-running worker should; run in
    a test (tests.factories.run_worker) it shares the test's connection and transaction, which
    must stay open."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


@pytest.fixture(autouse=True)
def start_pages_counted_afresh():
    """The start page keeps its counted figures in the cache under the newest audit row of its
    scope (todo/selectors.py `_kept`); a test database reuses audit ids after its rollback, so
    each test starts with nothing kept."""
    from django.core.cache import cache

    cache.clear()
