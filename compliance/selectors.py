"""Reads of the PDPA records, scoped to the viewer (core/scope.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry
from compliance.clock import Clock, notification_clock
from compliance.models import AccessGrant, Breach
from core.bounds import field_label
from core.scope import visible_to

if TYPE_CHECKING:
    from accounts.models import User
    from registration.models import Unit


def live_grant(user: User, unit: Unit, now: dt.datetime | None = None) -> AccessGrant | None:
    """The user's request for the unit that is still open, the one open longest; None when
    there is none (or the unit is not saved yet, so nothing can have been asked for it)."""
    if unit.pk is None or user.pk is None:
        return None
    return (
        AccessGrant.objects.filter(
            user_id=user.pk, unit_id=unit.pk, expires_at__gt=now or timezone.now()
        )
        .order_by("-expires_at")
        .first()
    )


def has_live_grant(user: User, unit: Unit) -> bool:
    return live_grant(user, unit) is not None


@dataclass(frozen=True)
class GrantRow:
    grant: AccessGrant
    live: bool
    # How many documents (and application-form prints) the requester opened while it was open.
    opened: int


OPENING_ACTIONS = ("document.download", "export.application_form")


def grant_rows(grants: Iterable[AccessGrant]) -> list[GrantRow]:
    """The page's grants with what was opened under each: one query whatever the number."""
    now = timezone.now()
    found = list(grants)
    if not found:
        return []
    entries = AuditEntry.objects.filter(
        action__in=OPENING_ACTIONS,
        actor_id__in={g.user_id for g in found},
        unit_id__in={g.unit_id for g in found},
        at__gte=min(g.granted_at for g in found),
    ).values_list("actor_id", "unit_id", "at")
    openings: dict[tuple[int, int], list[dt.datetime]] = {}
    for actor_id, unit_id, at in entries:
        if actor_id is not None and unit_id is not None:
            openings.setdefault((actor_id, unit_id), []).append(at)
    return [
        GrantRow(
            grant=g,
            live=g.expires_at > now,
            opened=sum(
                g.granted_at <= at < g.expires_at for at in openings.get((g.user_id, g.unit_id), [])
            ),
        )
        for g in found
    ]


def grants_for(user: User) -> models.QuerySet[AccessGrant]:
    """Every grant the user may read: the department's all, a province's for its units."""
    return (
        visible_to(user, AccessGrant)
        .select_related("user", "unit__district")
        .order_by("-granted_at", "-id")
    )


@dataclass(frozen=True)
class BreachRow:
    breach: Breach
    clock: Clock


def breach_row(breach: Breach, now: dt.datetime | None = None) -> BreachRow:
    return BreachRow(
        breach=breach,
        clock=notification_clock(breach.discovered_at, breach.office_notified_at, now),
    )


def breaches_for(user: User) -> list[BreachRow]:
    now = timezone.now()
    breaches = visible_to(user, Breach).select_related("province", "reported_by")
    return [breach_row(b, now) for b in breaches.order_by("-discovered_at", "-id")]


BREACH_ACTIONS = {
    "compliance.breach_report": _("รายงานเหตุ"),
    "compliance.breach_update": _("แก้ไข/ประเมิน"),
    "compliance.breach_close": _("ปิดเรื่อง"),
}


@dataclass(frozen=True)
class HistoryRow:
    entry: AuditEntry
    action: str
    # The Thai names of the fields the change touched.
    fields: list[str]


def breach_history(breach: Breach) -> list[HistoryRow]:
    """The breach's audit rows, newest first: who changed what, when (one query)."""
    entries = AuditEntry.objects.filter(
        object_type=Breach._meta.label_lower, object_id=str(breach.pk)
    ).select_related("actor")
    rows = []
    for entry in entries:
        names = []
        for key in entry.changes:
            try:
                names.append(field_label(Breach, key))
            except (FieldDoesNotExist, TypeError):
                continue
        rows.append(
            HistoryRow(
                entry=entry,
                action=str(BREACH_ACTIONS.get(entry.action, entry.action)),
                fields=names,
            )
        )
    return rows
