"""The indicator frameworks now live in the frameworks app (frameworks 0001).

State only: development's foreign keys point at frameworks' models, then the models leave
development's state. No table, column or constraint changes. It runs after activities and
assessment have pointed their own keys at frameworks, so nothing refers to the old models.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("development", "0002_unit_criteria_own_indicators_evidence"),
        ("frameworks", "0001_move_frameworks_from_development"),
        ("activities", "0002_indicators_from_frameworks_app"),
        ("assessment", "0003_scores_from_frameworks_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="selfassessment",
                    name="framework",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assessments",
                        to="frameworks.framework",
                    ),
                ),
                migrations.AlterField(
                    model_name="evidencefile",
                    name="indicator",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="frameworks.indicator",
                    ),
                ),
                migrations.AlterField(
                    model_name="answer",
                    name="indicator",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="frameworks.indicator",
                    ),
                ),
                migrations.AlterField(
                    model_name="answer",
                    name="level",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="frameworks.level",
                    ),
                ),
                migrations.AlterField(
                    model_name="planitem",
                    name="indicator",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="frameworks.indicator",
                        verbose_name="ตัวบ่งชี้",
                    ),
                ),
                migrations.AlterField(
                    model_name="subcriterion",
                    name="indicator",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="frameworks.indicator",
                        verbose_name="ตัวบ่งชี้",
                    ),
                ),
                migrations.DeleteModel(name="Level"),
                migrations.DeleteModel(name="Indicator"),
                migrations.DeleteModel(name="Component"),
                migrations.DeleteModel(name="Framework"),
            ],
            database_operations=[],
        ),
    ]
