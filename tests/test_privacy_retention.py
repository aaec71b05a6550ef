"""Retention (docs/privacy.md): the policy's clocks, the `privacy_retention` command that
anonymises everyone past them (idempotent), and what it keeps."""

import datetime as dt
import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from activities.models import ActivityPhoto
from audit.models import AuditEntry
from certification import services as certification_services
from geography.models import Province
from privacy import services
from privacy.models import Anonymisation, RetentionPolicy, Trigger
from privacy.services import retention_ends, run_retention
from programme.services import programme_year_create
from registration.models import DocumentKind, Status, TeamMember, Unit, UnitDocument
from reports.selectors import stage_counts
from tests.factories import certify, make_unit

OLD_ID = "1101700203451"


@pytest.fixture(autouse=True)
def signing(signing_key_file):
    """Certificates here are signed with a key file of the test's own (tests/conftest.py)."""


def stored_document(unit, actor, kind, content: bytes) -> UnitDocument:
    document = UnitDocument(
        unit=unit,
        kind=kind,
        original_name="บัตรประชาชน นางสมศรี.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor,
    )
    document.file.save("upload.pdf", ContentFile(content), save=False)
    document.save()
    return document


@pytest.fixture
def old(alice, pat):
    """Fiscal year 2563 (ended 30 September 2020): a leader not certified and a group, both past
    five years, with a stored ID-card copy, a team and an audit row naming the leader."""
    year = programme_year_create(
        actor=pat, province=Province.objects.get(pk="51"), fiscal_year=2563
    )
    leader = make_unit(year, alice, "นางสมศรี มีสุข", unit_type="LEADER", status=Status.NOT_CERTIFIED)
    Unit.objects.filter(pk=leader.pk).update(
        person_title="นาง",
        first_name="สมศรี",
        last_name="มีสุข",
        national_id=OLD_ID,
        birth_date=dt.date(1970, 2, 3),
        house_number="99/1",
        phone="0899999999",
        community_work="ประธานกลุ่มแม่บ้านสมศรี",
    )
    group = make_unit(year, alice, "กลุ่มทอผ้าบ้านสมศรี", status=Status.CERTIFIED)
    TeamMember.objects.create(unit=group, role="TEAM", name="นายมานพ ทอผ้า", phone="0877777777")
    document = stored_document(leader, alice, DocumentKind.ID_CARD, b"%PDF-1.4 old id card")
    team_list = stored_document(group, alice, DocumentKind.TEAM_LIST, b"%PDF-1.4 team list")
    AuditEntry.objects.create(
        actor=alice,
        action="unit.update",
        object_type="registration.unit",
        object_id=str(leader.pk),
        unit_id=leader.pk,
        district_id="5101",
        changes={"last_name": ["มีสุขา", "มีสุข"], "status": ["DRAFT", "SUBMITTED"]},
    )
    return {"year": year, "leader": leader, "group": group, "document": document, "team": team_list}


@pytest.fixture
def shared_photo(alice, old, activity, accepted_leader):
    """A photo (stored straight in the table) showing the old leader and this year's leader."""
    photo = ActivityPhoto(
        activity=activity,
        stage=3,
        width=40,
        height=30,
        original_name="both.jpg",
        sha256="x",
        caption="สมศรีกับสมชาย",
        uploaded_by=alice,
    )
    photo.image.save("a.jpg", ContentFile(b"jpeg image"), save=False)
    photo.thumbnail.save("t.jpg", ContentFile(b"jpeg thumb"), save=False)
    photo.save()
    photo.units.set([old["leader"], accepted_leader])
    return photo


def snapshot(unit: Unit) -> dict:
    unit = Unit.objects.get(pk=unit.pk)
    values = {f.attname: getattr(unit, f.attname) for f in Unit._meta.concrete_fields}
    values["files"] = sorted(d.file.name for d in unit.documents.all())
    return values


def run_command(django_capture_on_commit_callbacks, *args) -> str:
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("privacy_retention", *args, stdout=out)
    return out.getvalue()


def test_the_command_anonymises_units_past_retention_once_and_says_how_many(
    old, accepted_leader, shared_photo, settings, django_capture_on_commit_callbacks
):
    before_stats = stage_counts(Unit.objects.filter(programme_year=old["year"]))
    inside = snapshot(accepted_leader)
    old_file = settings.MEDIA_ROOT / old["document"].file.name
    team_file = settings.MEDIA_ROOT / old["team"].file.name
    assert old_file.exists() and team_file.exists()

    out = run_command(django_capture_on_commit_callbacks)
    assert "anonymised 2 units, deleted 2 files" in out
    # Safe to run twice: nothing is left to do.
    assert "anonymised 0 units, deleted 0 files" in run_command(django_capture_on_commit_callbacks)

    leader = Unit.objects.get(pk=old["leader"].pk)
    assert leader.name == "ผู้สมัคร (ลบข้อมูลแล้ว)"
    for field in (
        "first_name",
        "last_name",
        "national_id",
        "house_number",
        "phone",
        "community_work",
    ):
        assert getattr(leader, field) == "", field
    assert leader.birth_date is None
    assert (leader.unit_type, leader.status, leader.fiscal_year, leader.district_id) == (
        "LEADER",
        Status.NOT_CERTIFIED,
        2563,
        "5101",
    )
    assert not old_file.exists() and not team_file.exists()
    assert not UnitDocument.objects.filter(pk=old["document"].pk).exists()
    # A group keeps its name; the people named in its papers go.
    group = Unit.objects.get(pk=old["group"].pk)
    assert group.name == "กลุ่มทอผ้าบ้านสมศรี"
    member = TeamMember.objects.get(unit=group)
    assert (member.name, member.phone) == ("(ลบข้อมูลแล้ว)", "")
    # The audit row keeps who did what, not the name.
    entry = AuditEntry.objects.get(action="unit.update", unit_id=leader.pk)
    assert "มีสุข" not in str(entry.changes) and entry.changes["status"] == ["DRAFT", "SUBMITTED"]
    assert AuditEntry.objects.filter(action="privacy.anonymise").count() == 2
    assert set(Anonymisation.objects.values_list("trigger", flat=True)) == {Trigger.RETENTION}

    # The year's statistics are the same.
    assert stage_counts(Unit.objects.filter(programme_year=old["year"])) == before_stats
    # This year's leader is inside retention: untouched, and so is the photo that shows them.
    assert snapshot(accepted_leader) == inside
    assert all((settings.MEDIA_ROOT / name).exists() for name in inside["files"])
    shared_photo.refresh_from_db()
    assert shared_photo.image.name and (settings.MEDIA_ROOT / shared_photo.image.name).exists()


def test_a_dry_run_counts_and_changes_nothing(old, django_capture_on_commit_callbacks):
    assert "units due: 2" in run_command(django_capture_on_commit_callbacks, "--dry-run")
    assert not Anonymisation.objects.exists()
    assert Unit.objects.get(pk=old["leader"].pk).national_id == OLD_ID


def test_a_photo_goes_once_every_unit_in_it_is_past_retention(
    old, shared_photo, accepted_leader, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_retention()
        assert ActivityPhoto.objects.get(pk=shared_photo.pk).image.name
        # Far in the future this year's leader is past retention too.
        run_retention(today=dt.date(2040, 1, 1))
    photo = ActivityPhoto.objects.get(pk=shared_photo.pk)
    assert (photo.image.name, photo.thumbnail.name, photo.caption) == ("", "", "")
    assert photo.removed_at is not None
    assert not (settings.MEDIA_ROOT / shared_photo.image.name).exists()


def test_files_left_by_a_run_stopped_after_its_commit_are_deleted_by_the_next(
    old, settings, django_capture_on_commit_callbacks
):
    # Without the commit callbacks (as if the process stopped right after the commit).
    services.anonymise_unit(actor=None, unit=old["leader"], trigger=Trigger.RETENTION, reason="")
    row = Anonymisation.objects.get(unit=old["leader"])
    assert row.pending_files == [old["document"].file.name]
    assert (settings.MEDIA_ROOT / old["document"].file.name).exists()
    with django_capture_on_commit_callbacks(execute=True):
        result = run_retention()
    assert result.anonymised == 1  # the group
    assert not (settings.MEDIA_ROOT / old["document"].file.name).exists()
    assert Anonymisation.objects.get(pk=row.pk).pending_files == []


def test_a_storage_that_fails_to_delete_keeps_the_file_pending_for_the_next_run(
    old, settings, monkeypatch, django_capture_on_commit_callbacks
):
    class Unreachable:
        def delete(self, name):
            raise OSError("storage unreachable")

    monkeypatch.setattr(services, "default_storage", Unreachable())
    with django_capture_on_commit_callbacks(execute=True):
        services.anonymise_unit(
            actor=None, unit=old["leader"], trigger=Trigger.RETENTION, reason=""
        )
    row = Anonymisation.objects.get(unit=old["leader"])
    # The erasure committed; the file it could not delete waits for the next run.
    assert Unit.objects.get(pk=old["leader"].pk).first_name == ""
    assert row.pending_files == [old["document"].file.name]
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        run_retention()
    assert Anonymisation.objects.get(pk=row.pk).pending_files == []
    assert not (settings.MEDIA_ROOT / old["document"].file.name).exists()


def test_retention_ends_after_the_certificates_validity_or_the_years_after_the_fiscal_year(
    alice, pat, accepted_leader, old
):
    policy = RetentionPolicy()
    # Never certified: five years after the end of fiscal year 2563 (30 September 2020).
    assert retention_ends(old["leader"], policy) == dt.date(2025, 9, 30)
    unit = certify(accepted_leader, alice)
    certificate = certification_services.issue_certificate(actor=pat, unit=unit)[0]
    unit = Unit.objects.get(pk=unit.pk)
    issued = certificate.issued_on
    assert retention_ends(unit, policy) == issued.replace(year=issued.year + 5)
    policy = RetentionPolicy(certificate_validity_years=2, years_after_validity=1)
    assert retention_ends(unit, policy) == issued.replace(year=issued.year + 3)
    # A revoked certificate is valid no longer: the clock runs from the revocation.
    certification_services.certificate_revoke(actor=pat, certificate=certificate, reason="ทุจริต")
    unit = Unit.objects.get(pk=unit.pk)
    revoked = timezone.localdate()
    assert retention_ends(unit, policy) == revoked.replace(year=revoked.year + 1)


def test_the_policy_the_department_set_is_the_one_applied(admin_user, old):
    services.policy_update(
        actor=admin_user,
        values={
            "certificate_validity_years": 5,
            "years_after_validity": 0,
            "years_after_fiscal_year": 10,
        },
        expected_version=0,
    )
    # Ten years after 2563: both old units are inside retention now.
    assert services.units_past_retention() == []


def test_a_leaders_evidence_goes_and_the_units_pages_still_open(
    client, alice, accepted_leader, framework, settings, django_capture_on_commit_callbacks
):
    from development.models import EvidenceFile
    from frameworks.models import Indicator

    evidence = EvidenceFile(
        unit=accepted_leader,
        indicator=Indicator.objects.filter(component__framework=framework).first(),
        description="ภาพนายสมชายรับรางวัล",
        original_name="award-somchai.jpg",
        content_type="image/jpeg",
        size=5,
        sha256="y",
        uploaded_by=alice,
    )
    evidence.file.save("e.jpg", ContentFile(b"jpeg!"), save=False)
    evidence.save()
    path = settings.MEDIA_ROOT / evidence.file.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.anonymise_unit(
            actor=alice, unit=accepted_leader, trigger=Trigger.REQUEST, reason="ขอลบ"
        )
    evidence.refresh_from_db()
    assert (evidence.file.name, evidence.description, evidence.original_name) == ("", "", "")
    assert evidence.removed_at is not None and evidence.removed_by == alice
    assert not path.exists()
    assert not accepted_leader.documents.exists()
    client.force_login(alice)
    assert client.get(f"/units/{accepted_leader.pk}/").status_code == 200
    assert "สมชาย" not in client.get(f"/units/{accepted_leader.pk}/").content.decode()
