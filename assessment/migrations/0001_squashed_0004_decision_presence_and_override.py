import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    # One migration per app before the first release; the ones it replaces were applied
    # by databases made earlier, which Django then treats as having applied this one.
    replaces = [
        ("assessment", "0001_initial"),
        ("assessment", "0002_zone_round_advice"),
        ("assessment", "0003_scores_from_frameworks_app"),
        ("assessment", "0004_decision_presence_and_override"),
    ]

    initial = True

    dependencies = [
        ("committees", "0001_squashed_0003_duty_version"),
        ("frameworks", "0001_initial"),
        ("geography", "0001_initial"),
        ("programme", "0001_initial"),
        ("registration", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Round",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("DISTRICT", "ระดับอำเภอ"),
                            ("ZONE", "ระดับโซน"),
                            ("PROVINCE", "ระดับจังหวัด"),
                        ],
                        max_length=10,
                        verbose_name="ระดับ",
                    ),
                ),
                ("name", models.CharField(max_length=255, verbose_name="ชื่อรอบการประเมิน")),
                ("place", models.CharField(blank=True, max_length=255, verbose_name="สถานที่")),
                (
                    "combine",
                    models.CharField(
                        choices=[("MEAN", "ค่าเฉลี่ยของกรรมการ"), ("MEDIAN", "ค่ามัธยฐานของกรรมการ")],
                        default="MEAN",
                        max_length=8,
                        verbose_name="วิธีรวมคะแนนของกรรมการ",
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[("OPEN", "เปิดให้กรรมการให้คะแนน"), ("CLOSED", "ปิดรอบแล้ว")],
                        default="OPEN",
                        max_length=8,
                    ),
                ),
                ("opened_at", models.DateTimeField(auto_now_add=True)),
                ("closed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "closed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="rounds",
                        to="committees.committee",
                        verbose_name="คณะกรรมการ",
                    ),
                ),
                (
                    "district",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="geography.district",
                    ),
                ),
                (
                    "opened_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "programme_year",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assessment_rounds",
                        to="programme.programmeyear",
                    ),
                ),
            ],
            options={
                "verbose_name": "รอบการประเมิน",
                "verbose_name_plural": "รอบการประเมิน",
                "ordering": ["programme_year_id", "level", "district_id", "opened_at"],
            },
        ),
        migrations.CreateModel(
            name="RoundUnit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("order", models.PositiveIntegerField(default=0, verbose_name="ลำดับ")),
                (
                    "starts_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="เวลาเริ่มนำเสนอ"),
                ),
                (
                    "presentation_minutes",
                    models.PositiveSmallIntegerField(default=15, verbose_name="นำเสนอ (นาที)"),
                ),
                (
                    "questions_minutes",
                    models.PositiveSmallIntegerField(default=15, verbose_name="ซักถาม (นาที)"),
                ),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="entries",
                        to="assessment.round",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assessment_entries",
                        to="registration.unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "หน่วยนับในรอบการประเมิน",
                "verbose_name_plural": "หน่วยนับในรอบการประเมิน",
                "ordering": ["round_id", "order", "pk"],
            },
        ),
        migrations.CreateModel(
            name="MemberScore",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("comment", models.TextField(blank=True, verbose_name="ความเห็น")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="frameworks.indicator",
                    ),
                ),
                (
                    "level",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="frameworks.level",
                    ),
                ),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assessment_scores",
                        to="committees.member",
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
                (
                    "round_unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="scores",
                        to="assessment.roundunit",
                    ),
                ),
            ],
            options={
                "verbose_name": "คะแนนของกรรมการ",
                "verbose_name_plural": "คะแนนของกรรมการ",
                "ordering": ["round_unit_id", "member_id", "indicator_id"],
            },
        ),
        migrations.CreateModel(
            name="Decision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("RECOMMEND", "เสนอให้รับรอง"),
                            ("NOT_RECOMMEND", "ไม่เสนอให้รับรอง"),
                            ("CERTIFY", "รับรองมาตรฐาน"),
                            ("NOT_CERTIFY", "ไม่รับรอง"),
                            ("ADVISE_CERTIFY", "เสนอจังหวัดให้รับรอง"),
                            ("ADVISE_NOT_CERTIFY", "ไม่เสนอจังหวัดให้รับรอง"),
                        ],
                        max_length=24,
                        verbose_name="มติ",
                    ),
                ),
                ("reasons", models.TextField(blank=True, verbose_name="เหตุผล")),
                (
                    "result_percent",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True),
                ),
                ("result_passed", models.BooleanField(blank=True, null=True)),
                ("from_status", models.CharField(max_length=24)),
                ("to_status", models.CharField(max_length=24)),
                ("missing_reasons", models.JSONField(blank=True, default=dict)),
                ("is_override", models.BooleanField(default=False, verbose_name="มติต่างจากผลคะแนน")),
                ("decided_at", models.DateTimeField(auto_now_add=True)),
                ("reopened_at", models.DateTimeField(blank=True, null=True)),
                ("reopen_reason", models.TextField(blank=True, verbose_name="เหตุผลที่ทบทวนมติ")),
                (
                    "decided_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "present",
                    models.ManyToManyField(
                        blank=True,
                        related_name="decisions_present",
                        to="committees.member",
                        verbose_name="ผู้มาประชุม",
                    ),
                ),
                (
                    "reopened_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "round_unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="decisions",
                        to="assessment.roundunit",
                    ),
                ),
            ],
            options={
                "verbose_name": "มติคณะกรรมการ",
                "verbose_name_plural": "มติคณะกรรมการ",
                "ordering": ["round_unit_id", "decided_at", "pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="round",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("district__isnull", False), ("level", "DISTRICT")),
                    models.Q(
                        models.Q(("level", "DISTRICT"), _negated=True), ("district__isnull", True)
                    ),
                    _connector="OR",
                ),
                name="round_district_matches_level",
            ),
        ),
        migrations.AddConstraint(
            model_name="roundunit",
            constraint=models.UniqueConstraint(fields=("round", "unit"), name="round_unit_once"),
        ),
        migrations.AddConstraint(
            model_name="memberscore",
            constraint=models.UniqueConstraint(
                fields=("round_unit", "member", "indicator"), name="member_score_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.UniqueConstraint(
                condition=models.Q(("reopened_at__isnull", True)),
                fields=("round_unit",),
                name="decision_one_current_per_entry",
            ),
        ),
    ]
