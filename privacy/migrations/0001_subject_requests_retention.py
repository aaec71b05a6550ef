import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("geography", "0001_initial"),
        ("registration", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="RetentionPolicy",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "certificate_validity_years",
                    models.PositiveSmallIntegerField(
                        default=5, verbose_name="ประกาศนียบัตรมีอายุ (ปี นับจากวันที่ให้ไว้)"
                    ),
                ),
                (
                    "years_after_validity",
                    models.PositiveSmallIntegerField(
                        default=0, verbose_name="เก็บต่อหลังประกาศนียบัตรหมดอายุหรือถูกเพิกถอน (ปี)"
                    ),
                ),
                (
                    "years_after_fiscal_year",
                    models.PositiveSmallIntegerField(
                        default=5, verbose_name="เก็บหลังสิ้นปีงบประมาณ สำหรับหน่วยนับที่ไม่ได้รับการรับรอง (ปี)"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "ระยะเวลาการเก็บรักษาข้อมูลส่วนบุคคล",
                "verbose_name_plural": "ระยะเวลาการเก็บรักษาข้อมูลส่วนบุคคล",
            },
        ),
        migrations.CreateModel(
            name="SubjectRequest",
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
                            ("ACCESS", "ขอเข้าถึงและรับสำเนาข้อมูล"),
                            ("RECTIFICATION", "ขอแก้ไขข้อมูลให้ถูกต้อง"),
                            ("ERASURE", "ขอลบหรือทำให้ไม่สามารถระบุตัวตนได้"),
                            ("OBJECTION", "คัดค้านหรือคำขออื่น"),
                        ],
                        max_length=16,
                        verbose_name="ประเภทคำขอ",
                    ),
                ),
                (
                    "subject_id_label",
                    models.CharField(max_length=40, verbose_name="เลขประจำตัวประชาชน (ปกปิด)"),
                ),
                ("subject_name", models.CharField(max_length=255, verbose_name="ชื่อเจ้าของข้อมูล")),
                ("details", models.TextField(blank=True, verbose_name="รายละเอียดคำขอ")),
                ("received_on", models.DateField(verbose_name="วันที่รับคำขอ")),
                ("due_on", models.DateField(verbose_name="ครบกำหนดตอบ")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("RECEIVED", "รับคำขอแล้ว อยู่ระหว่างดำเนินการ"),
                            ("DONE", "ดำเนินการแล้ว"),
                            ("REFUSED", "ปฏิเสธคำขอ"),
                        ],
                        default="RECEIVED",
                        max_length=10,
                        verbose_name="สถานะ",
                    ),
                ),
                ("corrections", models.TextField(blank=True, verbose_name="รายการที่แก้ไข")),
                ("outcome", models.TextField(blank=True, verbose_name="ผลการดำเนินการ")),
                (
                    "handled_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="ดำเนินการเมื่อ"),
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
                    "district",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="geography.district",
                    ),
                ),
                (
                    "handled_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="ผู้ดำเนินการ",
                    ),
                ),
                (
                    "units",
                    models.ManyToManyField(blank=True, related_name="+", to="registration.unit"),
                ),
            ],
            options={
                "verbose_name": "คำขอของเจ้าของข้อมูลส่วนบุคคล",
                "verbose_name_plural": "คำขอของเจ้าของข้อมูลส่วนบุคคล",
                "ordering": ["-received_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Anonymisation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "trigger",
                    models.CharField(
                        choices=[
                            ("RETENTION", "ครบระยะเวลาการเก็บรักษา"),
                            ("REQUEST", "ตามคำขอของเจ้าของข้อมูล"),
                        ],
                        max_length=10,
                    ),
                ),
                ("reason", models.TextField(blank=True)),
                ("at", models.DateTimeField(auto_now_add=True)),
                ("pending_files", models.JSONField(blank=True, default=list)),
                (
                    "actor",
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
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="anonymisation",
                        to="registration.unit",
                    ),
                ),
                (
                    "request",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="privacy.subjectrequest",
                    ),
                ),
            ],
            options={
                "verbose_name": "การลบข้อมูลส่วนบุคคล",
                "verbose_name_plural": "การลบข้อมูลส่วนบุคคล",
            },
        ),
        migrations.AddIndex(
            model_name="subjectrequest",
            index=models.Index(
                fields=["district", "status", "due_on"], name="privacy_sub_distric_12810a_idx"
            ),
        ),
    ]
