import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("activities", "0001_squashed_0003_photo_version"),
        ("geography", "0001_initial"),
        ("programme", "0001_initial"),
        ("registration", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="UnitProfile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("description", models.TextField(blank=True, verbose_name="ข้อมูลโดยสังเขป")),
                ("achievements", models.TextField(blank=True, verbose_name="ผลงานและความสำเร็จ")),
                (
                    "is_published",
                    models.BooleanField(default=False, verbose_name="เผยแพร่ต่อสาธารณะ"),
                ),
                (
                    "published_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="เผยแพร่เมื่อ"),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "unit",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="public_profile",
                        to="registration.unit",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "ข้อมูลเผยแพร่ของผู้ผ่านการรับรอง",
                "verbose_name_plural": "ข้อมูลเผยแพร่ของผู้ผ่านการรับรอง",
            },
        ),
        migrations.CreateModel(
            name="OutstandingSelection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reason", models.TextField(verbose_name="เหตุผลที่คัดเลือก")),
                ("selected_at", models.DateTimeField(verbose_name="คัดเลือกเมื่อ")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "district",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="geography.district",
                    ),
                ),
                (
                    "programme_year",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="programme.programmeyear",
                    ),
                ),
                (
                    "selected_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="registration.unit",
                        verbose_name="หน่วยนับที่คัดเลือก",
                    ),
                ),
            ],
            options={
                "verbose_name": "ผู้ผ่านการรับรองดีเด่นของอำเภอ",
                "verbose_name_plural": "ผู้ผ่านการรับรองดีเด่นของอำเภอ",
                "ordering": ["programme_year_id", "district_id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("programme_year", "district"),
                        name="outstanding_one_per_district_year",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ProfilePhoto",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "caption",
                    models.CharField(blank=True, max_length=300, verbose_name="คำบรรยายภาพที่เผยแพร่"),
                ),
                ("approved_at", models.DateTimeField(auto_now_add=True)),
                (
                    "approved_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "photo",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="activities.activityphoto",
                    ),
                ),
                (
                    "profile",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="photos",
                        to="certified.unitprofile",
                    ),
                ),
            ],
            options={
                "verbose_name": "ภาพที่อนุมัติให้เผยแพร่",
                "verbose_name_plural": "ภาพที่อนุมัติให้เผยแพร่",
                "ordering": ["profile_id", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("profile", "photo"), name="profile_photo_once")
                ],
            },
        ),
    ]
