"""Re-encrypt every national ID under the current NATIONAL_ID_KEY and recompute its hash under
the current NATIONAL_ID_HASH_KEY: the second half of a key rotation (docs/encryption.md)."""

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from registration.crypto import keyring, national_id_hash, stored_key_id
from registration.models import Unit


def stored_key_ids() -> Counter[str]:
    """How many IDs each key encrypts, read from the column as stored."""
    table = connection.ops.quote_name(Unit._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT national_id FROM {table} WHERE national_id <> ''")
        return Counter(stored_key_id(stored) for (stored,) in cursor.fetchall())


class Command(BaseCommand):
    help = "Re-encrypt national IDs with the current key and refresh their keyed hash."

    def handle(self, *args: Any, **options: Any) -> None:
        current, _ring, _mac = keyring()
        before = stored_key_ids()
        count = 0
        with transaction.atomic():
            # Loading decrypts with NATIONAL_ID_KEY or one of NATIONAL_ID_OLD_KEYS, or fails
            # loudly, and then nothing is changed.
            units = Unit.objects.exclude(national_id="").only("pk", "national_id")
            for unit in list(units.order_by("pk")):
                # update() writes both columns together: the one place the ID is set without
                # save() (registration/fields.py), so the hash is given here.
                Unit.objects.filter(pk=unit.pk).update(
                    national_id=unit.national_id,
                    national_id_hash=national_id_hash(unit.national_id),
                )
                count += 1
        old = ", ".join(f"{kid}: {n}" for kid, n in sorted(before.items())) or "none"
        self.stdout.write(f"{count} national IDs now under key {current} (before: {old}).")
