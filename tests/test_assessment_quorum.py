"""Certification that cannot be bent (issue 11, finding 7): a decision names the members present
(a quorum of the committee, settings.ASSESSMENT_QUORUM_PERCENT), each present member has scores
or a recorded reason, the result is the present members' scores, and an outcome that departs
from it is confirmed, reasoned and recorded as an override (docs/security.md §4)."""

import pytest
from django.urls import reverse

from assessment import services
from assessment.models import Decision
from audit.models import AuditEntry
from committees.models import Member
from core.errors import DomainError
from registration.models import Status, Unit
from tests.factories import NOT_SCORED, REASONS, decision_post, meeting, recommend, save

ALL_FOUR = {"1.1": 4, "1.2": 4, "2.1": 4}  # 80 %: passes
ALL_ONE = {"1.1": 1, "1.2": 1, "2.1": 1}  # 20 %: fails


def others(members, count):
    """`count` of the committee's lines with no account (ex officio), in order."""
    committee = members["m1"].committee
    return list(Member.objects.filter(committee=committee, user__isnull=True).order_by("order"))[
        :count
    ]


def nothing_decided(entry):
    assert not Decision.objects.exists()
    assert not AuditEntry.objects.filter(action="assessment.decide").exists()
    assert Unit.objects.get(pk=entry.unit_id).status == Status.DOCUMENTS_COMPLETE


def test_a_decision_below_the_quorum_is_refused(members, entry, framework, settings):
    save(members["m1"], entry, ALL_FOUR, framework)
    save(members["m2"], entry, ALL_FOUR, framework)
    assert members["m1"].committee.members.count() == 9
    scorers = [members["m1"], members["m2"]]
    # Half of nine by default, rounded up: four present are too few, five are enough.
    with pytest.raises(DomainError, match="ไม่ครบองค์ประชุม") as error:
        recommend(members["sec"], entry, **meeting(entry, [*scorers, *others(members, 2)]))
    assert error.value.field == "present"
    nothing_decided(entry)
    settings.ASSESSMENT_QUORUM_PERCENT = 75  # seven of nine
    with pytest.raises(DomainError, match="อย่างน้อย 7 จาก 9"):
        recommend(members["sec"], entry, **meeting(entry, [*scorers, *others(members, 4)]))
    nothing_decided(entry)
    decision = recommend(members["sec"], entry, **meeting(entry, [*scorers, *others(members, 5)]))
    assert decision.present.count() == 7 and not decision.is_override


def test_a_present_member_without_scores_needs_a_reason(members, entry, framework):
    """The finding: a district decision went through with 2 of 3 members' scores."""
    save(members["m1"], entry, ALL_FOUR, framework)
    save(members["m2"], entry, ALL_FOUR, framework)
    present = [members["m1"], members["m2"], members["sec"], *others(members, 2)]
    attendance = meeting(entry, present)
    del attendance["missing_reasons"][members["sec"].pk]
    with pytest.raises(DomainError, match="ต้องระบุเหตุผลรายคน") as error:
        recommend(members["sec"], entry, **attendance)
    assert members["sec"].line in error.value.message and error.value.field == "missing"
    nothing_decided(entry)
    # Either the one without scores was not there…
    absent = meeting(entry, [members["m1"], members["m2"], *others(members, 3)])
    with pytest.raises(DomainError, match="ต้องระบุเหตุผลรายคน"):
        recommend(members["sec"], entry, **{**absent, "missing_reasons": {}})
    nothing_decided(entry)
    # …or the reason for the missing scores is recorded with the decision.
    decision = recommend(members["sec"], entry, **meeting(entry, present, "ติดภารกิจระหว่างนำเสนอ"))
    assert decision.missing_reasons[str(members["sec"].pk)] == "ติดภารกิจระหว่างนำเสนอ"
    assert str(members["m1"].pk) not in decision.missing_reasons
    row = AuditEntry.objects.get(action="assessment.decide")
    assert sorted(row.changes["present"]) == sorted(m.pk for m in present)
    assert row.changes["missing_reasons"] == decision.missing_reasons


def test_present_members_must_be_of_the_committee(members, entry, framework, committees):
    outsider = Member.objects.exclude(committee=members["m1"].committee).order_by("pk")[0]
    attendance = meeting(entry)
    attendance["present_member_ids"].append(outsider.pk)
    with pytest.raises(DomainError, match="ต้องเป็นกรรมการในคณะ"):
        recommend(members["sec"], entry, reasons=REASONS, **attendance)
    nothing_decided(entry)


def test_only_the_present_members_scores_are_combined(members, entry, framework):
    save(members["m1"], entry, ALL_FOUR, framework)
    save(members["m2"], entry, ALL_ONE, framework)
    # m2 left before the decision: only m1's passing scores stand.
    decision = recommend(
        members["sec"], entry, **meeting(entry, [members["m1"], *others(members, 4)])
    )
    assert decision.result_passed is True and decision.result_percent == 80
    assert not decision.is_override


def test_an_override_without_confirmation_is_refused_and_nothing_is_saved(
    members, entry, framework
):
    save(members["m1"], entry, ALL_FOUR, framework)
    save(members["m2"], entry, ALL_ONE, framework)  # together 50 %: fails
    with pytest.raises(DomainError, match="กรุณายืนยัน") as error:
        recommend(members["sec"], entry, reasons=REASONS, confirmed=False)
    assert error.value.field == "confirm"
    nothing_decided(entry)
    with pytest.raises(DomainError, match="เหตุผล"):  # confirmed, but no reasons
        recommend(members["sec"], entry, reasons="", confirmed=True)
    nothing_decided(entry)
    decision = recommend(members["sec"], entry, reasons=REASONS, confirmed=True)
    assert decision.is_override and decision.result_passed is False
    assert decision.reasons == REASONS
    assert Unit.objects.get(pk=entry.unit_id).status == Status.RECOMMENDED
    row = AuditEntry.objects.get(action="assessment.decide")
    assert row.changes["is_override"] is True
    assert row.changes["present"] == meeting(entry)["present_member_ids"]
    assert row.note == REASONS


def test_recommending_without_any_scores_is_an_override(members, entry, framework):
    with pytest.raises(DomainError, match="กรุณายืนยัน"):
        recommend(members["sec"], entry, reasons=REASONS, confirmed=False)
    nothing_decided(entry)
    decision = recommend(members["sec"], entry, reasons=REASONS)
    assert decision.is_override and decision.result_passed is None
    assert decision.result_percent is None  # no result, not 0 %


def test_not_recommending_against_passing_scores_is_an_override(members, entry, framework):
    save(members["m1"], entry, ALL_FOUR, framework)
    with pytest.raises(DomainError, match="กรุณายืนยัน"):
        recommend(members["sec"], entry, "NOT_RECOMMEND", "หลักฐานไม่ครบ", confirmed=False)
    nothing_decided(entry)
    decision = recommend(members["sec"], entry, "NOT_RECOMMEND", "หลักฐานไม่ครบ")
    assert decision.is_override


def test_a_decision_that_follows_the_scores_needs_no_confirmation(members, entry, framework):
    save(members["m1"], entry, ALL_FOUR, framework)
    decision = recommend(members["sec"], entry, confirmed=False)
    assert not decision.is_override and decision.result_passed is True


def test_the_form_lists_the_committee_and_asks_to_confirm_an_override(
    members, entry, framework, client
):
    save(members["m1"], entry, ALL_ONE, framework)
    client.force_login(members["sec"].user)
    result = reverse("assessment:result", args=[entry.pk])
    page = client.get(result)
    form = page.context["decision_form"]
    # The members who scored are ticked present; the others are not, with a reason field each.
    assert form[f"present-{members['m1'].pk}"].initial is True
    assert form[f"present-{members['m2'].pk}"].initial is False
    assert f'name="missing-{members["m2"].pk}"' in page.content.decode()
    assert f'name="missing-{members["m1"].pk}"' not in page.content.decode()
    assert "องค์ประชุม" in page.content.decode()
    assert 'name="confirm"' not in page.content.decode()  # asked only when it departs
    url = reverse("assessment:decide", args=[entry.pk])
    data = decision_post(entry, outcome="RECOMMEND", reasons=REASONS)
    response = client.post(url, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="confirm"' in content and "ยืนยันว่ามติต่างจากผลคะแนน" in content
    assert "ร้อยละ 20.00" in content and "ไม่ผ่านเกณฑ์" in content
    nothing_decided(entry)
    response = client.post(url, {**data, "confirm": "on"})
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.is_override and decision.present.count() == 9
    assert decision.missing_reasons[str(members["m2"].pk)] == NOT_SCORED
    page = client.get(result).content.decode()
    assert "มติต่างจากผลคะแนน" in page and members["m2"].line in page


def test_the_form_refuses_a_present_member_without_a_reason(members, entry, framework, client):
    save(members["m1"], entry, ALL_FOUR, framework)
    client.force_login(members["sec"].user)
    url = reverse("assessment:decide", args=[entry.pk])
    data = decision_post(entry, outcome="RECOMMEND", reasons="")
    data[f"missing-{members['m2'].pk}"] = ""
    response = client.post(url, data)
    assert response.status_code == 200
    assert "ต้องระบุเหตุผลรายคน" in response.content.decode()
    nothing_decided(entry)


def test_an_override_is_counted_and_listed_in_the_year_end_report(
    pat, year, members, entry, framework
):
    from reports.selectors import year_end_report_data

    save(members["m1"], entry, ALL_ONE, framework)
    recommend(members["sec"], entry, "NOT_RECOMMEND", "หลักฐานไม่ครบ")  # follows the scores
    assert year_end_report_data(user=pat, year=year, district=None).overrides == []
    services.decision_reopen(actor=pat, round_unit=entry, reason="ที่ประชุมทบทวน")
    recommend(members["sec"], entry, reasons=REASONS)  # against them, confirmed
    data = year_end_report_data(user=pat, year=year, district=None)
    (row,) = data.overrides
    assert (row.name, row.level_label, row.outcome_label) == (
        entry.unit.name,
        "ระดับอำเภอ",
        "เสนอให้รับรอง",
    )
    assert row.result_percent == 20 and row.reason == REASONS
    assert row.decided_by == members["sec"].user.full_name
    assert data.override_counts()["district"] == {entry.unit.district.display_name: 1}


def test_a_member_present_at_a_decision_stays_on_the_committee(pat, members, entry, framework):
    from committees import services as committee_services

    save(members["m1"], entry, ALL_FOUR, framework)
    ex_officio = others(members, 5)[0]
    recommend(members["sec"], entry, **meeting(entry, [members["m1"], *others(members, 5)]))
    with pytest.raises(DomainError, match="รายชื่อผู้มาประชุม"):
        committee_services.member_remove(actor=pat, member=ex_officio)
    assert Member.objects.filter(pk=ex_officio.pk).exists()
    assert Decision.objects.get().present.filter(pk=ex_officio.pk).exists()
