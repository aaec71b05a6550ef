"""Writes of the notifications app: record what reaches whom, mark read, choose channels
(docs/notifications.md). Sending is the background worker's (notifications.delivery)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from audit.services import log_action
from core.errors import DomainError
from core.scope import visible_to
from notifications.models import Delivery, Kind, LineLink, Notification, Preference
from registration.models import Unit

LINK_CODE_MINUTES = 30
LINK_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def _channels(user: User, kind: str) -> tuple[bool, bool]:
    """(e-mail, LINE) for this user and kind: their choice, else e-mail on, LINE off; a channel
    the user cannot be reached on is off whatever they chose."""
    preference = Preference.objects.filter(user=user, kind=kind).first()
    email = preference.email if preference else True
    line = preference.line if preference else False
    has_line = (
        settings.LINE_ENABLED
        and LineLink.objects.filter(user=user, line_user_id__isnull=False).exists()
    )
    return email and bool(user.email), line and has_line


def _in_scope(user: User, obj: models.Model | None) -> bool:
    if obj is None:
        return True
    return visible_to(user, type(obj)).filter(pk=obj.pk).exists()


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    params: dict[str, Any],
    url: str,
    key: str,
    about: models.Model | None = None,
) -> list[Notification]:
    """One notification per recipient who may read `about`, once per `key` (a second call
    with the same key adds nothing: an event delivered twice, a reminder job run twice);
    their e-mail and LINE are queued for the worker after commit. Returns the new ones."""
    kind = Kind(kind).value
    created: list[Notification] = []
    with transaction.atomic():
        for user in recipients:
            if not user.is_active or not _in_scope(user, about):
                continue
            email, line = _channels(user, kind)
            try:
                with transaction.atomic():
                    notification = Notification.objects.create(
                        recipient=user,
                        kind=kind,
                        params=params,
                        url=url,
                        key=key[:160],
                        unit_id=about.pk if isinstance(about, Unit) else None,
                        email=Delivery.PENDING if email else Delivery.NOT_WANTED,
                        line=Delivery.PENDING if line else Delivery.NOT_WANTED,
                    )
            except IntegrityError:
                continue  # already told: the same key for this person
            created.append(notification)
        transaction.on_commit(lambda: _queue(created))
    return created


def _queue(notifications: list[Notification]) -> None:
    from notifications import tasks

    for notification in notifications:
        if notification.email == Delivery.PENDING:
            tasks.send_email.enqueue(notification.pk)
        if notification.line == Delivery.PENDING:
            tasks.send_line.enqueue(notification.pk)


def mark_read(*, user: User, notification: Notification) -> Notification:
    if notification.recipient_id != user.pk:
        raise DomainError(gettext("ไม่พบการแจ้งเตือนนี้"))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def preferences_save(*, user: User, channels: dict[str, tuple[bool, bool]]) -> None:
    """channels: {kind: (e-mail, LINE)} for every kind the form showed."""
    with transaction.atomic():
        for kind, (email, line) in channels.items():
            Preference.objects.update_or_create(
                user=user, kind=Kind(kind).value, defaults={"email": email, "line": line}
            )


def line_link_start(*, user: User) -> LineLink:
    """A fresh one-time code the user sends to the office's LINE Official Account."""
    if not settings.LINE_ENABLED:
        raise DomainError(gettext("ระบบนี้ยังไม่ได้เปิดการแจ้งเตือนทาง LINE"))
    link, _ = LineLink.objects.get_or_create(user=user)
    # 10 characters of 32 (50 bits): typed into a LINE chat, not guessable in its 30 minutes.
    link.code = "".join(secrets.choice(LINK_ALPHABET) for _ in range(10))
    link.code_expires_at = timezone.now() + timedelta(minutes=LINK_CODE_MINUTES)
    link.save(update_fields=["code", "code_expires_at"])
    return link


def line_link_confirm(*, code: str, line_user_id: str) -> LineLink | None:
    """The webhook's half: the code a LINE user sent links their LINE id to the account that
    asked for it. An unknown or expired code links nothing."""
    code = (code or "").strip().upper()
    if not code or not line_user_id:
        return None
    with transaction.atomic():
        link = (
            LineLink.objects.select_for_update()
            .filter(code=code, code_expires_at__gt=timezone.now())
            .first()
        )
        if link is None:
            return None
        # One LINE account, one user: linking it here unlinks it elsewhere.
        elsewhere = list(
            LineLink.objects.select_for_update()
            .filter(line_user_id=line_user_id)
            .exclude(pk=link.pk)
            .select_related("user")
        )
        for other in elsewhere:
            other.line_user_id, other.linked_at = None, None
            other.save(update_fields=["line_user_id", "linked_at"])
            _log_line(other.user, "line.unlink", changes={"linked_to_another_user": True})
        link.line_user_id = line_user_id
        link.linked_at = timezone.now()
        link.code = None
        link.code_expires_at = None
        link.save()
        _log_line(link.user, "line.link")
    return link


def line_unlink(*, user: User) -> None:
    with transaction.atomic():
        if LineLink.objects.filter(user=user).delete()[0]:
            _log_line(user, "line.unlink")


def _log_line(user: User, action: str, *, changes: dict[str, Any] | None = None) -> None:
    """A LINE account linked to or unlinked from a user, audited under the user (the LINE id
    itself is a personal identifier and stays out of the row)."""
    log_action(
        actor=user,
        action=action,
        obj=user,
        changes=changes or {},
        district_id=user.district_id or "",
    )
