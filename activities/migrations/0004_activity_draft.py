# The activity a district plans from the gap analysis: a draft without its date and place yet.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_squashed_0003_photo_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="is_draft",
            field=models.BooleanField(default=False, verbose_name="ร่าง"),
        ),
        migrations.AlterField(
            model_name="activity",
            name="held_on",
            field=models.DateField(blank=True, null=True, verbose_name="วันที่จัด"),
        ),
    ]
