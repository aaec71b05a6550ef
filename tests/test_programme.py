import pytest
from django.http import Http404

from programme.selectors import quota_status, year_in_scope
from registration import services
from tests.conftest import complete_documents, group_data, leader_data, new_unit


def test_quota_counts_only_applicants_per_district_and_type(
    alice, charlie, dave, year, village, leader
):
    # A draft does not count; a submitted leader does.
    status = quota_status(year)
    mueang = next(
        row for row in status.districts if row.district is not None and row.district.pk == "5101"
    )
    assert [cell.count for cell in mueang.cells] == [0, 0, 0, 0]
    complete_documents(leader, alice)
    group = new_unit(dave, year, "GROUP", group_data(village))
    complete_documents(group, dave)
    status = quota_status(year)
    mueang = next(
        row for row in status.districts if row.district is not None and row.district.pk == "5101"
    )
    assert [cell.count for cell in mueang.cells] == [1, 1, 0, 0]
    assert [cell.met for cell in mueang.cells] == [True, True, False, False]
    assert not mueang.all_met
    assert len(status.districts) == 8  # every district of Lamphun, with or without applicants
    assert status.districts_short == 8
    assert status.developers == []  # no per-developer quota set


def test_withdrawn_unit_leaves_the_count(alice, year, leader):
    complete_documents(leader, alice)
    services.unit_withdraw(actor=alice, unit=leader, reason="ขอถอน")
    mueang = next(
        row
        for row in quota_status(year).districts
        if row.district is not None and row.district.pk == "5101"
    )
    assert mueang.cells[0].count == 0


def test_per_developer_quota_like_lampang(alice, dave, pat, year, village):
    from programme.services import quotas_update

    quotas_update(
        actor=pat,
        year=year,
        values={t: (1, 1) for t in ("LEADER", "GROUP", "NETWORK", "COMMUNITY")},
    )
    unit = new_unit(dave, year, "LEADER", leader_data(village))
    complete_documents(unit, dave)
    status = quota_status(year)
    row = next(r for r in status.developers if "Dave" in r.label)
    assert [c.count for c in row.cells] == [1, 0, 0, 0]
    assert [c.met for c in row.cells] == [True, False, False, False]


def test_missed_applicant_list_deadline_names_the_districts(alice, year, leader):
    import datetime as dt

    year.applicant_list_due = dt.date(2020, 1, 1)
    year.registration_opens = dt.date(2019, 10, 1)
    year.save()
    deadline = next(d for d in quota_status(year).deadlines if d.key == "applicant_list_due")
    assert deadline.checked and deadline.days_left < 0
    assert "อำเภอเมืองลำพูน" in deadline.missed_by and len(deadline.missed_by) == 8


def test_province_edits_calendar_in_buddhist_era_and_bad_order_is_refused(pat, year, client):
    client.force_login(pat)
    page = client.get(f"/programme/{year.pk}/edit/")
    assert page.status_code == 200
    assert "20/12/2569" in page.content.decode()  # applicant list due, typed in B.E.
    form = {
        "registration_opens": "01/10/2569",
        "registration_closes": "15/12/2569",
        "applicant_list_due": "11/02/2570",
        "plans_due": "05/02/2570",
        "assessment_due": "25/04/2570",
        "results_due": "09/05/2570",
        "leader_min_domicile_years": "2",
        "group_min_active_years": "1",
        "network_min_member_organisations": "2",
        "leader_requires_community_work": "on",
        **{f"quota-{t}_district": "1" for t in ("LEADER", "GROUP", "NETWORK", "COMMUNITY")},
        "expected_version": str(year.version),
    }
    response = client.post(f"/programme/{year.pk}/edit/", form)
    assert response.status_code == 200
    assert "กำหนดการต้องเรียงตามลำดับขั้นตอน" in response.content.decode()
    year.refresh_from_db()
    assert str(year.applicant_list_due) == "2026-12-20"
    form["plans_due"] = "05/03/2570"
    form["quota-LEADER_district"] = "2"
    form["quota-LEADER_developer"] = "1"
    response = client.post(f"/programme/{year.pk}/edit/", form)
    assert response.status_code == 302
    year.refresh_from_db()
    assert str(year.applicant_list_due) == "2027-02-11"
    assert year.leader_min_domicile_years == 2 and year.group_min_active_years == 1
    assert not year.leader_requires_position
    quota = year.quotas.get(unit_type="LEADER")
    assert (quota.min_per_district, quota.min_per_developer) == (2, 1)


def test_a_calendar_form_without_its_version_is_refused(pat, year, client):
    """docs/security.md §17: a form that does not say which version it was made from could
    overwrite another officer's save unseen, so it is refused whatever else it holds."""
    client.force_login(pat)
    before = year.version
    response = client.post(f"/programme/{year.pk}/edit/", {"plans_due": "05/03/2570"})
    assert response.status_code == 200
    assert "ไม่ได้ระบุรุ่นของข้อมูล" in response.content.decode()
    year.refresh_from_db()
    assert year.version == before and str(year.plans_due) != "2027-03-05"


@pytest.mark.parametrize("value", ["31/02/2570", "20/12/2026", "abc", "1/1/25"])
def test_bad_dates_get_thai_messages(pat, year, client, value):
    client.force_login(pat)
    response = client.post(f"/programme/{year.pk}/edit/", {"registration_opens": value})
    assert response.status_code == 200
    body = response.content.decode()
    assert "วว/ดด/ปปปป" in body or "พุทธศักราช" in body


def test_status_page_shows_quota_table(pat, year, client):
    client.force_login(pat)
    body = client.get(f"/programme/{year.pk}/").content.decode()
    assert "อำเภอบ้านโฮ่ง" in body and "0 / 1" in body


def test_district_sends_applicant_list_and_province_sees_who_missed(
    alice, charlie, pat, year, leader, client
):
    import datetime as dt

    complete_documents(leader, alice, reviewer=alice)
    client.force_login(alice)
    response = client.post(f"/units/applicant-list/{year.pk}/send/")
    assert response.status_code == 302
    from programme.models import DistrictReport

    report = DistrictReport.objects.get(district_id="5101")
    assert report.unit_count == 1 and not report.late
    # After the deadline: every district that sent nothing is named; เมืองลำพูน is not.
    year.applicant_list_due = dt.date(2020, 1, 1)
    year.save()
    deadline = next(d for d in quota_status(year).deadlines if d.key == "applicant_list_due")
    assert "อำเภอแม่ทา" in deadline.missed_by
    assert "อำเภอเมืองลำพูน (ส่งล่าช้า)" in deadline.missed_by  # sent after the (moved) due date
    client.force_login(pat)
    body = client.get(f"/programme/{year.pk}/").content.decode()
    assert "ผ่านมาแล้ว" in body and "อำเภอแม่ทา" in body


def test_developer_cannot_send_the_list(dave, year, client):
    client.force_login(dave)
    assert client.post(f"/units/applicant-list/{year.pk}/send/").status_code == 404


def test_applicant_list_due_before_registration_closes_is_refused(pat, year):
    import datetime as dt

    from core.errors import DomainError
    from programme.services import programme_year_update

    with pytest.raises(DomainError) as error:
        programme_year_update(
            actor=pat,
            year=year,
            values={"applicant_list_due": dt.date(2026, 12, 1)},
            expected_version=year.version,
        )
    assert "ไม่ก่อนวันปิดรับสมัคร" in error.value.message


def test_department_sets_default_calendar_used_by_new_years(admin_user, pat, client):
    from geography.models import Province
    from programme.services import programme_year_create

    client.force_login(admin_user)
    form = {
        f"{key}_{part}": value
        for key, (m, d) in {
            "registration_opens": (11, 1),
            "registration_closes": (12, 31),
            "applicant_list_due": (1, 15),
            "plans_due": (2, 28),
            "assessment_due": (5, 31),
            "results_due": (6, 15),
        }.items()
        for part, value in (("month", m), ("day", d))
    }
    assert client.post("/programme/defaults/", form).status_code == 302
    year = programme_year_create(
        actor=pat, province=Province.objects.get(pk="51"), fiscal_year=2571
    )
    assert (
        str(year.registration_opens) == "2027-11-01"
        and str(year.applicant_list_due) == "2028-01-15"
    )
    form["results_due_day"] = 31
    form["results_due_month"] = 6
    response = client.post("/programme/defaults/", form)
    assert "ไม่มีในเดือนที่เลือก" in response.content.decode()


def test_only_the_department_edits_defaults(pat, client):
    client.force_login(pat)
    assert client.get("/programme/defaults/").status_code == 404


def test_province_opens_a_new_year_only_for_itself(pat, client):
    from programme.models import ProgrammeYear

    client.force_login(pat)
    assert client.post("/programme/", {"province": "51", "fiscal_year": 2572}).status_code == 302
    assert client.post("/programme/", {"province": "50", "fiscal_year": 2572}).status_code == 200
    assert list(ProgrammeYear.objects.values_list("province_id", "fiscal_year")) == [("51", 2572)]


def test_year_status_queries_do_not_grow_with_units_or_developers(alice, pat, year, client):
    from accounts.models import Role
    from registration.models import Status
    from tests.conftest import make_user
    from tests.factories import assert_queries_flat, make_unit

    year.quotas.update(min_per_developer=1)  # the developer rows are shown too

    def add(first, n):
        for i in range(first, first + n):
            district = "5101" if i % 2 else "5102"
            make_user(f"dev{i}", Role.DEVELOPER, district=district, first_name=f"พัฒนากร{i}")
            make_unit(year, alice, f"กลุ่มที่ {i}", district=district, status=Status.SUBMITTED)

    def expect(before, after):
        assert after.count("พัฒนากร") > before.count("พัฒนากร")

    add(0, 1)
    client.force_login(pat)
    assert_queries_flat(client, f"/programme/{year.pk}/", lambda: add(1, 12), expect=expect)


def test_29_february_is_refused_as_a_default(admin_user, client):
    client.force_login(admin_user)
    form = {
        "registration_opens_month": 10,
        "registration_opens_day": 1,
        "registration_closes_month": 12,
        "registration_closes_day": 15,
        "applicant_list_due_month": 12,
        "applicant_list_due_day": 20,
        "plans_due_month": 2,
        "plans_due_day": 29,
        "assessment_due_month": 4,
        "assessment_due_day": 25,
        "results_due_month": 5,
        "results_due_day": 9,
    }
    response = client.post("/programme/defaults/", form)
    assert response.status_code == 200 and "ไม่มีในเดือนที่เลือก" in response.content.decode()


def test_stale_programme_year_form_is_refused(pat, year, client):
    client.force_login(pat)
    form = {
        "registration_opens": "01/10/2569",
        "registration_closes": "15/12/2569",
        "applicant_list_due": "20/12/2569",
        "plans_due": "05/02/2570",
        "assessment_due": "25/04/2570",
        "results_due": "09/05/2570",
        "leader_min_domicile_years": "1",
        "group_min_active_years": "0",
        "network_min_member_organisations": "2",
        "expected_version": str(year.version),
        **{f"quota-{t}_district": "1" for t in ("LEADER", "GROUP", "NETWORK", "COMMUNITY")},
    }
    assert client.post(f"/programme/{year.pk}/edit/", form).status_code == 302
    form["leader_min_domicile_years"] = "5"
    form["quota-LEADER_district"] = "3"
    response = client.post(f"/programme/{year.pk}/edit/", form)  # same, now stale, version
    assert "มีผู้อื่นแก้ไข" in response.content.decode()
    year.refresh_from_db()
    assert year.leader_min_domicile_years == 1
    assert year.quotas.get(unit_type="LEADER").min_per_district == 1


def test_year_in_scope_reads_the_year_with_its_province_or_404s(
    alice, olivia, year, django_assert_num_queries
):
    with django_assert_num_queries(1):
        found = year_in_scope(alice, str(year.pk))
        assert (found, found.province.name_th) == (year, "ลำพูน")
    with pytest.raises(Http404):
        year_in_scope(olivia, year.pk)  # เชียงใหม่'s officer
