"""Writes to committees, their members, duties and orders, and committee members' accounts.

Each is one transaction with its audit row. Who may do what:
- the province's officer (and the department) manages every committee of the province-year:
  creates them from the seeds' templates, edits the committee and its order (number, subject,
  reason, date, signer: the province issues the orders), members, duties and accounts;
- a district officer (พัฒนาการอำเภอ) keeps the members and duties of his own district's
  committee and creates their accounts, but not the order, which the province issues;
- everyone else only reads (core/scope.py decides what).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext

from accounts.models import Role, User
from audit.services import diff, log_action
from committees import defaults
from committees.models import (
    PROVINCIAL_KINDS,
    Committee,
    Duty,
    Kind,
    Member,
    MemberRole,
    MemberTitle,
)
from committees.permissions import can_edit_members, can_manage
from core.bounds import check_date
from core.errors import DomainError
from core.once import use_form_token
from core.ordering import swap_with_neighbour
from core.text import clean_name, clean_text
from core.thai import be_year, fiscal_year_window, thai_digits
from geography.models import District, Zone
from programme.models import ProgrammeYear

# Fields of the committee and its order that the province sets (committee_update).
ORDER_FIELDS = [
    "name",
    "member_title",
    "issuing_office",
    "order_number",
    "subject",
    "reason",
    "authority",
    "effective_text",
    "signed_on",
    "signer_name",
    "signer_position",
    "on_behalf_of",
    "thai_numerals",
]
MEMBER_FIELDS = ["full_name", "position_title", "agency", "role"]
# The ordered rows of a committee: its members and its duties.
Row = TypeVar("Row", Member, Duty)
TEXT_LIMITS = {
    "name": 255,
    "issuing_office": 150,
    "subject": 500,
    "effective_text": 255,
    "signer_name": 200,
    "signer_position": 200,
    "on_behalf_of": 200,
    "full_name": 200,
    "position_title": 300,
    "agency": 300,
}
DUTY_MAX = 2000


# --- permissions (the rules live in committees.permissions) -----------------------------


def _require_manage(actor: User, committee: Committee) -> None:
    if not can_manage(actor, committee):
        raise DomainError(gettext("เฉพาะเจ้าหน้าที่ของจังหวัดเท่านั้นที่แก้ไขคณะกรรมการและคำสั่งนี้ได้"))


def _require_members(actor: User, committee: Committee) -> None:
    if not can_edit_members(actor, committee):
        raise DomainError(gettext("คุณไม่มีสิทธิ์แก้ไขรายชื่อกรรมการของคณะนี้"))


def _locked(committee: Committee) -> Committee:
    """The committee row, locked: member and duty order numbers change one writer at a time."""
    return (
        Committee.objects.select_for_update().select_related("programme_year").get(pk=committee.pk)
    )


def _log(
    actor: User,
    action: str,
    committee: Committee,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> None:
    log_action(
        actor=actor,
        action=action,
        obj=obj if obj is not None else committee,
        changes=changes,
        district_id=committee.district_id or "",
    )


def _text(values: dict[str, Any], key: str, *, required: str | None = None) -> str:
    # One line: a name, a title, an office. A hidden control or bidirectional character is
    # refused, not silently removed (docs/security.md §9).
    value = " ".join(clean_name(str(values.get(key) or ""), field=key).split())
    if required and not value:
        raise DomainError(required, field=key)
    limit = TEXT_LIMITS.get(key)
    if limit and len(value) > limit:
        raise DomainError(gettext("ข้อความยาวเกิน %(limit)s ตัวอักษร") % {"limit": limit}, field=key)
    return value


def _paragraphs(values: dict[str, Any], key: str) -> str:
    """Free text kept paragraph by paragraph (a blank line or a newline starts a paragraph)."""
    lines = clean_text(str(values.get(key) or "")).replace("\r\n", "\n").split("\n")
    text = "\n".join(" ".join(line.split()) for line in lines if line.strip())
    if len(text) > 5000:
        raise DomainError(gettext("ข้อความยาวเกิน 5000 ตัวอักษร"), field=key)
    return text


# --- creating the year's committees ------------------------------------------------------


def _create_from(
    *,
    actor: User,
    programme_year: ProgrammeYear,
    template: defaults.CommitteeTemplate,
    district: District | None = None,
    zone: Zone | None = None,
) -> Committee:
    committee = Committee.objects.create(
        programme_year=programme_year,
        kind=template.kind,
        district=district,
        zone=zone,
        name=template.name,
        member_title=template.member_title,
        issuing_office=template.issuing_office,
        order_year=programme_year.fiscal_year,
        subject=template.subject,
        reason=template.reason,
        authority=template.authority,
        effective_text=template.effective_text,
        signer_position=template.signer_position,
        on_behalf_of=template.on_behalf_of,
    )
    Member.objects.bulk_create(
        Member(
            committee=committee,
            order=order,
            position_title=m.position_title,
            agency=m.agency,
            role=m.role,
        )
        for order, m in enumerate(template.members, start=1)
    )
    Duty.objects.bulk_create(
        Duty(committee=committee, order=order, text=text)
        for order, text in enumerate(template.duties, start=1)
    )
    _log(
        actor,
        "committee.create",
        committee,
        changes={
            "kind": committee.kind,
            "name": committee.name,
            "members": len(template.members),
            "duties": len(template.duties),
        },
    )
    return committee


def _year_to_create_in(
    actor: User, programme_year: ProgrammeYear, *, refusal: str
) -> ProgrammeYear:
    """The year, locked, for the province's officers only (else `refusal`): one creator at a
    time per year, so a second click waits, then finds what the first made."""
    if not actor.manages_province(programme_year.province_id):
        raise DomainError(refusal)
    return (
        ProgrammeYear.objects.select_for_update()
        .select_related("province")
        .get(pk=programme_year.pk)
    )


@transaction.atomic
def committees_create_for_year(*, actor: User, programme_year: ProgrammeYear) -> list[Committee]:
    """The provincial certification committee, the provincial assessment committee and one
    district assessment committee for every district of the province, from the seeds' orders.

    Idempotent: a committee that already exists is left as it is (with its edits), so running
    it again creates only what is missing, e.g. the committee of a district added since.
    """
    year = _year_to_create_in(
        actor,
        programme_year,
        refusal=gettext("เฉพาะเจ้าหน้าที่ของจังหวัดเท่านั้นที่สร้างคณะกรรมการของปีได้"),
    )
    province = year.province.name_th
    existing = Committee.objects.filter(programme_year=year)
    have_kinds = set(existing.filter(kind__in=PROVINCIAL_KINDS).values_list("kind", flat=True))
    have_districts = set(
        existing.filter(district__isnull=False).values_list("district_id", flat=True)
    )
    created = []
    for kind, build in (
        (Kind.PROVINCIAL_CERTIFICATION, defaults.provincial_certification),
        (Kind.PROVINCIAL_ASSESSMENT, defaults.provincial_assessment),
    ):
        if kind not in have_kinds:
            template = build(province, year.fiscal_year)
            created.append(_create_from(actor=actor, programme_year=year, template=template))
    for district in District.objects.filter(province=year.province).order_by("code"):
        if district.pk in have_districts:
            continue
        template = defaults.district_assessment(province, district.name_th, year.fiscal_year)
        created.append(
            _create_from(actor=actor, programme_year=year, template=template, district=district)
        )
    return created


@transaction.atomic
def zone_group_create(
    *, actor: User, programme_year: ProgrammeYear, zone: Zone | None = None, name: str = ""
) -> Committee:
    """A zone working group: for one of the province's zones, or (without a zone) by name."""
    year = _year_to_create_in(
        actor, programme_year, refusal=gettext("เฉพาะเจ้าหน้าที่ของจังหวัดเท่านั้นที่เพิ่มคณะทำงานได้")
    )
    name = _text({"name": name}, "name")
    if zone is not None:
        if zone.province_id != year.province_id:
            raise DomainError(gettext("โซนนี้ไม่อยู่ในจังหวัดของปีดำเนินงานนี้"), field="zone")
        if Committee.objects.filter(programme_year=year, zone=zone).exists():
            raise DomainError(gettext("โซนนี้มีคณะทำงานของปีนี้แล้ว"), field="zone")
        districts = [d.name_th for d in zone.districts.order_by("code")]
        zone_name = zone.name
    elif not name:
        raise DomainError(gettext("กรุณาเลือกโซน หรือกรอกชื่อคณะทำงาน"), field="zone")
    else:
        districts, zone_name = [], ""
    template = defaults.zone_group(
        year.province.name_th, zone_name, districts, year.fiscal_year, name=name
    )
    return _create_from(actor=actor, programme_year=year, template=template, zone=zone)


@transaction.atomic
def committee_delete(*, actor: User, committee: Committee) -> None:
    """Only a zone working group may be removed (the others are part of every year)."""
    committee = _locked(committee)
    _require_manage(actor, committee)
    if committee.kind != Kind.ZONE:
        raise DomainError(gettext("ลบได้เฉพาะคณะทำงานระดับโซน"))
    if committee.members.filter(user__isnull=False).exists():
        raise DomainError(gettext("คณะทำงานนี้มีกรรมการที่มีบัญชีผู้ใช้ นำกรรมการเหล่านั้นออกก่อน"))
    if committee.rounds.exists():
        raise DomainError(gettext("คณะทำงานนี้มีรอบการประเมินแล้ว จึงลบไม่ได้"))
    _log(actor, "committee.delete", committee, changes={"name": committee.name})
    committee.delete()


# --- the committee and its order ---------------------------------------------------------


def order_year_for(committee: Committee) -> int:
    """The calendar year after the slash: the year of signing, else the fiscal year."""
    if committee.signed_on is not None:
        return be_year(committee.signed_on.year)
    return committee.programme_year.fiscal_year


@transaction.atomic
def committee_update(
    *, actor: User, committee: Committee, values: dict[str, Any], expected_version: int
) -> Committee:
    """The order's fields. `expected_version` is the version the form was made from; a form
    made before another officer's save (or sent without one) is refused, never applied."""
    committee = _locked(committee)
    _require_manage(actor, committee)
    if committee.version != expected_version:
        raise DomainError(gettext("มีผู้อื่นแก้ไขคณะกรรมการนี้ไปก่อนแล้ว กรุณาเปิดหน้านี้ใหม่แล้วแก้ไขอีกครั้ง"))
    before = {f: getattr(committee, f) for f in ORDER_FIELDS}
    committee.name = _text(values, "name", required=gettext("กรุณากรอกชื่อคณะ"))
    title = values.get("member_title") or committee.member_title
    if title not in MemberTitle.values:
        raise DomainError(gettext("กรุณาเลือกคำเรียกตำแหน่งในคณะ"), field="member_title")
    committee.member_title = title
    committee.issuing_office = _text(
        values, "issuing_office", required=gettext("กรุณากรอกส่วนราชการที่ออกคำสั่ง")
    )
    committee.subject = _text(values, "subject", required=gettext("กรุณากรอกเรื่องของคำสั่ง"))
    committee.reason = _paragraphs(values, "reason")
    committee.authority = _paragraphs(values, "authority")
    committee.effective_text = _text(values, "effective_text")
    committee.signer_name = _text(values, "signer_name")
    committee.signer_position = _text(values, "signer_position")
    committee.on_behalf_of = _text(values, "on_behalf_of")
    committee.signed_on = values.get("signed_on")
    # An order of this programme year is signed within its fiscal year, give or take a quarter.
    earliest, latest = fiscal_year_window(committee.programme_year.fiscal_year)
    check_date(
        committee.signed_on,
        field="signed_on",
        label=gettext("วันที่สั่ง"),
        earliest=earliest,
        latest=latest,
    )
    committee.thai_numerals = bool(values.get("thai_numerals"))
    number = values.get("order_number")
    if number is not None and (not isinstance(number, int) or not 0 < number < 100000):
        raise DomainError(gettext("เลขที่คำสั่งต้องเป็นจำนวนเต็มบวก"), field="order_number")
    committee.order_number = number
    committee.order_year = order_year_for(committee)
    if number is not None:
        taken = (
            Committee.objects.filter(
                issuing_office=committee.issuing_office,
                order_year=committee.order_year,
                order_number=number,
            )
            .exclude(pk=committee.pk)
            .first()
        )
        if taken is not None:
            raise DomainError(
                gettext(
                    "คำสั่ง%(issuing_office)s ที่ %(number)s/"
                    "%(year)s ใช้กับ “%(name)s” แล้ว "
                    "เลขที่คำสั่งเริ่มใหม่ทุกปีปฏิทิน แต่ห้ามซ้ำในปีเดียวกัน"
                )
                % {
                    "issuing_office": committee.issuing_office,
                    "number": thai_digits(number),
                    "year": thai_digits(committee.order_year),
                    "name": taken.name,
                },
                field="order_number",
            )
    committee.version += 1
    try:
        with transaction.atomic():  # a concurrent save of the same number loses cleanly
            committee.save()
    except IntegrityError:
        raise DomainError(
            gettext("เลขที่คำสั่งนี้เพิ่งถูกใช้กับคำสั่งอื่น กรุณาตรวจสอบแล้วบันทึกใหม่"), field="order_number"
        ) from None
    after = {f: getattr(committee, f) for f in ORDER_FIELDS}
    _log(actor, "committee.update", committee, changes=diff(before, after))
    return committee


# --- members -----------------------------------------------------------------------------


def _member_values(values: dict[str, Any]) -> dict[str, str]:
    role = values.get("role") or ""
    if role not in MemberRole.values:
        raise DomainError(gettext("กรุณาเลือกตำแหน่งในคณะ"), field="role")
    return {
        "full_name": _text(values, "full_name"),
        "position_title": _text(
            values, "position_title", required=gettext("กรุณากรอกตำแหน่งของกรรมการ")
        ),
        "agency": _text(values, "agency"),
        "role": role,
    }


@transaction.atomic
def member_add(*, actor: User, committee: Committee, values: dict[str, Any], once: str) -> Member:
    """`once` is the form's one-time token: a second submit of the same form adds no one."""
    use_form_token(once)
    committee = _locked(committee)
    _require_members(actor, committee)
    cleaned = _member_values(values)
    member = Member.objects.create(
        committee=committee, order=_next_order(committee.members.all()), **cleaned
    )
    _log(actor, "committee.member_add", committee, member, changes=cleaned)
    return member


@transaction.atomic
def member_update(
    *, actor: User, member: Member, values: dict[str, Any], expected_version: int
) -> Member:
    """The member's fields from the edit form (`expected_version`: see _row_to_edit)."""
    committee, member = _row_to_edit(
        actor,
        member,
        expected_version,
        stale=gettext("มีผู้อื่นแก้ไขข้อมูลกรรมการคนนี้ไปก่อนแล้ว กรุณาเปิดหน้านี้ใหม่แล้วแก้ไขอีกครั้ง"),
    )
    cleaned = _member_values(values)
    before = {f: getattr(member, f) for f in MEMBER_FIELDS}
    for field, value in cleaned.items():
        setattr(member, field, value)
    member.version += 1
    member.save(update_fields=[*MEMBER_FIELDS, "version"])
    _log(actor, "committee.member_update", committee, member, changes=diff(before, cleaned))
    return member


def _next_order(rows: models.QuerySet[Row]) -> int:
    """The place after the committee's last member (or duty)."""
    return (rows.order_by("-order").values_list("order", flat=True).first() or 0) + 1


def _row_to_edit(
    actor: User, row: Row, expected_version: int, *, stale: str
) -> tuple[Committee, Row]:
    """The committee and its member or duty, both locked, for those who edit its members.
    `expected_version` is the version the form was made from: a form made before another save
    is refused with `stale`, never applied."""
    committee = _locked(row.committee)
    _require_members(actor, committee)
    locked = type(row).objects.select_for_update().get(pk=row.pk)
    if locked.version != expected_version:
        raise DomainError(stale)
    return committee, locked


def _renumber(rows: Iterable[Row]) -> None:
    for order, row in enumerate(rows, start=1):
        if row.order != order:
            row.order = order
            row.save(update_fields=["order"])


@transaction.atomic
def member_remove(*, actor: User, member: Member) -> None:
    """Take a member off the committee; their account, if any, is closed with it."""
    committee = _locked(member.committee)
    _require_members(actor, committee)
    member = Member.objects.select_related("user").get(pk=member.pk)
    # Scores keep their scorer: a member who has scored stays on the committee's record.
    if member.assessment_scores.exists():
        raise DomainError(
            gettext("ลบกรรมการคนนี้ไม่ได้ เพราะได้ให้คะแนนการประเมินไว้แล้ว คะแนนต้องระบุผู้ให้คะแนนไว้เสมอ")
        )
    # A decision's record of who was present must not lose anyone (docs/security.md §4).
    if member.decisions_present.exists():
        raise DomainError(gettext("ลบกรรมการคนนี้ไม่ได้ เพราะมีชื่ออยู่ในรายชื่อผู้มาประชุมของมติที่บันทึกแล้ว"))
    changes: dict[str, Any] = {"line": member.line, "role": member.role}
    user = member.user
    if user is not None and user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        changes["account_closed"] = user.username
    _log(actor, "committee.member_remove", committee, member, changes=changes)
    member.delete()
    _renumber(committee.members.order_by("order", "pk"))


def _swap_order(rows: list[Row], row_pk: int, direction: str) -> tuple[int, int] | None:
    """Swap a row with its neighbour; the (old, new) position, or None at either end."""
    index = next(i for i, r in enumerate(rows) if r.pk == row_pk)
    other = swap_with_neighbour(rows, index, direction)
    if other is None:
        return None
    _renumber(rows)
    return index + 1, other + 1


@transaction.atomic
def member_move(*, actor: User, member: Member, direction: str) -> None:
    committee = _locked(member.committee)
    _require_members(actor, committee)
    moved = _swap_order(list(committee.members.order_by("order", "pk")), member.pk, direction)
    if moved is not None:
        _log(actor, "committee.member_move", committee, member, changes={"order": list(moved)})


# --- duties ------------------------------------------------------------------------------


def _duty_text(text: str) -> str:
    text = " ".join(clean_text(text or "").split())
    if not text:
        raise DomainError(gettext("กรุณากรอกอำนาจหน้าที่"), field="text")
    if len(text) > DUTY_MAX:
        raise DomainError(
            gettext("ข้อความยาวเกิน %(DUTY_MAX)s ตัวอักษร") % {"DUTY_MAX": DUTY_MAX}, field="text"
        )
    return text


@transaction.atomic
def duty_add(*, actor: User, committee: Committee, text: str) -> Duty:
    committee = _locked(committee)
    _require_members(actor, committee)
    text = _duty_text(text)
    duty = Duty.objects.create(
        committee=committee, order=_next_order(committee.duties.all()), text=text
    )
    _log(actor, "committee.duty_add", committee, duty, changes={"text": text})
    return duty


@transaction.atomic
def duty_update(*, actor: User, duty: Duty, text: str, expected_version: int) -> Duty:
    """The duty's text from the edit form (`expected_version`: see _row_to_edit)."""
    committee, duty = _row_to_edit(
        actor,
        duty,
        expected_version,
        stale=gettext("มีผู้อื่นแก้ไขอำนาจหน้าที่ข้อนี้ไปก่อนแล้ว กรุณาเปิดหน้านี้ใหม่แล้วแก้ไขอีกครั้ง"),
    )
    text = _duty_text(text)
    old = duty.text
    duty.text = text
    duty.version += 1
    duty.save(update_fields=["text", "version"])
    _log(actor, "committee.duty_update", committee, duty, changes={"text": [old, text]})
    return duty


@transaction.atomic
def duty_remove(*, actor: User, duty: Duty) -> None:
    committee = _locked(duty.committee)
    _require_members(actor, committee)
    duty = Duty.objects.get(pk=duty.pk)
    _log(actor, "committee.duty_remove", committee, duty, changes={"text": duty.text})
    duty.delete()
    _renumber(committee.duties.order_by("order", "pk"))


@transaction.atomic
def duty_move(*, actor: User, duty: Duty, direction: str) -> None:
    committee = _locked(duty.committee)
    _require_members(actor, committee)
    moved = _swap_order(list(committee.duties.order_by("order", "pk")), duty.pk, direction)
    if moved is not None:
        _log(actor, "committee.duty_move", committee, duty, changes={"order": list(moved)})


# --- members' accounts -------------------------------------------------------------------


@transaction.atomic
def member_account_create(
    *, actor: User, member: Member, username: str, email: str = ""
) -> tuple[User, str]:
    """A login for a member who scores, limited to what the committee assesses (Role.COMMITTEE,
    core/scope.py). The account has no password: the member sets their own through an
    invitation (accounts.services.invitation_send), mailed to `email`, or, without one,
    returned as the link for the caller to show once. Returns the user and that link ("")."""
    from accounts.services import invitation_send

    committee = _locked(member.committee)
    _require_members(actor, committee)
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.user_id is not None:
        raise DomainError(gettext("กรรมการคนนี้มีบัญชีผู้ใช้แล้ว"), field="username")
    username = clean_text(username or "").strip()
    if not username:
        raise DomainError(gettext("กรุณากรอกชื่อผู้ใช้"), field="username")
    if len(username) > 150:
        raise DomainError(gettext("ชื่อผู้ใช้ยาวเกิน 150 ตัวอักษร"), field="username")
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        raise DomainError(
            gettext("ชื่อผู้ใช้ใช้ได้เฉพาะตัวอักษร ตัวเลข และเครื่องหมาย @ . + - _"), field="username"
        ) from None
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(gettext("ชื่อผู้ใช้นี้มีอยู่แล้ว"), field="username")
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(gettext("รูปแบบอีเมลไม่ถูกต้อง"), field="email") from None
    first, _, last = (member.full_name or "").partition(" ")
    user = User(
        username=username,
        role=Role.COMMITTEE,
        first_name=(first or member.position_title)[:150],
        last_name=last.strip()[:150],
        position_title=member.position_title[:150],
        email=email,
        province_id=committee.programme_year.province_id,
        district_id=committee.district_id,
    )
    user.set_unusable_password()
    user.save()
    member.user = user
    member.save(update_fields=["user"])
    _log(
        actor,
        "committee.member_account_create",
        committee,
        member,
        changes={"username": username, "user": user.pk},
    )
    return user, invitation_send(actor=actor, user=user)


@transaction.atomic
def member_account_set_active(*, actor: User, member: Member, active: bool) -> User:
    """Close (or reopen) a member's account; a closed account's sessions end on the next request."""
    committee = _locked(member.committee)
    _require_members(actor, committee)
    member = Member.objects.select_related("user").get(pk=member.pk)
    user = member.user
    if user is None:
        raise DomainError(gettext("กรรมการคนนี้ยังไม่มีบัญชีผู้ใช้"))
    if user.role != Role.COMMITTEE:
        raise DomainError(gettext("บัญชีนี้ไม่ใช่บัญชีกรรมการประเมิน จัดการได้ที่หน้าผู้ใช้"))
    old = user.is_active
    user.is_active = active
    user.save(update_fields=["is_active"])
    _log(
        actor,
        "committee.member_account_active",
        committee,
        member,
        changes={"username": user.username, "is_active": [old, active]},
    )
    return user


# --- the order as a document -------------------------------------------------------------


@transaction.atomic
def order_download_log(*, actor: User, committee: Committee, fmt: str) -> None:
    _log(actor, "export.committee_order", committee, changes={"format": fmt})
