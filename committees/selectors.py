"""Reads of committees that depend on who is asking (through core.scope), and the order's data."""

from __future__ import annotations

from django.db.models import Count

from accounts.models import User
from committees.models import Committee, Kind
from core.scope import visible_to
from documents.committee_order import CommitteeOrder, OrderMember
from documents.text import bare_district_name
from programme.models import ProgrammeYear

KIND_ORDER = {kind: index for index, kind in enumerate(Kind.values)}


def committees_of_year(user: User, year: ProgrammeYear) -> list[Committee]:
    """The year's committees the user may see: the provincial ones first, then the districts'
    (by district code), then the zone groups; with their member counts."""
    committees = (
        visible_to(user, Committee)
        .filter(programme_year=year)
        .select_related("district", "zone")
        .annotate(member_count=Count("members", distinct=True))
    )
    return sorted(
        committees,
        key=lambda c: (KIND_ORDER.get(c.kind, 99), c.district_id or "", c.name),
    )


def order_number_line(committee: Committee) -> str:
    """ "ที่ ๑๒/๒๕๗๐" as the order prints it (no members or duties needed)."""
    return CommitteeOrder(
        issuing_office=committee.issuing_office,
        number=committee.order_number,
        year_be=committee.order_year,
        subject=committee.subject,
        reason="",
        authority="",
        thai_numerals=committee.thai_numerals,
    ).number_line()


def order_data(committee: Committee) -> CommitteeOrder:
    members = [
        OrderMember(line=m.line, agency=m.agency, role=committee.role_label(m.role))
        for m in committee.members.order_by("order", "pk")
    ]
    keep_whole = [committee.programme_year.province.name_th]
    district = committee.district
    if district is not None:
        keep_whole.append(bare_district_name(district.name_th))
    return CommitteeOrder(
        issuing_office=committee.issuing_office,
        number=committee.order_number,
        year_be=committee.order_year,
        subject=committee.subject,
        reason=committee.reason,
        authority=committee.authority,
        members=members,
        duties=list(committee.duties.order_by("order", "pk").values_list("text", flat=True)),
        effective_text=committee.effective_text,
        signed_on=committee.signed_on,
        signer_name=committee.signer_name,
        signer_position=committee.signer_position,
        on_behalf_of=committee.on_behalf_of,
        thai_numerals=committee.thai_numerals,
        keep_whole=keep_whole,
    )
