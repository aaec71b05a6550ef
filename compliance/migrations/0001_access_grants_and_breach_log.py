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
            name="Breach",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reported_at", models.DateTimeField(verbose_name="รายงานเมื่อ")),
                (
                    "suspected",
                    models.BooleanField(default=False, verbose_name="ต้องสงสัย รอกรมตรวจสอบ"),
                ),
                ("discovered_at", models.DateTimeField(verbose_name="พบเหตุเมื่อ")),
                ("description", models.TextField(verbose_name="เหตุที่เกิดขึ้น")),
                ("data_affected", models.TextField(blank=True, verbose_name="ข้อมูลที่ได้รับผลกระทบ")),
                (
                    "people_affected",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="จำนวนเจ้าของข้อมูลที่ได้รับผลกระทบ"
                    ),
                ),
                (
                    "risk",
                    models.CharField(
                        blank=True,
                        choices=[("RISK", "มีความเสี่ยง"), ("HIGH", "มีความเสี่ยงสูง")],
                        max_length=8,
                        verbose_name="การประเมินความเสี่ยง",
                    ),
                ),
                ("measures", models.TextField(blank=True, verbose_name="มาตรการที่ดำเนินการ")),
                (
                    "office_notified_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="แจ้งสำนักงานคณะกรรมการฯ เมื่อ"
                    ),
                ),
                ("late_reason", models.TextField(blank=True, verbose_name="เหตุที่แจ้งเกิน 72 ชั่วโมง")),
                (
                    "subjects_notified_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="แจ้งเจ้าของข้อมูลเมื่อ"),
                ),
                (
                    "closed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="ปิดเรื่องเมื่อ"),
                ),
                ("version", models.PositiveIntegerField(default=1)),
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
                    "province",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="geography.province",
                        verbose_name="จังหวัด",
                    ),
                ),
                (
                    "reported_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "เหตุการละเมิดข้อมูลส่วนบุคคล",
                "verbose_name_plural": "บันทึกเหตุการละเมิดข้อมูลส่วนบุคคล",
                "ordering": ["-discovered_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="AccessGrant",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reason", models.TextField(verbose_name="เหตุผลและฐานทางกฎหมาย")),
                ("granted_at", models.DateTimeField(verbose_name="ขอเมื่อ")),
                ("expires_at", models.DateTimeField(verbose_name="หมดอายุเมื่อ")),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="registration.unit",
                        verbose_name="หน่วยนับ",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="ผู้ขอ",
                    ),
                ),
            ],
            options={
                "verbose_name": "คำขอเปิดดูเอกสารที่มีเลขประจำตัวประชาชน",
                "verbose_name_plural": "คำขอเปิดดูเอกสารที่มีเลขประจำตัวประชาชน",
                "ordering": ["-granted_at", "-id"],
                "indexes": [models.Index(fields=["user", "unit", "expires_at"], name="grant_live")],
            },
        ),
    ]
