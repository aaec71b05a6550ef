"""The district's summary of its committee's recommendations to the province (docs/domain.md §4 stage 5):
data for documents/recommendation_summary.py.

Every unit of the district's year that was accepted (documents complete, and on through the
committees' decisions) is listed: its current district decision if the committee made one, or
"not decided" (on a round but not decided yet, or never put on a round). Reads go through
core.scope; the report costs the same few queries whatever the number of units.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import Role, User
from accounts.permissions import is_district_officer
from assessment.models import Decision, Outcome, RoundLevel, RoundUnit
from assessment.permissions import can_send_summary
from committees.models import Committee, Kind
from core.errors import DomainError
from core.scope import visible_to
from core.text import clean_text
from documents.recommendation_summary import (
    NOT_RECOMMEND,
    RECOMMEND,
    RecommendationSummary,
    UnitResultRow,
    recommendation_summary_docx,
    recommendation_summary_pdf,
    recommendation_summary_xlsx,
)
from geography.models import District
from geography.selectors import province_emblem
from programme import services as programme_services
from programme.models import Deadline, DistrictReport, ProgrammeYear, UnitType
from registration.models import Status, Unit
from registration.workflow import ACCEPTED_STATUSES, RECOMMENDED_STATUSES


def summary_units(user: User, year: ProgrammeYear, district: District):
    """The district's accepted units of the year in the user's scope (one query)."""
    return (
        visible_to(user, Unit)
        .filter(programme_year=year, district=district, status__in=ACCEPTED_STATUSES)
        .select_related("subdistrict", "village")
        .order_by("unit_type", "name", "pk")
    )


def _district_entries(year: ProgrammeYear, district: District):
    return RoundUnit.objects.filter(
        round__programme_year=year, round__level=RoundLevel.DISTRICT, round__district=district
    )


def _status_outcome(status: str) -> str | None:
    # A unit moved past the district committee without a decision row on record (data from
    # before assessment rounds existed): its status still says what the district decided.
    if status in RECOMMENDED_STATUSES:
        return RECOMMEND
    if status == Status.NOT_RECOMMENDED:
        return NOT_RECOMMEND
    return None


def district_head(district: District, user: User) -> tuple[str, str]:
    """Who signs: the district officer (พัฒนาการอำเภอ) downloading it, else the district's
    active officer; with none on record, a blank name over the position."""
    head: User | None
    if is_district_officer(user, district.pk):
        head = user
    else:
        head = (
            User.objects.filter(role=Role.DISTRICT, district=district, is_active=True)
            .order_by("pk")
            .first()
        )
    position = f"พัฒนาการ{district.display_name}"
    if head is None:
        return "", position
    return head.full_name, head.position_title or position


def recommendation_summary_data(
    *, user: User, year: ProgrammeYear, district: District
) -> RecommendationSummary:
    """Five queries: the units, the district rounds' entries, their current decisions, the
    committee's name and the signer."""
    units = list(summary_units(user, year, district))
    # The district's rounds hold only the district's units; those outside the list are ignored.
    entries = _district_entries(year, district)
    assessed = set(entries.values_list("unit_id", flat=True))
    decisions: dict[int, Decision] = {}
    for decision in (
        Decision.objects.filter(
            round_unit__in=entries,
            reopened_at__isnull=True,
            outcome__in=[Outcome.RECOMMEND, Outcome.NOT_RECOMMEND],
        )
        .select_related("round_unit")
        .order_by("decided_at", "pk")
    ):
        # A unit on two district rounds is decided in one of them; the latest counts.
        decisions[decision.round_unit.unit_id] = decision

    types = UnitType.values
    units_by_type: list[list[UnitResultRow]] = [[] for _ in types]
    for unit in units:
        row = UnitResultRow(
            name=clean_text(unit.name), place=unit.place_line, assessed=unit.pk in assessed
        )
        decided = decisions.get(unit.pk)
        if decided is not None:
            row.outcome = RECOMMEND if decided.outcome == Outcome.RECOMMEND else NOT_RECOMMEND
            row.reasons = clean_text(decided.reasons)
            row.percent = decided.result_percent
            row.passed = decided.result_passed
            row.decided_on = timezone.localdate(decided.decided_at)
        else:
            row.outcome = _status_outcome(unit.status)
        units_by_type[types.index(unit.unit_type)].append(row)

    committee = (
        Committee.objects.filter(
            programme_year=year, kind=Kind.DISTRICT_ASSESSMENT, district=district
        )
        .values_list("name", flat=True)
        .first()
    )
    signer_name, signer_position = district_head(district, user)
    return RecommendationSummary(
        province=year.province.name_th,
        district=district.display_name,
        fiscal_year=year.fiscal_year,
        issued_on=timezone.localdate(),
        type_labels=[str(label) for _, label in UnitType.choices],
        units_by_type=units_by_type,
        results_due=year.results_due,
        committee=committee or "",
        signer_name=signer_name,
        signer_position=signer_position,
    )


def recommendation_summary(
    *, user: User, year: ProgrammeYear, district: District, fmt: str
) -> tuple[bytes, str]:
    """The summary's bytes in the chosen format and its file name, in Thai as the officers
    file it ("สรุปผลการพิจารณา-2570-อำเภอเมืองลำพูน.pdf")."""
    data = recommendation_summary_data(user=user, year=year, district=district)
    filename = f"สรุปผลการพิจารณา-{year.fiscal_year}-{district.display_name}.{fmt}"
    if fmt == "xlsx":
        return recommendation_summary_xlsx(data), filename
    # The memo's Garuda: the province's emblem, if it uploaded one (geography/selectors.py).
    emblem = province_emblem(year.province_id)
    render = recommendation_summary_pdf if fmt == "pdf" else recommendation_summary_docx
    return render(data, emblem=emblem), filename


def district_counts(user: User, year: ProgrammeYear) -> dict[str, dict[str, int]]:
    """Per district code in the user's scope: accepted units and where the district committee
    left them, by the units' status (one query; the document reads the decisions themselves)."""
    rows = (
        visible_to(user, Unit)
        .filter(programme_year=year, status__in=ACCEPTED_STATUSES)
        .values("district_id")
        .annotate(
            units=Count("pk"),
            recommended=Count("pk", filter=Q(status__in=RECOMMENDED_STATUSES)),
            not_recommended=Count("pk", filter=Q(status=Status.NOT_RECOMMENDED)),
            undecided=Count("pk", filter=Q(status=Status.DOCUMENTS_COMPLETE)),
        )
        .order_by()
    )
    return {
        row["district_id"]: {
            "units": row["units"],
            "recommended": row["recommended"],
            "not_recommended": row["not_recommended"],
            "undecided": row["undecided"],
        }
        for row in rows
    }


@transaction.atomic
def summary_send(*, actor: User, year: ProgrammeYear) -> DistrictReport:
    """The district officer records that the district's summary went to the province
    (RESULTS_DUE), once its committee has decided on every accepted unit. The count sent is
    the units recommended."""
    if not can_send_summary(actor):
        raise DomainError(gettext("เฉพาะพัฒนาการอำเภอเท่านั้นที่ส่งสรุปผลการพิจารณาถึงจังหวัดได้"))
    district_id = actor.district_id
    if district_id is None:  # a district officer always has one (accounts.User's constraint)
        raise DomainError(gettext("เฉพาะพัฒนาการอำเภอเท่านั้นที่ส่งสรุปผลการพิจารณาถึงจังหวัดได้"))
    counts = district_counts(actor, year).get(district_id)
    if counts is None:
        raise DomainError(gettext("อำเภอยังไม่มีหน่วยนับที่ผ่านการตรวจเอกสาร จึงยังไม่มีผลให้ส่ง"))
    if counts["undecided"]:
        raise DomainError(
            gettext("ยังมีหน่วยนับที่คณะกรรมการยังไม่มีมติ %(undecided)s หน่วย ส่งจังหวัดได้เมื่อมีมติครบทุกหน่วย")
            % {"undecided": counts["undecided"]}
        )
    return programme_services.district_report_send(
        actor=actor,
        year=year,
        district_id=district_id,
        deadline=Deadline.RESULTS_DUE,
        unit_count=counts["recommended"],
    )
