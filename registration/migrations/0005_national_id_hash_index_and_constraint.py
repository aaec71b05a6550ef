"""The index and the one-leader-once-per-fiscal-year constraint, now on the keyed hash."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registration", "0004_encrypt_national_ids"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="unit",
            index=models.Index(
                fields=["national_id_hash", "fiscal_year"], name="unit_national_id_hash_year"
            ),
        ),
        migrations.AddConstraint(
            model_name="unit",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    models.Q(("national_id_hash", ""), _negated=True),
                    models.Q(("status", "WITHDRAWN"), _negated=True),
                ),
                fields=("fiscal_year", "national_id_hash"),
                name="unit_leader_once_per_year",
            ),
        ),
    ]
