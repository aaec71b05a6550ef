"""Stage 5: assessment rounds, members' scores, the combined result and the committee's
decisions (issue 4, "Assessment")."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from assessment import services
from assessment.models import Combine, Decision, MemberScore, Round, RoundLevel, RoundUnit
from assessment.selectors import Combined, combine, combined_result, eligible_units
from audit.models import AuditEntry
from certification import services as certification_services
from committees import services as committee_services
from committees.models import Committee, Kind, Member, MemberRole
from core.errors import DomainError
from core.once import new_form_token
from core.scope import visible_to
from frameworks.models import Framework
from geography.models import District, Zone
from registration.models import Status, Unit
from tests.conftest import chromium_page, complete_documents, open_round
from tests.factories import (
    REASONS,
    account,
    decide_on,
    decision_post,
    extra_unit,
    indicators,
    level,
    recommend,
    save,
)

# Every test here signs credentials with a key file of its own (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("signing_key_file")


def combined_of(entry: RoundUnit) -> Combined:
    """The entry's combined result: every round here has a framework, so there is one."""
    combined = combined_result(entry)
    assert combined is not None
    return combined


# --- combination and pass rule -----------------------------------------------------------


def test_combine_mean_and_median():
    assert combine([4, 5], Combine.MEAN) == Decimal("4.50")
    assert combine([2, 4, 5], Combine.MEAN) == Decimal("3.67")
    assert combine([2, 4, 5], Combine.MEDIAN) == Decimal("4.00")
    assert combine([2, 5], Combine.MEDIAN) == Decimal("3.50")
    assert combine([], Combine.MEAN) is None


def test_result_is_the_mean_of_members_weighted_by_the_framework(members, entry, framework):
    save(members["m1"], entry, {"1.1": 4, "1.2": 3, "2.1": 2}, framework)
    save(members["m2"], entry, {"1.1": 5, "1.2": 3, "2.1": 4}, framework)
    combined = combined_of(entry)
    result = combined.result
    assert {i.spec.code: i.score for c in result.components for i in c.indicators} == {
        "1.1": Decimal("4.50"),
        "1.2": Decimal("3.00"),
        "2.1": Decimal("3.00"),
    }
    knowledge, morality = result.components
    # ภูมิรู้ = 1 × 4.5 + 2 × 3 = 10.5 of 15; ภูมิธรรม = 3 of 5
    assert (knowledge.percent, morality.percent) == (Decimal("70.00"), Decimal("60.00"))
    # total = (1 × 10.5 + 3 × 3) / (1 × 15 + 3 × 5) = 19.5 / 30
    assert result.percent == Decimal("65.00") and result.passed
    assert [m.pk for m in combined.members] == sorted(
        [members["m1"].pk, members["m2"].pk],
        key=lambda pk: Member.objects.get(pk=pk).order,
    )
    # The pass rule is the framework's: every component must reach its threshold.
    Framework.objects.filter(pk=framework.pk).update(pass_component_percent=Decimal(65))
    result = combined_of(entry).result
    assert not result.passed and result.failed_components == ["ภูมิธรรม"]


def test_median_is_a_setting_of_the_round(members, alice, mueang, entry, framework):
    third = account(alice, mueang, MemberRole.MEMBER, "member3", 2)
    for member, score in ((members["m1"], 2), (members["m2"], 4), (third, 5)):
        save(member, entry, {"1.1": score}, framework)
    assert combined_of(entry).result.by_indicator()[
        indicators(framework)["1.1"].pk
    ].score == Decimal("3.67")
    Round.objects.filter(pk=entry.round_id).update(combine=Combine.MEDIAN)
    entry = RoundUnit.objects.get(pk=entry.pk)
    result = combined_of(entry).result
    assert result.by_indicator()[indicators(framework)["1.1"].pk].score == Decimal("4.00")
    assert result.unanswered == ["1.2", "2.1"] and not result.complete


# --- saving scores -----------------------------------------------------------------------


def test_partial_saves_keep_earlier_indicators_and_interleaved_members_both_survive(
    members, entry, framework
):
    m1, m2 = members["m1"], members["m2"]
    save(m1, entry, {"1.1": 4}, framework, comment="นำเสนอชัดเจน")
    save(m2, entry, {"1.1": 2}, framework)
    save(m1, entry, {"1.2": 5}, framework)
    save(m2, entry, {"2.1": 3}, framework)
    got = {
        (s.member_id, s.indicator.code): (s.level.score if s.level else None, s.comment)
        for s in MemberScore.objects.select_related("indicator", "level")
    }
    assert got == {
        (m1.pk, "1.1"): (4, "นำเสนอชัดเจน"),
        (m1.pk, "1.2"): (5, ""),
        (m2.pk, "1.1"): (2, ""),
        (m2.pk, "2.1"): (3, ""),
    }
    entries = AuditEntry.objects.filter(action="assessment.score_save")
    assert entries.count() == 4 and entries.latest("at", "id").unit_id == entry.unit_id


def test_scores_outside_the_framework_are_refused_and_change_nothing(members, entry, framework):
    found = indicators(framework)
    with pytest.raises(DomainError):
        services.score_save(
            actor=members["m1"].user,
            round_unit=entry,
            scores={found["1.1"].pk: (level(found["1.2"], 3), "")},
        )
    with pytest.raises(DomainError):
        services.score_save(actor=members["m1"].user, round_unit=entry, scores={999999: (None, "")})
    assert not MemberScore.objects.exists()


def test_only_members_of_the_rounds_committee_score(
    alice, charlie, committees, members, entry, framework
):
    other = account(charlie, committees.get(district_id="5102"), MemberRole.MEMBER, "other")
    with pytest.raises(DomainError, match="ไม่ได้เป็นกรรมการ"):
        save(other, entry, {"1.1": 5}, framework)
    with pytest.raises(DomainError):
        services.score_save(actor=alice, round_unit=entry, scores={})
    assert not MemberScore.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_members_scoring_at_the_same_moment_lose_nothing_on_postgresql(
    members, entry, framework
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what this tests; run with DATABASE_URL=postgres://…")
    found = indicators(framework)
    people = [members["m1"], members["m2"], members["sec"]]
    barrier = threading.Barrier(len(people))
    errors = []

    def work(index, member):
        try:
            for round_no in range(5):
                barrier.wait()
                services.score_save(
                    actor=member.user,
                    round_unit=entry,
                    scores={
                        i.pk: (level(i, (index + round_no) % 5 + 1), f"{member.pk}-{round_no}")
                        for i in found.values()
                    },
                )
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=pair) for pair in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert MemberScore.objects.count() == len(people) * len(found)
    for index, member in enumerate(people):
        rows = MemberScore.objects.filter(member=member).select_related("level")
        assert {(r.level.score if r.level else None, r.comment) for r in rows} == {
            ((index + 4) % 5 + 1, f"{member.pk}-4")
        }


# --- decisions, lock and reopening -------------------------------------------------------


def test_decision_moves_the_status_and_locks_the_scores(members, entry, framework):
    save(members["m1"], entry, {"1.1": 4, "1.2": 4, "2.1": 4}, framework)
    with pytest.raises(DomainError, match="เหตุผล"):
        recommend(members["sec"], entry, outcome="NOT_RECOMMEND")
    with pytest.raises(DomainError):
        recommend(members["m1"], entry)  # an ordinary member does not record the decision
    with pytest.raises(DomainError):
        recommend(members["sec"], entry, outcome="CERTIFY")  # not at district level
    decision = recommend(members["sec"], entry)
    entry.unit.refresh_from_db()
    assert entry.unit.status == Status.RECOMMENDED
    assert decision.result_percent == Decimal("80.00") and decision.result_passed
    assert entry.unit.status_changes.last().to_status == Status.RECOMMENDED
    assert AuditEntry.objects.filter(action="assessment.decide", unit_id=entry.unit_id).exists()
    with pytest.raises(DomainError) as error:
        save(members["m2"], entry, {"1.1": 1}, framework)
    assert "ล็อก" in error.value.message
    with pytest.raises(DomainError):
        recommend(members["sec"], entry)
    assert MemberScore.objects.filter(member=members["m2"]).count() == 0


def test_certify_is_refused_without_the_district_recommendation(
    alice, pat, members, entry, framework, province_round
):
    # Not recommended yet: the provincial round cannot take the unit.
    assert entry.unit not in eligible_units(province_round)
    with pytest.raises(DomainError):
        services.round_add_units(actor=pat, round_=province_round, unit_ids=[entry.unit_id])
    recommend(members["sec"], entry, reasons=REASONS)
    (provincial,) = services.round_add_units(
        actor=pat, round_=province_round, unit_ids=[entry.unit_id]
    )
    # The district takes its recommendation back before the province decides.
    services.decision_reopen(actor=alice, round_unit=entry, reason="ทบทวนหลักฐานใหม่")
    with pytest.raises(DomainError, match="ยังไม่ได้รับการเสนอ"):
        decide_on(pat, provincial, "CERTIFY")
    assert Unit.objects.get(pk=entry.unit_id).status == Status.DOCUMENTS_COMPLETE
    assert not Decision.objects.filter(round_unit=provincial).exists()


def test_reopen_needs_a_reason_is_audited_and_revokes_the_certificate(
    alice, pat, members, entry, framework, province_round
):
    recommend(members["sec"], entry, reasons=REASONS)
    (provincial,) = services.round_add_units(
        actor=pat, round_=province_round, unit_ids=[entry.unit_id]
    )
    decide_on(pat, provincial, "CERTIFY", REASONS)
    unit = Unit.objects.get(pk=entry.unit_id)
    assert unit.status == Status.CERTIFIED
    certificate, _created = certification_services.issue_certificate(actor=pat, unit=unit)
    # The district's decision cannot be taken back under the province's.
    with pytest.raises(DomainError, match="ขั้นถัดไป"):
        services.decision_reopen(actor=alice, round_unit=entry, reason="ทบทวน")
    with pytest.raises(DomainError, match="เหตุผล"):
        services.decision_reopen(actor=pat, round_unit=provincial, reason="  ")
    with pytest.raises(DomainError):  # the secretary decides but does not reopen
        services.decision_reopen(actor=members["sec"].user, round_unit=entry, reason="ทบทวน")
    services.decision_reopen(actor=pat, round_unit=provincial, reason="พบว่าหลักฐานไม่ครบ")
    unit.refresh_from_db()
    certificate.refresh_from_db()
    assert unit.status == Status.RECOMMENDED
    assert certificate.is_revoked and certificate.revocation_reason == "พบว่าหลักฐานไม่ครบ"
    entry_audit = AuditEntry.objects.get(action="assessment.reopen")
    assert entry_audit.note == "พบว่าหลักฐานไม่ครบ" and entry_audit.actor == pat
    assert entry_audit.unit_id == unit.pk
    decision = Decision.objects.get(round_unit=provincial)  # kept, marked reopened
    assert decision.reopened_by == pat and decision.outcome == "CERTIFY"
    # Decided again after reopening: a new row beside the old.
    decide_on(pat, provincial, "NOT_CERTIFY", "หลักฐานไม่ครบ")
    assert Decision.objects.filter(round_unit=provincial).count() == 2
    unit.refresh_from_db()
    assert unit.status == Status.NOT_CERTIFIED


def test_reopening_unlocks_the_scores(alice, members, entry, framework):
    recommend(members["sec"], entry, reasons=REASONS)
    services.decision_reopen(actor=alice, round_unit=entry, reason="กรรมการขอแก้คะแนน")
    save(members["m1"], entry, {"1.1": 5}, framework)
    assert MemberScore.objects.filter(member=members["m1"]).count() == 1


# --- rounds and schedule -----------------------------------------------------------------


def test_who_opens_which_round(alice, charlie, pat, dave, year, committees, mueang):
    with pytest.raises(DomainError):
        open_round(charlie, year, RoundLevel.DISTRICT, mueang)
    with pytest.raises(DomainError):
        open_round(dave, year, RoundLevel.DISTRICT, mueang)
    with pytest.raises(DomainError):
        open_round(
            alice, year, RoundLevel.PROVINCE, committees.get(kind=Kind.PROVINCIAL_CERTIFICATION)
        )
    with pytest.raises(DomainError):
        open_round(pat, year, RoundLevel.PROVINCE, mueang)
    round_ = open_round(pat, year, RoundLevel.DISTRICT, mueang)
    assert round_.district_id == "5101"
    assert AuditEntry.objects.filter(action="assessment.round_create").count() == 1


def test_the_round_takes_only_units_with_a_finished_after_assessment(
    alice, year, district_round, leader
):
    unit = complete_documents(leader, alice, reviewer=alice)
    assert unit not in eligible_units(district_round)
    with pytest.raises(DomainError):
        services.round_add_units(actor=alice, round_=district_round, unit_ids=[unit.pk])


def test_schedule_slots_follow_each_other_and_print(alice, year, entry, client):
    for order, name in enumerate(["กลุ่มทอผ้า", "กลุ่มจักสาน"], start=2):
        RoundUnit.objects.create(round=entry.round, unit=extra_unit(year, alice, name), order=order)
    start = timezone.make_aware(dt.datetime(2027, 3, 10, 9, 0))
    services.round_schedule(actor=alice, round_=entry.round, starts_at=start)
    slots = [timezone.localtime(e.starts_at).strftime("%H:%M") for e in entry.round.entries.all()]
    assert slots == ["09:00", "09:30", "10:00"]
    assert AuditEntry.objects.filter(action="assessment.schedule").exists()
    client.force_login(alice)
    page = client.get(reverse("assessment:print", args=[entry.round_id])).content.decode()
    assert "09:30–10:00" in page and "กลุ่มจักสาน" in page
    # Through the form: a Buddhist-era date and a time; bad input changes nothing.
    url = reverse("assessment:set_schedule", args=[entry.round_id])
    client.post(url, {"date": "10/03/2570", "time": "25:99", "presentation_minutes": 15})
    assert timezone.localtime(RoundUnit.objects.get(pk=entry.pk).starts_at).hour == 9
    client.post(
        url,
        {
            "date": "11/03/2570",
            "time": "13:00",
            "presentation_minutes": 10,
            "questions_minutes": 10,
            "break_minutes": 5,
        },
    )
    slots = [
        timezone.localtime(e.starts_at).strftime("%d %H:%M") for e in entry.round.entries.all()
    ]
    assert slots == ["11 13:00", "11 13:25", "11 13:50"]


# --- pages -------------------------------------------------------------------------------


def test_member_scores_on_the_page_partly_and_sees_only_own_scores_until_closed(
    alice, members, entry, framework, client
):
    found = indicators(framework)
    save(members["m2"], entry, {"1.1": 2}, framework, comment="ความเห็นของกรรมการคนที่สอง")
    client.force_login(members["m1"].user)
    url = reverse("assessment:score", args=[entry.pk])
    page = client.get(url).content.decode()
    assert 'type="radio"' in page and "ความเห็นของกรรมการคนที่สอง" not in page
    response = client.post(
        url, {f"level-{found['1.1'].pk}": level(found["1.1"], 4), f"comment-{found['1.1'].pk}": "ดี"}
    )
    assert response.status_code == 302
    client.post(url, {f"level-{found['1.2'].pk}": level(found["1.2"], 5)})
    mine = MemberScore.objects.filter(member=members["m1"]).select_related("indicator", "level")
    assert {(s.indicator.code, s.level.score if s.level else None, s.comment) for s in mine} == {
        ("1.1", 4, "ดี"),
        ("1.2", 5, ""),
    }
    # Bad input: no 500, nothing changed.
    response = client.post(url, {f"level-{found['1.1'].pk}": "abc"})
    assert response.status_code == 200
    response = client.post(url, {f"level-{found['1.1'].pk}": level(found["2.1"], 1)})
    assert response.status_code == 200
    kept = MemberScore.objects.get(member=members["m1"], indicator=found["1.1"]).level
    assert kept is not None and kept.score == 4
    # The combined table is not the ordinary member's before the round closes.
    result_url = reverse("assessment:result", args=[entry.pk])
    assert client.get(result_url).status_code == 302
    round_page = client.get(reverse("assessment:round", args=[entry.round_id])).content.decode()
    assert result_url not in round_page
    # The secretary sees them all.
    client.force_login(members["sec"].user)
    assert "ความเห็นของกรรมการคนที่สอง" in client.get(result_url).content.decode()
    services.round_close(actor=alice, round_=entry.round)
    client.force_login(members["m1"].user)
    page = client.get(result_url).content.decode()
    assert "ความเห็นของกรรมการคนที่สอง" in page
    # Closed: scoring is over.
    with pytest.raises(DomainError, match="ปิดแล้ว"):
        save(members["m1"], entry, {"2.1": 3}, framework)


def test_decision_form_asks_for_reasons_next_to_the_field(members, entry, client):
    client.force_login(members["sec"].user)
    url = reverse("assessment:decide", args=[entry.pk])
    response = client.post(url, decision_post(entry, outcome="NOT_RECOMMEND", reasons=""))
    assert response.status_code == 200
    assert "กรุณาระบุเหตุผลของมติ" in response.content.decode()
    assert Unit.objects.get(pk=entry.unit_id).status == Status.DOCUMENTS_COMPLETE
    response = client.post(url, {"outcome": "BOGUS"})
    assert response.status_code == 200
    response = client.post(
        url, decision_post(entry, outcome="NOT_RECOMMEND", reasons="ยังไม่มีหลักฐาน")
    )
    assert response.status_code == 302
    assert Unit.objects.get(pk=entry.unit_id).status == Status.NOT_RECOMMENDED
    page = client.get(reverse("assessment:result", args=[entry.pk])).content.decode()
    assert "ยังไม่มีหลักฐาน" in page


def test_reopen_form_needs_a_reason(alice, members, entry, client):
    recommend(members["sec"], entry, reasons=REASONS)
    client.force_login(alice)
    url = reverse("assessment:reopen", args=[entry.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert Unit.objects.get(pk=entry.unit_id).status == Status.RECOMMENDED
    client.post(url, {"reason": "ทบทวนตามหนังสืออำเภอ"})
    assert Unit.objects.get(pk=entry.unit_id).status == Status.DOCUMENTS_COMPLETE


def test_officer_opens_a_round_and_adds_units_through_the_pages(alice, year, mueang, ready, client):
    client.force_login(alice)
    url = reverse("assessment:rounds", args=[year.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"committee": str(mueang.pk), "name": "", "combine": "MEAN", "once": new_form_token()}
    )
    round_ = Round.objects.get()
    assert response.status_code == 302 and round_.district_id == "5101"
    detail = reverse("assessment:round", args=[round_.pk])
    assert ready.name in client.get(detail).content.decode()
    client.post(reverse("assessment:add_units", args=[round_.pk]), {"unit": ["x"]})
    assert not round_.entries.exists()
    client.post(reverse("assessment:add_units", args=[round_.pk]), {"unit": [str(ready.pk)]})
    assert list(round_.entries.values_list("unit_id", flat=True)) == [ready.pk]


# --- removing a unit from its round ------------------------------------------------------


def test_an_unscored_unit_leaves_the_round_and_can_be_added_again(alice, entry):
    round_ = entry.round
    services.round_remove_unit(actor=alice, round_unit=entry)
    assert not RoundUnit.objects.filter(pk=entry.pk).exists()
    row = AuditEntry.objects.get(action="assessment.unit_remove")
    assert row.unit_id == entry.unit_id and row.district_id == "5101"
    assert row.changes["dropped_scores"] == [] and row.changes["round"] == round_.pk
    assert entry.unit in eligible_units(round_)
    services.round_add_units(actor=alice, round_=round_, unit_ids=[entry.unit_id])
    assert round_.entries.count() == 1


def test_a_scored_unit_leaves_only_with_a_confirmation_and_a_reason(
    alice, members, entry, framework
):
    save(members["m1"], entry, {"1.1": 4, "1.2": 3}, framework, comment="ดี")
    save(members["m2"], entry, {"1.1": 2}, framework)
    before = AuditEntry.objects.count()
    for kwargs, field in (
        ({"reason": "หน่วยนับขอถอนตัว"}, "confirm_scores"),  # no confirmation
        ({"reason": "หน่วยนับขอถอนตัว", "confirm_scores": 2}, "confirm_scores"),  # saw 2, now 3
        ({"confirm_scores": 3}, "reason"),  # no reason
    ):
        with pytest.raises(DomainError) as error:
            services.round_remove_unit(actor=alice, round_unit=entry, **kwargs)
        assert error.value.field == field
    assert MemberScore.objects.filter(round_unit=entry).count() == 3
    assert AuditEntry.objects.count() == before
    services.round_remove_unit(
        actor=alice, round_unit=entry, reason="หน่วยนับขอถอนตัว", confirm_scores=3
    )
    assert not MemberScore.objects.exists() and not RoundUnit.objects.exists()
    row = AuditEntry.objects.get(action="assessment.unit_remove")
    assert row.note == "หน่วยนับขอถอนตัว" and row.actor == alice
    dropped = {
        (d["member"], d["indicator"], d["score"], d["comment"])
        for d in row.changes["dropped_scores"]
    }
    assert dropped == {
        (members["m1"].pk, "1.1", 4, "ดี"),
        (members["m1"].pk, "1.2", 3, "ดี"),
        (members["m2"].pk, "1.1", 2, ""),
    }


def test_a_unit_with_a_decision_stays_on_the_round(alice, members, entry, framework):
    save(members["m1"], entry, {"1.1": 4}, framework)
    recommend(members["sec"], entry, reasons=REASONS)
    with pytest.raises(DomainError, match="ล็อก"):
        services.round_remove_unit(actor=alice, round_unit=entry, reason="ทดสอบ", confirm_scores=1)
    # Reopened, the decision is still the unit's record: the entry keeps it.
    services.decision_reopen(actor=alice, round_unit=entry, reason="ทบทวน")
    with pytest.raises(DomainError, match="ประวัติมติ"):
        services.round_remove_unit(actor=alice, round_unit=entry, reason="ทดสอบ", confirm_scores=1)
    assert RoundUnit.objects.filter(pk=entry.pk).exists()
    assert Decision.objects.filter(round_unit=entry).count() == 1


def test_only_the_officer_running_an_open_round_removes(
    alice, charlie, pat, members, entry, framework
):
    for outsider in (charlie, members["sec"].user, members["m1"].user):
        with pytest.raises(DomainError):
            services.round_remove_unit(actor=outsider, round_unit=entry)
    services.round_close(actor=alice, round_=entry.round)
    with pytest.raises(DomainError, match="ปิดแล้ว"):
        services.round_remove_unit(actor=pat, round_unit=entry)
    assert RoundUnit.objects.filter(pk=entry.pk).exists()


def test_a_save_on_a_page_opened_before_the_removal_is_refused(alice, members, entry, framework):
    stale = RoundUnit.objects.get(pk=entry.pk)
    services.round_remove_unit(actor=alice, round_unit=entry)
    with pytest.raises(DomainError, match="นำออกจากรอบ"):
        save(members["m1"], stale, {"1.1": 4}, framework)
    with pytest.raises(DomainError, match="นำออกจากรอบ"):
        recommend(members["sec"], stale)
    assert not MemberScore.objects.exists() and not Decision.objects.exists()


def test_the_remove_page_lists_what_is_dropped_and_asks_to_confirm(
    alice, members, entry, framework, client
):
    save(members["m1"], entry, {"1.1": 4}, framework, comment="ความเห็นที่จะหาย")
    client.force_login(members["sec"].user)  # decides, but does not run the round
    round_page = client.get(reverse("assessment:round", args=[entry.round_id])).content.decode()
    url = reverse("assessment:remove", args=[entry.pk])
    assert url not in round_page
    assert client.post(url, {"confirm_scores": "1", "reason": "x"}).status_code == 302
    assert RoundUnit.objects.filter(pk=entry.pk).exists()
    client.force_login(alice)
    round_page = client.get(reverse("assessment:round", args=[entry.round_id])).content.decode()
    assert url in round_page
    page = client.get(url).content.decode()
    assert "ความเห็นที่จะหาย" in page and 'name="confirm_scores" value="1"' in page
    # Without the box ticked, or with nonsense: the reason is shown, nothing removed.
    response = client.post(url, {"reason": "หน่วยนับขอถอนตัว"})
    assert response.status_code == 200 and "กรุณายืนยัน" in response.content.decode()
    response = client.post(url, {"reason": "หน่วยนับขอถอนตัว", "confirm_scores": "abc"})
    assert response.status_code == 200
    response = client.post(url, {"confirm_scores": "1"})
    assert response.status_code == 200 and "กรุณาระบุเหตุผล" in response.content.decode()
    assert RoundUnit.objects.filter(pk=entry.pk).exists()
    response = client.post(url, {"reason": "หน่วยนับขอถอนตัว", "confirm_scores": "1"})
    assert response.status_code == 302
    assert not RoundUnit.objects.filter(pk=entry.pk).exists()
    assert client.get(url).status_code == 404


def test_the_round_page_does_not_query_per_entry(
    alice, year, entry, members, framework, client, django_assert_max_num_queries
):
    save(members["m1"], entry, {"1.1": 4}, framework)
    recommend(members["sec"], entry, reasons=REASONS)
    for order in range(2, 8):
        unit = extra_unit(year, alice, f"กลุ่มที่ {order}")
        RoundUnit.objects.create(round=entry.round, unit=unit, order=order)
    client.force_login(alice)
    url = reverse("assessment:round", args=[entry.round_id])
    # As with one entry; one query tells which units' pages the user may open (the links).
    with django_assert_max_num_queries(13):
        response = client.get(url)
    assert response.content.decode().count(">กลุ่มที่ ") == 6


# --- zone rounds -------------------------------------------------------------------------


@pytest.fixture
def zone_group(pat, year, committees):
    """The working group of a zone of เมืองลำพูน and แม่ทา."""
    zone = Zone.objects.create(province_id="51", name="โซนเหนือ")
    zone.districts.set(District.objects.filter(pk__in=["5101", "5102"]))
    return committee_services.zone_group_create(actor=pat, programme_year=year, zone=zone)


@pytest.fixture
def zone_round(pat, year, zone_group):
    return open_round(pat, year, RoundLevel.ZONE, zone_group)


def test_a_zone_round_is_the_provinces_with_a_zone_working_group(
    alice, pat, year, committees, mueang, zone_group
):
    with pytest.raises(DomainError):  # the district does not hold zone rounds (seed 001 §2.9)
        open_round(alice, year, RoundLevel.ZONE, zone_group)
    with pytest.raises(DomainError, match="คณะทำงานระดับโซน"):
        open_round(pat, year, RoundLevel.ZONE, mueang)
    with pytest.raises(DomainError, match="ระดับอำเภอ"):
        open_round(pat, year, RoundLevel.DISTRICT, zone_group)
    no_zone = committee_services.zone_group_create(
        actor=pat, programme_year=year, name="คณะทำงานโซนพิเศษ"
    )
    with pytest.raises(DomainError, match="ยังไม่ได้ระบุโซน"):
        open_round(pat, year, RoundLevel.ZONE, no_zone)
    round_ = open_round(pat, year, RoundLevel.ZONE, zone_group)
    assert (round_.level, round_.district_id) == (RoundLevel.ZONE, None)
    # The database holds the rule too: only a district round names a district.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.filter(pk=round_.pk).update(district_id="5101")
    # A zone working group with a round is not deleted from under it.
    with pytest.raises(DomainError):
        committee_services.committee_delete(actor=pat, committee=zone_group)
    assert Committee.objects.filter(pk=zone_group.pk).exists()


def test_a_zone_round_takes_the_zones_units_decided_or_not_by_their_district(
    alice, charlie, year, ready, zone_round
):
    recommended = extra_unit(year, charlie, "กลุ่มแม่ทา", district="5102", status="RECOMMENDED")
    elsewhere = extra_unit(year, alice, "กลุ่มบ้านธิ", district="5103", status="RECOMMENDED")
    unprepared = extra_unit(year, alice, "กลุ่มยังไม่ประเมินตนเอง")  # no after-assessment
    refused = extra_unit(year, alice, "กลุ่มที่อำเภอไม่เสนอ", status="NOT_RECOMMENDED")
    eligible = set(eligible_units(zone_round))
    assert {ready, recommended} <= eligible
    assert not {elsewhere, unprepared, refused} & eligible


def test_zone_advice_needs_reasons_moves_no_status_and_the_province_sees_it(
    alice, pat, year, ready, committees, zone_group, zone_round, province_round, client
):
    (zone_entry,) = services.round_add_units(actor=pat, round_=zone_round, unit_ids=[ready.pk])
    secretary = account(pat, zone_group, MemberRole.SECRETARY, "zonesec")
    with pytest.raises(DomainError, match="เหตุผล"):
        decide_on(secretary.user, zone_entry, "ADVISE_CERTIFY")
    with pytest.raises(DomainError):  # a zone does not recommend or certify
        decide_on(secretary.user, zone_entry, "RECOMMEND", "ดี")
    advice = decide_on(secretary.user, zone_entry, "ADVISE_CERTIFY", "มีหลักฐานการเปลี่ยนแปลงชัดเจน")
    ready.refresh_from_db()
    assert ready.status == Status.DOCUMENTS_COMPLETE
    assert (advice.from_status, advice.to_status) == (Status.DOCUMENTS_COMPLETE,) * 2
    assert not ready.status_changes.filter(to_status=Status.RECOMMENDED).exists()
    row = AuditEntry.objects.get(action="assessment.decide")
    assert row.district_id == "5101" and row.note == "มีหลักฐานการเปลี่ยนแปลงชัดเจน"
    # The advice does not stand in for the district's recommendation.
    assert ready not in eligible_units(province_round)
    # Once the district recommends, the province sees the zone's advice beside the unit.
    mueang_round = open_round(alice, year, RoundLevel.DISTRICT, committees.get(district_id="5101"))
    (district_entry,) = services.round_add_units(
        actor=alice, round_=mueang_round, unit_ids=[ready.pk]
    )
    decide_on(alice, district_entry, "RECOMMEND", REASONS)
    (provincial,) = services.round_add_units(actor=pat, round_=province_round, unit_ids=[ready.pk])
    client.force_login(pat)
    page = client.get(reverse("assessment:result", args=[provincial.pk])).content.decode()
    assert "มีหลักฐานการเปลี่ยนแปลงชัดเจน" in page and "เสนอจังหวัดให้รับรอง" in page
    page = client.get(reverse("assessment:round", args=[province_round.pk])).content.decode()
    assert "เสนอจังหวัดให้รับรอง" in page
    # The district's officer reads it on the district's result page; its committee does not.
    district_result = reverse("assessment:result", args=[district_entry.pk])
    client.force_login(alice)
    assert "มีหลักฐานการเปลี่ยนแปลงชัดเจน" in client.get(district_result).content.decode()
    district_secretary = account(
        alice, committees.get(district_id="5101"), MemberRole.SECRETARY, "mueangsec"
    )
    client.force_login(district_secretary.user)
    response = client.get(district_result)
    assert response.status_code == 200 and "ผลการประเมินรวม" in response.content.decode()
    assert "มีหลักฐานการเปลี่ยนแปลงชัดเจน" not in response.content.decode()
    client.force_login(pat)
    # Taking the advice back unlocks the zone's scores and leaves the status alone.
    services.decision_reopen(actor=pat, round_unit=zone_entry, reason="คณะทำงานขอพิจารณาใหม่")
    ready.refresh_from_db()
    assert ready.status == Status.RECOMMENDED
    assert AuditEntry.objects.get(action="assessment.reopen").changes["status"] == [
        "RECOMMENDED",
        "RECOMMENDED",
    ]
    page = client.get(reverse("assessment:result", args=[provincial.pk])).content.decode()
    assert "มีหลักฐานการเปลี่ยนแปลงชัดเจน" not in page


def test_zone_working_group_member_scores_and_sees_only_the_units_before_the_group(
    pat, charlie, year, ready, zone_group, zone_round, framework, client
):
    other = extra_unit(year, charlie, "กลุ่มแม่ทา", district="5102", status="RECOMMENDED")
    (zone_entry,) = services.round_add_units(actor=pat, round_=zone_round, unit_ids=[ready.pk])
    member = account(pat, zone_group, MemberRole.MEMBER, "zone1")
    save(member, zone_entry, {"1.1": 5}, framework)
    assert set(visible_to(member.user, Unit)) == {ready}
    client.force_login(member.user)
    assert client.get(reverse("assessment:score", args=[zone_entry.pk])).status_code == 200
    assert client.get(f"/units/{ready.pk}/").status_code == 200
    assert client.get(f"/units/{other.pk}/").status_code == 404
    # The district officers do not see the zone's round (it spans other districts' units).
    client.force_login(charlie)
    assert client.get(reverse("assessment:round", args=[zone_round.pk])).status_code == 404


def test_the_province_opens_a_zone_round_through_the_page(pat, year, zone_group, ready, client):
    client.force_login(pat)
    url = reverse("assessment:rounds", args=[year.pk])
    assert zone_group.name in client.get(url).content.decode()
    response = client.post(
        url, {"committee": str(zone_group.pk), "combine": "MEDIAN", "once": new_form_token()}
    )
    round_ = Round.objects.get(committee=zone_group)
    assert response.status_code == 302 and round_.level == RoundLevel.ZONE
    page = client.get(reverse("assessment:round", args=[round_.pk])).content.decode()
    assert ready.name in page and "แม่ทา" in page  # the zone's districts are listed


# --- scope (the every-URL matrix for outsiders is in tests/test_scope.py) -----------------


def every_url(entry):
    round_id = entry.round_id
    return [
        ("get", reverse("assessment:round", args=[round_id])),
        ("get", reverse("assessment:print", args=[round_id])),
        ("post", reverse("assessment:add_units", args=[round_id])),
        ("post", reverse("assessment:set_schedule", args=[round_id])),
        ("post", reverse("assessment:close", args=[round_id])),
        ("get", reverse("assessment:score", args=[entry.pk])),
        ("post", reverse("assessment:score", args=[entry.pk])),
        ("get", reverse("assessment:result", args=[entry.pk])),
        ("post", reverse("assessment:decide", args=[entry.pk])),
        ("post", reverse("assessment:reopen", args=[entry.pk])),
        ("get", reverse("assessment:remove", args=[entry.pk])),
        ("post", reverse("assessment:remove", args=[entry.pk])),
    ]


def test_a_district_sees_no_provincial_round_and_its_member_not_the_other_rounds(
    alice, pat, members, entry, province_round, client
):
    client.force_login(alice)
    assert client.get(reverse("assessment:round", args=[province_round.pk])).status_code == 404
    client.force_login(members["m1"].user)
    assert client.get(reverse("assessment:round", args=[province_round.pk])).status_code == 404
    assert client.get(reverse("assessment:round", args=[entry.round_id])).status_code == 200
    assert members["m1"].user.role == Role.COMMITTEE
    client.force_login(pat)
    assert client.get(reverse("assessment:round", args=[entry.round_id])).status_code == 200


def test_anonymous_users_are_sent_to_login(entry, client):
    for method, url in every_url(entry):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "login" in response["Location"]


# --- on a phone --------------------------------------------------------------------------


@pytest.fixture
def phone(live_server, monkeypatch):
    with chromium_page(monkeypatch, viewport={"width": 375, "height": 812}, has_touch=True) as page:
        yield page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_member_scores_on_a_phone_without_sideways_scrolling(
    phone, live_server, members, entry, framework
):
    phone_login(phone, live_server, members["m1"].user)
    phone.goto(f"{live_server.url}{reverse('assessment:round', args=[entry.round_id])}")
    phone.click("a:has-text('ให้คะแนน')")
    phone.wait_for_url("**/score/")
    found = indicators(framework)
    # Tap the first two indicators only, save, then the third: the first two stay.
    for code in ("1.1", "1.2"):
        phone.locator(f"input[name=level-{found[code].pk}][value='{level(found[code], 4)}']").tap()
    phone.fill(f"#comment-{found['1.1'].pk}", "มีหลักฐานชัดเจน")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    height = phone.locator("label.level").first.bounding_box()["height"]
    assert height >= 44
    phone.click("button:has-text('บันทึกคะแนน')")
    phone.wait_for_url("**/score/")
    phone.locator(f"input[name=level-{found['2.1'].pk}][value='{level(found['2.1'], 2)}']").tap()
    phone.click("button:has-text('บันทึกคะแนน')")
    phone.wait_for_url("**/score/")
    scores = {
        s.indicator.code: (s.level.score if s.level else None, s.comment)
        for s in MemberScore.objects.select_related("indicator", "level")
    }
    assert scores == {"1.1": (4, "มีหลักฐานชัดเจน"), "1.2": (4, ""), "2.1": (2, "")}
    for path in (
        reverse("assessment:round", args=[entry.round_id]),
        reverse("assessment:print", args=[entry.round_id]),
    ):
        phone.goto(f"{live_server.url}{path}")
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)


def phone_login(phone, live_server, user):
    from tests.conftest import PASSWORD

    user.set_password(PASSWORD)
    user.save()
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("#id_username", user.username)
    phone.fill("#id_password", PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_officers_round_pages_fit_a_phone(phone, live_server, alice, members, entry, framework):
    """375 px wide: the round page with its remove button, the page that lists the scores a
    removal would drop, and the combined result."""
    save(members["m1"], entry, {"1.1": 4, "1.2": 3, "2.1": 5}, framework, comment="ยาว" * 40)
    save(members["m2"], entry, {"1.1": 2}, framework)
    phone_login(phone, live_server, alice)
    for path in (
        reverse("assessment:round", args=[entry.round_id]),
        reverse("assessment:remove", args=[entry.pk]),
        reverse("assessment:result", args=[entry.pk]),
        reverse("assessment:rounds", args=[entry.round.programme_year_id]),
    ):
        phone.goto(f"{live_server.url}{path}")
        assert phone.locator("h1").count() == 1, path
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
    # Remove through the page on the phone: tick the confirmation, give the reason.
    phone.goto(f"{live_server.url}{reverse('assessment:remove', args=[entry.pk])}")
    phone.fill("#id_reason", "หน่วยนับขอถอนตัว")
    phone.locator("input[name=confirm_scores]").tap()
    phone.click("button:has-text('นำออกจากรอบ')")
    phone.wait_for_url(f"**{reverse('assessment:round', args=[entry.round_id])}")
    assert not RoundUnit.objects.filter(pk=entry.pk).exists()


def test_a_member_who_has_scored_cannot_be_removed_from_the_committee(
    alice, members, entry, framework, client
):
    m1 = members["m1"]
    save(m1, entry, {"1.1": 4}, framework)
    client.force_login(alice)
    response = client.post(reverse("committees:member_remove", args=[m1.pk]), follow=True)
    assert response.status_code == 200
    assert "ให้คะแนนการประเมินไว้แล้ว" in response.content.decode()
    assert Member.objects.filter(pk=m1.pk).exists()
    m1.user.refresh_from_db()
    assert m1.user.is_active
    assert not AuditEntry.objects.filter(action="committee.member_remove").exists()
