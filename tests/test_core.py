import io

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.management import call_command
from django.test import Client

from core.errors import DomainError
from core.messages import form_errors_to_messages, run_and_report
from core.ordering import swap_with_neighbour
from geography.models import District, Province, Subdistrict, Village


def test_healthz_reports_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_geography_is_complete_and_reloading_changes_nothing(db):
    assert (Province.objects.count(), District.objects.count(), Subdistrict.objects.count()) == (
        77,
        928,
        7436,
    )
    assert District.objects.get(pk="5101").name_th == "เมืองลำพูน"
    out = io.StringIO()
    call_command("load_geography", stdout=out)
    assert "เพิ่ม 0, ปรับปรุง 0" in out.getvalue()
    assert Subdistrict.objects.count() == 7436


def test_district_officer_adds_villages_only_in_own_district(client, alice):
    client.force_login(alice)
    response = client.post(
        "/geography/villages/", {"subdistrict": "510101", "number": 4, "name": "ป่าเส้า"}
    )
    assert response.status_code == 302
    assert Village.objects.get(subdistrict_id="510101", number=4).name == "ป่าเส้า"
    duplicate = client.post(
        "/geography/villages/", {"subdistrict": "510101", "number": 4, "name": "ซ้ำ"}
    )
    assert "มีอยู่แล้ว" in duplicate.content.decode()
    other = client.post(
        "/geography/villages/", {"subdistrict": "510201", "number": 1, "name": "นอกเขต"}
    )
    assert other.status_code == 200
    assert not Village.objects.filter(subdistrict_id="510201").exists()


def test_province_defines_zones_of_its_districts(client, pat):
    client.force_login(pat)
    response = client.post("/geography/zones/", {"name": "โซนเหนือ", "districts": ["5101", "5102"]})
    assert response.status_code == 302
    clash = client.post("/geography/zones/", {"name": "โซนใต้", "districts": ["5102", "5104"]})
    assert "อยู่ในโซนอื่นแล้ว" in clash.content.decode()
    foreign = client.post("/geography/zones/", {"name": "โซนนอก", "districts": ["5001"]})
    assert foreign.status_code == 200


def test_security_headers_and_no_store(client, alice):
    client.force_login(alice)
    response = client.get("/geography/villages/")
    csp = response["Content-Security-Policy"]
    assert (
        "object-src 'none'" in csp and "base-uri 'none'" in csp and "frame-ancestors 'none'" in csp
    )
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_ui_is_thai_by_default_and_english_on_request(client, alice):
    client.force_login(alice)
    assert "ทะเบียนผู้สมัคร" in client.get("/geography/villages/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/geography/villages/"})
    assert "Applicant register" in client.get("/geography/villages/").content.decode()


def test_failed_logins_lock_the_account(client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"username": "alice", "password": "test-password-123"}
    )
    assert "ถูกระงับชั่วคราว" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_idle_session_ends(client, alice, settings):
    client.force_login(alice)
    session = client.session
    session["last_seen"] = 0
    session.save()
    response = client.get("/geography/villages/")
    assert response.status_code == 302


class Clock:
    """Stands in for time.time in the session middleware."""

    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    import core.middleware

    clock = Clock(1_800_000_000)
    monkeypatch.setattr(core.middleware.time, "time", clock)
    return clock


def login(client, user):
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": "test-password-123"}
    )
    assert response.status_code == 302


def test_the_idle_limit_holds_with_a_clock(client, alice, settings, clock):
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 30 * 60
    login(client, alice)
    clock.now += 29 * 60
    assert client.get("/geography/villages/").status_code == 200
    clock.now += 29 * 60  # 58 minutes after login, but never 30 idle
    assert client.get("/geography/villages/").status_code == 200
    clock.now += 31 * 60
    assert client.get("/geography/villages/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_absolute_limit_holds_for_a_session_used_all_day(client, alice, settings, clock):
    """Requests every 20 minutes keep the session from going idle, yet it ends 12 hours after
    login (it used to be renewed by every save)."""
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 30 * 60
    settings.SESSION_COOKIE_AGE = 12 * 3600
    login(client, alice)
    for _ in range(35):  # 11 h 40 min of steady use
        clock.now += 20 * 60
        assert client.get("/geography/villages/").status_code == 200
    clock.now += 21 * 60  # 12 h 1 min after login
    assert client.get("/geography/villages/").status_code == 302
    assert "_auth_user_id" not in client.session
    # Logging in again starts a new lifetime.
    login(client, alice)
    clock.now += 60
    assert client.get("/geography/villages/").status_code == 200


def test_disabled_user_is_logged_out(client, alice, pat):
    client.force_login(alice)
    from accounts.services import user_set_active

    user_set_active(actor=pat, user=alice, active=False)
    assert client.get("/geography/villages/").status_code == 302


def test_logs_redact_national_ids():
    import logging

    from core.logging import RedactPersonalData

    record = logging.LogRecord("x", logging.INFO, __file__, 1, "id %s", ("3100600445635",), None)
    RedactPersonalData().filter(record)
    assert "3100600445635" not in record.getMessage()


@pytest.mark.parametrize("value,expected", [("2569-12-20", "20 ธันวาคม 2569")])
def test_thai_date(value, expected):
    import datetime as dt

    from core.thai import fiscal_year_of, thai_date

    assert thai_date(dt.date(2026, 12, 20)) == expected
    assert (
        thai_date(dt.date(2019, 1, 11), thai_numerals=True, with_era=True) == "๑๑ มกราคม พ.ศ. ๒๕๖๒"
    )
    assert (
        fiscal_year_of(dt.date(2026, 10, 1)) == 2570
        and fiscal_year_of(dt.date(2026, 9, 30)) == 2569
    )


def test_thai_even_for_an_english_browser(client, alice):
    client.force_login(alice)
    body = client.get(
        "/geography/villages/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()
    assert "ทะเบียนผู้สมัคร" in body


def test_seed_demo_creates_lamphun_once(db, settings, tmp_path):
    from accounts.models import User
    from registration.models import Unit, UnitDocument

    settings.CREDENTIAL_SIGNING_KEY_FILE = tmp_path / "credential-key.pem"
    call_command("seed_demo", stdout=io.StringIO())
    units = Unit.objects.filter(district__province_id="51")
    assert set(units.values_list("unit_type", flat=True)) == {
        "LEADER",
        "GROUP",
        "NETWORK",
        "COMMUNITY",
    }
    assert {"DRAFT", "SUBMITTED", "DOCUMENTS_RETURNED", "DOCUMENTS_COMPLETE"} <= set(
        units.values_list("status", flat=True)
    )
    document = UnitDocument.objects.filter(content_type="application/pdf").first()
    assert document is not None
    assert document.file.read(5) == b"%PDF-"
    assert (
        User.objects.filter(
            username__in=["admin", "lamphun", "mueang", "mueang.dev1", "maetha"]
        ).count()
        == 5
    )
    from development.models import SelfAssessment

    assert SelfAssessment.objects.filter(state="FINISHED", phase="BEFORE").count() == 2

    # Stage 5: member logins, an open round with one member's scores, and a unit taken all the
    # way to a certificate that the public verify page and register show.
    from assessment.models import MemberScore, RoundUnit
    from certification.models import Certificate
    from certified.models import OutstandingSelection, UnitProfile

    assert User.objects.filter(role="COMMITTEE", username__startswith="maetha.").count() == 3
    open_entry = RoundUnit.objects.get(round__district_id="5101")
    assert open_entry.round.is_open and open_entry.starts_at is not None
    assert (
        MemberScore.objects.filter(round_unit=open_entry).values("member").distinct().count() == 1
    )
    certificate = Certificate.objects.get()
    assert certificate.unit.status == "CERTIFIED" and certificate.pdf.read(5) == b"%PDF-"
    # Signed: the year's signer is set, so the province's pages may issue more.
    assert certificate.programme_year.certificate_settings.signer_name
    assert UnitProfile.objects.get(unit=certificate.unit).is_published
    assert OutstandingSelection.objects.filter(unit=certificate.unit).exists()
    client = Client()
    assert certificate.unit.name in client.get(f"/verify/{certificate.code}").content.decode()
    assert certificate.unit.name in client.get("/public/certified/").content.decode()
    response = client.post(
        "/accounts/login/",
        {"username": "mueang.member1", "password": "mchch-demo-2570"},
        follow=True,
    )
    assert response.context["user"].username == "mueang.member1"
    counts = (Unit.objects.count(), UnitDocument.objects.count(), User.objects.count())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "ไม่เปลี่ยนแปลง" in out.getvalue()
    assert (Unit.objects.count(), UnitDocument.objects.count(), User.objects.count()) == counts


def test_djangos_own_form_messages_are_thai():
    """Django's Thai catalogue leaves some messages in English; ours (locale/th) fills them."""
    from django.core.exceptions import ValidationError
    from django.utils import translation

    cases = [
        (forms.CharField(max_length=5), "abcdefg", "ยาวได้ไม่เกิน 5 ตัวอักษร (ขณะนี้มี 7)"),
        (forms.CharField(min_length=3), "ab", "ต้องมีอย่างน้อย 3 ตัวอักษร (ขณะนี้มี 2)"),
        (forms.CharField(), "", "กรุณากรอกข้อมูลช่องนี้"),
        (forms.IntegerField(max_value=9), "10", "ค่าต้องไม่เกิน 9"),
        (forms.ChoiceField(choices=[("a", "A")]), "b", "ตัวเลือก b ไม่มีในรายการ กรุณาเลือกใหม่"),
    ]
    with translation.override("th"):
        for field, value, expected in cases:
            with pytest.raises(ValidationError) as error:
                field.clean(value)
            assert error.value.messages == [expected]


def test_favicon_is_served_by_the_app(client, db):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_no_template_uses_inline_styles():
    """The content security policy (style-src 'self') makes browsers ignore style attributes;
    spacing lives in the stylesheet's classes."""
    from pathlib import Path

    offenders = [
        str(path)
        for path in Path("templates").rglob("*.html")
        if ' style="' in path.read_text(encoding="utf-8")
        or "<style" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_demo_logins_name_the_committee_accounts(db):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "mueang.member1" in out.getvalue() and "maetha.secretary" in out.getvalue()


def test_form_errors_become_messages_in_the_forms_order(rf):
    class Pair(forms.Form):
        first = forms.CharField(error_messages={"required": "first missing"})
        second = forms.IntegerField(error_messages={"invalid": "second not a number"})

        def clean(self):
            raise forms.ValidationError(["whole form one", "whole form two"])

    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    form = Pair({"first": "", "second": "x"})
    assert not form.is_valid()
    form_errors_to_messages(request, form)
    shown = [(m.level_tag, m.message) for m in get_messages(request)]
    assert shown == [
        ("error", "first missing"),
        ("error", "second not a number"),
        ("error", "whole form one"),
        ("error", "whole form two"),
    ]


@pytest.mark.parametrize(
    ("index", "direction", "moved", "order"),
    [
        (1, "up", 0, ["b", "a", "c"]),
        (1, "down", 2, ["a", "c", "b"]),
        (0, "up", None, ["a", "b", "c"]),
        (2, "down", None, ["a", "b", "c"]),
    ],
)
def test_swap_with_neighbour(index, direction, moved, order):
    items = ["a", "b", "c"]
    assert swap_with_neighbour(items, index, direction) == moved
    assert items == order


def test_swap_with_neighbour_refuses_other_directions():
    items = ["a", "b"]
    with pytest.raises(DomainError):
        swap_with_neighbour(items, 0, "left")
    assert items == ["a", "b"]


def test_run_and_report_says_how_a_button_write_went(rf, alice):
    request = rf.post("/")
    request.user = alice
    request.session = {}
    request._messages = FallbackStorage(request)
    calls = []

    def write(*, actor, value):
        calls.append((actor, value))
        if value == "refused":
            raise DomainError("ปฏิเสธ")

    assert run_and_report(request, write, done="เสร็จ", value="ok") is True
    assert run_and_report(request, write, done="เสร็จ", value="refused") is False
    assert run_and_report(request, write, value="quiet") is True  # no `done`: no message
    assert calls == [(alice, "ok"), (alice, "refused"), (alice, "quiet")]
    shown = [(m.level_tag, m.message) for m in get_messages(request)]
    assert shown == [("success", "เสร็จ"), ("error", "ปฏิเสธ")]
