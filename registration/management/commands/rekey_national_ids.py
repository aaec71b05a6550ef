"""Re-encrypt every national ID under the current NATIONAL_ID_KEY and recompute its hash under
the current NATIONAL_ID_HASH_KEY: the second half of a key rotation (docs/encryption.md)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from registration.crypto import key_ids_in_use, keyring, national_id_hash
from registration.models import Unit


class Command(BaseCommand):
    help = "Re-encrypt national IDs with the current key and refresh their keyed hash."

    def handle(self, *args: Any, **options: Any) -> None:
        current, _ring, _mac = keyring()
        before = key_ids_in_use()
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
