"""Rewrite audit rows written before December 2026 that hold a national ID in clear into the
form audit rows hold it in now: masked with a keyed fingerprint
(registration.models.audit_national_id; docs/security.md §13, docs/encryption.md).

What counts as a clear ID: under the key "national_id" any value that is 13 digits once
normalised (Thai or full-width digits, dashes, spaces); anywhere else in the changes or the
note, a run of 13 digits (dashes and spaces allowed) with a valid check digit. Values already
masked are left alone.

One-way on purpose: the clear IDs are not kept anywhere, so backwards this does nothing."""

import re

from django.db import migrations

from core.national_id import is_valid_national_id, normalise_national_id
from registration.models import audit_national_id

# \d is every Unicode decimal digit here, so Thai and full-width runs are found too.
_ID_LIKE = re.compile(r"(?<!\d)\d[\d\- \u2010-\u2015\u2212]{11,20}\d(?!\d)")


def _is_thirteen(value: str) -> bool:
    return len(value) == 13 and value.isascii() and value.isdigit()


def _mask_text(text):
    def replace(match):
        digits = normalise_national_id(match.group())
        if _is_thirteen(digits) and is_valid_national_id(digits):
            return audit_national_id(digits)
        return match.group()

    return _ID_LIKE.sub(replace, text)


def _mask_value(value, *, national_id_key):
    if isinstance(value, str):
        if national_id_key and "XXXXX" not in value:
            digits = normalise_national_id(value)
            if _is_thirteen(digits):
                return audit_national_id(digits)
        return _mask_text(value)
    if isinstance(value, list):
        return [_mask_value(v, national_id_key=national_id_key) for v in value]
    if isinstance(value, dict):
        return {
            k: _mask_value(v, national_id_key=national_id_key or k == "national_id")
            for k, v in value.items()
        }
    return value


def mask_clear_ids(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    rows = AuditEntry.objects.only("id", "changes", "note").order_by("pk")
    for entry in rows.iterator(chunk_size=2000):
        changes = _mask_value(entry.changes, national_id_key=False)
        note = _mask_text(entry.note)
        if changes != entry.changes or note != entry.note:
            # The historical model has no save() guard; update() writes these two fields only.
            AuditEntry.objects.filter(pk=entry.pk).update(changes=changes, note=note)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(mask_clear_ids, migrations.RunPython.noop, elidable=False),
    ]
