import activities.models
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    # One migration per app before the first release; the ones it replaces were applied
    # by databases made earlier, which Django then treats as having applied this one.
    replaces = [
        ("activities", "0001_activities_and_photos"),
        ("activities", "0002_indicators_from_frameworks_app"),
        ("activities", "0003_photo_version"),
    ]

    initial = True

    dependencies = [
        ("development", "0001_squashed_0004_assessment_and_plan_item_versions"),
        ("frameworks", "0001_initial"),
        ("geography", "0001_initial"),
        ("programme", "0001_initial"),
        ("registration", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Activity",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("GROUP", "กิจกรรมกลุ่ม"), ("INDIVIDUAL", "กิจกรรมรายหน่วย")],
                        max_length=12,
                        verbose_name="ลักษณะกิจกรรม",
                    ),
                ),
                ("title", models.CharField(max_length=255, verbose_name="ชื่อกิจกรรม")),
                ("held_on", models.DateField(verbose_name="วันที่จัด")),
                ("place", models.CharField(max_length=255, verbose_name="สถานที่")),
                ("partners", models.TextField(blank=True, verbose_name="ภาคีที่ร่วม")),
                ("learning", models.TextField(blank=True, verbose_name="ผลการเรียนรู้")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "district",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="geography.district",
                    ),
                ),
                (
                    "indicators",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="frameworks.indicator",
                        verbose_name="ตัวบ่งชี้ที่กิจกรรมนี้ตอบสนอง",
                    ),
                ),
                (
                    "plan_items",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="development.planitem",
                        verbose_name="รายการในแผนพัฒนาตนเองที่กิจกรรมนี้ตอบสนอง",
                    ),
                ),
                (
                    "programme_year",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="activities",
                        to="programme.programmeyear",
                    ),
                ),
                (
                    "units",
                    models.ManyToManyField(
                        blank=True,
                        related_name="activities",
                        to="registration.unit",
                        verbose_name="หน่วยนับที่ร่วม",
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
                "verbose_name": "กิจกรรม",
                "verbose_name_plural": "กิจกรรม",
                "ordering": ["-held_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="ActivityPhoto",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "stage",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (1, "ขั้นเตรียมการ"),
                            (2, "ขั้นรับสมัคร"),
                            (3, "ขั้นเสริมสร้างการเรียนรู้"),
                            (4, "ขั้นการเรียนรู้และพัฒนาตนเอง"),
                            (5, "ขั้นประเมินเพื่อรับรองการพัฒนาตนเอง"),
                        ],
                        verbose_name="ขั้นตอน",
                    ),
                ),
                (
                    "caption",
                    models.CharField(blank=True, max_length=300, verbose_name="คำบรรยายภาพ"),
                ),
                ("image", models.FileField(max_length=255, upload_to=activities.models.photo_path)),
                (
                    "thumbnail",
                    models.FileField(max_length=255, upload_to=activities.models.photo_path),
                ),
                ("width", models.PositiveIntegerField()),
                ("height", models.PositiveIntegerField()),
                ("original_name", models.CharField(max_length=255)),
                ("sha256", models.CharField(max_length=64)),
                ("taken_at", models.DateTimeField(blank=True, null=True, verbose_name="ถ่ายเมื่อ")),
                (
                    "gps_latitude",
                    models.DecimalField(
                        blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="ละติจูด"
                    ),
                ),
                (
                    "gps_longitude",
                    models.DecimalField(
                        blank=True, decimal_places=6, max_digits=9, null=True, verbose_name="ลองจิจูด"
                    ),
                ),
                (
                    "camera_model",
                    models.CharField(blank=True, max_length=120, verbose_name="กล้อง/โทรศัพท์"),
                ),
                ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                ("removed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "removal_reason",
                    models.CharField(blank=True, max_length=500, verbose_name="เหตุผลที่นำออก"),
                ),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "activity",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="photos",
                        to="activities.activity",
                    ),
                ),
                (
                    "removed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "units",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="registration.unit",
                        verbose_name="หน่วยนับในภาพ",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "ภาพกิจกรรม",
                "verbose_name_plural": "ภาพกิจกรรม",
                "ordering": ["activity_id", "stage", "id"],
            },
        ),
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                fields=["programme_year", "district", "held_on"],
                name="activities__program_e526a3_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="activityphoto",
            index=models.Index(fields=["activity", "stage"], name="activities__activit_a5d4ac_idx"),
        ),
    ]
