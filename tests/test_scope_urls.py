"""Scope, built from the URL configuration: every named URL that takes an object's id is in a
matrix (or an allowlist with its reason), and each entry is requested by a user inside the
scope (not 403/404) and by users from another district and another province (404), GET and
POST, the outsiders' requests changing nothing (docs/security.md §1).

A new URL pattern with an id and no entry fails `test_every_url_with_an_id_is_in_a_matrix`.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEntry
from core.once import new_form_token
from tests.conftest import complete_documents, pdf_upload
from tests.factories import account, enter, jpeg, make_unit, named_patterns

# The framework editor may move to its own app: its URL names are built with this namespace,
# so the move is this one line.
FRAMEWORKS = "frameworks"


def id_patterns() -> dict[str, str]:
    """{"namespace:name": route} of every named pattern with an id-like argument."""
    return named_patterns(with_id=True)


@dataclass(frozen=True)
class Case:
    """How to reach one object of district A (เมืองลำพูน, province ลำพูน).

    kwargs: the URL's arguments, from the world. insider: the persona who reaches it.
    province_wide: the object is the province's (a framework, a year), so the other district's
    officer may read it; only the other province is an outsider then. post: what the form
    sends besides POST_DATA, where the view needs it to get as far as the object."""

    kwargs: Callable[[dict], dict]
    insider: str = "alice"
    province_wide: bool = False
    post: Callable[[dict], dict] | None = None


def unit(w):
    return {"unit_pk": w["unit"].pk}


def year(w):
    return {"year_id": w["year"].pk}


def framework(w):
    return {"pk": w["framework"].pk}


MATRIX: dict[str, Case] = {
    "accounts:user_toggle": Case(lambda w: {"pk": w["dave"].pk}),
    "accounts:user_invite": Case(lambda w: {"pk": w["dave"].pk}),
    "accounts:user_role": Case(lambda w: {"pk": w["dave"].pk}),
    # Only the province (and the department) unlock; any other district or province gets 404.
    "accounts:user_unlock_login": Case(lambda w: {"pk": w["dave"].pk}, insider="pat"),
    # Only the province (and the department) reset a second factor (docs/security.md §5).
    "accounts:user_second_factor_reset": Case(lambda w: {"pk": w["dave"].pk}, insider="pat"),
    "programme:status": Case(lambda w: {"pk": w["year"].pk}, province_wide=True),
    "programme:edit": Case(lambda w: {"pk": w["year"].pk}, insider="pat", province_wide=True),
    # development: a unit's stage 3–4 pages
    "development:assessment": Case(lambda w: {**unit(w), "phase": "BEFORE"}),
    "development:result": Case(unit),
    "development:plan": Case(unit),
    "development:plan_submit": Case(unit),
    "development:plan_review": Case(unit, insider="dave"),
    "development:plan_item_remove": Case(lambda w: {"pk": w["plan_item"].pk}),
    "development:plan_item_progress": Case(lambda w: {"pk": w["plan_item"].pk}, insider="dave"),
    "development:criteria": Case(
        unit,
        post=lambda w: {"action": "add_sub", "indicator": w["indicator"].pk, "text": "เกณฑ์ย่อย"},
    ),
    "development:evidence": Case(unit),
    "development:record": Case(unit),
    "development:evidence_file": Case(lambda w: {"pk": w["evidence"].pk}),
    "development:evidence_remove": Case(lambda w: {"pk": w["evidence"].pk}),
    "development:progress": Case(year, province_wide=True),
    # Sending is for the officer's own district: charlie sends แม่ทา's, and may.
    "development:plans_report_send": Case(year, province_wide=True),
    "development:plans_report_province": Case(
        lambda w: {**year(w), "fmt": "xlsx"}, insider="pat", province_wide=True
    ),
    "development:plans_report": Case(lambda w: {**year(w), "district_code": "5101", "fmt": "xlsx"}),
    # the year's indicator frameworks and their editor
    f"{FRAMEWORKS}:frameworks": Case(year, province_wide=True),
    f"{FRAMEWORKS}:framework_copy": Case(
        year, insider="pat", province_wide=True, post=lambda w: {"source": w["source"].pk}
    ),
    f"{FRAMEWORKS}:framework_copy_choices": Case(
        lambda w: {**year(w), "unit_type": "LEADER"}, insider="pat", province_wide=True
    ),
    f"{FRAMEWORKS}:framework": Case(framework, province_wide=True),
    f"{FRAMEWORKS}:framework_approve": Case(framework, insider="pat", province_wide=True),
    f"{FRAMEWORKS}:framework_edit": Case(framework, insider="pat", province_wide=True),
    f"{FRAMEWORKS}:framework_export": Case(framework, insider="pat", province_wide=True),
    f"{FRAMEWORKS}:framework_import": Case(framework, insider="pat", province_wide=True),
    f"{FRAMEWORKS}:component_add": Case(framework, insider="pat", province_wide=True),
    **{
        f"{FRAMEWORKS}:component_{action}": Case(
            lambda w: {**framework(w), "component_id": w["component"].pk},
            insider="pat",
            province_wide=True,
        )
        for action in ("edit", "delete", "move")
    },
    f"{FRAMEWORKS}:indicator_add": Case(
        lambda w: {**framework(w), "component_id": w["component"].pk},
        insider="pat",
        province_wide=True,
    ),
    **{
        f"{FRAMEWORKS}:indicator_{action}": Case(
            lambda w: {**framework(w), "indicator_id": w["indicator"].pk},
            insider="pat",
            province_wide=True,
        )
        for action in ("edit", "delete", "move")
    },
    # assessment: the year's rounds and the district's summary of recommendations
    "assessment:rounds": Case(year, province_wide=True),
    "assessment:summary": Case(year, province_wide=True),  # charlie reads his own district's
    "assessment:summary_send": Case(year, province_wide=True),  # and sends his own
    "assessment:summary_download": Case(
        lambda w: {**year(w), "district_code": "5101", "fmt": "xlsx"}
    ),
    # committees: เมืองลำพูน's district committee, its members and duties
    # The province creates the year's committees here; a district officer only reads the list.
    "committees:list": Case(
        year, insider="pat", province_wide=True, post=lambda w: {"action": "create"}
    ),
    **{
        f"committees:{name}": Case(lambda w: {"pk": w["committee"].pk})
        for name in ("detail", "member_add", "duty_add")
    },
    # The committee and its order are the province's to change (committees/permissions.py);
    # the committee is still district A's, so the other district's officer is an outsider.
    **{
        f"committees:{name}": Case(lambda w: {"pk": w["committee"].pk}, insider="pat")
        for name in ("edit", "delete")
    },
    "committees:order": Case(lambda w: {"pk": w["committee"].pk, "fmt": "docx"}),
    **{
        f"committees:{name}": Case(lambda w: {"pk": w["member"].pk})
        for name in ("member_edit", "member_remove", "member_account", "member_account_active")
    },
    "committees:member_move": Case(
        lambda w: {"pk": w["member"].pk}, post=lambda w: {"direction": "down"}
    ),
    "committees:duty_edit": Case(
        lambda w: {"pk": w["duty"].pk}, post=lambda w: {"text": "หน้าที่ที่แก้แล้ว"}
    ),
    "committees:duty_remove": Case(lambda w: {"pk": w["duty"].pk}),
    "committees:duty_move": Case(
        lambda w: {"pk": w["duty"].pk}, post=lambda w: {"direction": "down"}
    ),
    # activities: a district activity with a photo of the unit; "create" records for the
    # user's own district, so the other district's officer may open it.
    "activities:create": Case(year, province_wide=True),
    **{
        f"activities:{name}": Case(lambda w: {"pk": w["activity"].pk})
        for name in ("detail", "edit", "photo_upload")
    },
    "activities:photo_edit": Case(
        lambda w: {"pk": w["photo"].pk}, post=lambda w: {"stage": 1, "caption": "แก้"}
    ),
    "activities:photo_remove": Case(lambda w: {"pk": w["photo"].pk}),
    "activities:photo_file": Case(lambda w: {"pk": w["photo"].pk, "rendition": "image"}),
    "activities:dossier_province": Case(year, insider="pat", province_wide=True),
    "activities:dossier": Case(lambda w: {**year(w), "district_code": "5101"}),
    # insights: the year's gaps and changes; a district officer reads (and proposes for) his
    # own district's units, so the other district's officer may open them.
    "insights:gaps": Case(year, province_wide=True),
    "insights:gap_activity": Case(
        year, province_wide=True, post=lambda w: {"indicator": w["indicator"].pk, "once": "t"}
    ),
    "insights:changes": Case(year, province_wide=True),
    # reports: the year-end report; a district officer reads his own district's part
    "reports:year_end": Case(year, province_wide=True),
    "reports:year_end_province_download": Case(
        lambda w: {**year(w), "fmt": "xlsx"}, insider="pat", province_wide=True
    ),
    "reports:year_end_district": Case(lambda w: {**year(w), "district_code": "5101"}),
    # Only the province's own officer records the report as sent to the department.
    "reports:year_end_send": Case(
        year, insider="pat", province_wide=True, post=lambda w: {"confirm": "1"}
    ),
    "reports:year_end_download": Case(
        lambda w: {**year(w), "district_code": "5101", "fmt": "xlsx"}
    ),
    # certified: a certified unit's profile, and the year's outstanding units
    "certified:profile": Case(
        lambda w: {"unit_id": w["certified"].pk},
        post=lambda w: {"description": "แก้", "is_published": ""},
    ),
    "certified:profile_photos": Case(lambda w: {"unit_id": w["certified"].pk}),
    "certified:outstanding": Case(year, province_wide=True),  # charlie's own district's row
    # The year is the province's; the unit posted is what belongs to district A.
    "certified:outstanding_select": Case(
        year, post=lambda w: {"unit": w["certified"].pk, "reason": "ยึด"}
    ),
    "certified:outstanding_print": Case(year, insider="pat", province_wide=True),
    "certified:outstanding_xlsx": Case(year, insider="pat", province_wide=True),
    "certified_print:outstanding": Case(
        lambda w: {**year(w), "fmt": "pdf"}, insider="pat", province_wide=True
    ),
    # a round's papers: its schedule and score sheets (assessment/print_views.py)
    "assessment_print:schedule": Case(lambda w: {"pk": w["round"].pk, "fmt": "pdf"}),
    "assessment_print:round_sheet": Case(lambda w: {"pk": w["round"].pk, "fmt": "xlsx"}),
    "assessment_print:unit_sheet": Case(lambda w: {"pk": w["entry"].pk, "fmt": "docx"}),
    "assessment_print:member_sheet": Case(
        lambda w: {"pk": w["entry"].pk, "member_id": w["member"].pk, "fmt": "pdf"}
    ),
    # dashboards: a province's level is its officers' (and the department's), not its
    # districts'; a district's and a unit's are the district's own.
    "dashboards:province": Case(lambda w: {"province_code": "51"}, insider="pat"),
    "dashboards:district": Case(lambda w: {"district_code": "5101"}),
    "dashboards:unit": Case(unit),
}

# Pages anyone may open: they show what a certificate or a certified unit makes public.
PUBLIC = {
    "verify": "the public verification page a certificate's QR code leads to",
    "verify_credential": "the signed credential anyone may check against the issuer's key",
    "verify_status": "the revocation status of a credential, public by design",
    "issuer": "the issuer document (public key) of a province",
    "certified_public:profile": "the public profile of a certified unit, shown once approved",
    "certified_public:photo": "a photo on the public profile, shown once approved",
}

# Namespaces whose every URL is requested by an app matrix of its own, which fails by itself
# when a URL of the app is missing from it.
OWN_MATRIX = {
    "registration": "tests/test_scope.py::test_every_registration_url_is_in_the_scope_matrix",
    "certification": "tests/test_scope.py::test_every_certification_url_is_in_the_scope_matrix",
    "privacy": "tests/test_privacy.py::test_every_privacy_url_is_in_the_scope_matrix",
    "compliance": "tests/test_compliance_scope.py::test_every_compliance_url_is_in_the_scope_matrix",
}
# The assessment matrix there leaves out the summary pages (assessment/summary*.py).
OWN_MATRIX_NAMES = {
    name: "tests/test_scope.py::test_every_assessment_url_is_in_the_scope_matrix"
    for name in (
        "assessment:round",
        "assessment:print",
        "assessment:add_units",
        "assessment:set_schedule",
        "assessment:close",
        "assessment:score",
        "assessment:result",
        "assessment:decide",
        "assessment:reopen",
        "assessment:remove",
    )
}

# A notification is its recipient's alone, not an office's: requested by its colleagues and by
# people of another district and province there.
OWN_MATRIX_NAMES["notifications:open"] = (
    "tests/test_notifications.py::test_the_bell_counts_unread_and_the_inbox_is_ones_own"
)

# Not yet in a matrix: named one by one, so that any new URL still fails the test. Empty, and
# kept so: `test_nothing_is_left_out_of_the_matrix` fails while a URL waits here.
NOT_YET: set[str] = set()


def accounted_for(name: str) -> bool:
    return (
        name in MATRIX
        or name in PUBLIC
        or name in OWN_MATRIX_NAMES
        or name in NOT_YET
        or name.split(":")[0] in OWN_MATRIX
    )


def test_every_url_with_an_id_is_in_a_matrix():
    patterns = id_patterns()
    missing = sorted(name for name in patterns if not accounted_for(name))
    assert not missing, "URLs with an id and no scope matrix entry: " + ", ".join(
        f"{name} ({patterns[name]})" for name in missing
    )
    listed = set(MATRIX) | set(PUBLIC) | set(OWN_MATRIX_NAMES) | NOT_YET
    stale = sorted(listed - set(patterns))
    assert not stale, "matrix entries for URLs that no longer exist: " + ", ".join(stale)


def test_nothing_is_left_out_of_the_matrix():
    assert not NOT_YET, "URLs still without a scope matrix entry: " + ", ".join(sorted(NOT_YET))


@pytest.mark.parametrize("app", ["committees", "activities", "reports", "certified"])
def test_these_apps_are_covered_in_full(app):
    names = {name for name in id_patterns() if name.startswith(f"{app}:")}
    assert names and names <= set(MATRIX), sorted(names - set(MATRIX))


def test_development_and_frameworks_are_covered_in_full():
    names = {n for n in id_patterns() if n.startswith(("development:", "frameworks:"))}
    assert len(names) >= 30
    assert names <= set(MATRIX), sorted(names - set(MATRIX))


@pytest.fixture
def world(alice, dave, pat, year, leader):
    """District A's objects: alice's leader, looked after by dave, accepted, with a finished
    before-assessment, a plan item and an evidence file; the year's approved framework."""
    from development import services
    from development.models import Phase
    from frameworks import services as framework_services
    from frameworks.models import Component, Framework, Indicator, Level

    source = Framework.objects.create(unit_type="LEADER", name="เกณฑ์มาตรฐานผู้นำชุมชน")
    for c_order, name in enumerate(["ภูมิรู้", "ภูมิธรรม"], start=1):
        component = Component.objects.create(framework=source, order=c_order, name=name)
        for i in (1, 2):
            indicator = Indicator.objects.create(
                component=component, order=i, code=f"{c_order}.{i}", text=f"ตัวบ่งชี้ {c_order}.{i}"
            )
            Level.objects.bulk_create(
                Level(indicator=indicator, score=s, descriptor=f"ระดับ {s}") for s in range(1, 6)
            )
    copied = framework_services.framework_copy(actor=pat, source=source, programme_year=year)
    copied = framework_services.framework_approve(
        actor=pat, framework=copied, reference="มติที่ 1/2570"
    )
    leader.responsible_developer = dave
    leader.save()
    accepted = complete_documents(leader, alice, reviewer=alice)
    indicators = list(
        Indicator.objects.filter(component__framework=copied).prefetch_related("levels")
    )
    answers: dict[int, tuple[int | None, str]] = {
        i.pk: (i.levels.get(score=2).pk, "") for i in indicators
    }
    services.self_assessment_save(
        actor=alice, unit=accepted, phase=Phase.BEFORE, answers=answers, finish=True
    )
    item = services.plan_item_add(
        once=new_form_token(),
        actor=alice,
        unit=accepted,
        indicator_id=indicators[0].pk,
        values={
            "knowledge": "การเป็นวิทยากรกระบวนการ",
            "method": "อบรม",
            "starts_on": dt.date(2027, 1, 10),
            "ends_on": dt.date(2027, 2, 28),
            "resource": "",
            "local_wisdom": False,
            "evidence": "รายงาน",
            "target_score": 4,
        },
    )
    [evidence] = services.evidence_upload(
        once=new_form_token(),
        actor=alice,
        unit=accepted,
        uploads=[pdf_upload()],
        plan_item_id=item.pk,
    )
    return {
        **other_apps_world(alice, pat, year, accepted),
        "year": year,
        "source": source,
        "unit": accepted,
        "dave": dave,
        "framework": copied,
        "component": copied.components.order_by("order").first(),
        "indicator": indicators[0],
        "plan_item": item,
        "evidence": evidence,
    }


def other_apps_world(alice, pat, year, unit) -> dict:
    """District A's committee (a member with an account, a duty), an activity with a photo of
    the unit, and a certified unit with its profile, one of the year's outstanding units."""
    from activities import services as activities
    from activities.models import Kind
    from certified import services as certified
    from committees import services as committees
    from committees.models import Committee, MemberRole

    committees.committees_create_for_year(actor=pat, programme_year=year)
    committee = Committee.objects.get(programme_year=year, district_id="5101")
    member = account(alice, committee, MemberRole.MEMBER, "member1")
    activity = activities.activity_create(
        once=new_form_token(),
        actor=alice,
        programme_year=year,
        district_id="5101",
        values={
            "kind": Kind.GROUP,
            "title": "อบรมเสริมสร้างการเรียนรู้",
            "held_on": dt.date(2027, 1, 15),
            "place": "ศาลาประชาคมบ้านท่าขาม",
        },
        links=activities.Links(units=[unit]),
    )
    [photo] = activities.photos_upload(
        actor=alice, activity=activity, uploads=[jpeg()], stage=4, units=[unit], caption="ภาพ"
    )
    certified_unit = make_unit(year, alice, "กลุ่มทอผ้าบ้านท่าขาม")
    certified.profile_update(
        actor=alice,
        unit=certified_unit,
        description="กลุ่มต้นแบบ",
        achievements="",
        is_published=False,
        expected_version=None,
    )
    certified.outstanding_select(actor=alice, year=year, unit=certified_unit, reason="ดี")
    round_ = enter(committee, unit)  # the unit on a round of the committee, for its papers
    return {
        "round": round_,
        "entry": round_.entries.get(),
        "committee": committee,
        "member": member,
        "duty": committee.duties.order_by("order").first(),
        "activity": activity,
        "photo": photo,
        "certified": certified_unit,
    }


def snapshot() -> tuple:
    """What an outsider's request must leave as it was."""
    from development.models import EvidenceFile, Plan, PlanItem, SubCriterion
    from frameworks.models import Component, Framework, Indicator
    from registration.models import Unit

    return (
        AuditEntry.objects.count(),
        tuple(Unit.objects.values_list("pk", "status", "version").order_by("pk")),
        tuple(Plan.objects.values_list("pk", "state").order_by("pk")),
        tuple(PlanItem.objects.values_list("pk", "progress", "progress_note").order_by("pk")),
        EvidenceFile.objects.count(),
        SubCriterion.objects.count(),
        tuple(Framework.objects.values_list("pk", "approved_at").order_by("pk")),
        tuple(Component.objects.values_list("pk", "order", "name").order_by("pk")),
        tuple(Indicator.objects.values_list("pk", "order", "text").order_by("pk")),
        tuple(User.objects.values_list("pk", "is_active").order_by("pk")),
        *(tuple(model.objects.values_list().order_by("pk")) for model in other_apps_models()),
    )


def other_apps_models() -> list:
    from activities.models import Activity, ActivityPhoto
    from assessment.models import Round
    from certified.models import OutstandingSelection, ProfilePhoto, UnitProfile
    from committees.models import Committee, Duty, Member

    return [
        Committee,
        Member,
        Duty,
        Activity,
        ActivityPhoto,
        UnitProfile,
        ProfilePhoto,
        OutstandingSelection,
        Round,
    ]


POST_DATA = {"reason": "x", "comment": "x", "progress": "DONE", "decision": "approve"}


def request_once(client, user, method, url, *, rollback, data=None):
    """One request; an insider's effects are rolled back, so every entry meets the same world.
    An outsider's are not: the snapshot at the end shows they wrote nothing."""
    client.force_login(user)
    with transaction.atomic():
        response = getattr(client, method)(
            url, {**POST_DATA, **(data or {})} if method == "post" else None
        )
        transaction.set_rollback(rollback)
    return response.status_code


def test_matrix_inside_reaches_and_outsiders_get_404_changing_nothing(
    world, alice, dave, pat, charlie, olivia, client
):
    people = {"alice": alice, "dave": dave, "pat": pat}
    failures = []
    before = snapshot()
    for name, case in MATRIX.items():
        url = reverse(name, kwargs=case.kwargs(world))
        outsiders = (
            {"olivia": olivia} if case.province_wide else {"charlie": charlie, "olivia": olivia}
        )
        for method in ("get", "post"):
            data = case.post(world) if case.post else None
            inside = request_once(
                client, people[case.insider], method, url, rollback=True, data=data
            )
            if inside == 405:  # the view does not take this method, for anyone
                expected = {404, 405}
            elif inside in (403, 404) or inside >= 500:
                failures.append(f"{method.upper()} {name} as {case.insider}: {inside}")
                continue
            else:
                expected = {404}
            for persona, outsider in outsiders.items():
                got = request_once(client, outsider, method, url, rollback=False, data=data)
                if got not in expected:
                    failures.append(f"{method.upper()} {name} as {persona}: {got}, not 404")
    assert not failures, "\n".join(failures)
    # The outsiders' requests, not rolled back, left everything as it was.
    assert snapshot() == before
