"""Helpers shared by test modules: objects made straight in the tables, and query counting.

Fixtures live in tests/conftest.py; what a test calls (not requests) lives here, so that no
test module imports from another."""

import dataclasses
import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from PIL import Image

from assessment import services as assessment_services
from assessment.models import MemberScore, Round, RoundLevel, RoundUnit
from certification.announcement import AnnouncementValues
from committees import services as committee_services
from committees.models import Committee, Kind, Member
from frameworks.models import Indicator
from geography.models import Subdistrict
from registration import services as registration_services
from registration.models import Status, Unit
from tallies import services as tally_services


def make_unit(
    year,
    creator,
    name,
    *,
    district="5101",
    status=Status.CERTIFIED,
    unit_type="GROUP",
    village=None,
):
    """A unit in the given status, straight into the table (the workflow is tested elsewhere):
    in `village` when given, else in the district's first subdistrict."""
    subdistrict = (
        village.subdistrict
        if village
        else Subdistrict.objects.filter(district_id=district).earliest("code")
    )
    unit = Unit.objects.create(
        programme_year=year,
        fiscal_year=year.fiscal_year,
        unit_type=unit_type,
        status=status,
        district_id=district,
        subdistrict=subdistrict,
        village=village,
        name=name,
        name_key=name,
        created_by=creator,
    )
    # What unit_create's event would do: the tallies count the new unit (docs/tallies.md).
    tally_services.mark([unit.pk])
    return unit


def page_queries(client, url: str) -> tuple[int, str]:
    """(number of queries, body) of a GET of `url`, which must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured), response.content.decode()


def assert_queries_flat(client, url: str, grow, *, expect=None) -> int:
    """The page at `url` costs as many queries after `grow()` (which adds more of what it lists)
    as before; `expect(body_before, body_after)` checks the growth shows. The count is returned.
    The page is seen once first (a first read counts its year's tallies in full), and what
    `grow()` marks is counted before the second view, as the after-commit handler does when a
    write commits (tallies/handlers.py)."""
    page_queries(client, url)
    few, before = page_queries(client, url)
    grow()
    tally_services.drain()
    many, after = page_queries(client, url)
    if expect is not None:
        expect(before, after)
    assert many == few, f"{url}: {few} queries, then {many} after adding more"
    return few


# --- registration --------------------------------------------------------------------------------


def certify(unit, actor):
    """Through the workflow: documents complete → recommended → certified."""
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        registration_services.unit_status_move(actor=actor, unit=unit, to_status=Status.RECOMMENDED)
        registration_services.unit_status_move(actor=actor, unit=unit, to_status=Status.CERTIFIED)
    return unit


# --- development ---------------------------------------------------------------------------------


def plan_values(**overrides):
    values = {
        "knowledge": "การเป็นวิทยากรกระบวนการ",
        "method": "อบรมร่วมกับผู้นำ อช. ทั้งอำเภอ",
        "starts_on": dt.date(2027, 1, 10),
        "ends_on": dt.date(2027, 2, 28),
        "resource": "ปราชญ์ชาวบ้าน",
        "local_wisdom": True,
        "evidence": "รายงานการประชุมเวทีประชาคม",
        "target_score": 4,
    }
    values.update(overrides)
    return values


# --- assessment ----------------------------------------------------------------------------------


def indicators(framework):
    return {
        i.code: i
        for i in Indicator.objects.filter(component__framework=framework).prefetch_related("levels")
    }


def level(indicator, score):
    return next(lv.pk for lv in indicator.levels.all() if lv.score == score)


def account(actor, committee, role, username, index=0):
    member = Member.objects.filter(committee=committee, role=role).order_by("order")[index]
    user, _password = committee_services.member_account_create(
        actor=actor, member=member, username=username
    )
    member.refresh_from_db()
    return member


def save(member, entry, levels: dict, framework, comment=""):
    found = indicators(framework)
    return assessment_services.score_save(
        actor=member.user,
        round_unit=entry,
        scores={found[code].pk: (level(found[code], s), comment) for code, s in levels.items()},
    )


# Most tests decide on units nobody (or only one member) has scored: a positive decision then
# needs reasons (services.decide).
REASONS = "คณะกรรมการพิจารณาจากการนำเสนอและหลักฐานการพัฒนา"


# Why a present member has no scores, as the tests record it.
NOT_SCORED = "ไม่มีบัญชีผู้ใช้ ให้ความเห็นในที่ประชุม"


def meeting(entry, present=None, reason=NOT_SCORED):
    """The decision's attendance: `present` (members; the whole committee by default), with
    `reason` for each present member who has not scored the unit (services.decide)."""
    committee = Member.objects.filter(committee_id=entry.round.committee_id)
    ids = [m.pk for m in (committee if present is None else present)]
    scored = set(
        MemberScore.objects.filter(round_unit=entry, level__isnull=False).values_list(
            "member_id", flat=True
        )
    )
    return {
        "present_member_ids": ids,
        "missing_reasons": {pk: reason for pk in ids if pk not in scored},
    }


def decision_post(entry, present=None, reason=NOT_SCORED, **data):
    """The decision form's POST: `data` (outcome, reasons, confirm) with the attendance of
    `meeting` as the form's checkboxes and reasons."""
    attendance = meeting(entry, present, reason)
    fields = {f"present-{pk}": "on" for pk in attendance["present_member_ids"]}
    fields.update({f"missing-{pk}": text for pk, text in attendance["missing_reasons"].items()})
    return {**fields, **data}


def decide_on(actor, entry, outcome, reasons="", *, confirmed=True, **attendance):
    """`actor`'s decision on a round's unit with the whole committee present (or
    `present_member_ids` / `missing_reasons` as given); an override is confirmed unless
    `confirmed=False`."""
    attendance = {**meeting(entry), **attendance}
    return assessment_services.decide(
        actor=actor,
        round_unit=entry,
        outcome=outcome,
        reasons=reasons,
        confirmed=confirmed,
        **attendance,
    )


def recommend(sec, entry, outcome="RECOMMEND", reasons="", *, confirmed=True, **attendance):
    """The secretary's decision (decide_on)."""
    return decide_on(sec.user, entry, outcome, reasons, confirmed=confirmed, **attendance)


def extra_unit(year, creator, name, *, district="5101", status=Status.DOCUMENTS_COMPLETE):
    """A group made directly (no documents, no self-assessment), ready for a round by default."""
    return make_unit(year, creator, name, district=district, status=status)


def enter(committee, *units):
    """Units on a round of `committee`, made directly (without the eligibility rules): what its
    members need for the units to be in their scope (core/scope.py)."""
    level = {Kind.DISTRICT_ASSESSMENT: RoundLevel.DISTRICT, Kind.ZONE: RoundLevel.ZONE}.get(
        committee.kind, RoundLevel.PROVINCE
    )
    round_ = Round.objects.create(
        programme_year_id=committee.programme_year_id,
        level=level,
        committee=committee,
        district_id=committee.district_id,
        name=f"การประเมิน{committee.name}"[:255],
        opened_by=units[0].created_by,
    )
    for order, unit in enumerate(units, start=1):
        RoundUnit.objects.create(round=round_, unit=unit, order=order)
    return round_


# --- certification -------------------------------------------------------------------------------


# The announcement's values. The dates lie early in fiscal year 2570 (which starts on 1 October 2026): an announcement may
# not be dated more than 90 days ahead of today, so these stay valid whenever the tests run.
def announcement_values(**overrides) -> AnnouncementValues:
    values = AnnouncementValues(
        subject="ผลการรับรองมาตรฐานการพัฒนาชุมชน (มชช.) ประจำปี 2570",
        assessed_from=dt.date(2026, 10, 15),
        assessed_to=dt.date(2026, 10, 16),
        announced_on=dt.date(2026, 11, 1),
        signer_name="นายวรพจน์ แววสิงห์งาม",
        signer_position="รองผู้ว่าราชการจังหวัด",
        on_behalf_of="ผู้ว่าราชการจังหวัดลำพูน",
        thai_numerals=True,
    )
    return dataclasses.replace(values, **overrides)


# --- photos --------------------------------------------------------------------------------------


def jpeg(name="photo.jpg", *, size=(64, 48), color=(200, 10, 10), exif=None) -> SimpleUploadedFile:
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif is not None:
        image.save(out, "JPEG", exif=exif)
    else:
        image.save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def phone_exif(orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Apple"  # Make
    exif[0x0110] = "iPhone 13"  # Model
    exif[0x0112] = orientation
    exif.get_ifd(0x8769)[0x9003] = "2027:01:15 09:30:00"  # DateTimeOriginal
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (18.0, 34.0, 30.5)
    gps[3], gps[4] = "E", (99.0, 0.0, 36.0)
    return exif.tobytes()


def assert_no_metadata(content: bytes) -> None:
    with Image.open(io.BytesIO(content)) as image:
        exif = image.getexif()
        assert dict(exif) == {}
        assert dict(exif.get_ifd(0x8825)) == {}  # no GPS
        assert "exif" not in image.info and "xmp" not in image.info
    assert b"Exif" not in content and b"iPhone" not in content and b"Apple" not in content


# --- the browser ---------------------------------------------------------------------------------


CHROMIUM = "/usr/bin/chromium"


ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def indicators_of(framework):
    return list(Indicator.objects.filter(component__framework=framework).prefetch_related("levels"))


def order_values(committee: Committee, **overrides) -> dict:
    values = {
        field: getattr(committee, field)
        for field in committee_services.ORDER_FIELDS
        if field not in ("signed_on",)
    }
    values["signed_on"] = committee.signed_on
    values.update(overrides)
    return values


def press_twice(user, url, data) -> list[int]:
    """Two POSTs of the same form at the same moment, each on its own connection (PostgreSQL
    only: SQLite serialises them anyway). The sorted status codes."""
    import threading

    import pytest
    from django.db import connection, connections
    from django.test import Client

    if connection.vendor != "postgresql":
        pytest.skip("two connections at once need PostgreSQL")
    start = threading.Barrier(2)
    statuses: list[int] = []

    def press() -> None:
        client = Client()
        client.force_login(user)
        start.wait()
        try:
            statuses.append(client.post(url, data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


# Path arguments that name an object. Other `str` arguments (a format, a phase, a unit type)
# choose a view of the object, not the object.
ID_CONVERTERS = ("IntConverter", "UUIDConverter", "SlugConverter")
CODE_ARGUMENTS = {"code", "district_code", "province_code"}


def named_patterns(*, with_id: bool) -> dict[str, str]:
    """{"namespace:name": route} of every named URL pattern that takes an id-like argument
    (`with_id=True`) or none (`with_id=False`): the scope matrices are built from these
    (tests/test_scope_urls.py, tests/test_scope_lists.py)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: dict[str, str] = {}

    def walk(resolver, namespace, prefix):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern, inner, route)
            elif isinstance(pattern, URLPattern) and pattern.name:
                converters = getattr(pattern.pattern, "converters", {})
                has_id = any(
                    type(c).__name__ in ID_CONVERTERS or name in CODE_ARGUMENTS
                    for name, c in converters.items()
                )
                if has_id == with_id:
                    found[f"{namespace}:{pattern.name}" if namespace else pattern.name] = route

    walk(get_resolver(), "", "")
    return found


# --- mail over a real SMTP server, and the background worker in the test ---------------------


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps every message it is given: (recipients, message)."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        self.messages.append(
            (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default))
        )
        return "250 OK"


def run_worker():
    """What `manage.py db_worker` does beside the server, once over the queue (with the
    `worker_in_test` fixture of tests/conftest.py)."""
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


# --- Sample documents: plain data for every renderer in documents/ (the text-layer, Word and
# Excel tests of tests/test_documents_*.py render them).
from decimal import Decimal  # noqa: E402

from documents import announcement as ann  # noqa: E402
from documents import certificate as cert  # noqa: E402
from documents import committee_order as order_doc  # noqa: E402
from documents import development_record as record  # noqa: E402
from documents import photo_dossier as dossier  # noqa: E402
from documents import plans_report as plans  # noqa: E402
from documents import recommendation_summary as summary  # noqa: E402
from documents import subject_access as access  # noqa: E402
from documents import year_end_report as yer  # noqa: E402
from documents.applicant_list import ApplicantList, ApplicantRow  # noqa: E402
from documents.application_form import ApplicationForm  # noqa: E402

SAMPLE_TYPES = ["มาตรฐานผู้นำชุมชน", "มาตรฐานกลุ่ม/องค์กรชุมชน", "มาตรฐานเครือข่ายองค์กรชุมชน", "มาตรฐานชุมชน"]
SAMPLE_DAY = dt.date(2026, 12, 3)
SAMPLE_AT = dt.datetime(2026, 12, 3, 10, 30, tzinfo=dt.UTC)
# Words whose clusters typst 0.15 wrote so that readers doubled them or broke them with a space
# ("คำสั่สั่ง", "ศักดิ์ ดิ์", "เป็ น"): every sample carries some of them.
SAMPLE_HARD = "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป ผู้ช่วยเลขานุการ ฝึกอบรม ฟื้นฟู ศักดิ์สิทธิ์ ปั่นป่วน"


def sample_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 160, 90)).save(buffer, "JPEG")
    return buffer.getvalue()


def sample_committee_order():
    members = [
        order_doc.OrderMember(f"ตำแหน่งที่ {i} ผู้ช่วยเลขานุการ", "สำนักงานพัฒนาชุมชนจังหวัดลำพูน", "กรรมการ")
        for i in range(1, 12)
    ]
    data = order_doc.CommitteeOrder(
        issuing_office="จังหวัดลำพูน",
        number=12,
        year_be=2570,
        subject="แต่งตั้งคณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัดลำพูน",
        reason=f"เพื่อให้การดำเนินงาน {SAMPLE_HARD}",
        authority="จึงแต่งตั้งคณะกรรมการ ดังนี้",
        members=members,
        duties=[f"หน้าที่ข้อ {i} {SAMPLE_HARD}" for i in range(1, 6)],
        signed_on=SAMPLE_DAY,
        signer_name="นายวรพจน์ แววสิงห์งาม",
        signer_position="รองผู้ว่าราชการจังหวัด",
        on_behalf_of="ผู้ว่าราชการจังหวัดลำพูน",
    )
    return data


def sample_announcement():
    units = [
        ann.AnnouncedUnit(f"นายสมชาย ใจงาม {i}", ["หมู่ที่ 3 บ้านท่าขาม", "ตำบลบ้านกลาง"])
        for i in range(8)
    ]
    data = ann.Announcement(
        issuing_office="จังหวัดลำพูน",
        subject=f"ผลการรับรองมาตรฐานการพัฒนาชุมชน (มชช.) ประจำปี 2570 {SAMPLE_HARD}",
        fiscal_year=2570,
        committee="คณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัดลำพูน",
        groups=[ann.TypeGroup(SAMPLE_TYPES[0], "คน", [ann.DistrictGroup("อำเภอเมืองลำพูน", units)])],
        assessed_from=SAMPLE_DAY,
        assessed_to=SAMPLE_DAY,
        announced_on=SAMPLE_DAY,
        signer_name="นายวรพจน์ แววสิงห์งาม",
        signer_position="ผู้ว่าราชการจังหวัดลำพูน",
    )
    return data


def sample_certificate():
    return cert.CertificateData(
        province="ลำพูน",
        unit_name="นางสาวศักดิ์สิทธิ์ ฟื้นฟู",
        place="อำเภอเมืองลำพูน",
        standard=SAMPLE_TYPES[0],
        fiscal_year=2570,
        issued_on=SAMPLE_DAY,
        number="ลพ 12/2570",
        code="ABCDE12345",
        verify_url="https://example.org/verify/ABCDE12345",
        signers=[cert.Signer("นายวรพจน์ แววสิงห์งาม", "ผู้ว่าราชการจังหวัดลำพูน")],
    )


def sample_year_end_report():
    counts = yer.StageCounts(registered=5, accepted=4, before_done=4, plan_approved=3)
    data = yer.YearEndReport(
        province="ลำพูน",
        district=None,
        fiscal_year=2570,
        issued_on=SAMPLE_DAY,
        letter=yer.Letter(
            reference="ลพ 0019.3/",
            office_lines=["ศาลากลางจังหวัดลำพูน", "ถนนอินทยงยศ ลพ 51000"],
            salutation="อธิบดีกรมการพัฒนาชุมชน",
            refer_to=SAMPLE_HARD,
            signer_name="นายวรพจน์ แววสิงห์งาม",
            signer_position="ผู้ว่าราชการจังหวัดลำพูน",
            contact_lines=["สำนักงานพัฒนาชุมชนจังหวัด", "โทร 0-5351-1234"],
        ),
        type_labels=SAMPLE_TYPES,
        by_type=[yer.CountRow(label, counts) for label in SAMPLE_TYPES],
        by_district=[yer.CountRow("อำเภอเมืองลำพูน", counts)],
        change=[yer.ChangeRow(label, 2, 120.0, 160.0, 2) for label in SAMPLE_TYPES],
        activities=[yer.ActivityRow("อำเภอเมืองลำพูน", 2, 3, 4)],
        certified=[
            yer.CertifiedRow(
                SAMPLE_TYPES[0], "นายสมชาย ใจงาม", "ตำบลบ้านกลาง", "ลพ 1/2570", Decimal("82.50")
            )
        ],
    )
    return data


def sample_recommendation_summary():
    rows = [
        summary.UnitResultRow(
            "นายสมชาย ใจงาม",
            "ตำบลบ้านกลาง",
            "RECOMMEND",
            SAMPLE_HARD,
            Decimal("80"),
            True,
            True,
            SAMPLE_DAY,
        )
    ]
    data = summary.RecommendationSummary(
        province="ลำพูน",
        district="อำเภอเมืองลำพูน",
        fiscal_year=2570,
        issued_on=SAMPLE_DAY,
        type_labels=SAMPLE_TYPES,
        units_by_type=[rows, [], [], []],
        committee="คณะกรรมการตรวจประเมินอำเภอเมืองลำพูน",
        signer_name="นายกมล ใจดี",
        signer_position="พัฒนาการอำเภอเมืองลำพูน",
    )
    return data


def sample_applicant_list():
    row = ApplicantRow(
        "นายสมชาย ใจงาม",
        "3-1006-XXXXX-XX-5",
        SAMPLE_HARD,
        "",
        "นายกมล ใจดี",
        "เอกสารครบถ้วน",
        "อำเภอเมืองลำพูน",
    )
    data = ApplicantList(
        province="ลำพูน",
        district="อำเภอเมืองลำพูน",
        fiscal_year=2570,
        issued_on=SAMPLE_DAY,
        office="สำนักงานพัฒนาชุมชนอำเภอเมืองลำพูน",
        sections=[
            (SAMPLE_TYPES[0], [row]),
            (SAMPLE_TYPES[1], []),
            (SAMPLE_TYPES[2], []),
            (SAMPLE_TYPES[3], []),
        ],
        signer_name="นายกมล ใจดี",
        signer_position="พัฒนาการอำเภอเมืองลำพูน",
    )
    return data


def sample_application_form():
    return ApplicationForm(
        unit_type="LEADER",
        type_label=SAMPLE_TYPES[0],
        fiscal_year=2570,
        province="ลำพูน",
        district="เมืองลำพูน",
        subdistrict="บ้านกลาง",
        village="หมู่ที่ 3 บ้านท่าขาม",
        fields=[("ชื่อ-สกุล", "นายสมชาย ใจงาม"), ("ผลงาน", SAMPLE_HARD)],
        team=[],
        advisers=[],
        member_organisations=[],
        applicant_signature_label="ผู้สมัคร",
    )


def sample_plans_report():
    item = plans.PlanItemRow(
        "1.1",
        "ตัวชี้วัด",
        SAMPLE_HARD,
        "ฝึกอบรม",
        SAMPLE_DAY,
        SAMPLE_DAY,
        "งบประมาณ",
        True,
        "ภาพถ่าย",
        3,
        "ดำเนินการแล้ว",
    )
    unit = plans.UnitPlanRow(
        "นายสมชาย ใจงาม",
        "ตำบลบ้านกลาง",
        "นายกมล ใจดี",
        "อำเภอเมืองลำพูน",
        "เห็นชอบแล้ว",
        True,
        "นายกมล ใจดี",
        SAMPLE_DAY,
        [item],
    )
    data = plans.PlansReport(
        province="ลำพูน",
        district="อำเภอเมืองลำพูน",
        fiscal_year=2570,
        issued_on=SAMPLE_DAY,
        office="สำนักงานพัฒนาชุมชนอำเภอเมืองลำพูน",
        type_labels=SAMPLE_TYPES,
        districts=[plans.DistrictPlans("อำเภอเมืองลำพูน", [[unit], [], [], []])],
        signer_name="นายกมล ใจดี",
        signer_position="พัฒนาการอำเภอเมืองลำพูน",
    )
    return data


def sample_development_record():
    indicator = record.RecordIndicator("1.1", SAMPLE_HARD, 5, 2, 4, ["เกณฑ์ย่อย"])
    component = record.RecordComponent(
        "ด้านการพัฒนาตนเอง", Decimal(5), Decimal(40), Decimal(80), [indicator]
    )
    assessed = record.Assessed(
        SAMPLE_DAY, "นายกมล ใจดี", Decimal("80"), Decimal(4), Decimal(5), True
    )
    item = record.RecordPlanItem(
        "1.1",
        "ความรู้",
        "ฝึกอบรม",
        SAMPLE_DAY,
        SAMPLE_DAY,
        "งบประมาณ",
        True,
        "ภาพถ่าย",
        4,
        "ดำเนินการแล้ว",
        "",
    )
    activity = record.RecordActivity(
        SAMPLE_DAY,
        "ฝึกอบรมอาชีพ",
        "กิจกรรมกลุ่ม",
        "ศาลาหมู่บ้าน",
        "อบต.",
        SAMPLE_HARD,
        [record.RecordPhoto("p1.jpg", sample_jpeg(), "ภาพกิจกรรม")],
    )
    data = record.DevelopmentRecord(
        unit_name="นายสมชาย ใจงาม",
        unit_type=SAMPLE_TYPES[0],
        area="หมู่ที่ 3 บ้านท่าขาม ตำบลบ้านกลาง อำเภอเมืองลำพูน จังหวัดลำพูน",
        fiscal_year=2570,
        developer="นายกมล ใจดี",
        pass_rule="ร้อยละ 70",
        components=[component],
        own_indicators=[],
        before=assessed,
        after=assessed,
        plan_state="เห็นชอบแล้ว",
        plan_approval="",
        plan_items=[item],
        activities=[activity],
        evidence=["ภาพถ่าย"],
        issued_on=SAMPLE_DAY,
    )
    return data


def sample_photo_dossier():
    activity = dossier.DossierActivity(
        "ฝึกอบรมอาชีพ",
        SAMPLE_DAY,
        "ศาลาหมู่บ้าน",
        "กิจกรรมกลุ่ม",
        "อำเภอเมืองลำพูน",
        ["นายสมชาย ใจงาม"],
        SAMPLE_HARD,
        [dossier.DossierPhoto(sample_jpeg(), "ภาพกิจกรรม")],
    )
    data = dossier.PhotoDossier(
        province="ลำพูน",
        district="อำเภอเมืองลำพูน",
        fiscal_year=2570,
        issued_on=SAMPLE_DAY,
        office="สำนักงานพัฒนาชุมชนอำเภอเมืองลำพูน",
        stages=[dossier.DossierStage(2, "ขั้นการเรียนรู้และพัฒนาตนเอง", [activity])],
        signer_name="นายกมล ใจดี",
        signer_position="พัฒนาการอำเภอเมืองลำพูน",
    )
    return data


def sample_subject_access():
    unit = access.UnitRecord(
        fiscal_year=2570,
        type_label=SAMPLE_TYPES[0],
        district="อำเภอเมืองลำพูน จังหวัดลำพูน",
        status="เอกสารครบถ้วน",
        details=[("ชื่อ", "นายสมชาย ใจงาม"), ("ผลงาน", SAMPLE_HARD)],
        statuses=[access.StatusLine(SAMPLE_AT, "ร่าง", "ยื่นสมัครแล้ว", "")],
    )
    data = access.SubjectAccess(
        person="นายสมชาย ใจงาม",
        id_label="3-1006-XXXXX-XX-5",
        received_on=SAMPLE_DAY,
        issued_on=SAMPLE_DAY,
        office="อำเภอเมืองลำพูน จังหวัดลำพูน",
        units=[unit],
        file_count=0,
    )
    return data


def sample_presentation_schedule():
    from documents import presentation_schedule as schedule

    def at(hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime(2026, 12, 3, hour, minute)

    slots = [
        schedule.Slot(
            i,
            f"กลุ่มฝึกอบรมอาชีพ ฟื้นฟู {i}",
            SAMPLE_TYPES[1],
            "อำเภอเมืองลำพูน",
            "บ้านท่าขาม ตำบลบ้านกลาง",
            at(9 + i // 2, 30 * (i % 2)),
            at(9 + (i + 1) // 2, 30 * ((i + 1) % 2)),
        )
        for i in range(1, 7)
    ]
    slots.append(schedule.Slot(7, "นายสมชาย ใจงาม", SAMPLE_TYPES[0], "อำเภอเมืองลำพูน", "บ้านท่าขาม"))
    return schedule.PresentationSchedule(
        round_name="รอบที่ 1 ระดับอำเภอ",
        committee="คณะกรรมการตรวจประเมินอำเภอเมืองลำพูน",
        level="ระดับอำเภอ",
        province="ลำพูน",
        fiscal_year=2570,
        place=f"ห้องประชุมที่ว่าการอำเภอ {SAMPLE_HARD}",
        issued_on=SAMPLE_DAY,
        slots=slots,
    )


def _sample_sheet_head() -> dict:
    return {
        "round_name": "รอบที่ 1",
        "committee": "คณะกรรมการตรวจประเมินอำเภอเมืองลำพูน",
        "level": "ระดับอำเภอ",
        "fiscal_year": 2570,
        "province": "ลำพูน",
        "combine_label": "ค่าเฉลี่ยของกรรมการ",
        "issued_on": SAMPLE_DAY,
        "thai_numerals": True,
    }


def sample_unit_score_sheet(*, member_sheet: bool = False):
    from documents import score_sheets as sheets

    members = ["นายกมล ใจดี"] if member_sheet else ["นายกมล ใจดี", "นางสาวศักดิ์สิทธิ์ ฟื้นฟู"]
    levels: list[int | None] = [4, 3]
    indicators = [
        sheets.IndicatorLine(
            "ด้านการพัฒนาตนเอง",
            f"1.{i}",
            f"ตัวบ่งชี้ที่ {i} {SAMPLE_HARD}",
            5,
            levels[: len(members)],
            Decimal("3.50") if not member_sheet else 4,
            f"ความเห็น {SAMPLE_HARD}" if member_sheet else "",
        )
        for i in range(1, 5)
    ]
    return sheets.UnitScoreSheet(
        **_sample_sheet_head(),
        unit_name="นายสมชาย ใจงาม",
        unit_type=SAMPLE_TYPES[0],
        place="บ้านท่าขาม ตำบลบ้านกลาง",
        district="อำเภอเมืองลำพูน",
        members=members,
        indicators=indicators,
        components=[sheets.ComponentLine("ด้านการพัฒนาตนเอง", Decimal("70.00"))],
        percent=Decimal("70.00"),
        passed=True,
        pass_total_percent=Decimal("70"),
        pass_component_percent=Decimal("50"),
        member_sheet=member_sheet,
        member_role="กรรมการ",
        decision_outcome="" if member_sheet else "เสนอให้รับรอง",
        decided_on=None if member_sheet else SAMPLE_DAY,
        decision_reasons="" if member_sheet else SAMPLE_HARD,
        comments=[] if member_sheet else [f"1.1 นายกมล ใจดี: {SAMPLE_HARD}"],
        signers=[sheets.Signer(m, sheets.MEMBER_LABEL) for m in members],
    )


def sample_member_score_sheet():
    return sample_unit_score_sheet(member_sheet=True)


def sample_round_score_sheet():
    from documents import score_sheets as sheets

    units = [
        sheets.RoundUnitLine(
            f"กลุ่มฝึกอบรมอาชีพ ฟื้นฟู {i}",
            SAMPLE_TYPES[1],
            "อำเภอเมืองลำพูน",
            [Decimal("72.50"), None],
            Decimal("72.50"),
            True,
            "เสนอให้รับรอง",
        )
        for i in range(1, 4)
    ]
    units.append(
        sheets.RoundUnitLine(
            SAMPLE_HARD, SAMPLE_TYPES[0], "อำเภอเมืองลำพูน", [None, None], None, None
        )
    )
    return sheets.RoundScoreSheet(
        **_sample_sheet_head(),
        members=["นายกมล ใจดี", "นางสาวศักดิ์สิทธิ์ ฟื้นฟู"],
        units=units,
        signers=[sheets.Signer("นายกมล ใจดี", "ประธานกรรมการ"), sheets.Signer("", "เลขานุการ")],
    )


def sample_national_report():
    """Lampang (sent), Chiang Mai, Bangkok not started, and provinces named with the hard
    words, each in its own row (a province's name is kept whole in its narrow column)."""
    from documents import national_report as national

    def row(code, name, *, started=True, sent=None):
        counts = yer.StageCounts(
            registered=7, accepted=6, recommended=4, certified=3, not_certified=1
        )
        by_type = [national.TypeFigures(8, counts) for _ in SAMPLE_TYPES] if started else []
        return national.ProvinceRow(code, name, started, by_type, sent)

    rows = [
        row("51", "ลำพูน", sent=national.ReportSent(SAMPLE_DAY, 2)),
        row("50", "เชียงใหม่"),
        row("10", "กรุงเทพมหานคร", started=False),
        *(row(str(60 + i), word) for i, word in enumerate(SAMPLE_HARD.split())),
    ]
    return national.NationalReport(2570, SAMPLE_DAY, SAMPLE_TYPES, rows)


def sample_outstanding_units():
    from documents import outstanding_units as outstanding

    rows = [
        outstanding.OutstandingUnitRow(
            "อำเภอเมืองลำพูน",
            "นายสมชาย ใจงาม",
            SAMPLE_TYPES[0],
            "บ้านท่าขาม ตำบลบ้านกลาง",
            f"ผลงานเด่น {SAMPLE_HARD}",
            "นายกมล ใจดี",
            SAMPLE_DAY,
        ),
        outstanding.OutstandingUnitRow(
            "อำเภอป่าซาง",
            "กลุ่มฝึกอบรมอาชีพ",
            SAMPLE_TYPES[1],
            "ตำบลแม่แรง",
            "ผลงานเด่น",
            "นายกมล ใจดี",
            SAMPLE_DAY,
            outstanding.NO_LONGER_CERTIFIED,
        ),
        outstanding.OutstandingUnitRow("อำเภอบ้านโฮ่ง", note=outstanding.NO_CERTIFIED),
        outstanding.OutstandingUnitRow("อำเภอลี้"),
    ]
    return outstanding.OutstandingUnits(
        province="ลำพูน", fiscal_year=2570, issued_on=SAMPLE_DAY, rows=rows
    )


def _new_sheets(fmt: str) -> dict:
    """The schedule, the score sheets and the outstanding list, each in every format."""
    from documents import outstanding_units as outstanding
    from documents import presentation_schedule as schedule
    from documents import score_sheets as sheets

    def build(module, kind: str, sample):
        return lambda: getattr(module, f"{kind}_{fmt}")(sample())

    return {
        "presentation_schedule": build(
            schedule, "presentation_schedule", sample_presentation_schedule
        ),
        "member_score_sheet": build(sheets, "unit_score_sheet", sample_member_score_sheet),
        "unit_score_sheet": build(sheets, "unit_score_sheet", sample_unit_score_sheet),
        "round_score_sheet": build(sheets, "round_score_sheet", sample_round_score_sheet),
        "outstanding_units": build(outstanding, "outstanding_units", sample_outstanding_units),
    }


def sample_register_xlsx() -> bytes:
    """The register of certified units (certified/exports.py) of two unsaved units."""
    from certified.exports import register_xlsx
    from certified.selectors import RegisterRow
    from geography.models import District, Province

    district = District(
        code="5101", name_th="เมืองลำพูน", province=Province(code="51", name_th="ลำพูน")
    )
    place = Subdistrict(code="510101", name_th="ในเมือง", district=district)
    rows = [
        RegisterRow(
            unit=Unit(
                name=name,
                unit_type="LEADER",
                fiscal_year=2570,
                district=district,
                subdistrict=place,
            ),
            certificate_id=None,
            certificate_number=number,
            certificate_code="",
            certificate_revoked_at=None,
            certified_at=at,
            profile_published=False,
        )
        for name, number, at in (
            ("นายสมชาย ใจงาม", "ลพ 1/2570", SAMPLE_AT),
            (SAMPLE_HARD, "", None),
        )
    ]
    content, _count = register_xlsx(rows, title="ทะเบียน", scope_line="ลำพูน", filters_line="-")
    return content


def sample_framework_xlsx() -> bytes:
    from frameworks.editor import ComponentData, FrameworkData, IndicatorData
    from frameworks.framework_excel import framework_xlsx

    indicator = IndicatorData(
        code="1.1",
        text=SAMPLE_HARD,
        evidence="ภาพถ่าย",
        weight=Decimal(1),
        levels=((1, "น้อย"), (5, "มาก")),
    )
    data = FrameworkData(
        name="เกณฑ์มาตรฐานผู้นำชุมชน",
        pass_total_percent=Decimal(70),
        pass_component_percent=Decimal(50),
        components=(ComponentData("ด้านการพัฒนาตนเอง", "", Decimal(1), (indicator,)),),
    )
    return framework_xlsx(data, type_label=SAMPLE_TYPES[0], year_label="2570")


def sample_pdfs():
    """Every PDF the documents renderers make, by name: a function that renders the sample."""
    from documents.applicant_list import applicant_list_pdf
    from documents.application_form import application_form_pdf
    from documents.national_report import national_report_pdf

    return {
        "committee_order": lambda: order_doc.committee_order_pdf(sample_committee_order()),
        "announcement": lambda: ann.announcement_pdf(sample_announcement()),
        "certificate": lambda: cert.certificate_pdf(sample_certificate()),
        "year_end_report": lambda: yer.year_end_report_pdf(sample_year_end_report()),
        "recommendation_summary": lambda: summary.recommendation_summary_pdf(
            sample_recommendation_summary()
        ),
        "applicant_list": lambda: applicant_list_pdf(sample_applicant_list()),
        "application_form": lambda: application_form_pdf(sample_application_form()),
        "plans_report": lambda: plans.plans_report_pdf(sample_plans_report()),
        "development_record": lambda: record.development_record_pdf(sample_development_record()),
        "photo_dossier": lambda: dossier.photo_dossier_pdf(sample_photo_dossier()),
        "subject_access": lambda: access.subject_access_pdf(sample_subject_access()),
        **_new_sheets("pdf"),
        "national_report": lambda: national_report_pdf(sample_national_report()),
    }


def sample_docx():
    """Every Word file the documents renderers make, by name (the PDF of the same name is its
    twin)."""
    from documents.applicant_list import applicant_list_docx
    from documents.national_report import national_report_docx

    return {
        "committee_order": lambda: order_doc.committee_order_docx(sample_committee_order()),
        "announcement": lambda: ann.announcement_docx(sample_announcement()),
        "year_end_report": lambda: yer.year_end_report_docx(sample_year_end_report()),
        "recommendation_summary": lambda: summary.recommendation_summary_docx(
            sample_recommendation_summary()
        ),
        "applicant_list": lambda: applicant_list_docx(sample_applicant_list()),
        "plans_report": lambda: plans.plans_report_docx(sample_plans_report()),
        **_new_sheets("docx"),
        "national_report": lambda: national_report_docx(sample_national_report()),
    }


def sample_xlsx():
    """Every Excel workbook the documents renderers make, by name."""
    from documents.applicant_list import applicant_list_xlsx
    from documents.national_report import national_report_xlsx

    return {
        "year_end_report": lambda: yer.year_end_report_xlsx(sample_year_end_report()),
        "recommendation_summary": lambda: summary.recommendation_summary_xlsx(
            sample_recommendation_summary()
        ),
        "applicant_list": lambda: applicant_list_xlsx(sample_applicant_list()),
        "plans_report": lambda: plans.plans_report_xlsx(sample_plans_report()),
        **_new_sheets("xlsx"),
        "national_report": lambda: national_report_xlsx(sample_national_report()),
        "certified_register": sample_register_xlsx,
        "framework": sample_framework_xlsx,
    }
