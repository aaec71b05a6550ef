"""Eligibility rules of docs/domain.md §3, as set for the province's programme year.

Each unmet rule is named in a Thai message; a unit with messages can be kept as a
draft but not submitted.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from programme.models import ProgrammeYear, UnitType
from registration.models import PositionKind, Unit


def _years_between(start: dt.date, end: dt.date) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def eligibility_problems(
    unit: Unit, rules: ProgrammeYear, *, member_organisation_count: int
) -> list[str]:
    today = timezone.localdate()
    problems: list[str] = []
    if unit.unit_type == UnitType.LEADER:
        minimum = rules.leader_min_domicile_years
        if minimum and (unit.domicile_years is None or unit.domicile_years < minimum):
            problems.append(
                _("ผู้นำชุมชนต้องมีภูมิลำเนาอยู่ในชุมชนไม่น้อยกว่า %(minimum)s ปี") % {"minimum": minimum}
            )
        if rules.leader_requires_community_work and (
            not unit.community_work.strip() or not unit.community_accepted
        ):
            problems.append(
                _("ผู้นำชุมชนต้องมีผลงานกิจกรรมร่วมกับชุมชนอย่างต่อเนื่องและเป็นที่ยอมรับนับถือของคนในชุมชน")
            )
        if rules.leader_requires_position and (
            unit.position_kind not in PositionKind.values or not unit.position_title.strip()
        ):
            problems.append(_("ผู้นำชุมชนต้องมีตำแหน่งเป็นทางการหรือไม่เป็นทางการ (ระบุตำแหน่ง)"))
    elif unit.unit_type in (UnitType.GROUP, UnitType.NETWORK):
        is_group = unit.unit_type == UnitType.GROUP
        requires_resolution = (
            rules.group_requires_resolution if is_group else rules.network_requires_resolution
        )
        if requires_resolution:
            if unit.resolution_date is None:
                who = _("สมาชิกกลุ่ม/องค์กรชุมชน") if is_group else _("สมาชิกเครือข่าย")
                problems.append(
                    _("ต้องมีมติของ%(who)sในการสมัครเข้าสู่ระบบมาตรฐานการพัฒนาชุมชน") % {"who": who}
                )
            elif unit.resolution_date > today:
                problems.append(_("วันที่มีมติสมัครต้องไม่เป็นวันในอนาคต"))
        if is_group and rules.group_min_active_years:
            minimum = rules.group_min_active_years
            if unit.founded_on is None or _years_between(unit.founded_on, today) < minimum:
                problems.append(
                    _("กลุ่ม/องค์กรชุมชนต้องดำเนินกิจกรรมมาแล้วไม่น้อยกว่า %(minimum)s ปี")
                    % {"minimum": minimum}
                )
        if not is_group and member_organisation_count < rules.network_min_member_organisations:
            problems.append(
                _(
                    "เครือข่ายองค์กรชุมชนต้องมีองค์กรสมาชิกไม่น้อยกว่า "
                    "%(network_min_member_organisations)s องค์กร"
                )
                % {"network_min_member_organisations": rules.network_min_member_organisations}
            )
    elif unit.unit_type == UnitType.COMMUNITY:
        if rules.community_requires_boundary and not unit.boundary_description.strip():
            problems.append(_("ชุมชนต้องมีอาณาเขตพื้นที่แน่นอน (ระบุอาณาเขต)"))
        if rules.community_requires_assembly_resolution:
            if unit.assembly_resolution_date is None:
                problems.append(_("ชุมชนต้องมีมติประชาคมในการสมัครเข้าสู่ระบบมาตรฐานการพัฒนาชุมชน"))
            elif unit.assembly_resolution_date > today:
                problems.append(_("วันที่มีมติประชาคมต้องไม่เป็นวันในอนาคต"))
    return problems


def completeness_problems(unit: Unit) -> list[str]:
    """Data a submitted application must have, beyond the eligibility rules."""
    problems: list[str] = []
    if unit.unit_type == UnitType.LEADER:
        if not (unit.first_name and unit.last_name):
            problems.append(_("กรุณากรอกชื่อและนามสกุลของผู้นำชุมชน"))
        if not unit.national_id:
            problems.append(_("กรุณากรอกเลขประจำตัวประชาชน"))
        if unit.birth_date is None:
            problems.append(_("กรุณากรอกวันเกิด"))
        if unit.village_id is None:
            problems.append(_("กรุณาเลือกหมู่บ้านตามที่อยู่"))
    elif unit.unit_type == UnitType.COMMUNITY:
        if unit.village_id is None:
            problems.append(_("กรุณาเลือกหมู่บ้านของชุมชน"))
    else:
        if not unit.category:
            problems.append(_("กรุณาเลือกประเภทกลุ่ม/เครือข่าย"))
    if not unit.name.strip():
        problems.append(_("กรุณากรอกชื่อ"))
    if unit.privacy_notice_at is None:
        problems.append(_("ยังไม่ได้แจ้งประกาศความเป็นส่วนตัว (PDPA) แก่ผู้สมัคร"))
    return problems
