"""The tallies kept by the workflow's events (docs/tallies.md): every write that changes what a
unit is counted under shows on the next view of the start page — the district's, the
developer's and the province's — and after any sequence of writes the tallies equal a count
made afresh from the rows."""

import threading
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from assessment import services as assessment_services
from development import services as development_services
from programme.models import ProgrammeYear
from registration import services as registration_services
from registration.models import Status, Unit
from tallies import services
from tallies.models import Tally, TallyMark, TallyYear, UnitTally
from tallies.selectors import tallies
from tests.conftest import complete_documents, indicators, level
from tests.factories import make_unit


def view(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def line_count(page: str, label: str) -> str | None:
    """The count on the to-do line with `label`, as shown (Thai digits), or None without one."""
    for line in page.split("<li")[1:]:
        if label in line:
            return line.split('class="count">')[1].split("<")[0]
    return None


WAITING_REVIEW = "เอกสารรอตรวจ"


def counted_afresh() -> Counter:
    """Facts → units, counted now from the rows of every built year."""
    built = TallyYear.objects.values("programme_year_id")
    return Counter(services.facts_of(Unit.objects.filter(programme_year_id__in=built)).values())


def kept() -> Counter:
    """Facts → units as the tallies hold them, every year counted and every mark drained."""
    services.ready(ProgrammeYear.objects.all())
    return Counter({services._key_of(row): row.units for row in Tally.objects.filter(units__gt=0)})


def consistent() -> bool:
    """Every kept table (the facts' rows, the figures, the change sums) equals a count made
    afresh from the rows (the daily check, which would count a differing year again)."""
    return services.check() == "0 programme years counted again"


def test_a_move_shows_on_the_next_view(alice, leader, client):
    # Registered through unit_create (the fixture): a draft at once.
    assert line_count(view(client, alice), "ใบสมัครร่างที่ยังไม่ยื่น") == "๑"
    complete_documents(leader, alice)  # submitted: one document waiting for review
    assert line_count(view(client, alice), WAITING_REVIEW) == "๑"
    assert line_count(view(client, alice), WAITING_REVIEW) == "๑"

    # The officer accepts the documents: the unit leaves "waiting for review" at once.
    unit = Unit.objects.get(pk=leader.pk)
    for document in unit.documents.filter(is_current=True):
        registration_services.document_verify(actor=alice, document=document)
    assert Unit.objects.get(pk=leader.pk).status == Status.DOCUMENTS_COMPLETE
    assert line_count(view(client, alice), WAITING_REVIEW) is None
    assert kept() == counted_afresh()
    assert consistent()


def test_the_developers_and_the_provinces_pages_follow_the_move(alice, dave, pat, leader, client):
    leader.responsible_developer = dave
    leader.save(update_fields=["responsible_developer"])
    unit = complete_documents(leader, alice, reviewer=alice)
    before_dev = view(client, dave)
    before_province = view(client, pat)
    assert "รอคณะกรรมการจังหวัดพิจารณา" not in before_province
    with_stage = before_dev.split(leader.name)[1].split("</tr>")[0]
    assert with_stage.count("✓") == 1  # past registration, at the before-assessment

    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    registration_services.unit_status_move(actor=alice, unit=unit, to_status=Status.RECOMMENDED)
    assert "รอคณะกรรมการจังหวัดพิจารณา" in view(client, pat)
    after_dev = view(client, dave)
    assert after_dev.split(leader.name)[1].split("</tr>")[0].count("✓") == 5  # at the committee
    assert kept() == counted_afresh()
    assert consistent()


def test_a_change_of_developer_moves_the_unit_between_developers_counts(
    alice, dave, leader, client
):
    """The developer's page counts only their units: handing a unit to them shows at once."""
    make_unit(leader.programme_year, alice, "กลุ่มที่ยื่นแล้ว", status=Status.SUBMITTED)
    complete_documents(leader, alice)
    assert line_count(view(client, dave), WAITING_REVIEW) is None
    unit = Unit.objects.get(pk=leader.pk)
    registration_services.unit_update(
        actor=alice, unit=unit, data={"responsible_developer": dave}, expected_version=unit.version
    )
    assert line_count(view(client, dave), WAITING_REVIEW) == "๑"
    assert line_count(view(client, alice), WAITING_REVIEW) == "๒"
    assert kept() == counted_afresh()
    assert consistent()


def test_the_self_assessment_figures_follow_the_work(alice, ready, district_round, client):
    """The unit assessed before and after its development and not yet on a district round is
    to be scheduled; once on the round it is not, and off it again it is. An accepted unit with
    no before-assessment is counted as such."""
    to_schedule = "ประเมินหลังการพัฒนาแล้ว ยังไม่ได้จัดเข้ารอบการประเมิน"
    no_before = "ยังไม่ได้ประเมินตนเองก่อนการพัฒนา"
    make_unit(ready.programme_year, alice, "กลุ่มที่ยังไม่ประเมิน", status=Status.DOCUMENTS_COMPLETE)
    page = view(client, alice)
    assert line_count(page, to_schedule) == "๑"
    assert line_count(page, no_before) == "๑"

    [entry] = assessment_services.round_add_units(
        actor=alice, round_=district_round, unit_ids=[ready.pk]
    )
    page = view(client, alice)
    assert line_count(page, to_schedule) is None
    assert line_count(page, no_before) == "๑"
    assert kept() == counted_afresh()
    assert consistent()

    assessment_services.round_remove_unit(actor=alice, round_unit=entry)
    assert line_count(view(client, alice), to_schedule) == "๑"
    assert kept() == counted_afresh()
    assert consistent()


def test_finishing_the_before_assessment_counts_at_once(alice, leader, framework, client):
    """ "No before-assessment" falls by one when the unit's before-assessment is finished."""
    unit = complete_documents(leader, alice, reviewer=alice)
    answers = {i.pk: (level(i, 3), "") for i in indicators(framework).values()}
    no_before = "ยังไม่ได้ประเมินตนเองก่อนการพัฒนา"
    assert line_count(view(client, alice), no_before) == "๑"
    development_services.self_assessment_save(
        actor=alice, unit=unit, phase="BEFORE", answers=answers, finish=True
    )
    assert line_count(view(client, alice), no_before) is None
    assert kept() == counted_afresh()
    assert consistent()


def test_a_rolled_back_write_leaves_no_mark(alice, leader):
    complete_documents(leader, alice)
    view_before = kept()
    marks = TallyMark.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=leader.pk)
        registration_services.unit_status_move(
            actor=alice, unit=unit, to_status=Status.WITHDRAWN, reason="ทดสอบ"
        )
        assert TallyMark.objects.count() == marks + 1  # written with the move
        raise RuntimeError("the caller fails after the move")
    assert TallyMark.objects.count() == marks
    assert kept() == view_before


def test_a_year_is_counted_in_full_when_first_read_and_again_on_rebuild(alice, year):
    from geography.models import Subdistrict

    subdistrict = Subdistrict.objects.filter(district_id="5101").earliest("code")
    TallyYear.objects.all().delete()  # as before the migration that added the tallies
    for n in range(3):
        Unit.objects.create(  # straight into the table, as a bulk load does: no event
            programme_year=year,
            fiscal_year=year.fiscal_year,
            unit_type="GROUP",
            status=Status.SUBMITTED,
            district_id="5101",
            subdistrict=subdistrict,
            name=f"กลุ่มนำเข้า {n}",
            name_key=f"กลุ่มนำเข้า{n}",
            created_by=alice,
        )
    rows = tallies(alice, ProgrammeYear.objects.filter(pk=year.pk))
    assert sum(rows.filter(status=Status.SUBMITTED).values_list("units", flat=True)) == 3
    assert UnitTally.objects.filter(unit__programme_year=year).count() == 3

    Unit.objects.filter(programme_year=year).update(status=Status.DRAFT)  # behind the events' back
    call_command("tally_rebuild", verbosity=0)
    assert sum(rows.filter(status=Status.DRAFT).values_list("units", flat=True)) == 3
    assert not rows.filter(status=Status.SUBMITTED, units__gt=0).exists()
    assert kept() == counted_afresh()
    assert consistent()


def test_another_districts_tallies_are_out_of_scope(alice, charlie, year):
    make_unit(year, alice, "กลุ่มเมือง", status=Status.SUBMITTED)
    make_unit(year, charlie, "กลุ่มแม่ทา", district="5102", status=Status.SUBMITTED)
    years = ProgrammeYear.objects.filter(pk=year.pk)
    assert set(tallies(alice, years).values_list("district_id", flat=True)) == {"5101"}
    assert set(tallies(charlie, years).values_list("district_id", flat=True)) == {"5102"}


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_concurrent_drains_count_each_move_once(alice, year):
    """Two workers draining the same marks at once (PostgreSQL, real transactions): the units
    are locked while counted, so each move is counted once and the tallies equal a fresh count."""
    officer = alice
    units = [make_unit(year, officer, f"กลุ่ม {n}", status=Status.SUBMITTED) for n in range(40)]
    kept()  # built, nothing pending
    with transaction.atomic():
        Unit.objects.filter(pk__in=[u.pk for u in units]).update(status=Status.DOCUMENTS_RETURNED)
        services.mark(u.pk for u in units)
        services.mark(u.pk for u in units)
    errors = []

    def worker():
        try:
            services.drain()
        except Exception as exc:  # pragma: no cover - shown by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert not TallyMark.objects.exists()
    assert kept() == counted_afresh()
    assert consistent()
    assert (
        sum(Tally.objects.filter(status=Status.DOCUMENTS_RETURNED).values_list("units", flat=True))
        == 40
    )


def test_a_plan_sent_and_returned_moves_between_the_plan_lines(alice, dave, assessed, client):
    """A draft plan counts as none; sent, it waits for review; returned, it is to be improved."""
    from development.models import Plan

    waiting, returned = "แผนพัฒนาตนเองรอพิจารณา", "แผนถูกส่งคืนให้ปรับปรุง"
    plan = Plan.objects.create(unit=assessed)
    assert line_count(view(client, alice), waiting) is None
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        development_services.plan_state_move(actor=dave, plan=locked, to_state=Plan.State.SUBMITTED)
    page = view(client, alice)
    assert line_count(page, waiting) == "๑"
    assert line_count(view(client, dave), waiting) == "๑"  # dave's unit
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        development_services.plan_state_move(
            actor=alice, plan=locked, to_state=Plan.State.RETURNED, comment="เพิ่มกิจกรรม"
        )
    page = view(client, alice)
    assert line_count(page, waiting) is None
    assert line_count(page, returned) == "๑"
    assert kept() == counted_afresh()
    assert consistent()


def test_the_daily_check_counts_again_a_year_changed_behind_the_services(alice, leader, year):
    complete_documents(leader, alice)
    kept()
    assert services.check() == "0 programme years counted again"
    Unit.objects.filter(pk=leader.pk).update(status=Status.DOCUMENTS_COMPLETE)  # no event
    assert kept() != counted_afresh()
    assert services.check() == "1 programme years counted again"
    assert kept() == counted_afresh()
    assert consistent()


def test_a_certificate_issued_and_revoked_shows_on_the_dashboard_counts(pat, alice, year):
    """Issued on its own (certification.services.certificate_issue) and revoked: the province's
    tallies count the certificate, then its revocation."""
    from certification import services as certification_services

    unit = make_unit(year, alice, "กลุ่มที่ผ่าน", status=Status.CERTIFIED)
    years = ProgrammeYear.objects.filter(pk=year.pk)

    def certificates():
        rows = tallies(pat, years)
        return (
            sum(r.units * r.certificates for r in rows),
            sum(r.units * r.revoked for r in rows),
        )

    assert certificates() == (0, 0)
    certificate = certification_services.certificate_issue(actor=pat, unit=unit)
    assert certificates() == (1, 0)
    certification_services.certificate_revoke(actor=pat, certificate=certificate, reason="ผิดพลาด")
    assert certificates() == (1, 1)
    assert kept() == counted_afresh()
    assert consistent()


def test_a_year_opened_is_counted_at_once_so_its_first_read_writes_nothing(pat, year, client):
    """programme_year_create counts the new, empty year in its own transaction (the `year`
    fixture opens it through the service): the start page's first view writes no tally."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert TallyYear.objects.filter(programme_year=year).exists()
    client.force_login(pat)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    writes = [q["sql"] for q in captured if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert not [sql for sql in writes if "tallies_" in sql]


def test_the_marks_of_a_year_not_counted_yet_wait_for_its_count(alice, leader, year):
    """A move of a unit whose year is not counted yet (as while it is first counted) keeps its
    mark: the year's count reads the unit afresh, and the mark is taken after it."""
    TallyYear.objects.filter(programme_year=year).delete()
    complete_documents(leader, alice)  # a move: its mark is written
    services.drain()
    assert TallyMark.objects.filter(unit_id=leader.pk).exists()  # waits for the year
    assert kept() == counted_afresh()  # counted in full, then the mark drained
    assert not TallyMark.objects.exists()
    assert consistent()


def test_district_staff_read_no_change_rows_of_their_province(alice, pat, year):
    from tallies.models import ChangeTally
    from tallies.selectors import change_tallies

    years = ProgrammeYear.objects.filter(pk=year.pk)
    ChangeTally.objects.create(
        programme_year=year,
        fiscal_year=year.fiscal_year,
        province_id="51",
        unit_type="LEADER",
        phase="BEFORE",
        framework_id=1,
        units=3,
    )
    assert change_tallies(pat, years).count() == 1  # the province's officer reads its rows
    assert not change_tallies(alice, years).exists()  # a district's officer none of them


def test_the_writes_the_dashboards_read_beside_the_tallies_raise_the_years_version(
    pat, alice, year
):
    """A district's report, the calendar, the quotas and the year-end report each raise the
    year's version in their own transaction (dashboards/cache.py keys its pages on it)."""
    import datetime as dt

    from core.once import new_form_token
    from programme import services as programme_services
    from programme.models import Deadline
    from reports import services as report_services

    def version() -> int:
        return TallyYear.objects.get(programme_year=year).version

    seen = [version()]
    programme_services.district_report_send(
        actor=alice, year=year, district_id="5101", deadline=Deadline.PLANS_DUE, unit_count=1
    )
    seen.append(version())
    year.refresh_from_db()
    programme_services.programme_year_update(
        actor=pat,
        year=year,
        values={"plans_due": year.plans_due + dt.timedelta(days=1)},
        expected_version=year.version,
    )
    seen.append(version())
    values = {q.unit_type: (q.min_per_district + 1, q.min_per_developer) for q in year.quotas.all()}
    programme_services.quotas_update(actor=pat, year=year, values=values)
    seen.append(version())
    report_services.year_end_report_send(
        actor=pat, year=year, once=new_form_token(), confirmed=True
    )
    seen.append(version())
    assert seen == sorted(set(seen)), seen  # rose at every write
