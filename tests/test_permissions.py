"""The role matrix of each app's permissions.py, the shared view helpers (the current year, the
district part of an export, the audited download), and the rule that views hold no role rules.

Personas: admin (department), pat (province 51), alice (district officer of 5101), dave
(พัฒนากร of 5101, responsible for the unit), member (a committee member), charlie (district
officer of 5102), olivia (province 50).
"""

import ast
import re
from pathlib import Path

import pytest
from django.http import Http404
from django.utils import timezone

from accounts import permissions as accounts_permissions
from accounts.models import Role
from activities import permissions as activities_permissions
from assessment import permissions as assessment_permissions
from assessment.models import Round, RoundLevel
from audit.downloads import export_download
from audit.models import AuditEntry
from certification import permissions as certification_permissions
from certified import permissions as certified_permissions
from committees import permissions as committees_permissions
from committees import services as committee_services
from committees.models import Committee, Member, MemberRole
from compliance import permissions as compliance_permissions
from compliance import services as compliance_services
from compliance.models import Breach
from core.downloads import PDF
from core.once import new_form_token
from development import permissions as development_permissions
from frameworks import permissions as frameworks_permissions
from frameworks.models import Framework
from geography import permissions as geography_permissions
from geography.models import District
from programme import permissions as programme_permissions
from programme.models import ProgrammeYear
from programme.selectors import current_year, export_district, newest_year
from registration import permissions as registration_permissions
from registration.models import Status, Unit
from reports import permissions as reports_permissions
from tests.conftest import make_user

ROOT = Path(__file__).resolve().parent.parent
EVERYONE = {"admin", "pat", "alice", "dave", "member", "charlie", "olivia"}
OFFICES = EVERYONE - {"member"}


@pytest.fixture
def people(admin_user, pat, alice, dave, charlie, olivia):
    return {
        "admin": admin_user,
        "pat": pat,
        "alice": alice,
        "dave": dave,
        "member": make_user("member", Role.COMMITTEE, province="51"),
        "charlie": charlie,
        "olivia": olivia,
    }


def who(people, predicate, *args) -> set[str]:
    """The personas for whom `predicate(user, *args)` holds."""
    return {name for name, user in people.items() if predicate(user, *args)}


def unit_of_5101(dave, status=Status.SUBMITTED) -> Unit:
    # Unsaved: the predicates read the unit's district, status and developer only.
    return Unit(
        district=District.objects.get(pk="5101"), status=status, responsible_developer_id=dave.pk
    )


# --- accounts ------------------------------------------------------------------------------


def test_accounts_roles(people):
    assert who(people, accounts_permissions.is_office_staff) == OFFICES
    assert who(people, accounts_permissions.is_committee_member) == {"member"}
    assert who(people, accounts_permissions.reads_whole_province) == {"admin", "pat", "olivia"}
    assert who(people, accounts_permissions.can_manage_users) == {
        "admin",
        "pat",
        "olivia",
        "alice",
        "charlie",
    }
    assert who(people, accounts_permissions.can_unlock_logins) == {"admin", "pat", "olivia"}
    assert who(people, accounts_permissions.is_district_staff, "5101") == {"alice", "dave"}
    assert who(people, accounts_permissions.is_province_officer, "51") == {"pat"}


def test_a_deactivated_account_may_do_nothing(alice, dave):
    alice.is_active = False
    unit = unit_of_5101(dave)
    assert not accounts_permissions.is_office_staff(alice)
    assert not registration_permissions.can_review_documents(alice, unit)
    assert not registration_permissions.can_edit_unit(alice, unit)


# --- registration --------------------------------------------------------------------------


def test_registration_matrix(people, dave):
    unit = unit_of_5101(dave)
    assert who(people, registration_permissions.can_register_units, "5101") == {"alice", "dave"}
    assert who(people, registration_permissions.can_register_units) == {"alice", "dave", "charlie"}
    assert who(people, registration_permissions.can_edit_unit, unit) == {"alice", "dave"}
    assert who(people, registration_permissions.can_carry_over, unit) == {"alice", "dave"}
    assert who(people, registration_permissions.can_review_documents, unit) == {"alice"}
    assert who(people, registration_permissions.can_read_personal_data, unit) == {
        "alice",
        "dave",
        "pat",
    }
    assert who(people, registration_permissions.can_send_applicant_list, "5101") == {"alice"}
    assert who(people, registration_permissions.can_read_unit_history) == OFFICES


def test_the_department_reads_personal_data_only_under_its_live_request(people, leader):
    """docs/security.md §11: district staff and the province as before; the department only
    with a live, reasoned request of its own (compliance.services.access_request)."""
    leader.refresh_from_db()
    assert who(people, registration_permissions.can_read_personal_data, leader) == {
        "alice",
        "dave",
        "pat",
    }
    grant = compliance_services.access_request(
        actor=people["admin"], unit=leader, reason="คำร้องเลขที่ 7", once=new_form_token()
    )
    assert who(people, registration_permissions.can_read_personal_data, leader) == {
        "admin",
        "alice",
        "dave",
        "pat",
    }
    grant.expires_at = grant.granted_at  # expired
    grant.save()
    assert "admin" not in who(people, registration_permissions.can_read_personal_data, leader)


def test_compliance_matrix(people, dave):
    unit = unit_of_5101(dave)
    assert who(people, compliance_permissions.can_request_personal_access, unit) == {"admin"}
    assert who(people, compliance_permissions.can_read_access_grants) == {"admin", "pat", "olivia"}
    assert who(people, compliance_permissions.can_read_processing_record) == {
        "admin",
        "pat",
        "olivia",
    }
    assert who(people, compliance_permissions.can_read_breaches) == {"admin", "pat", "olivia"}
    assert who(people, compliance_permissions.can_report_breach) == {"admin", "pat", "olivia"}
    assert who(people, compliance_permissions.records_any_province) == {"admin"}
    assert who(people, compliance_permissions.can_complete_breach, Breach()) == {"admin"}
    closed = Breach(closed_at=timezone.now())
    assert who(people, compliance_permissions.can_complete_breach, closed) == set()


def test_documents_are_reviewed_only_once_submitted(alice, dave):
    assert not registration_permissions.can_review_documents(alice, unit_of_5101(dave, "DRAFT"))


def test_a_developer_edits_only_the_units_they_look_after(people, dave, alice):
    unit = unit_of_5101(dave)
    unit.responsible_developer_id = alice.pk
    assert who(people, registration_permissions.can_edit_unit, unit) == {"alice"}
    assert who(people, registration_permissions.can_carry_over, unit) == {"alice"}


# --- stages 3–4 and activities -------------------------------------------------------------


def test_development_matrix(people, dave):
    unit = unit_of_5101(dave, Status.DOCUMENTS_COMPLETE)
    assert who(people, development_permissions.can_review_plan, unit) == {"alice", "dave"}
    assert who(people, development_permissions.can_edit_unit, unit) == {"alice", "dave"}
    assert who(people, development_permissions.can_send_plans_report, "5101") == {"alice"}


def test_frameworks_matrix(people):
    year_framework = Framework(programme_year=ProgrammeYear(pk=1, province_id="51"))
    default = Framework(programme_year=None)
    assert who(people, frameworks_permissions.can_manage_year_frameworks, "51") == {"admin", "pat"}
    assert who(people, frameworks_permissions.can_edit_defaults) == {"admin"}
    assert who(people, frameworks_permissions.can_open_editor, year_framework) == {"admin", "pat"}
    assert who(people, frameworks_permissions.can_open_editor, default) == {
        "admin",
        "pat",
        "olivia",
    }


def test_activities_matrix(people):
    assert who(people, activities_permissions.can_record, "5101") == {"alice", "dave"}
    assert who(people, activities_permissions.can_read_activities) == OFFICES


# --- stage 5 -------------------------------------------------------------------------------


@pytest.fixture
def mueang(pat, year):
    committee_services.committees_create_for_year(actor=pat, programme_year=year)
    return Committee.objects.get(programme_year=year, district_id="5101")


def test_assessment_matrix(people, year, mueang):
    secretary = Member.objects.filter(committee=mueang, role=MemberRole.SECRETARY).first()
    assert secretary is not None
    secretary.user = people["member"]
    secretary.save()
    round_ = Round(programme_year=year, level=RoundLevel.DISTRICT, committee=mueang)
    round_.district_id = "5101"
    assert who(people, assessment_permissions.can_run, round_) == {"admin", "pat", "alice"}
    assert who(people, assessment_permissions.can_decide, round_) == {
        "admin",
        "pat",
        "alice",
        "member",
    }
    assert who(people, assessment_permissions.can_see_all_scores, round_) == {
        "admin",
        "pat",
        "alice",
        "member",
    }
    assert who(people, assessment_permissions.can_read_score_audit) == {
        "admin",
        "pat",
        "olivia",
        "alice",
        "charlie",
    }
    assert who(people, assessment_permissions.can_send_summary, "5101") == {"alice"}
    assert who(people, assessment_permissions.can_read_summary) == OFFICES


def test_a_plain_member_sees_all_scores_only_once_the_round_closes(people, year, mueang):
    plain = Member.objects.filter(committee=mueang, role=MemberRole.MEMBER).first()
    assert plain is not None
    plain.user = people["member"]
    plain.save()
    round_ = Round(programme_year=year, level=RoundLevel.DISTRICT, committee=mueang)
    round_.district_id = "5101"
    assert not assessment_permissions.can_decide(people["member"], round_)
    assert not assessment_permissions.can_see_all_scores(people["member"], round_)
    round_.state = Round.State.CLOSED
    assert assessment_permissions.can_see_all_scores(people["member"], round_)


def test_committees_matrix(people, mueang):
    assert who(people, committees_permissions.can_manage, mueang) == {"admin", "pat"}
    assert who(people, committees_permissions.can_edit_members, mueang) == {
        "admin",
        "pat",
        "alice",
    }


def test_certification_and_certified_matrix(people, dave):
    certified = unit_of_5101(dave, Status.CERTIFIED)
    assert who(people, certification_permissions.can_read_certificates) == OFFICES
    assert who(people, certified_permissions.can_use_register) == OFFICES
    assert who(people, certified_permissions.can_open_profile, certified) == OFFICES
    assert who(people, certified_permissions.can_open_profile, unit_of_5101(dave)) == set()
    assert who(people, certified_permissions.can_edit_profile, certified) == {"alice", "dave"}
    assert who(people, certified_permissions.can_select_outstanding, "5101") == {"alice"}


# --- the year, places and reports ----------------------------------------------------------


def test_programme_geography_and_reports_matrix(people):
    assert who(people, programme_permissions.can_open_years) == {"admin", "pat", "olivia"}
    assert who(people, programme_permissions.can_edit_calendar_defaults) == {"admin"}
    assert who(people, programme_permissions.can_send_district_report, "5101") == {"alice"}
    assert who(people, programme_permissions.can_read_whole_province) == {
        "admin",
        "pat",
        "olivia",
    }
    assert who(people, geography_permissions.can_add_villages, "5101") == {"alice", "dave"}
    assert who(people, geography_permissions.can_define_zones) == {"pat", "olivia"}
    assert who(people, reports_permissions.reads_own_district_part) == {"alice", "dave", "charlie"}
    assert who(people, reports_permissions.signs_province_letter) == {"pat", "olivia"}


# --- the shared view helpers ---------------------------------------------------------------


def test_current_year_is_the_one_asked_for_or_the_newest_in_scope(alice, olivia, year):
    assert current_year(alice) == year
    assert current_year(alice, year_id=str(year.pk)) == year
    assert newest_year(olivia) is None
    with pytest.raises(Http404):
        current_year(olivia)  # another province: no year at all
    with pytest.raises(Http404):
        current_year(olivia, year_id=year.pk)  # and not ลำพูน's


def test_export_district_is_the_part_asked_for_or_the_province_for_those_who_read_it(
    alice, pat, olivia, year
):
    assert export_district(pat, year, None) is None
    maetha = export_district(pat, year, "5102")
    assert maetha is not None and maetha.pk == "5102"
    mueang = export_district(alice, year, "5101")
    assert mueang is not None and mueang.pk == "5101"
    with pytest.raises(Http404):
        export_district(alice, year, None)  # a district has no province-wide part
    with pytest.raises(Http404):
        export_district(alice, year, "5102")  # another district
    with pytest.raises(Http404):
        export_district(pat, year, "5001")  # a district of another province


def test_export_download_writes_its_audit_row_and_hands_out_an_attachment(alice, year):
    response = export_download(
        actor=alice,
        content=b"%PDF-",
        filename="รายงาน.pdf",
        content_type=PDF,
        action="export.test",
        obj=year,
        changes={"format": "pdf"},
        district_id="5101",
    )
    assert response.content == b"%PDF-"
    assert response["Content-Type"] == PDF
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action="export.test")
    assert (entry.actor, entry.object_id, entry.district_id) == (alice, str(year.pk), "5101")
    assert entry.changes == {"format": "pdf"}


# --- where role rules may live -------------------------------------------------------------


def _app_modules(pattern: str) -> list[Path]:
    return [
        path
        for path in ROOT.glob(pattern)
        if not {".venv", "tests", "migrations", "node_modules"} & set(path.relative_to(ROOT).parts)
    ]


# core/views.py's start page still sends each role to its own page by role; core is being
# made a leaf of the apps in another change, which moves that choice out. Remove once it has.
NOT_YET: set[str] = set()


def _views() -> list[Path]:
    return [p for p in _app_modules("**/*views.py") if str(p.relative_to(ROOT)) not in NOT_YET]


def test_views_hold_no_role_rules():
    offences = []
    for path in _views():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare):
                sides = [node.left, *node.comparators]
                if any(isinstance(side, ast.Attribute) and side.attr == "role" for side in sides):
                    offences.append(f"{path.relative_to(ROOT)}:{node.lineno} compares .role")
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name) and target.id.endswith("ROLES"):
                        offences.append(f"{path.relative_to(ROOT)}:{node.lineno} {target.id}")
            elif isinstance(node, ast.Attribute) and node.attr in (
                "is_district_staff",
                "is_department",
                "is_provincial",
            ):
                offences.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr}")
            elif isinstance(node, ast.ImportFrom) and any(
                alias.name.endswith("ROLES") for alias in node.names
            ):
                offences.append(f"{path.relative_to(ROOT)}:{node.lineno} imports a role tuple")
    assert offences == []


def test_views_write_no_audit_rows_themselves():
    offences = [
        str(path.relative_to(ROOT))
        for path in _views()
        if re.search(r"\blog_action\b", path.read_text(encoding="utf-8"))
    ]
    assert offences == []  # audit.downloads.export_download writes an export's row


def test_no_module_imports_another_apps_views():
    offences = []
    for path in _app_modules("**/*.py"):
        app = path.relative_to(ROOT).parts[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom) or not node.module or node.level:
                continue
            parts = node.module.split(".")
            names = {alias.name for alias in node.names}
            imports_views = parts[-1].endswith("views") or any(n.endswith("views") for n in names)
            if imports_views and parts[0] not in (app, "django") and app != "config":
                offences.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.module}")
    assert offences == []


def test_templates_ask_predicates_not_roles():
    offences = [
        str(path.relative_to(ROOT / "templates"))
        for path in (ROOT / "templates").glob("**/*.html")
        if re.search(r"\.role\b", path.read_text(encoding="utf-8"))
    ]
    assert offences == []
