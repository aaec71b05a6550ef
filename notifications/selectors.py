"""Reads of the notifications app: a user's own notifications only."""

from django.db.models import QuerySet

from accounts.models import User
from notifications.models import LineLink, Notification, Preference


def inbox(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def current_channels(user: User) -> dict[str, tuple[bool, bool]]:
    return {p.kind: (p.email, p.line) for p in Preference.objects.filter(user=user)}


def line_link(user: User) -> LineLink | None:
    return LineLink.objects.filter(user=user).first()
