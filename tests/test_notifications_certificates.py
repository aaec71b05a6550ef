"""Notifications of certificates and decisions (docs/notifications.md): a certificate issued on
its own, the year's batch (once per district, with how many), a revocation with its reason, and
the committee's decisions — each reaching exactly the unit's district officers and community
developer (and for a recommendation the province), never a user of another district; a repeated
event tells each person once; the mail goes out over SMTP."""

import pytest
from django.urls import reverse

from accounts.models import Role
from certification import services as certification_services
from certification.events import CertificateBatchDone, CertificateRevoked
from certification.models import Certificate, CertificateBatch
from certification.tasks import generate_year_certificates
from notifications import handlers, text
from notifications.models import Delivery, Kind, Notification
from registration.models import Status
from tests.conftest import complete_documents, make_user
from tests.factories import certify, make_unit, run_worker

pytestmark = pytest.mark.usefixtures("worker_in_test")


@pytest.fixture(autouse=True)
def _signing_key(signing_key_file):
    """Issuing signs each certificate's credential (tests/conftest.py)."""


@pytest.fixture
def people(alice, dave, charlie, pat):
    """District A's second officer beside alice; district B's developer beside charlie."""
    for user in (alice, dave, charlie, pat):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    return {
        "bob": make_user("bob", Role.DISTRICT, district="5101", email="bob@example.org"),
        "erin": make_user("erin", Role.DEVELOPER, district="5102", email="erin@example.org"),
    }


def told(kind) -> list[str]:
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
    )


def test_a_certificate_issued_on_its_own_reaches_the_units_people_by_mail(
    pat, dave, people, certified_leader, smtp, django_capture_on_commit_callbacks
):
    certified_leader.responsible_developer = dave
    certified_leader.save(update_fields=["responsible_developer"])
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certification_services.certificate_issue(actor=pat, unit=certified_leader)
    # alice and bob (the district's officers) and dave (the unit's developer); not pat, who
    # issued it; not charlie or erin of แม่ทา.
    assert told(Kind.CERTIFICATE_ISSUED) == ["alice", "bob", "dave"]
    run_worker()
    by_address = {to[0]: message for to, message in smtp.messages}
    message = by_address["dave@example.org"]
    assert message["Subject"].strip() == f"[มชช.] ออกประกาศนียบัตรแล้ว: {certified_leader.name}"
    assert f"ออกประกาศนียบัตรเลขที่ {certificate.display_number}" in message.get_content()
    assert "charlie@example.org" not in by_address and "erin@example.org" not in by_address

    # Asking again gives back the same certificate and tells nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        certification_services.certificate_issue(actor=pat, unit=certified_leader)
    assert told(Kind.CERTIFICATE_ISSUED) == ["alice", "bob", "dave"]


def test_the_years_batch_tells_each_district_once_how_many(
    alice, charlie, dave, pat, people, year, smtp, django_capture_on_commit_callbacks
):
    mine = [make_unit(year, alice, f"กลุ่มเมือง {i}") for i in range(3)]
    mine[0].responsible_developer = dave
    mine[0].save(update_fields=["responsible_developer"])
    theirs = [make_unit(year, charlie, f"กลุ่มแม่ทา {i}", district="5102") for i in range(2)]
    theirs[1].responsible_developer = people["erin"]
    theirs[1].save(update_fields=["responsible_developer"])
    batch = certification_services.batch_start(actor=pat, year=year)

    with django_capture_on_commit_callbacks(execute=True):
        generate_year_certificates.call(batch.pk)
    assert Certificate.objects.filter(programme_year=year).count() == 5
    issued = Notification.objects.filter(kind=Kind.CERTIFICATE_ISSUED)
    # One notification a person, not one a certificate; each district hears only its own.
    assert told(Kind.CERTIFICATE_ISSUED) == ["alice", "bob", "charlie", "dave", "erin"]
    counts = {n.recipient.username: n.params["count"] for n in issued}
    assert counts == {"alice": 3, "bob": 3, "dave": 3, "charlie": 2, "erin": 2}
    assert text.body(issued.get(recipient=alice)) == (
        "ออกประกาศนียบัตรของอำเภอเมืองลำพูน แล้ว 3 ฉบับ (ปีงบประมาณ 2570)"
    )

    # The event again (a finished batch run again, a repeated delivery) tells nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        generate_year_certificates.call(batch.pk)
    handlers.certificate_batch_done(
        CertificateBatchDone(
            batch_id=batch.pk, programme_year_id=year.pk, province_id="51", actor_id=pat.pk
        )
    )
    assert issued.count() == 5

    run_worker()
    subjects = {to[0]: m["Subject"].strip() for to, m in smtp.messages}
    assert subjects["charlie@example.org"] == "[มชช.] ออกประกาศนียบัตรแล้ว: อำเภอแม่ทา"
    assert len([to for to, _m in smtp.messages if to == ["alice@example.org"]]) == 1
    assert issued.filter(email=Delivery.SENT).count() == 5

    # A later batch that issues nothing new tells nobody anything.
    CertificateBatch.objects.filter(pk=batch.pk).update(state=CertificateBatch.State.DONE)
    again = certification_services.batch_start(actor=pat, year=year)
    with django_capture_on_commit_callbacks(execute=True):
        generate_year_certificates.call(again.pk)
    assert issued.count() == 5


def test_a_batch_killed_and_replaced_counts_what_the_killed_run_issued(
    alice, pat, people, year, django_capture_on_commit_callbacks
):
    units = [make_unit(year, alice, f"กลุ่มเมือง {i}") for i in range(2)]
    killed = CertificateBatch.objects.create(
        programme_year=year, requested_by=pat, state=CertificateBatch.State.RUNNING
    )
    # The killed run had issued both before it died; the batch started after it (the first
    # one's heartbeat gone stale) finds nothing left to issue, and still tells the district.
    certification_services.issue_certificates(actor=pat, year=year, unit_ids=[u.pk for u in units])
    batch = CertificateBatch.objects.create(programme_year=year, requested_by=pat)
    assert killed.requested_at < batch.requested_at
    with django_capture_on_commit_callbacks(execute=True):
        generate_year_certificates.call(batch.pk)
    counts = Notification.objects.filter(kind=Kind.CERTIFICATE_ISSUED).values_list(
        "recipient__username", "params__count"
    )
    assert sorted(counts) == [("alice", 2), ("bob", 2)]


def test_a_revocation_reaches_the_units_people_with_the_reason(
    pat, dave, people, certified_leader, smtp, django_capture_on_commit_callbacks
):
    certified_leader.responsible_developer = dave
    certified_leader.save(update_fields=["responsible_developer"])
    certificate = certification_services.certificate_issue(actor=pat, unit=certified_leader)
    with django_capture_on_commit_callbacks(execute=True):
        certification_services.certificate_revoke(
            actor=pat, certificate=certificate, reason="พบว่าเอกสารประกอบไม่เป็นความจริง"
        )
    assert told(Kind.CERTIFICATE_REVOKED) == ["alice", "bob", "dave"]
    revoked = Notification.objects.get(kind=Kind.CERTIFICATE_REVOKED, recipient=dave)
    assert "เหตุผล: พบว่าเอกสารประกอบไม่เป็นความจริง" in text.body(revoked)

    # The same event delivered twice tells each person once.
    event = CertificateRevoked(
        certificate_id=certificate.pk,
        unit_id=certified_leader.pk,
        programme_year_id=certified_leader.programme_year_id,
        district_id="5101",
        province_id="51",
        reason="พบว่าเอกสารประกอบไม่เป็นความจริง",
        actor_id=pat.pk,
    )
    handlers.certificate_revoked(event)
    handlers.certificate_revoked(event)
    assert told(Kind.CERTIFICATE_REVOKED) == ["alice", "bob", "dave"]

    run_worker()
    to_dave = [m for to, m in smtp.messages if to == ["dave@example.org"]]
    subjects = [m["Subject"].strip() for m in to_dave]
    assert f"[มชช.] เพิกถอนประกาศนียบัตร: {certified_leader.name}" in subjects
    assert not [
        to for to, _m in smtp.messages if to[0] in ("charlie@example.org", "erin@example.org")
    ]


def test_a_decision_reaches_the_district_and_a_recommendation_the_province(
    alice, dave, pat, olivia, people, leader, django_capture_on_commit_callbacks
):
    leader.responsible_developer = dave
    leader.save(update_fields=["responsible_developer"])
    unit = complete_documents(leader, alice, reviewer=alice)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        certify(unit, alice)
    decisions = Notification.objects.filter(kind=Kind.DECISION_RECORDED)
    statuses = sorted((n.recipient.username, n.params["status_label"]) for n in decisions)
    recommended, certified = Status.RECOMMENDED.label, Status.CERTIFIED.label
    # The recommendation goes up to the province (pat); the certification to the district.
    assert statuses == sorted(
        [
            ("bob", recommended),
            ("dave", recommended),
            ("pat", recommended),
            ("bob", certified),
            ("dave", certified),
        ]
    )
    assert not decisions.filter(
        recipient__username__in=["charlie", "erin", olivia.username]
    ).exists()


def test_certificate_kinds_have_their_own_mail_choice(
    pat, dave, people, certified_leader, client, django_capture_on_commit_callbacks
):
    certified_leader.responsible_developer = dave
    certified_leader.save(update_fields=["responsible_developer"])
    client.force_login(dave)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "ออกประกาศนียบัตรแล้ว" in page and "เพิกถอนประกาศนียบัตร" in page
    kept = [k for k in Kind if k != Kind.CERTIFICATE_ISSUED]
    client.post(reverse("notifications:preferences"), {f"email_{k.value}": "on" for k in kept})
    with django_capture_on_commit_callbacks(execute=True):
        certification_services.certificate_issue(actor=pat, unit=certified_leader)
    mine = Notification.objects.get(kind=Kind.CERTIFICATE_ISSUED, recipient=dave)
    assert mine.email == Delivery.NOT_WANTED
    bobs = Notification.objects.get(kind=Kind.CERTIFICATE_ISSUED, recipient=people["bob"])
    assert bobs.email == Delivery.PENDING
