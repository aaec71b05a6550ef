"""Sending, in the background worker: e-mail through Django's mail framework, LINE through
the Messaging API. A failure is recorded and retried later with a growing delay; the user's
action committed long before and never waits for a mail server (docs/notifications.md)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications import text
from notifications.models import Delivery, Notification

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path if path else settings.SITE_URL


def email_message(notification: Notification) -> EmailMessage:
    # Mail is read outside the app, in the department's language (Thai first).
    with translation.override(settings.LANGUAGE_CODE):
        subject = f"[{_('มชช.')}] {text.title(notification)}"
        lines = [
            _("เรียน %(name)s") % {"name": notification.recipient.get_full_name()},
            "",
            text.body(notification),
        ]
        if notification.url:
            lines += ["", _("เปิดดูในระบบ: %(url)s") % {"url": absolute(notification.url)}]
        lines += [
            "",
            "—",
            _("ข้อความนี้ส่งจากระบบมาตรฐานการพัฒนาชุมชน (มชช.) โดยอัตโนมัติ"),
            _("เลือกช่องทางการแจ้งเตือนได้ที่ %(url)s")
            % {"url": absolute(reverse("notifications:preferences"))},
        ]
    return EmailMessage(
        subject=subject.replace("\n", " "),
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
    )


def line_text(notification: Notification) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        parts = [text.title(notification), text.body(notification)]
        if notification.url:
            parts.append(absolute(notification.url))
    return "\n".join(p for p in parts if p)[:4900]  # the Messaging API's 5,000-character cap


def _retry_delay(attempts: int) -> timedelta | None:
    """The wait before attempt `attempts + 1`, or None when the attempts are spent."""
    delays = settings.NOTIFY_RETRY_SECONDS
    if attempts > len(delays):
        return None
    return timedelta(seconds=delays[attempts - 1])


def _deliver(
    notification_id: int, channel: str, send: Callable[[Notification], object], task
) -> None:
    state, attempts, error = channel, f"{channel}_attempts", f"{channel}_error"
    at = {"email": "emailed_at", "line": "lined_at"}[channel]
    retry_in = None
    with transaction.atomic():
        # The row lock keeps two workers from sending the same message twice.
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, **{state: Delivery.PENDING})
            .first()
        )
        if notification is None:
            return
        try:
            send(notification)
        except Exception as failure:  # a mail server or the LINE API may fail in any way
            count = getattr(notification, attempts) + 1
            setattr(notification, attempts, count)
            setattr(notification, error, f"{type(failure).__name__}: {failure}"[:300])
            retry_in = _retry_delay(count)
            if retry_in is None:
                setattr(notification, state, Delivery.FAILED)
            logger.warning("notification %s: %s failed (%s)", notification_id, channel, failure)
        else:
            setattr(notification, state, Delivery.SENT)
            setattr(notification, at, timezone.now())
            setattr(notification, attempts, getattr(notification, attempts) + 1)
            setattr(notification, error, "")
        notification.save()
    if retry_in is not None:
        task.using(run_after=timezone.now() + retry_in).enqueue(notification_id)


def deliver_email(notification_id: int) -> None:
    from notifications.tasks import send_email

    _deliver(notification_id, "email", lambda n: email_message(n).send(), send_email)


def _push_line(notification: Notification) -> None:
    from linebot.v3.messaging import (
        ApiClient,
        Configuration,
        MessagingApi,
        PushMessageRequest,
        TextMessage,
    )

    link = getattr(notification.recipient, "line_link", None)
    if link is None or not link.line_user_id:
        raise LookupError("no linked LINE account")
    configuration = Configuration(
        host=settings.LINE_API_BASE_URL, access_token=settings.LINE_CHANNEL_ACCESS_TOKEN
    )
    with ApiClient(configuration) as client:
        MessagingApi(client).push_message(
            PushMessageRequest(
                to=link.line_user_id, messages=[TextMessage(text=line_text(notification))]
            ),
            # The same retry key on every attempt: LINE delivers a retried push only once.
            x_line_retry_key=str(
                uuid.uuid5(uuid.NAMESPACE_URL, f"mchch-notification-{notification.pk}")
            ),
        )


def deliver_line(notification_id: int) -> None:
    from notifications.tasks import send_line

    _deliver(notification_id, "line", _push_line, send_line)
