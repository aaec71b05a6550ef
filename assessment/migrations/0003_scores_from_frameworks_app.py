"""A member's score points at an indicator and a level of the frameworks app (frameworks 0001).

State only: the columns and their foreign keys stay as they are.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0002_zone_round_advice"),
        ("frameworks", "0001_move_frameworks_from_development"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="memberscore",
                    name="indicator",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="frameworks.indicator",
                    ),
                ),
                migrations.AlterField(
                    model_name="memberscore",
                    name="level",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="frameworks.level",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
