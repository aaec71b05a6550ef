from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.permissions import can_unlock_logins
from audit.services import log_action
from core.errors import DomainError
from core.scope import visible_to
from core.text import ascii_digits, clean_name
from geography.models import District, Province

# Which roles each role may create, inside its own scope. Keyed by str: a user's role is the
# stored value, and Role members are str.
CREATABLE: dict[str, set[str]] = {
    Role.ADMIN: {Role.ADMIN, Role.PROVINCE, Role.DISTRICT, Role.DEVELOPER},
    Role.PROVINCE: {Role.PROVINCE, Role.DISTRICT, Role.DEVELOPER},
    Role.DISTRICT: {Role.DEVELOPER},
    Role.DEVELOPER: set(),
}


@transaction.atomic
def user_create(
    *,
    actor: User,
    username: str,
    password: str,
    role: str,
    title: str = "",
    first_name: str = "",
    last_name: str = "",
    position_title: str = "",
    phone: str = "",
    email: str = "",
    province: Province | None = None,
    district: District | None = None,
) -> User:
    if role not in CREATABLE.get(actor.role, set()):
        raise DomainError(_("คุณสร้างบัญชีบทบาทนี้ไม่ได้"), field="role")
    if role in (Role.DISTRICT, Role.DEVELOPER):
        if district is None:
            raise DomainError(_("กรุณาเลือกอำเภอ"), field="district")
        province = district.province
    if role == Role.PROVINCE and province is None:
        raise DomainError(_("กรุณาเลือกจังหวัด"), field="province")
    if role == Role.ADMIN:
        province, district = None, None
    if role == Role.PROVINCE:
        district = None
    # The new account must lie inside the creator's own scope.
    if actor.role == Role.PROVINCE and (province is None or province.pk != actor.province_id):
        raise DomainError(_("สร้างบัญชีได้เฉพาะในจังหวัดของคุณ"), field="district")
    if actor.role == Role.DISTRICT and (district is None or district.pk != actor.district_id):
        raise DomainError(_("สร้างบัญชีได้เฉพาะในอำเภอของคุณ"), field="district")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("ชื่อผู้ใช้นี้มีอยู่แล้ว"), field="username")
    # The display name is shown on every page and printed on documents: a hidden control or
    # bidirectional character is refused (docs/security.md §9).
    title, first_name, last_name, position_title = (
        clean_name(value, field=field)
        for field, value in (
            ("title", title),
            ("first_name", first_name),
            ("last_name", last_name),
            ("position_title", position_title),
        )
    )
    user = User(
        username=username,
        role=role,
        title=title,
        first_name=first_name,
        last_name=last_name,
        position_title=position_title,
        phone=ascii_digits(phone),
        email=email,
        province=province,
        district=district,
    )
    user.set_password(password)
    user.save()
    log_action(
        actor=actor,
        action="user.create",
        obj=user,
        changes={
            "username": username,
            "role": role,
            "province": province.pk if province else None,
            "district": district.pk if district else None,
        },
        district_id=district.pk if district else "",
    )
    return user


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool) -> User:
    if user.pk == actor.pk:
        raise DomainError(_("ปิดบัญชีของตนเองไม่ได้"))
    if user.role not in CREATABLE.get(actor.role, set()):
        raise DomainError(_("คุณไม่มีสิทธิ์จัดการบัญชีนี้"))
    old = user.is_active
    user.is_active = active
    user.save(update_fields=["is_active"])
    # An inactive user is refused by the auth backend on the next request, ending their sessions.
    log_action(
        actor=actor,
        action="user.active",
        obj=user,
        changes={"is_active": [old, active]},
        district_id=user.district_id or "",
    )
    return user


@transaction.atomic
def user_unlock_login(*, actor: User, user: User) -> int:
    """Clear the failed logins on the user's name from every address: the locked pairs and the
    back-off (docs/security.md §5). Returns how many axes attempt rows went."""
    if not can_unlock_logins(actor) or not visible_to(actor, User).filter(pk=user.pk).exists():
        raise DomainError(_("คุณไม่มีสิทธิ์ปลดล็อกการเข้าสู่ระบบของบัญชีนี้"))
    # axes keeps the user name as typed; the same account may have been tried in another case.
    names = set(
        AccessAttempt.objects.filter(username__iexact=user.username).values_list(
            "username", flat=True
        )
    )
    cleared = sum(int(axes_reset(username=name)) for name in names)
    log_action(
        actor=actor,
        action="user.unlock_login",
        obj=user,
        changes={"attempts_cleared": cleared},
        district_id=user.district_id or "",
    )
    return cleared
