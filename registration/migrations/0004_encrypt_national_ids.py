"""Encrypt the national IDs stored in clear and fill their keyed hash (docs/encryption.md).

Raw SQL on purpose: the ORM would read the column through the encrypted field, which refuses a
clear value. Each ID is normalised first (Thai, full-width … digits to ASCII, dashes and spaces
removed: docs/security.md §9), so an ID typed in Thai digits before is the same ID now. Runs on
SQLite and PostgreSQL; rerunning it is harmless (an encrypted value is only rehashed).

Reversible: backwards, every ID is decrypted into the column in clear (in its normalised form:
digits typed in Thai come back in ASCII) and the hash emptied; this needs the same keys.

Two units of one fiscal year that hold the same ID (possible before: a Thai-digit copy escaped
the old unique index) stop the migration with their ids: withdraw one, then migrate again."""

from django.db import migrations

from core.national_id import normalise_national_id
from registration.crypto import (
    decrypt_national_id,
    encrypt_national_id,
    is_encrypted,
    national_id_hash,
)

BATCH = 1000


def encrypt_clear_ids(apps, schema_editor):
    Unit = apps.get_model("registration", "Unit")
    table = schema_editor.quote_name(Unit._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, national_id FROM {table} WHERE national_id <> ''")
        rows = cursor.fetchall()
        updates = []
        for pk, stored in rows:
            clear = decrypt_national_id(stored) if is_encrypted(stored) else stored
            clear = normalise_national_id(clear)
            updates.append((encrypt_national_id(clear), national_id_hash(clear), pk))
        sql = f"UPDATE {table} SET national_id = %s, national_id_hash = %s WHERE id = %s"
        for start in range(0, len(updates), BATCH):
            cursor.executemany(sql, updates[start : start + BATCH])
        cursor.execute(
            f"SELECT fiscal_year, national_id_hash FROM {table} "
            "WHERE national_id_hash <> '' AND status <> 'WITHDRAWN' "
            "GROUP BY fiscal_year, national_id_hash HAVING COUNT(*) > 1"
        )
        repeated = cursor.fetchall()
        if repeated:
            clashes = []
            for fiscal_year, digest in repeated:
                cursor.execute(
                    f"SELECT id FROM {table} WHERE fiscal_year = %s AND national_id_hash = %s "
                    "AND status <> 'WITHDRAWN' ORDER BY id",
                    [fiscal_year, digest],
                )
                ids = ", ".join(str(pk) for (pk,) in cursor.fetchall())
                clashes.append(f"fiscal year {fiscal_year}: units {ids}")
            raise RuntimeError(
                "These units hold the same national ID in one fiscal year (typed in other digits "
                "before docs/security.md §9); withdraw all but one of each, then migrate again: "
                + "; ".join(clashes)
            )


def decrypt_to_clear(apps, schema_editor):
    Unit = apps.get_model("registration", "Unit")
    table = schema_editor.quote_name(Unit._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, national_id FROM {table} WHERE national_id <> ''")
        updates = [
            (decrypt_national_id(stored) if is_encrypted(stored) else stored, pk)
            for pk, stored in cursor.fetchall()
        ]
        sql = f"UPDATE {table} SET national_id = %s, national_id_hash = '' WHERE id = %s"
        for start in range(0, len(updates), BATCH):
            cursor.executemany(sql, updates[start : start + BATCH])


class Migration(migrations.Migration):
    dependencies = [
        ("registration", "0003_national_id_encrypted_columns"),
    ]

    operations = [
        migrations.RunPython(encrypt_clear_ids, decrypt_to_clear, elidable=False),
    ]
