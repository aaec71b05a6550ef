"""Write audit rows. Call inside the transaction of the change being audited."""

import datetime as dt
import decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models

from accounts.models import User
from audit.models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {
        key: [_plain(old.get(key)), _plain(new.get(key))]
        for key in sorted(set(old) | set(new))
        if _plain(old.get(key)) != _plain(new.get(key))
    }


def log_action(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
    note: str = "",
    unit_id: int | None = None,
    district_id: str = "",
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if isinstance(actor, User) and actor.pk else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        unit_id=unit_id,
        district_id=district_id or "",
        changes={k: _plain(v) for k, v in (changes or {}).items()},
        note=note,
    )
