"""The national ID column becomes encrypted (registration/fields.py) beside a keyed-hash column;
the old index and one-per-year constraint on the clear column go. 0004 fills both columns, 0005
puts the index and the constraint on the hash (docs/encryption.md)."""

import registration.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("registration", "0002_stage5_statuses"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="unit",
            name="unit_leader_once_per_year",
        ),
        migrations.RemoveIndex(
            model_name="unit",
            name="unit_national_id_year",
        ),
        migrations.AddField(
            model_name="unit",
            name="national_id_hash",
            field=registration.fields.NationalIdHashField(),
        ),
        migrations.AlterField(
            model_name="unit",
            name="national_id",
            field=registration.fields.EncryptedNationalIdField(
                blank=True, verbose_name="เลขประจำตัวประชาชน"
            ),
        ),
    ]
