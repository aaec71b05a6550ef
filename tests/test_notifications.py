"""Notifications (docs/notifications.md): the workflow's moves reach the people whose work they
are — and nobody of another district — in the app and by real mail over SMTP to a local
server, sent by the background worker after commit, retried when the server fails; LINE
through a local stand-in for the Messaging API."""

import base64
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse

from accounts.models import Role
from notifications import services as notification_services
from notifications.models import Delivery, Kind, LineLink, Notification
from programme.events import DistrictReportSent
from registration import services as registration_services
from tests.conftest import complete_documents, make_user
from tests.factories import Inbox, free_port, run_worker


@pytest.fixture
def people(alice, dave, charlie):
    """District A's second officer beside alice, with e-mail addresses for all."""
    for user, address in ((alice, "alice@example.org"), (dave, "dave@example.org")):
        user.email = address
        user.save(update_fields=["email"])
    charlie.email = "charlie@example.org"
    charlie.save(update_fields=["email"])
    return {
        "bob": make_user("bob", Role.DISTRICT, district="5101", email="bob@example.org"),
        "charlie_dev": make_user("charlie_dev", Role.DEVELOPER, district="5102"),
    }


pytestmark = pytest.mark.usefixtures("worker_in_test")


def return_a_document(alice, dave, leader, capture):
    leader.responsible_developer = dave
    leader.save(update_fields=["responsible_developer"])
    with capture(execute=True):
        unit = complete_documents(leader, alice)
    document = unit.documents.filter(is_current=True).first()
    with capture(execute=True):
        registration_services.document_return(
            actor=alice, document=document, reason="สำเนาบัตรไม่ชัด กรุณาถ่ายใหม่"
        )
    return unit


def test_a_returned_document_reaches_the_developer_and_the_officers_by_mail(
    alice, dave, charlie, people, leader, smtp, django_capture_on_commit_callbacks
):
    return_a_document(alice, dave, leader, django_capture_on_commit_callbacks)
    returned = Notification.objects.filter(kind=Kind.DOCUMENT_RETURNED)
    # The developer and the district's other officer; not alice, who returned it; nobody of
    # another district.
    assert {n.recipient.username for n in returned} == {"dave", "bob"}
    assert not Notification.objects.filter(recipient__in=[charlie, people["charlie_dev"]]).exists()
    assert all(n.email == Delivery.PENDING for n in returned)

    run_worker()

    by_address = {to[0]: message for to, message in smtp.messages}
    message = by_address["dave@example.org"]
    assert message["Subject"].strip() == f"[มชช.] เอกสารถูกส่งคืนให้แก้ไข: {leader.name}"
    body = message.get_content()
    assert "สำเนาบัตรไม่ชัด กรุณาถ่ายใหม่" in body
    assert f"/units/{leader.pk}/" in body
    assert set(by_address) == {"dave@example.org", "bob@example.org"}
    for notification in returned:
        notification.refresh_from_db()
        assert notification.email == Delivery.SENT and notification.emailed_at is not None


def test_a_failing_mail_server_does_not_fail_the_action_and_the_mail_is_retried(
    alice, dave, people, leader, settings, django_capture_on_commit_callbacks
):
    # Nothing listens on this port: every attempt fails at once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.NOTIFY_RETRY_SECONDS = [0, 0]

    unit = return_a_document(alice, dave, leader, django_capture_on_commit_callbacks)
    assert unit.documents.filter(review="RETURNED").exists()  # the action stood

    run_worker()  # first attempt and both retries fail; then the attempts are spent
    notification = Notification.objects.get(recipient=dave, kind=Kind.DOCUMENT_RETURNED)
    assert notification.email == Delivery.FAILED
    assert notification.email_attempts == 3
    assert "ConnectionRefusedError" in notification.email_error


def test_the_retry_delivers_once_the_server_is_back(
    alice, dave, people, leader, settings, django_capture_on_commit_callbacks
):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    dead_port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", dead_port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.NOTIFY_RETRY_SECONDS = [3600]
    return_a_document(alice, dave, leader, django_capture_on_commit_callbacks)
    run_worker()  # every first attempt fails; the retries wait an hour
    notification = Notification.objects.get(recipient=dave, kind=Kind.DOCUMENT_RETURNED)
    assert notification.email == Delivery.PENDING and notification.email_attempts == 1
    waiting = DBTaskResult.objects.filter(status="READY", run_after__gt=timezone.now())
    assert waiting.count() == Notification.objects.filter(email=Delivery.PENDING).count()

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=dead_port)
    controller.start()
    try:
        waiting.update(run_after=timezone.now())  # the hour has passed
        run_worker()
    finally:
        controller.stop()
    notification.refresh_from_db()
    assert notification.email == Delivery.SENT and notification.email_attempts == 2
    returned = f"[มชช.] เอกสารถูกส่งคืนให้แก้ไข: {leader.name}"
    to_dave = [m for to, m in inbox.messages if to == ["dave@example.org"]]
    assert [m["Subject"].strip() for m in to_dave].count(returned) == 1


def test_the_same_event_twice_tells_each_person_once(alice, dave, people, leader):
    for _ in range(2):
        notification_services.notify(
            recipients=[dave, people["bob"]],
            kind=Kind.DOCUMENT_RETURNED,
            params={"unit_name": leader.name},
            url="/units/1/",
            key="unit:1:test",
            about=leader,
        )
    assert Notification.objects.filter(key="unit:1:test").count() == 2


def test_nobody_is_told_of_a_unit_outside_their_scope(leader, charlie, people):
    created = notification_services.notify(
        recipients=[charlie, people["charlie_dev"], people["bob"]],
        kind=Kind.UNIT_SUBMITTED,
        params={"unit_name": leader.name},
        url="",
        key="scope-test",
        about=leader,
    )
    assert [n.recipient.username for n in created] == ["bob"]


def test_a_user_who_turned_mail_off_gets_it_in_the_app_only(
    alice, dave, people, leader, client, smtp, django_capture_on_commit_callbacks
):
    client.force_login(dave)
    response = client.post(
        reverse("notifications:preferences"),
        {f"email_{k.value}": "on" for k in Kind if k != Kind.DOCUMENT_RETURNED},
    )
    assert response.status_code == 302
    return_a_document(alice, dave, leader, django_capture_on_commit_callbacks)
    run_worker()
    notification = Notification.objects.get(recipient=dave, kind=Kind.DOCUMENT_RETURNED)
    assert notification.email == Delivery.NOT_WANTED
    returned = f"[มชช.] เอกสารถูกส่งคืนให้แก้ไข: {leader.name}"
    sent = [(to, m["Subject"].strip()) for to, m in smtp.messages]
    assert (["dave@example.org"], returned) not in sent
    assert (["bob@example.org"], returned) in sent
    # The kinds left on still reach dave by mail (the unit's submission).
    assert any(to == ["dave@example.org"] for to, _ in sent)


def test_the_bell_counts_unread_and_the_inbox_is_ones_own(
    alice, dave, charlie, olivia, people, leader, client, django_capture_on_commit_callbacks
):
    return_a_document(alice, dave, leader, django_capture_on_commit_callbacks)
    mine = Notification.objects.get(recipient=dave, kind=Kind.DOCUMENT_RETURNED)
    bobs = Notification.objects.get(recipient=people["bob"], kind=Kind.DOCUMENT_RETURNED)

    client.force_login(dave)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "สำเนาบัตรไม่ชัด" in page and leader.name in page
    unread = Notification.objects.filter(recipient=dave, read_at__isnull=True).count()
    assert unread >= 1
    home = client.get(reverse("home"), follow=True).content.decode()
    assert f'data-unread="{unread}"' in home

    # Somebody else's notification is a 404 and stays unread: a colleague's, and anyone's to
    # people of another district or province (tests/test_scope_urls.py points here).
    assert client.get(reverse("notifications:open", args=[bobs.pk])).status_code == 404
    for outsider in (charlie, olivia, people["charlie_dev"]):
        client.force_login(outsider)
        assert client.get(reverse("notifications:open", args=[mine.pk])).status_code == 404
    bobs.refresh_from_db()
    mine.refresh_from_db()
    assert bobs.read_at is None and mine.read_at is None
    client.force_login(dave)

    response = client.get(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == f"/units/{leader.pk}/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert f'data-unread="{unread - 1}"' in page


def test_a_plan_submitted_returned_and_approved_reaches_the_right_people(
    alice, dave, people, assessed, django_capture_on_commit_callbacks
):
    from core.once import new_form_token
    from development import services as development_services
    from frameworks.models import Indicator
    from tests.factories import plan_values

    gap = Indicator.objects.get(
        component__framework__programme_year=assessed.programme_year, code="1.2"
    )
    development_services.plan_item_add(
        once=new_form_token(), actor=alice, unit=assessed, indicator_id=gap.pk, values=plan_values()
    )
    with django_capture_on_commit_callbacks(execute=True):
        development_services.plan_submit(actor=alice, unit=assessed)
    with django_capture_on_commit_callbacks(execute=True):
        development_services.plan_review(
            actor=dave, unit=assessed, approve=False, comment="ควรระบุวิทยากร"
        )
    with django_capture_on_commit_callbacks(execute=True):
        development_services.plan_submit(actor=alice, unit=assessed)
    with django_capture_on_commit_callbacks(execute=True):
        development_services.plan_review(actor=dave, unit=assessed, approve=True, comment="")

    def told(kind):
        return sorted(
            Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
        )

    # The developer hears of both submissions; alice and bob of the review's outcome.
    assert told(Kind.PLAN_SUBMITTED) == ["bob", "bob", "dave", "dave"]
    assert told(Kind.PLAN_RETURNED) == ["alice", "bob"]
    assert told(Kind.PLAN_APPROVED) == ["alice", "bob"]
    returned = Notification.objects.get(kind=Kind.PLAN_RETURNED, recipient=alice)
    assert returned.params["reason"] == "ควรระบุวิทยากร"


class LineApi(BaseHTTPRequestHandler):
    """Stands in for api.line.me: records each push it is sent."""

    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        LineApi.received.append((self.path, dict(self.headers), json.loads(body)))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"sentMessages":[{"id":"1","quoteToken":"q"}]}')

    def log_message(self, *args):
        pass


@pytest.fixture
def line_api(settings):
    LineApi.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), LineApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.LINE_ENABLED = True
    settings.LINE_API_BASE_URL = f"http://127.0.0.1:{server.server_port}"
    settings.LINE_CHANNEL_ACCESS_TOKEN = "test-access-token"
    settings.LINE_CHANNEL_SECRET = "test-channel-secret"
    yield LineApi.received
    server.shutdown()


def signed(body: bytes, secret: str) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def webhook_body(text: str, user_id: str) -> bytes:
    return json.dumps(
        {
            "destination": "Uoffice",
            "events": [
                {
                    "type": "message",
                    "mode": "active",
                    "timestamp": 1700000000000,
                    "webhookEventId": "01H",
                    "deliveryContext": {"isRedelivery": False},
                    "replyToken": "r",
                    "source": {"type": "user", "userId": user_id},
                    "message": {"type": "text", "id": "1", "quoteToken": "q", "text": text},
                }
            ],
        }
    ).encode()


def test_line_link_by_code_and_push_through_the_messaging_api(
    alice, dave, people, leader, client, line_api, django_capture_on_commit_callbacks
):
    client.force_login(dave)
    client.post(reverse("notifications:line_link"), {"action": "start"})
    code = LineLink.objects.get(user=dave).code or ""
    assert len(code) == 10
    assert code in client.get(reverse("notifications:preferences")).content.decode()

    # A forged webhook (wrong signature) links nothing.
    body = webhook_body(code, "U1234567890abcdef")
    forged = client.post(
        reverse("notifications:line_webhook"),
        body,
        content_type="application/json",
        headers={"X-Line-Signature": signed(body, "not-the-secret")},
    )
    assert forged.status_code == 400
    assert LineLink.objects.get(user=dave).line_user_id is None

    response = client.post(
        reverse("notifications:line_webhook"),
        body,
        content_type="application/json",
        headers={"X-Line-Signature": signed(body, "test-channel-secret")},
    )
    assert response.status_code == 200
    assert LineLink.objects.get(user=dave).line_user_id == "U1234567890abcdef"

    client.post(
        reverse("notifications:preferences"),
        {"email_DOCUMENT_RETURNED": "on", "line_DOCUMENT_RETURNED": "on"},
    )
    return_a_document(alice, dave, leader, django_capture_on_commit_callbacks)
    run_worker()

    [(path, headers, payload)] = line_api
    assert path == "/v2/bot/message/push"
    assert headers["Authorization"] == "Bearer test-access-token"
    assert headers.get("X-Line-Retry-Key")
    assert payload["to"] == "U1234567890abcdef"
    assert "สำเนาบัตรไม่ชัด" in payload["messages"][0]["text"]
    notification = Notification.objects.get(recipient=dave, kind=Kind.DOCUMENT_RETURNED)
    assert notification.line == Delivery.SENT


def test_line_is_off_unless_configured(dave, client):
    client.force_login(dave)
    response = client.post(reverse("notifications:line_link"), {"action": "start"}, follow=True)
    assert "ยังไม่ได้เปิดการแจ้งเตือนทาง LINE" in response.content.decode()
    assert not LineLink.objects.exists()
    assert (
        client.post(
            reverse("notifications:line_webhook"), b"{}", content_type="application/json"
        ).status_code
        == 404
    )


def test_a_report_sent_reaches_the_province_only(
    alice, pat, olivia, charlie, year, django_capture_on_commit_callbacks
):
    from notifications import text
    from programme.services import district_report_send

    with django_capture_on_commit_callbacks(execute=True):
        district_report_send(
            actor=alice, year=year, district_id="5101", deadline="applicant_list_due", unit_count=4
        )
    [sent] = Notification.objects.filter(kind=Kind.REPORT_SENT)
    assert sent.recipient == pat
    assert text.body(sent) == "อำเภอเมืองลำพูน ส่ง “ส่งแบบรายชื่อผู้สมัครถึงจังหวัด” แล้ว (4 หน่วยนับ)"
    assert not Notification.objects.filter(recipient__in=[olivia, charlie]).exists()


def test_a_scheduled_round_reaches_each_member_with_the_date_and_slots(
    alice, charlie, members, entry, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.utils import timezone

    from assessment import services as assessment_services
    from notifications import text

    starts = timezone.make_aware(dt.datetime(2027, 3, 10, 9, 0))
    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.round_schedule(actor=alice, round_=entry.round, starts_at=starts)
    told = Notification.objects.filter(kind=Kind.ROUND_SCHEDULED)
    assert {n.recipient for n in told} == {members[k].user for k in ("m1", "m2", "sec")}
    assert not told.filter(recipient=charlie).exists()
    body = text.body(told[0])
    assert "วันที่ 10 มีนาคม 2570 เริ่ม 09:00 น. หน่วยนับ 1 หน่วย" in body

    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.round_close(actor=alice, round_=entry.round)
    closed = Notification.objects.filter(kind=Kind.ROUND_CLOSED)
    assert {n.recipient for n in closed} == {members[k].user for k in ("m1", "m2", "sec")}
    assert "กรรมการทุกคนเห็นคะแนนของกันและกันได้" in text.body(closed[0])


def test_line_on_without_its_secret_fails_the_start_up_check(settings):
    from notifications.checks import line_settings

    settings.LINE_ENABLED = True
    settings.LINE_CHANNEL_SECRET = ""
    settings.LINE_CHANNEL_ACCESS_TOKEN = "token"
    [error] = line_settings()
    assert error.id == "mchch.E201" and "LINE_CHANNEL_SECRET" in error.msg
    settings.LINE_CHANNEL_SECRET = "secret"
    assert line_settings() == []


def test_the_same_report_event_delivered_twice_tells_the_province_once(alice, pat, year):
    from notifications.handlers import district_report_sent
    from programme.services import district_report_send

    report = district_report_send(
        actor=alice, year=year, district_id="5101", deadline="applicant_list_due", unit_count=4
    )
    event = DistrictReportSent(
        report_id=report.pk,
        programme_year_id=year.pk,
        district_id="5101",
        province_id="51",
        deadline="applicant_list_due",
        unit_count=4,
        first_time=True,
        sent_at=report.sent_at.isoformat(),
        actor_id=alice.pk,
    )
    district_report_sent(event)
    district_report_sent(event)
    assert Notification.objects.filter(kind=Kind.REPORT_SENT, recipient=pat).count() == 1


def test_linking_and_unlinking_line_is_audited_without_the_line_id(alice, dave, settings):
    """A LINE account linked, linked again to another user (which unlinks the first), and
    unlinked: each an audit row under the user it concerns, none holding the LINE id."""
    from audit.models import AuditEntry
    from notifications import services as notification_services

    settings.LINE_ENABLED = True
    line_id = "U00000000000000000000000000000001"
    first = notification_services.line_link_start(user=dave)
    notification_services.line_link_confirm(code=first.code or "", line_user_id=line_id)
    second = notification_services.line_link_start(user=alice)
    notification_services.line_link_confirm(code=second.code or "", line_user_id=line_id)
    notification_services.line_unlink(user=alice)
    notification_services.line_unlink(user=alice)  # nothing left to unlink: no row
    rows = list(
        AuditEntry.objects.filter(action__startswith="line.")
        .order_by("id")
        .values_list("action", "object_id", "changes")
    )
    assert rows == [
        ("line.link", str(dave.pk), {}),
        ("line.unlink", str(dave.pk), {"linked_to_another_user": True}),
        ("line.link", str(alice.pk), {}),
        ("line.unlink", str(alice.pk), {}),
    ]
    assert not AuditEntry.objects.filter(changes__icontains=line_id).exists()
