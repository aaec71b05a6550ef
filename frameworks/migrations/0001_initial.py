import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    # One migration per app before the first release; the ones it replaces were applied
    # by databases made earlier, which Django then treats as having applied this one.
    replaces = [("frameworks", "0001_move_frameworks_from_development")]

    initial = True

    dependencies = [
        ("programme", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Framework",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "unit_type",
                    models.CharField(
                        choices=[
                            ("LEADER", "มาตรฐานผู้นำชุมชน"),
                            ("GROUP", "มาตรฐานกลุ่ม/องค์กรชุมชน"),
                            ("NETWORK", "มาตรฐานเครือข่ายองค์กรชุมชน"),
                            ("COMMUNITY", "มาตรฐานชุมชน"),
                        ],
                        max_length=16,
                        verbose_name="ประเภท",
                    ),
                ),
                ("name", models.CharField(max_length=255, verbose_name="ชื่อเกณฑ์")),
                (
                    "pass_total_percent",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("60"),
                        max_digits=5,
                        verbose_name="ผ่านเมื่อคะแนนรวมไม่น้อยกว่า (ร้อยละ)",
                    ),
                ),
                (
                    "pass_component_percent",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("50"),
                        max_digits=5,
                        verbose_name="และทุกองค์ประกอบไม่น้อยกว่า (ร้อยละ)",
                    ),
                ),
                (
                    "approved_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="อนุมัติเมื่อ"),
                ),
                (
                    "approval_reference",
                    models.CharField(
                        blank=True,
                        help_text="เช่น มติคณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัด ครั้งที่ 1/2570",
                        max_length=500,
                        verbose_name="มติคณะกรรมการที่อนุมัติ",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "approved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "copied_from",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="frameworks.framework",
                    ),
                ),
                (
                    "programme_year",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="frameworks",
                        to="programme.programmeyear",
                    ),
                ),
            ],
            options={
                "verbose_name": "เกณฑ์ตัวบ่งชี้",
                "verbose_name_plural": "เกณฑ์ตัวบ่งชี้",
                "db_table": "development_framework",
                "ordering": ["programme_year_id", "unit_type"],
            },
        ),
        migrations.CreateModel(
            name="Component",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0)),
                ("name", models.CharField(max_length=255, verbose_name="องค์ประกอบ")),
                ("description", models.TextField(blank=True, verbose_name="คำอธิบาย")),
                (
                    "weight",
                    models.DecimalField(
                        decimal_places=2, default=Decimal("1"), max_digits=6, verbose_name="น้ำหนัก"
                    ),
                ),
                (
                    "framework",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="components",
                        to="frameworks.framework",
                    ),
                ),
            ],
            options={
                "verbose_name": "องค์ประกอบ",
                "verbose_name_plural": "องค์ประกอบ",
                "db_table": "development_component",
                "ordering": ["framework_id", "order", "id"],
            },
        ),
        migrations.CreateModel(
            name="Indicator",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0)),
                ("code", models.CharField(max_length=16, verbose_name="ลำดับ")),
                ("text", models.TextField(verbose_name="ตัวบ่งชี้")),
                ("evidence", models.TextField(blank=True, verbose_name="หลักฐานที่แสดง")),
                (
                    "weight",
                    models.DecimalField(
                        decimal_places=2, default=Decimal("1"), max_digits=6, verbose_name="น้ำหนัก"
                    ),
                ),
                (
                    "component",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="indicators",
                        to="frameworks.component",
                    ),
                ),
            ],
            options={
                "verbose_name": "ตัวบ่งชี้",
                "verbose_name_plural": "ตัวบ่งชี้",
                "db_table": "development_indicator",
                "ordering": ["component_id", "order", "id"],
            },
        ),
        migrations.CreateModel(
            name="Level",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("score", models.PositiveSmallIntegerField(verbose_name="คะแนน")),
                ("descriptor", models.TextField(verbose_name="คำอธิบายระดับ")),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="levels",
                        to="frameworks.indicator",
                    ),
                ),
            ],
            options={
                "verbose_name": "ระดับ",
                "verbose_name_plural": "ระดับ",
                "db_table": "development_level",
                "ordering": ["indicator_id", "score"],
            },
        ),
        migrations.AddConstraint(
            model_name="framework",
            constraint=models.UniqueConstraint(
                condition=models.Q(("programme_year__isnull", False)),
                fields=("programme_year", "unit_type"),
                name="framework_once_per_year_type",
            ),
        ),
        migrations.AddConstraint(
            model_name="framework",
            constraint=models.UniqueConstraint(
                condition=models.Q(("programme_year__isnull", True)),
                fields=("unit_type",),
                name="framework_one_default_per_type",
            ),
        ),
        migrations.AddConstraint(
            model_name="level",
            constraint=models.UniqueConstraint(
                fields=("indicator", "score"), name="level_score_unique"
            ),
        ),
    ]
