"""The indicators an activity answers now live in the frameworks app (frameworks 0001).

State only: the join table and its column stay as they are.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_activities_and_photos"),
        ("frameworks", "0001_move_frameworks_from_development"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="activity",
                    name="indicators",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="frameworks.indicator",
                        verbose_name="ตัวบ่งชี้ที่กิจกรรมนี้ตอบสนอง",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
