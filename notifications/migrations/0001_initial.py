import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LineLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(blank=True, max_length=16, null=True, unique=True)),
                ("code_expires_at", models.DateTimeField(blank=True, null=True)),
                (
                    "line_user_id",
                    models.CharField(blank=True, max_length=64, null=True, unique=True),
                ),
                ("linked_at", models.DateTimeField(blank=True, null=True)),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="line_link",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="Notification",
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
                        choices=[
                            ("DOCUMENT_RETURNED", "เอกสารถูกส่งคืนให้แก้ไข"),
                            ("UNIT_SUBMITTED", "หน่วยนับยื่นสมัคร รอตรวจเอกสาร"),
                            ("DOCUMENTS_COMPLETE", "เอกสารครบถ้วน"),
                            ("PLAN_SUBMITTED", "แผนพัฒนาตนเองเสนอให้พิจารณา"),
                            ("PLAN_RETURNED", "แผนพัฒนาตนเองถูกส่งคืนให้ปรับปรุง"),
                            ("PLAN_APPROVED", "แผนพัฒนาตนเองได้รับความเห็นชอบ"),
                            ("ROUND_SCHEDULED", "นัดหมายการประเมิน"),
                            ("ROUND_CLOSED", "ปิดรอบการประเมินแล้ว"),
                            ("DECISION_RECORDED", "บันทึกผลการพิจารณาของคณะกรรมการ"),
                            ("CERTIFICATE_ISSUED", "ออกประกาศนียบัตรแล้ว"),
                            ("CERTIFICATE_REVOKED", "เพิกถอนประกาศนียบัตร"),
                            ("REPORT_SENT", "อำเภอส่งรายงานถึงจังหวัด"),
                            ("DEADLINE_COMING", "ใกล้ถึงกำหนดส่ง"),
                        ],
                        max_length=24,
                    ),
                ),
                ("params", models.JSONField(default=dict)),
                ("url", models.CharField(blank=True, max_length=300)),
                ("key", models.CharField(max_length=160)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("read_at", models.DateTimeField(blank=True, null=True)),
                (
                    "email",
                    models.CharField(
                        choices=[
                            ("NOT_WANTED", "ไม่ส่ง"),
                            ("PENDING", "รอส่ง"),
                            ("SENT", "ส่งแล้ว"),
                            ("FAILED", "ส่งไม่สำเร็จ"),
                        ],
                        default="NOT_WANTED",
                        max_length=12,
                    ),
                ),
                ("email_attempts", models.PositiveSmallIntegerField(default=0)),
                ("emailed_at", models.DateTimeField(blank=True, null=True)),
                ("email_error", models.CharField(blank=True, max_length=300)),
                (
                    "line",
                    models.CharField(
                        choices=[
                            ("NOT_WANTED", "ไม่ส่ง"),
                            ("PENDING", "รอส่ง"),
                            ("SENT", "ส่งแล้ว"),
                            ("FAILED", "ส่งไม่สำเร็จ"),
                        ],
                        default="NOT_WANTED",
                        max_length=12,
                    ),
                ),
                ("line_attempts", models.PositiveSmallIntegerField(default=0)),
                ("lined_at", models.DateTimeField(blank=True, null=True)),
                ("line_error", models.CharField(blank=True, max_length=300)),
                (
                    "recipient",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(fields=["recipient", "read_at"], name="notification_unread")
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("recipient", "key"), name="notification_once")
                ],
            },
        ),
        migrations.CreateModel(
            name="Preference",
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
                        choices=[
                            ("DOCUMENT_RETURNED", "เอกสารถูกส่งคืนให้แก้ไข"),
                            ("UNIT_SUBMITTED", "หน่วยนับยื่นสมัคร รอตรวจเอกสาร"),
                            ("DOCUMENTS_COMPLETE", "เอกสารครบถ้วน"),
                            ("PLAN_SUBMITTED", "แผนพัฒนาตนเองเสนอให้พิจารณา"),
                            ("PLAN_RETURNED", "แผนพัฒนาตนเองถูกส่งคืนให้ปรับปรุง"),
                            ("PLAN_APPROVED", "แผนพัฒนาตนเองได้รับความเห็นชอบ"),
                            ("ROUND_SCHEDULED", "นัดหมายการประเมิน"),
                            ("ROUND_CLOSED", "ปิดรอบการประเมินแล้ว"),
                            ("DECISION_RECORDED", "บันทึกผลการพิจารณาของคณะกรรมการ"),
                            ("CERTIFICATE_ISSUED", "ออกประกาศนียบัตรแล้ว"),
                            ("CERTIFICATE_REVOKED", "เพิกถอนประกาศนียบัตร"),
                            ("REPORT_SENT", "อำเภอส่งรายงานถึงจังหวัด"),
                            ("DEADLINE_COMING", "ใกล้ถึงกำหนดส่ง"),
                        ],
                        max_length=24,
                    ),
                ),
                ("email", models.BooleanField(default=True)),
                ("line", models.BooleanField(default=False)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notification_preferences",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("user", "kind"), name="one_preference_per_kind")
                ],
            },
        ),
    ]
