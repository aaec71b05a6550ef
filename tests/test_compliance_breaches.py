"""The breach log (PDPA s.37(4), docs/compliance.md "Breach log"): the 72-hour clock from
discovery to notifying the office, a late notification's reason, a province's suspected breach
completed by the department, version checks, one-time tokens and audit rows.

Personas: admin (the department), pat (province ลำพูน), olivia (another province), alice (a
district officer: reads no breach)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from compliance import services
from compliance.clock import State, notification_clock
from compliance.models import Breach, Risk
from core.errors import DomainError
from core.once import new_form_token
from core.thai import date_to_be_input
from geography.models import Province

START = timezone.make_aware(dt.datetime(2026, 12, 1, 9, 0))


class Clock:
    def __init__(self, monkeypatch, start: dt.datetime):
        self.now = start
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, START)


def report_values(**overrides):
    values = {
        "discovered_at": START,
        "description": "แฟ้มสำเนาบัตรประชาชนของผู้สมัครถูกส่งทางอีเมลผิดผู้รับ",
        "data_affected": "สำเนาบัตรประจำตัวประชาชน",
        "people_affected": 12,
        "measures": "ขอให้ผู้รับลบอีเมล",
    }
    values.update(overrides)
    return values


def full_values(breach, **overrides):
    values = {
        "province": breach.province,
        **report_values(),
        "risk": Risk.RISK,
        "office_notified_at": None,
        "late_reason": "",
        "subjects_notified_at": None,
        "close": False,
    }
    values.update(overrides)
    return values


@pytest.fixture
def breach(clock, admin_user):
    return services.breach_report(
        actor=admin_user,
        values=report_values(),
        once=new_form_token(),
        province=Province.objects.get(pk="51"),
    )


def moment_post(prefix, moment):
    local = timezone.localtime(moment)
    return {f"{prefix}_0": date_to_be_input(local.date()), f"{prefix}_1": local.strftime("%H:%M")}


# --- the clock ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "after, notified, state, hours",
    [
        (dt.timedelta(hours=1), None, State.RUNNING, 71),
        (dt.timedelta(hours=47, minutes=59), None, State.RUNNING, 24),
        (dt.timedelta(hours=48), None, State.AMBER, 24),
        (dt.timedelta(hours=71, minutes=30), None, State.AMBER, 0),
        (dt.timedelta(hours=72), None, State.LATE, 0),
        (dt.timedelta(hours=80), None, State.LATE, 8),
        (dt.timedelta(hours=200), dt.timedelta(hours=70), State.WITHIN, 2),
        (dt.timedelta(hours=200), dt.timedelta(hours=72), State.WITHIN, 0),
        (dt.timedelta(hours=200), dt.timedelta(hours=75), State.AFTER, 3),
    ],
)
def test_the_clock(after, notified, state, hours):
    clock = notification_clock(START, START + notified if notified else None, START + after)
    assert (clock.state, clock.hours) == (state, hours)
    assert clock.deadline == START + dt.timedelta(hours=72)


def test_the_list_shows_the_clock_amber_in_the_last_day_and_red_when_late(
    client, clock, admin_user, pat, breach
):
    url = reverse("compliance:breaches")
    for user in (admin_user, pat):
        client.force_login(user)
        clock.now = START + dt.timedelta(hours=10)
        body = client.get(url).content.decode()
        assert 'data-clock="running"' in body and "เหลือ 62 ชั่วโมง" in body
        clock.now = START + dt.timedelta(hours=50)
        client.force_login(user)
        body = client.get(url).content.decode()
        assert 'data-clock="amber"' in body and "clock-amber" in body and "เหลือ 22 ชั่วโมง" in body
        clock.now = START + dt.timedelta(hours=75)
        client.force_login(user)
        body = client.get(url).content.decode()
        assert 'data-clock="late"' in body and "clock-late" in body
        assert "เกิน 72 ชั่วโมงแล้ว 3 ชั่วโมง" in body


def test_a_late_notification_needs_its_reason(client, clock, admin_user, breach):
    clock.advance(hours=90)
    late = START + dt.timedelta(hours=80)
    with pytest.raises(DomainError) as refused:
        services.breach_update(
            actor=admin_user,
            breach=breach,
            values=full_values(breach, office_notified_at=late),
            expected_version=breach.version,
        )
    assert refused.value.field == "late_reason"
    breach.refresh_from_db()
    assert breach.office_notified_at is None and breach.version == 1
    services.breach_update(
        actor=admin_user,
        breach=breach,
        values=full_values(breach, office_notified_at=late, late_reason="ระบบอีเมลของกรมขัดข้อง"),
        expected_version=1,
    )
    client.force_login(admin_user)
    body = client.get(reverse("compliance:breaches")).content.decode()
    assert 'data-clock="after"' in body and "แจ้งหลัง 72 ชั่วโมง" in body


def test_a_notification_in_time_needs_no_reason(client, clock, admin_user, breach):
    clock.advance(hours=30)
    services.breach_update(
        actor=admin_user,
        breach=breach,
        values=full_values(breach, office_notified_at=START + dt.timedelta(hours=20)),
        expected_version=1,
    )
    client.force_login(admin_user)
    body = client.get(reverse("compliance:breaches")).content.decode()
    assert 'data-clock="within"' in body and "แจ้งภายใน 72 ชั่วโมง" in body


def test_the_late_reason_is_asked_on_the_page(client, clock, admin_user, breach):
    clock.advance(hours=100)
    client.force_login(admin_user)
    url = reverse("compliance:breach", args=[breach.pk])
    data = {
        "province": "51",
        **moment_post("discovered_at", START),
        "description": breach.description,
        "risk": "RISK",
        **moment_post("office_notified_at", START + dt.timedelta(hours=73)),
        "expected_version": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "กรุณาระบุเหตุที่แจ้งล่าช้า" in response.content.decode()
    response = client.post(url, {**data, "late_reason": "รอผลตรวจสอบจากผู้ให้บริการ"})
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.office_notified_at == START + dt.timedelta(hours=73)
    assert breach.late_reason == "รอผลตรวจสอบจากผู้ให้บริการ"


def test_a_high_risk_breach_closes_only_once_its_people_are_told(clock, admin_user, breach):
    clock.advance(hours=40)
    office = START + dt.timedelta(hours=30)
    values = full_values(breach, risk=Risk.HIGH, office_notified_at=office, close=True)
    with pytest.raises(DomainError) as refused:
        services.breach_update(actor=admin_user, breach=breach, values=values, expected_version=1)
    assert refused.value.field == "subjects_notified_at"
    told = START + dt.timedelta(hours=35)
    services.breach_update(
        actor=admin_user,
        breach=breach,
        values={**values, "subjects_notified_at": told},
        expected_version=1,
    )
    breach.refresh_from_db()
    assert breach.closed_at == clock.now and breach.closed_by == admin_user
    entry = AuditEntry.objects.get(action="compliance.breach_close")
    assert entry.actor == admin_user and entry.changes["risk"] == ["", "HIGH"]
    # A closed breach stays as it was closed.
    with pytest.raises(DomainError):
        services.breach_update(
            actor=admin_user, breach=breach, values=full_values(breach), expected_version=2
        )


def test_closing_needs_the_assessment_and_the_office_told(clock, admin_user, breach):
    clock.advance(hours=5)
    with pytest.raises(DomainError) as refused:
        services.breach_update(
            actor=admin_user,
            breach=breach,
            values=full_values(breach, risk="", close=True),
            expected_version=1,
        )
    assert refused.value.field == "risk"
    with pytest.raises(DomainError) as refused:
        services.breach_update(
            actor=admin_user,
            breach=breach,
            values=full_values(breach, close=True),
            expected_version=1,
        )
    assert refused.value.field == "office_notified_at"


def test_a_stale_form_is_refused(clock, admin_user, breach):
    clock.advance(hours=1)
    services.breach_update(
        actor=admin_user, breach=breach, values=full_values(breach), expected_version=1
    )
    with pytest.raises(DomainError):
        services.breach_update(
            actor=admin_user,
            breach=breach,
            values=full_values(breach, measures="อื่น"),
            expected_version=1,
        )
    breach.refresh_from_db()
    assert breach.version == 2 and breach.measures == "ขอให้ผู้รับลบอีเมล"


def test_times_are_bounded(clock, admin_user, breach):
    with pytest.raises(DomainError) as refused:
        services.breach_report(
            actor=admin_user,
            values=report_values(discovered_at=START + dt.timedelta(hours=1)),
            once=new_form_token(),
        )
    assert refused.value.field == "discovered_at"
    with pytest.raises(DomainError) as refused:
        services.breach_update(
            actor=admin_user,
            breach=breach,
            values=full_values(breach, office_notified_at=START - dt.timedelta(hours=1)),
            expected_version=1,
        )
    assert refused.value.field == "office_notified_at"


def test_a_province_reports_a_suspected_breach_the_department_completes(
    client, clock, admin_user, pat, olivia, alice
):
    client.force_login(pat)
    form = client.get(reverse("compliance:breach_create"))
    assert form.status_code == 200
    assert 'name="province"' not in form.content.decode()  # a province reports for itself
    once = form.context["form"]["once"].value()
    data = {
        "once": once,
        **moment_post("discovered_at", START - dt.timedelta(hours=2)),
        "description": "เครื่องคอมพิวเตอร์ของสำนักงานที่เก็บสำเนาเอกสารสูญหาย",
        "people_affected": "๓๐",
        "province": "50",  # ignored: not a field of a province's form, and the service decides
    }
    response = client.post(reverse("compliance:breach_create"), data)
    assert response.status_code == 302
    assert client.post(reverse("compliance:breach_create"), data).status_code == 200  # sent twice
    breach = Breach.objects.get()
    assert (breach.province_id, breach.suspected, breach.reported_by) == ("51", True, pat)
    assert breach.people_affected == 30
    report = AuditEntry.objects.get(action="compliance.breach_report")
    assert report.actor == pat and report.changes["suspected"] is True

    detail = reverse("compliance:breach", args=[breach.pk])
    page = client.get(detail)
    assert page.status_code == 200 and page.context["form"] is None  # the province reads
    assert client.post(detail, {"expected_version": "1"}).status_code == 404
    for outsider in (olivia, alice):
        client.force_login(outsider)
        assert client.get(detail).status_code == 404
    client.force_login(olivia)
    assert client.get(reverse("compliance:breaches")).context["rows"] == []
    client.force_login(alice)
    assert client.get(reverse("compliance:breaches")).status_code == 404
    assert client.get(reverse("compliance:breach_create")).status_code == 404

    client.force_login(admin_user)
    assert 'name="province"' in client.get(reverse("compliance:breach_create")).content.decode()
    page = client.get(detail)
    assert page.context["form"] is not None
    response = client.post(
        detail,
        {
            "province": "51",
            **moment_post("discovered_at", breach.discovered_at),
            "description": breach.description,
            "people_affected": "30",
            "risk": "RISK",
            **moment_post("office_notified_at", START),
            "expected_version": "1",
        },
    )
    assert response.status_code == 302
    breach.refresh_from_db()
    assert not breach.suspected and breach.risk == Risk.RISK and breach.version == 2
    update = AuditEntry.objects.get(action="compliance.breach_update")
    assert update.actor == admin_user and update.changes["suspected"] == [True, False]
    history = client.get(detail).context["history"]
    assert [h.entry.action for h in history] == [
        "compliance.breach_update",
        "compliance.breach_report",
    ]
    assert "การประเมินความเสี่ยง" in history[0].fields


def test_a_province_cannot_report_for_another_province(clock, pat):
    breach = services.breach_report(
        actor=pat,
        values=report_values(),
        once=new_form_token(),
        province=Province.objects.get(pk="50"),
    )
    assert breach.province_id == "51" and breach.suspected


def test_the_department_records_a_breach_of_the_whole_system(client, clock, admin_user, pat):
    client.force_login(admin_user)
    form = client.get(reverse("compliance:breach_create"))
    response = client.post(
        reverse("compliance:breach_create"),
        {
            "once": form.context["form"]["once"].value(),
            "province": "",
            **moment_post("discovered_at", START),
            "description": "พบการเข้าถึงฐานข้อมูลโดยไม่ได้รับอนุญาต",
        },
    )
    assert response.status_code == 302
    breach = Breach.objects.get()
    assert breach.province is None and not breach.suspected
    client.force_login(pat)  # a province reads only its own
    assert client.get(reverse("compliance:breach", args=[breach.pk])).status_code == 404
