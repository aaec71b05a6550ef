import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Province",
            fields=[
                ("name_th", models.CharField(max_length=100, verbose_name="ชื่อ")),
                ("name_en", models.CharField(max_length=100, verbose_name="ชื่อภาษาอังกฤษ")),
                (
                    "code",
                    models.CharField(
                        max_length=2, primary_key=True, serialize=False, verbose_name="รหัส"
                    ),
                ),
            ],
            options={
                "verbose_name": "จังหวัด",
                "verbose_name_plural": "จังหวัด",
                "ordering": ["name_th"],
            },
        ),
        migrations.CreateModel(
            name="District",
            fields=[
                ("name_th", models.CharField(max_length=100, verbose_name="ชื่อ")),
                ("name_en", models.CharField(max_length=100, verbose_name="ชื่อภาษาอังกฤษ")),
                (
                    "code",
                    models.CharField(
                        max_length=4, primary_key=True, serialize=False, verbose_name="รหัส"
                    ),
                ),
                (
                    "province",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="districts",
                        to="geography.province",
                    ),
                ),
            ],
            options={
                "verbose_name": "อำเภอ",
                "verbose_name_plural": "อำเภอ",
                "ordering": ["code"],
            },
        ),
        migrations.CreateModel(
            name="Subdistrict",
            fields=[
                ("name_th", models.CharField(max_length=100, verbose_name="ชื่อ")),
                ("name_en", models.CharField(max_length=100, verbose_name="ชื่อภาษาอังกฤษ")),
                (
                    "code",
                    models.CharField(
                        max_length=6, primary_key=True, serialize=False, verbose_name="รหัส"
                    ),
                ),
                (
                    "postal_code",
                    models.CharField(blank=True, max_length=5, verbose_name="รหัสไปรษณีย์"),
                ),
                (
                    "district",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="subdistricts",
                        to="geography.district",
                    ),
                ),
            ],
            options={
                "verbose_name": "ตำบล",
                "verbose_name_plural": "ตำบล",
                "ordering": ["code"],
            },
        ),
        migrations.CreateModel(
            name="Village",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveSmallIntegerField(verbose_name="หมู่ที่")),
                ("name", models.CharField(max_length=150, verbose_name="ชื่อหมู่บ้าน")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "subdistrict",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="villages",
                        to="geography.subdistrict",
                    ),
                ),
            ],
            options={
                "verbose_name": "หมู่บ้าน",
                "verbose_name_plural": "หมู่บ้าน",
                "ordering": ["subdistrict_id", "number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("subdistrict", "number"), name="village_number_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Zone",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="ชื่อโซน")),
                (
                    "districts",
                    models.ManyToManyField(
                        related_name="zones", to="geography.district", verbose_name="อำเภอ"
                    ),
                ),
                (
                    "province",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="zones",
                        to="geography.province",
                    ),
                ),
            ],
            options={
                "verbose_name": "โซนอำเภอ",
                "verbose_name_plural": "โซนอำเภอ",
                "ordering": ["province_id", "name"],
                "constraints": [
                    models.UniqueConstraint(fields=("province", "name"), name="zone_name_unique")
                ],
            },
        ),
    ]
