import math

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts import selectors, throttle
from accounts.invitations import INVITATION_DAYS, expires_on, invitation_link
from accounts.models import Invitation, Role, User
from accounts.permissions import (
    CREATABLE,
    can_invite,
    can_manage_user,
    can_reset_second_factor,
    can_unlock_logins,
)
from accounts.sessions import end_sessions
from audit.services import diff, log_action
from core.errors import DomainError
from core.once import use_form_token
from core.scope import visible_to
from core.text import ascii_digits, clean_name, limited_text
from geography.models import District, Province


def _placement(
    *, actor: User, role: str, province: Province | None, district: District | None
) -> tuple[Province | None, District | None]:
    """Where an account of `role` made or moved by `actor` sits: the province and district the
    role needs, refused when the actor may not give that role or the place is outside the
    actor's own scope."""
    if role not in CREATABLE.get(actor.role, set()):
        raise DomainError(_("คุณกำหนดบทบาทนี้ไม่ได้"), field="role")
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
    # The account must lie inside the actor's own scope.
    if actor.role == Role.PROVINCE and (province is None or province.pk != actor.province_id):
        raise DomainError(_("กำหนดบัญชีได้เฉพาะในจังหวัดของคุณ"), field="district")
    if actor.role == Role.DISTRICT and (district is None or district.pk != actor.district_id):
        raise DomainError(_("กำหนดบัญชีได้เฉพาะในอำเภอของคุณ"), field="district")
    return province, district


@transaction.atomic
def user_create(
    *,
    actor: User,
    username: str,
    role: str,
    title: str = "",
    first_name: str = "",
    last_name: str = "",
    position_title: str = "",
    phone: str = "",
    email: str = "",
    province: Province | None = None,
    district: District | None = None,
) -> tuple[User, str]:
    """An account without a password, and its invitation (`invitation_send`). Returns the user
    and the invitation link to show once when the person has no e-mail address, else ""."""
    province, district = _placement(actor=actor, role=role, province=province, district=district)
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
    user.set_unusable_password()
    try:
        # Two presses at once pass the check above together: the unique name stops the second.
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise DomainError(_("ชื่อผู้ใช้นี้มีอยู่แล้ว"), field="username") from None
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
    return user, invitation_send(actor=actor, user=user)


# --- invitations (accounts/invitations.py) ------------------------------------------------------


def invitation_send(*, actor: User, user: User) -> str:
    """A new invitation for `user` to set their first password, voiding any link sent before
    (a fresh unusable password changes what the links are signed over). Mailed by the worker
    after commit when the user has an e-mail address (returns ""); otherwise returns the link,
    for the caller to show this once. Call inside the caller's transaction."""
    from core.tasks import send_email

    if user.has_usable_password():
        raise DomainError(_("ผู้ใช้นี้ตั้งรหัสผ่านเองแล้ว ไม่ต้องส่งคำเชิญอีก"))
    user.set_unusable_password()
    user.save(update_fields=["password"])
    invitation = Invitation.objects.create(user=user, sent_by=actor, sent_to=user.email)
    link = invitation_link(user)
    # The link is a credential: never in the audit row (docs/security.md §14).
    log_action(
        actor=actor,
        action="user.invitation_send",
        obj=user,
        changes={"invitation": invitation.pk, "by_email": bool(user.email)},
        district_id=user.district_id or "",
    )
    if not user.email:
        return link
    subject = _("[มชช.] คำเชิญเข้าใช้ระบบมาตรฐานการพัฒนาชุมชน")
    body = render_to_string(
        "accounts/invitation_email.txt",
        {
            "user": user,
            "actor": actor,
            "link": link,
            "days": INVITATION_DAYS,
            "expires": expires_on(invitation.sent_at),
        },
    )
    to = [user.email]
    transaction.on_commit(lambda: send_email.enqueue(str(subject), body, to))
    return ""


@transaction.atomic
def invitation_resend(*, actor: User, user: User, once: str) -> str:
    """Send `user` a new invitation (the old link stops working). `once` is the button's
    one-time token: a second press sends nothing more. Returns as `invitation_send`."""
    use_form_token(once)
    if not can_invite(actor, user) or not visible_to(actor, User).filter(pk=user.pk).exists():
        raise DomainError(_("คุณไม่มีสิทธิ์ส่งคำเชิญให้บัญชีนี้"))
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise DomainError(_("บัญชีนี้ปิดใช้งานอยู่ เปิดใช้งานก่อนจึงส่งคำเชิญได้"))
    return invitation_send(actor=actor, user=user)


@transaction.atomic
def invitation_accept(*, user: User, password: str) -> User:
    """The invited person sets their password (the link was checked by the view): the link is
    used up with it, since it was signed over the old password hash."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation = Invitation.objects.filter(user=user).order_by("-sent_at", "-pk").first()
    if invitation is not None and invitation.accepted_at is None:
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    log_action(
        actor=user,
        action="user.invitation_accept",
        obj=user,
        changes={"invitation": invitation.pk if invitation else None},
        district_id=user.district_id or "",
    )
    return user


# --- what an administrator changes on an account ------------------------------------------------


def _require_manageable(actor: User, user: User) -> None:
    if user.pk == actor.pk:
        raise DomainError(_("เปลี่ยนบัญชีของตนเองไม่ได้"))
    if not can_manage_user(actor, user) or not visible_to(actor, User).filter(pk=user.pk).exists():
        raise DomainError(_("คุณไม่มีสิทธิ์จัดการบัญชีนี้"))


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool) -> User:
    if user.pk == actor.pk:
        raise DomainError(_("ปิดบัญชีของตนเองไม่ได้"))
    _require_manageable(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    old = user.is_active
    # A second press of the same button finds the first one's result and changes nothing.
    if old == active:
        raise DomainError(_("บัญชีนี้เปิดใช้งานอยู่แล้ว") if active else _("บัญชีนี้ปิดใช้งานอยู่แล้ว"))
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
def user_role_change(
    *,
    actor: User,
    user: User,
    role: str,
    district: District | None = None,
    expected_version: int,
) -> User:
    """An administrator gives `user` another role inside the actor's own scope: never a role
    the actor may not give, never a place outside the actor's scope. The user's province is
    kept when the new role needs none chosen; a district role needs the district. The user is
    told by e-mail after commit (when they have an address)."""
    from core.tasks import send_email

    _require_manageable(actor, user)
    user = (
        User.objects.select_for_update(of=("self",))
        .select_related("province", "district")
        .get(pk=user.pk)
    )
    if user.version != expected_version:
        raise DomainError(_("มีผู้อื่นเปลี่ยนบัญชีนี้ไปก่อนแล้ว กรุณาเปิดหน้านี้ใหม่แล้วลองอีกครั้ง"), field="role")
    if district is None and role in (Role.DISTRICT, Role.DEVELOPER):
        district = user.district
    province, district = _placement(
        actor=actor, role=role, province=user.province, district=district
    )
    old = {"role": user.role, "province": user.province_id, "district": user.district_id}
    new = {
        "role": role,
        "province": province.pk if province else None,
        "district": district.pk if district else None,
    }
    if old == new:
        raise DomainError(_("บทบาทและพื้นที่เหมือนเดิม ไม่มีอะไรเปลี่ยน"), field="role")
    user.role, user.province, user.district = role, province, district
    user.version += 1
    user.save(update_fields=["role", "province", "district", "version"])
    log_action(
        actor=actor,
        action="user.role_change",
        obj=user,
        changes=diff(old, new),
        district_id=(district.pk if district else "") or old["district"] or "",
    )
    if user.email:
        subject = _("[มชช.] บทบาทของบัญชีคุณเปลี่ยนแล้ว")
        body = render_to_string(
            "accounts/role_changed_email.txt",
            {"user": user, "actor": actor, "site_url": settings.SITE_URL.rstrip("/")},
        )
        to = [user.email]
        transaction.on_commit(lambda: send_email.enqueue(str(subject), body, to))
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


# --- the second factor (docs/security.md §5) ----------------------------------------------------

BACKUP_CODE_COUNT = 10


class CodeThrottled(DomainError):
    """A code refused unchecked: its device backs off after wrong codes (HTTP 429)."""


def _throttled_message(device: Device) -> str | None:
    """The Thai refusal while `device` backs off after wrong codes (django-otp's own counter:
    the wait doubles with each failure and the right code clears it), else None."""
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (data or {}).get("locked_until")
    wait = max(1, math.ceil((locked_until - timezone.now()).total_seconds())) if locked_until else 1
    return _("ใส่รหัสผิดหลายครั้ง กรุณารอ %(wait)s แล้วลองใหม่") % {"wait": throttle.wait_text(wait)}


def normalise_code(code: str) -> str:
    """A code as typed: Thai or other digits read as ASCII, spaces and dashes dropped."""
    return ascii_digits(code).replace(" ", "").replace("-", "").strip().lower()


def _check_code(device: Device, code: str) -> bool:
    """Verify `code` on `device` in its own transaction, so a wrong code's count is kept when the
    caller then refuses (a DomainError raised inside the same transaction would undo it)."""
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        return bool(locked.verify_token(code))


@transaction.atomic
def totp_begin(*, actor: User) -> TOTPDevice:
    """A new, unconfirmed TOTP key for the actor's app; it counts only once a code from the app
    confirms it (`totp_confirm`). A key begun before and never confirmed is replaced."""
    if selectors.confirmed_totp(actor) is not None:
        raise DomainError(_("บัญชีนี้ตั้งค่าแอปยืนยันตัวตนไว้แล้ว ลบอันเดิมก่อนหากต้องการตั้งใหม่"))
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    device: TOTPDevice = TOTPDevice.objects.create(
        user=actor, name=str(_("แอปยืนยันตัวตน")), confirmed=False
    )
    return device


def totp_confirm(*, actor: User, code: str) -> TOTPDevice:
    device = selectors.pending_totp(actor)
    if device is None:
        raise DomainError(_("ยังไม่ได้เริ่มตั้งค่าแอปยืนยันตัวตน หรือตั้งค่าเสร็จไปแล้ว"))
    refusal = _throttled_message(device)
    if refusal:
        raise CodeThrottled(refusal, field="code")
    if not _check_code(device, normalise_code(code)):
        raise DomainError(_("รหัสไม่ถูกต้อง ตรวจเวลาในโทรศัพท์แล้วใส่รหัสล่าสุดจากแอป"), field="code")
    with transaction.atomic():
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        end_sessions(actor)
        log_action(
            actor=actor, action="user.totp_add", obj=actor, district_id=actor.district_id or ""
        )
    return device


@transaction.atomic
def backup_codes_generate(*, actor: User) -> list[str]:
    """New one-time backup codes, replacing any left: shown once and never stored in clear
    anywhere else (not in the audit row)."""
    if not selectors.has_second_factor(actor):
        raise DomainError(_("ตั้งค่าแอปยืนยันตัวตนหรือพาสคีย์ก่อน จึงจะสร้างรหัสสำรองได้"))
    device, _created = StaticDevice.objects.get_or_create(
        user=actor, defaults={"name": str(_("รหัสสำรอง")), "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    device.throttle_reset(commit=True)
    log_action(
        actor=actor,
        action="user.backup_codes",
        obj=actor,
        changes={"count": len(codes)},
        district_id=actor.district_id or "",
    )
    return codes


def _after_factor_removed(actor: User) -> None:
    """A required role keeps one factor; once none is left the backup codes go too (they are a
    way back to a factor, not a factor)."""
    if selectors.has_second_factor(actor):
        return
    if selectors.second_factor_required(actor):
        raise DomainError(_("บทบาทของคุณต้องมีการยืนยันตัวตนขั้นที่สองอย่างน้อยหนึ่งวิธี"))
    StaticDevice.objects.filter(user=actor).delete()


@transaction.atomic
def totp_remove(*, actor: User) -> None:
    deleted, _rows = TOTPDevice.objects.filter(user=actor).delete()
    if not deleted:
        raise DomainError(_("ไม่พบแอปยืนยันตัวตนของบัญชีนี้"))
    _after_factor_removed(actor)
    log_action(
        actor=actor, action="user.totp_remove", obj=actor, district_id=actor.district_id or ""
    )


@transaction.atomic
def passkey_added(*, actor: User, credential_id: int) -> None:
    credential = WebAuthnCredential.objects.get(pk=credential_id, user=actor)
    end_sessions(actor)
    log_action(
        actor=actor,
        action="user.passkey_add",
        obj=actor,
        changes={"passkey": credential.pk, "aaguid": credential.aaguid},
        district_id=actor.district_id or "",
    )


@transaction.atomic
def passkey_remove(*, actor: User, credential_id: int) -> None:
    deleted, _rows = WebAuthnCredential.objects.filter(pk=credential_id, user=actor).delete()
    if not deleted:
        raise DomainError(_("ไม่พบพาสคีย์นี้"))
    _after_factor_removed(actor)
    log_action(
        actor=actor,
        action="user.passkey_remove",
        obj=actor,
        changes={"passkey": credential_id},
        district_id=actor.district_id or "",
    )


def second_step_verify(*, user: User, code: str) -> Device:
    """The device that accepts `code` at the second step of the login: a 6-digit code from the
    TOTP app, or else a backup code (used up by this). A device in back-off checks nothing."""
    code = normalise_code(code)
    device: Device | None = (
        selectors.confirmed_totp(user)
        if len(code) == 6 and code.isdigit()
        else selectors.static_device(user)
    )
    if device is None:
        raise DomainError(_("รหัสไม่ถูกต้อง"), field="code")
    refusal = _throttled_message(device)
    if refusal:
        raise CodeThrottled(refusal, field="code")
    if not _check_code(device, code):
        raise DomainError(_("รหัสไม่ถูกต้อง"), field="code")
    device.refresh_from_db()
    return device


@transaction.atomic
def second_factor_reset(*, actor: User, user: User, reason: str) -> int:
    """Recovery: another administrator removes every device of `user` (lost phone or passkey),
    saying why; the user's sessions end, and a role that requires a second factor sets one up
    again after signing in. An office's own peers are reset by the office above (a province
    officer's by the department), so one officer cannot take over another's account. Returns
    how many devices went."""
    if user.pk == actor.pk:
        raise DomainError(_("รีเซ็ตการยืนยันตัวตนขั้นที่สองของตนเองไม่ได้"))
    if (
        not can_reset_second_factor(actor, user)
        or not visible_to(actor, User).filter(pk=user.pk).exists()
    ):
        raise DomainError(_("คุณไม่มีสิทธิ์รีเซ็ตการยืนยันตัวตนขั้นที่สองของบัญชีนี้"))
    reason = limited_text(reason, limit=500, field="reason")
    if not reason:
        raise DomainError(_("กรุณาระบุเหตุผล เช่น โทรศัพท์หาย และวิธีที่ยืนยันว่าเป็นเจ้าของบัญชี"), field="reason")
    totp = TOTPDevice.objects.filter(user=user)
    keys = WebAuthnCredential.objects.filter(user=user)
    removed: dict[str, int] = {
        "totp": totp.count(),
        "passkeys": keys.count(),
        "backup_codes": StaticToken.objects.filter(device__user=user).count(),
    }
    totp.delete()
    keys.delete()
    StaticDevice.objects.filter(user=user).delete()
    end_sessions(user)
    log_action(
        actor=actor,
        action="user.second_factor_reset",
        obj=user,
        changes=removed,
        note=reason,
        district_id=user.district_id or "",
    )
    return removed["totp"] + removed["passkeys"]
