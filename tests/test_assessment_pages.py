"""Assessment rounds as committee members and officers use them (found by the tester): what a committee member may open (the development record,
not the registration papers), decisions that go against the scores, the limits of reasons and
comments, a second decision, who is told they see only their own scores, closed rounds, slot
dates, links between the unit and its assessment, the members' start page, and the summary's
Thai file name."""

import datetime as dt
import re
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from assessment import services
from assessment.models import Decision, MemberScore, RoundUnit
from audit.models import AuditEntry
from certification import services as certification_services
from committees.models import MemberRole
from core.errors import DomainError
from core.once import new_form_token
from core.scope import visible_to
from development import services as development_services
from development.models import EvidenceFile, Plan, SelfAssessment
from registration.models import Status, Unit
from tests.conftest import pdf_upload
from tests.factories import (
    REASONS,
    account,
    decision_post,
    extra_unit,
    indicators,
    level,
    meeting,
    recommend,
    save,
)


@pytest.fixture(autouse=True)
def signing(signing_key_file):
    """Every test here signs credentials with a key file of its own (tests/conftest.py)."""


ALL_FOUR = {"1.1": 4, "1.2": 4, "2.1": 4}  # 80 %: passes
ALL_ONE = {"1.1": 1, "1.2": 1, "2.1": 1}  # 20 %: fails
OWN_SCORES_ONLY = "ท่านเห็นเฉพาะคะแนนของท่านเองจนกว่าจะปิดรอบการประเมิน"


def links(page: str) -> set[str]:
    """The site's own links on a page (forms aside)."""
    return {
        href.replace("&amp;", "&")
        for href in re.findall(r'href="([^"]+)"', page)
        if href.startswith("/") and not href.startswith("/static/")
    }


def assert_no_link_404s(client, url: str) -> str:
    page = client.get(url).content.decode()
    for href in links(page):
        assert client.get(href).status_code != 404, href
    return page


@pytest.fixture
def evidence(alice, entry, framework):
    """A file showing indicator 1.1 of the unit on the round, attached by its district."""
    [evidence] = development_services.evidence_upload(
        once=new_form_token(),
        actor=alice,
        unit=entry.unit,
        uploads=[pdf_upload("หลักฐาน.pdf")],
        indicator_id=indicators(framework)["1.1"].pk,
    )
    return evidence


@pytest.fixture
def other_evidence(alice, year, framework, evidence):
    """Evidence of another accepted unit of the same district that is on no round (made
    directly: only its scope matters here)."""
    unit = extra_unit(year, alice, "กลุ่มทอผ้าบ้านเหล่า")
    return EvidenceFile.objects.create(
        unit=unit,
        indicator=indicators(framework)["1.1"],
        file=ContentFile(evidence.file.open("rb").read(), name="other.pdf"),
        original_name="other.pdf",
        content_type="application/pdf",
        size=evidence.size,
        sha256=evidence.sha256,
        uploaded_by=alice,
    )


@pytest.fixture
def certified(alice, pat, members, entry, framework, province_round):
    """The unit recommended by the district on the members' scores, certified by the province
    (with reasons: the provincial committee did not score) and given its certificate."""
    save(members["m1"], entry, ALL_FOUR, framework)
    recommend(members["sec"], entry)
    (provincial,) = services.round_add_units(
        actor=pat, round_=province_round, unit_ids=[entry.unit_id]
    )
    services.decide(
        actor=pat,
        round_unit=provincial,
        outcome="CERTIFY",
        reasons=REASONS,
        **meeting(provincial),
        confirmed=True,
    )
    unit = Unit.objects.get(pk=entry.unit_id)
    certificate, _created = certification_services.issue_certificate(actor=pat, unit=unit)
    return certificate


# --- 1. what a committee member may open -------------------------------------------------


def test_a_member_opens_the_evidence_of_units_on_their_rounds_only(
    members, entry, evidence, other_evidence, charlie, committees, client
):
    member = members["m1"].user
    client.force_login(member)
    url = reverse("development:evidence_file", args=[evidence.pk])
    page = client.get(reverse("development:evidence", args=[entry.unit_id])).content.decode()
    assert f"{url}?inline=1" in page
    response = client.get(url, {"inline": "1"})
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert AuditEntry.objects.filter(action="evidence.download", actor=member).count() == 1
    other = reverse("development:evidence_file", args=[other_evidence.pk])
    assert client.get(other, {"inline": "1"}).status_code == 404
    # The self-assessments and the plan they assess are theirs to read; no other unit's.
    assert set(visible_to(member, SelfAssessment).values_list("unit_id", flat=True)) == {
        entry.unit_id
    }
    Plan.objects.create(unit=other_evidence.unit)
    assert not visible_to(member, Plan).filter(unit=other_evidence.unit).exists()
    for name in ("development:result", "development:plan", "development:criteria"):
        assert client.get(reverse(name, args=[entry.unit_id])).status_code == 200, name
    # A member of another district's committee reads none of it.
    outsider = account(charlie, committees.get(district_id="5102"), MemberRole.SECRETARY, "mt1")
    client.force_login(outsider.user)
    assert client.get(url, {"inline": "1"}).status_code == 404
    assert not visible_to(outsider.user, EvidenceFile).exists()
    # Off the round, the unit's evidence is out of the member's sight again.
    services.round_remove_unit(actor=entry.round.opened_by, round_unit=entry)
    client.force_login(member)
    assert client.get(url, {"inline": "1"}).status_code == 404


def test_a_member_gets_404_on_registration_papers_and_sees_no_link_to_them(
    alice, members, entry, evidence, client
):
    unit = entry.unit
    documents = list(unit.documents.all())
    assert {d.kind for d in documents} >= {"ID_CARD", "HOUSE_REGISTRATION"}
    client.force_login(members["m1"].user)
    for document in documents:
        url = reverse("registration:document", args=[document.pk])
        assert client.get(url, {"inline": "1"}).status_code == 404, document.kind
    application_form = reverse("registration:application_form", args=[unit.pk])
    assert client.get(application_form).status_code == 404
    page = assert_no_link_404s(client, reverse("registration:detail", args=[unit.pk]))
    assert "/units/documents/" not in page and application_form not in page
    assert reverse("development:evidence", args=[unit.pk]) in page
    # The district still has every link.
    client.force_login(alice)
    page = client.get(reverse("registration:detail", args=[unit.pk])).content.decode()
    assert application_form in page
    for document in documents:
        assert reverse("registration:document", args=[document.pk]) in page


def test_a_certified_units_page_shows_a_member_only_links_that_open(members, certified, client):
    unit = certified.unit
    client.force_login(members["m1"].user)
    page = assert_no_link_404s(client, reverse("registration:detail", args=[unit.pk]))
    assert reverse("certified:profile", args=[unit.pk]) not in page
    assert reverse("certification:detail", args=[certified.pk]) not in page
    assert "/activities/" not in page


# --- 2. a decision against the scores ----------------------------------------------------


def test_a_positive_decision_the_scores_do_not_support_needs_reasons(
    alice, members, entry, framework
):
    with pytest.raises(DomainError, match="เหตุผล") as error:
        recommend(members["sec"], entry)  # nobody has scored
    assert error.value.field == "reasons"
    save(members["m1"], entry, ALL_ONE, framework)
    with pytest.raises(DomainError, match="มติต่างจากผลคะแนน") as error:
        recommend(members["sec"], entry)
    assert error.value.field == "reasons"
    assert Unit.objects.get(pk=entry.unit_id).status == Status.DOCUMENTS_COMPLETE
    assert not Decision.objects.exists()
    decision = recommend(members["sec"], entry, reasons="ผลงานเด่นชัดแม้คะแนนต่ำกว่าเกณฑ์")
    assert decision.result_passed is False
    # Scores that pass need no reasons; a negative outcome always does.
    services.decision_reopen(actor=alice, round_unit=entry, reason="กรรมการขอให้คะแนนใหม่")
    save(members["m1"], entry, ALL_FOUR, framework)
    with pytest.raises(DomainError, match="เหตุผล"):
        recommend(members["sec"], entry, outcome="NOT_RECOMMEND")
    assert recommend(members["sec"], entry).result_passed is True


def test_the_result_page_shows_how_many_members_have_scored(members, entry, framework, client):
    # Those who can score: the three members with an account, not the committee's other
    # ex-officio lines without one.
    assert members["m1"].committee.members.count() > 3
    committee_size = 3
    save(members["m1"], entry, ALL_FOUR, framework)
    client.force_login(members["sec"].user)
    url = reverse("assessment:result", args=[entry.pk])
    page = client.get(url).content.decode()
    assert f"กรรมการให้คะแนนแล้ว 1 จาก {committee_size} คน" in page
    save(members["m2"], entry, {"1.1": 3}, framework)
    assert f"กรรมการให้คะแนนแล้ว 2 จาก {committee_size} คน" in client.get(url).content.decode()


def test_the_form_asks_for_reasons_when_the_decision_goes_against_the_scores(
    members, entry, framework, client
):
    save(members["m1"], entry, ALL_ONE, framework)
    client.force_login(members["sec"].user)
    url = reverse("assessment:decide", args=[entry.pk])
    response = client.post(url, decision_post(entry, outcome="RECOMMEND", reasons=""))
    assert response.status_code == 200
    assert "กรุณาระบุเหตุผล เพราะมติต่างจากผลคะแนน" in response.content.decode()
    assert response.context["decision_form"].errors["reasons"]
    assert not Decision.objects.exists()


# --- 3. the reasons' length --------------------------------------------------------------


def test_reasons_are_limited_to_1000_characters_in_the_form_and_the_service(members, entry, client):
    client.force_login(members["sec"].user)
    result = reverse("assessment:result", args=[entry.pk])
    assert 'maxlength="1000"' in client.get(result).content.decode()
    url = reverse("assessment:decide", args=[entry.pk])
    response = client.post(url, decision_post(entry, outcome="NOT_RECOMMEND", reasons="ก" * 1001))
    assert response.status_code == 200
    assert response.context["decision_form"].errors["reasons"]
    with pytest.raises(DomainError) as error:
        recommend(members["sec"], entry, outcome="NOT_RECOMMEND", reasons="ก" * 1001)
    assert error.value.field == "reasons"
    assert not Decision.objects.exists()
    decision = recommend(members["sec"], entry, outcome="NOT_RECOMMEND", reasons="ก" * 1000)
    assert len(decision.reasons) == 1000
    assert Unit.objects.get(pk=entry.unit_id).status == Status.NOT_RECOMMENDED


# --- 4. a second decision ----------------------------------------------------------------


def test_a_second_decision_is_told_on_the_result_page(alice, members, entry, framework, client):
    save(members["m1"], entry, ALL_FOUR, framework)
    url = reverse("assessment:decide", args=[entry.pk])
    client.force_login(members["sec"].user)
    assert (
        client.post(url, decision_post(entry, outcome="RECOMMEND", reasons="")).status_code == 302
    )
    client.force_login(alice)  # the officer, at the same moment, on a page opened before
    response = client.post(url, decision_post(entry, outcome="RECOMMEND", reasons=""), follow=True)
    assert response.redirect_chain == [(reverse("assessment:result", args=[entry.pk]), 302)]
    assert "หน่วยนับนี้มีมติแล้ว" in response.content.decode()
    assert Decision.objects.count() == 1


# --- 5. comments' length -----------------------------------------------------------------


def test_a_comment_over_the_limit_is_refused_not_cut(members, entry, framework, client):
    found = indicators(framework)
    client.force_login(members["m1"].user)
    url = reverse("assessment:score", args=[entry.pk])
    assert client.get(url).content.decode().count('maxlength="2000"') == len(found)
    long = "ดี" * 1001  # 2,002 characters
    data = {f"level-{found['1.1'].pk}": level(found["1.1"], 4), f"comment-{found['1.1'].pk}": long}
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "ความเห็นยาวเกิน 2,000 ตัวอักษร: ตัวบ่งชี้ 1.1" in page and long in page
    assert not MemberScore.objects.exists()
    data[f"comment-{found['1.1'].pk}"] = "ก" * 2000
    assert client.post(url, data).status_code == 302
    assert len(MemberScore.objects.get().comment) == 2000


# --- 6. who sees only their own scores ---------------------------------------------------


def test_only_members_who_cannot_see_all_scores_are_told_so(alice, members, entry, client):
    pages = [
        reverse("assessment:round", args=[entry.round_id]),
        reverse("assessment:score", args=[entry.pk]),
    ]
    client.force_login(members["sec"].user)
    for url in pages:
        assert OWN_SCORES_ONLY not in client.get(url).content.decode(), url
    client.force_login(members["m1"].user)
    for url in pages:
        assert OWN_SCORES_ONLY in client.get(url).content.decode(), url
    services.round_close(actor=alice, round_=entry.round)
    assert OWN_SCORES_ONLY not in client.get(pages[0]).content.decode()


# --- 7. a closed round's schedule ---------------------------------------------------------


def test_a_closed_round_takes_no_new_schedule(alice, entry, client):
    services.round_close(actor=alice, round_=entry.round)
    with pytest.raises(DomainError, match="ปิดแล้ว"):
        services.round_schedule(actor=alice, round_=entry.round, starts_at=timezone.now())
    client.force_login(alice)
    set_schedule = reverse("assessment:set_schedule", args=[entry.round_id])
    page = client.get(reverse("assessment:round", args=[entry.round_id])).content.decode()
    assert set_schedule not in page
    response = client.post(
        set_schedule,
        {
            "date": "10/03/2570",
            "time": "09:00",
            "presentation_minutes": 15,
            "questions_minutes": 15,
            "break_minutes": 0,
        },
        follow=True,
    )
    assert "จัดตารางเวลานำเสนอไม่ได้" in response.content.decode()
    assert RoundUnit.objects.get(pk=entry.pk).starts_at is None


# --- 8. the slot's date ------------------------------------------------------------------


def test_the_round_page_shows_each_slots_date_in_local_time(alice, entry, client):
    # 06:30 in Thailand is 23:30 UTC the day before: the date must be the local one.
    start = timezone.make_aware(dt.datetime(2027, 3, 10, 6, 30))
    services.round_schedule(actor=alice, round_=entry.round, starts_at=start)
    client.force_login(alice)
    page = client.get(reverse("assessment:round", args=[entry.round_id])).content.decode()
    assert "10 มี.ค. 2570 06:30–07:00" in page


# --- 9. links between the unit and its assessment ----------------------------------------


def test_unit_names_link_to_the_unit_and_the_unit_to_its_assessment(
    alice, dave, members, entry, framework, client
):
    unit_url = reverse("registration:detail", args=[entry.unit_id])
    result = reverse("assessment:result", args=[entry.pk])
    score = reverse("assessment:score", args=[entry.pk])
    client.force_login(members["m1"].user)
    for url in (reverse("assessment:round", args=[entry.round_id]), score):
        assert f'href="{unit_url}"' in client.get(url).content.decode(), url
    # A member who sees only their own scores is taken to them, not to the result.
    page = client.get(unit_url).content.decode()
    assert score in page and result not in page
    client.force_login(alice)
    assert f'href="{unit_url}"' in client.get(result).content.decode()
    page = client.get(unit_url).content.decode()
    assert result in page and "ยังไม่มีมติ" in page
    # The developer sees the round but not the members' scores: no link to the result.
    client.force_login(dave)
    page = assert_no_link_404s(client, unit_url)
    assert reverse("assessment:round", args=[entry.round_id]) in page and result not in page


def test_the_unit_page_links_to_the_certificate_for_staff_who_see_it(
    alice, pat, charlie, certified, client
):
    unit_url = reverse("registration:detail", args=[certified.unit_id])
    certificate_url = reverse("certification:detail", args=[certified.pk])
    for user in (alice, pat):
        client.force_login(user)
        page = client.get(unit_url).content.decode()
        assert certificate_url in page and certified.display_number in page
        assert client.get(certificate_url).status_code == 200
    client.force_login(charlie)
    assert client.get(unit_url).status_code == 404


# --- 10. the members' start page and the pages they share with staff ---------------------


def test_a_member_sees_no_link_that_404s_on_the_year_and_register_pages(
    year, members, entry, client
):
    client.force_login(members["m1"].user)
    response = client.get("/")
    assert [t.name for t in response.templates][0] == "todo/committee.html"
    assert entry.round.name in response.content.decode()
    assert_no_link_404s(client, "/")
    page = assert_no_link_404s(client, reverse("programme:status", args=[year.pk]))
    assert "ผู้ผ่านการรับรองดีเด่น" not in page and "รายงานผลการดำเนินงานประจำปี" not in page
    page = assert_no_link_404s(client, f"{reverse('registration:register')}?year={year.pk}")
    assert "แบบรายชื่อผู้สมัครส่งจังหวัด" not in page


# --- 11. the summary's file name ---------------------------------------------------------


def test_the_summary_downloads_under_a_thai_file_name(alice, year, entry, client):
    client.force_login(alice)
    response = client.get(reverse("assessment:summary_download", args=[year.pk, "5101", "xlsx"]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    thai = quote("สรุปผลการพิจารณา-2570-อำเภอเมืองลำพูน.xlsx")
    assert disposition.startswith("attachment; ")
    assert f"filename*=utf-8''{thai}" in disposition


def test_closing_a_round_asks_for_confirmation_first(alice, entry, client):
    client.force_login(alice)
    page = client.get(reverse("assessment:round", args=[entry.round_id])).content.decode()
    # The close button sits inside a folded <details> that says what closing does.
    fold = re.search(r"<details[^>]*>(.*?)</details>", page, re.S)
    assert fold and "ยืนยันปิดรอบการประเมิน" in fold.group(1)
    assert "เปิดใหม่ไม่ได้" in fold.group(1)


def test_the_unit_history_shows_members_scores_only_to_the_officers(
    alice, dave, members, entry, framework, client
):
    """The audit rows of a score save carry the scores and comments: a member (who sees only
    their own scores while the round is open) and the district's developer do not read them on
    the unit page; the district officer, who runs the round, does."""
    save(members["m2"], entry, {"1.1": 2}, framework, comment="ความเห็นลับของกรรมการคนที่สอง")
    page = reverse("registration:detail", args=[entry.unit_id])
    for user in (members["m1"].user, dave):
        client.force_login(user)
        response = client.get(page)
        assert response.status_code == 200
        assert "ความเห็นลับของกรรมการคนที่สอง" not in response.content.decode()
    client.force_login(alice)
    assert "ความเห็นลับของกรรมการคนที่สอง" in client.get(page).content.decode()
