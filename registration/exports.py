"""Turn registration data into the documents of docs/documents.md (the renderers know no ORM)."""

from core.text import clean_text
from core.thai import thai_date
from documents.applicant_list import (
    ApplicantList,
    ApplicantRow,
    applicant_list_docx,
    applicant_list_pdf,
    applicant_list_xlsx,
)
from documents.application_form import ApplicationForm, application_form_pdf
from geography.models import District
from programme.documents import area_report_fields
from programme.models import ProgrammeYear, UnitType
from registration.models import PositionKind, Unit
from registration.workflow import ACCEPTED_STATUSES

RENDERERS = {"pdf": applicant_list_pdf, "docx": applicant_list_docx, "xlsx": applicant_list_xlsx}


def applicant_list(
    *, user, year: ProgrammeYear, district: District | None, fmt: str
) -> tuple[bytes, str]:
    """The applicant list of one district, or of the whole province, in the chosen format."""
    units = (
        # The list to the province carries the applications whose documents were checked.
        Unit.objects.filter(programme_year=year, status__in=ACCEPTED_STATUSES)
        .select_related("district", "subdistrict", "village", "responsible_developer")
        .order_by("district_id", "name")
    )
    if district is not None:
        units = units.filter(district=district)
    by_type: dict[str, list[ApplicantRow]] = {t: [] for t in UnitType.values}
    for unit in units:
        by_type[unit.unit_type].append(
            ApplicantRow(
                name=clean_text(unit.name),
                masked_id=unit.masked_national_id if unit.unit_type == UnitType.LEADER else "",
                place=unit.place_line,
                category=unit.category_label,
                responsible=unit.responsible_developer.full_name
                if unit.responsible_developer
                else "",
                status=unit.get_status_display(),
                district=unit.district.display_name,
            )
        )
    data = ApplicantList(
        **area_report_fields(user=user, year=year, district=district),
        sections=[(str(label), by_type[value]) for value, label in UnitType.choices],
    )
    place = district.code if district is not None else year.province_id
    return RENDERERS[fmt](data), f"applicant-list-{year.fiscal_year}-{place}.{fmt}"


def _fmt_date(value) -> str:
    return thai_date(value) if value else ""


def application_form(unit: Unit) -> bytes:
    fields: list[tuple[str, str]]
    if unit.unit_type == UnitType.LEADER:
        fields = [
            ("ชื่อ-สกุล", unit.name),
            ("เลขประจำตัวประชาชน", unit.national_id),
            ("วันเกิด", _fmt_date(unit.birth_date)),
            ("ที่อยู่", unit.address_line),
            ("โทรศัพท์", unit.phone),
            ("อาศัยอยู่ในชุมชน", f"{unit.domicile_years} ปี" if unit.domicile_years is not None else ""),
            (
                "ตำแหน่งในชุมชน",
                f"{unit.position_title} ({PositionKind(unit.position_kind).label})"
                if unit.position_kind
                else unit.position_title,
            ),
            ("ผลงานกิจกรรมร่วมกับชุมชน", unit.community_work),
        ]
        signer = "ผู้สมัคร"
    elif unit.unit_type in (UnitType.GROUP, UnitType.NETWORK):
        fields = [
            ("ชื่อ", unit.name),
            ("ประเภท", unit.category_label),
            ("ที่ตั้ง", unit.address_line),
            ("วันที่ก่อตั้ง", _fmt_date(unit.founded_on)),
            ("จำนวนสมาชิก", f"{unit.member_count} คน" if unit.member_count is not None else ""),
            ("วันที่มีมติของสมาชิกในการสมัคร", _fmt_date(unit.resolution_date)),
            ("โทรศัพท์", unit.phone),
        ]
        signer = "ประธานกลุ่ม/องค์กร" if unit.unit_type == UnitType.GROUP else "ประธานเครือข่าย"
    else:
        fields = [
            ("ชื่อชุมชน", unit.name),
            ("ที่ตั้ง", unit.address_line),
            ("อาณาเขตพื้นที่", unit.boundary_description),
            (
                "จำนวนครัวเรือน",
                f"{unit.household_count} ครัวเรือน" if unit.household_count is not None else "",
            ),
            ("วันที่มีมติประชาคม", _fmt_date(unit.assembly_resolution_date)),
            ("โทรศัพท์", unit.phone),
        ]
        signer = "ผู้ใหญ่บ้าน/ผู้แทนชุมชน"
    members = list(unit.team_members.all())
    form = ApplicationForm(
        unit_type=unit.unit_type,
        type_label=unit.type_label,
        fiscal_year=unit.fiscal_year,
        province=unit.district.province.name_th,
        district=unit.district.name_th,
        subdistrict=unit.subdistrict.name_th,
        village=str(unit.village) if unit.village else "",
        fields=fields,
        team=[(m.name, m.position) for m in members if m.role == "TEAM"],
        advisers=[(m.name, m.position) for m in members if m.role == "ADVISER"],
        member_organisations=list(unit.member_organisations.values_list("name", flat=True)),
        applicant_signature_label=signer,
    )
    return application_form_pdf(form)
