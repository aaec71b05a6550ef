import development.models
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    # One migration per app before the first release; the ones it replaces were applied
    # by databases made earlier, which Django then treats as having applied this one.
    replaces = [
        ("development", "0001_initial"),
        ("development", "0002_unit_criteria_own_indicators_evidence"),
        ("development", "0003_frameworks_moved_to_frameworks_app"),
        ("development", "0004_assessment_and_plan_item_versions"),
    ]

    initial = True

    dependencies = [
        ("frameworks", "0001_initial"),
        ("registration", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="OwnIndicator",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0)),
                ("text", models.CharField(max_length=500, verbose_name="ตัวบ่งชี้ที่กำหนดเอง")),
                (
                    "evidence",
                    models.CharField(blank=True, max_length=500, verbose_name="หลักฐานที่แสดง"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="own_indicators",
                        to="registration.unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "ตัวบ่งชี้ที่หน่วยนับกำหนดเอง",
                "verbose_name_plural": "ตัวบ่งชี้ที่หน่วยนับกำหนดเอง",
                "ordering": ["unit_id", "order", "id"],
            },
        ),
        migrations.CreateModel(
            name="OwnLevel",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("score", models.PositiveSmallIntegerField(verbose_name="คะแนน")),
                ("descriptor", models.CharField(max_length=500, verbose_name="คำอธิบายระดับ")),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="levels",
                        to="development.ownindicator",
                    ),
                ),
            ],
            options={
                "ordering": ["indicator_id", "score"],
            },
        ),
        migrations.CreateModel(
            name="Plan",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("DRAFT", "กำลังจัดทำ"),
                            ("SUBMITTED", "เสนอให้พัฒนากรพิจารณา"),
                            ("RETURNED", "ส่งคืนให้ปรับปรุง"),
                            ("APPROVED", "เห็นชอบแล้ว"),
                        ],
                        default="DRAFT",
                        max_length=10,
                        verbose_name="สถานะ",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "unit",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="plan",
                        to="registration.unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "แผนพัฒนาตนเอง",
                "verbose_name_plural": "แผนพัฒนาตนเอง",
            },
        ),
        migrations.CreateModel(
            name="PlanItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "knowledge",
                    models.CharField(max_length=500, verbose_name="ความรู้/ทักษะที่ต้องเสริมสร้าง"),
                ),
                ("method", models.CharField(max_length=500, verbose_name="วิธีการ")),
                ("starts_on", models.DateField(verbose_name="เริ่ม")),
                ("ends_on", models.DateField(verbose_name="สิ้นสุด")),
                (
                    "resource",
                    models.CharField(blank=True, max_length=500, verbose_name="วิทยากร/ภาคีที่ให้ความรู้"),
                ),
                ("local_wisdom", models.BooleanField(default=False, verbose_name="เป็นภูมิปัญญาท้องถิ่น")),
                ("evidence", models.CharField(max_length=500, verbose_name="หลักฐานที่จะแสดงผล")),
                ("target_score", models.PositiveSmallIntegerField(verbose_name="ระดับเป้าหมาย")),
                (
                    "progress",
                    models.CharField(
                        choices=[
                            ("PLANNED", "ยังไม่เริ่ม"),
                            ("IN_PROGRESS", "กำลังดำเนินการ"),
                            ("DONE", "ดำเนินการแล้ว"),
                        ],
                        default="PLANNED",
                        max_length=12,
                        verbose_name="ความก้าวหน้า",
                    ),
                ),
                ("progress_note", models.TextField(blank=True, verbose_name="ผลการดำเนินงาน")),
                ("progress_updated_at", models.DateTimeField(blank=True, null=True)),
                ("order", models.PositiveSmallIntegerField(default=0)),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="frameworks.indicator",
                        verbose_name="ตัวบ่งชี้",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="items",
                        to="development.plan",
                    ),
                ),
            ],
            options={
                "verbose_name": "รายการในแผนพัฒนาตนเอง",
                "verbose_name_plural": "รายการในแผนพัฒนาตนเอง",
                "ordering": ["plan_id", "order", "id"],
            },
        ),
        migrations.CreateModel(
            name="EvidenceFile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "phase",
                    models.CharField(
                        blank=True,
                        choices=[("BEFORE", "ก่อนการพัฒนา"), ("AFTER", "หลังการพัฒนา")],
                        max_length=8,
                        verbose_name="ระยะ",
                    ),
                ),
                (
                    "description",
                    models.CharField(blank=True, max_length=500, verbose_name="คำอธิบาย"),
                ),
                (
                    "file",
                    models.FileField(max_length=255, upload_to=development.models.evidence_path),
                ),
                ("original_name", models.CharField(max_length=255)),
                ("content_type", models.CharField(max_length=64)),
                ("size", models.PositiveIntegerField()),
                ("sha256", models.CharField(max_length=64)),
                ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                ("removed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "indicator",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="frameworks.indicator",
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
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="evidence_files",
                        to="registration.unit",
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
                (
                    "plan_item",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="evidence_files",
                        to="development.planitem",
                    ),
                ),
            ],
            options={
                "verbose_name": "หลักฐานการพัฒนา",
                "verbose_name_plural": "หลักฐานการพัฒนา",
                "ordering": ["unit_id", "uploaded_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="PlanReview",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "from_state",
                    models.CharField(
                        choices=[
                            ("DRAFT", "กำลังจัดทำ"),
                            ("SUBMITTED", "เสนอให้พัฒนากรพิจารณา"),
                            ("RETURNED", "ส่งคืนให้ปรับปรุง"),
                            ("APPROVED", "เห็นชอบแล้ว"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "to_state",
                    models.CharField(
                        choices=[
                            ("DRAFT", "กำลังจัดทำ"),
                            ("SUBMITTED", "เสนอให้พัฒนากรพิจารณา"),
                            ("RETURNED", "ส่งคืนให้ปรับปรุง"),
                            ("APPROVED", "เห็นชอบแล้ว"),
                        ],
                        max_length=10,
                    ),
                ),
                ("comment", models.TextField(blank=True)),
                ("at", models.DateTimeField(auto_now_add=True)),
                (
                    "actor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reviews",
                        to="development.plan",
                    ),
                ),
            ],
            options={
                "ordering": ["plan_id", "at", "id"],
            },
        ),
        migrations.CreateModel(
            name="SelfAssessment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "phase",
                    models.CharField(
                        choices=[("BEFORE", "ก่อนการพัฒนา"), ("AFTER", "หลังการพัฒนา")],
                        max_length=8,
                        verbose_name="ระยะ",
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[("DRAFT", "บันทึกไว้ ยังไม่เสร็จ"), ("FINISHED", "ประเมินเสร็จแล้ว")],
                        default="DRAFT",
                        max_length=10,
                    ),
                ),
                ("started_at", models.DateTimeField(auto_now_add=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "finished_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "framework",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assessments",
                        to="frameworks.framework",
                    ),
                ),
                (
                    "started_by",
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
                        related_name="self_assessments",
                        to="registration.unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "การประเมินตนเอง",
                "verbose_name_plural": "การประเมินตนเอง",
            },
        ),
        migrations.CreateModel(
            name="OwnAnswer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="บันทึก")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "updated_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="development.ownindicator",
                    ),
                ),
                (
                    "level",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="development.ownlevel",
                    ),
                ),
                (
                    "assessment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="own_answers",
                        to="development.selfassessment",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="Answer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="บันทึก")),
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
                    "updated_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "assessment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="answers",
                        to="development.selfassessment",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="SubCriterion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.CharField(max_length=500, verbose_name="เกณฑ์ย่อย")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="frameworks.indicator",
                        verbose_name="ตัวบ่งชี้",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sub_criteria",
                        to="registration.unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "เกณฑ์ย่อย",
                "verbose_name_plural": "เกณฑ์ย่อย",
                "ordering": ["unit_id", "indicator_id", "id"],
            },
        ),
        migrations.AddConstraint(
            model_name="ownlevel",
            constraint=models.UniqueConstraint(
                fields=("indicator", "score"), name="own_level_score_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="evidencefile",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("indicator__isnull", False), ("plan_item__isnull", False), _connector="OR"
                ),
                name="evidence_attached_to_something",
            ),
        ),
        migrations.AddConstraint(
            model_name="selfassessment",
            constraint=models.UniqueConstraint(
                fields=("unit", "phase"), name="self_assessment_once_per_phase"
            ),
        ),
        migrations.AddConstraint(
            model_name="ownanswer",
            constraint=models.UniqueConstraint(
                fields=("assessment", "indicator"), name="own_answer_once_per_indicator"
            ),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.UniqueConstraint(
                fields=("assessment", "indicator"), name="answer_once_per_indicator"
            ),
        ),
    ]
