import certification.models
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    # One migration per app before the first release; the ones it replaces were applied
    # by databases made earlier, which Django then treats as having applied this one.
    replaces = [
        ("certification", "0001_initial"),
        ("certification", "0002_announcement"),
        ("certification", "0003_settings_version"),
    ]

    initial = True

    dependencies = [
        ("programme", "0001_initial"),
        ("registration", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CertificateBatch",
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
                            ("QUEUED", "รอเริ่ม"),
                            ("RUNNING", "กำลังดำเนินการ"),
                            ("DONE", "เสร็จแล้ว"),
                            ("FAILED", "ไม่สำเร็จ"),
                        ],
                        default="QUEUED",
                        max_length=10,
                    ),
                ),
                ("requested_at", models.DateTimeField(auto_now_add=True)),
                ("started_at", models.DateTimeField(blank=True, null=True)),
                ("heartbeat_at", models.DateTimeField(blank=True, null=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                ("error", models.TextField(blank=True)),
                (
                    "combined_pdf",
                    models.FileField(
                        blank=True, max_length=255, upload_to=certification.models.combined_path
                    ),
                ),
                (
                    "programme_year",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="certificate_batches",
                        to="programme.programmeyear",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "การออกประกาศนียบัตรทั้งปี",
                "verbose_name_plural": "การออกประกาศนียบัตรทั้งปี",
                "ordering": ["-requested_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="CertificateCounter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("last_number", models.PositiveIntegerField(default=0)),
                (
                    "programme_year",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="certificate_counter",
                        to="programme.programmeyear",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="CertificateSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "number_prefix",
                    models.CharField(
                        blank=True,
                        help_text="เช่น ลพ (เลขที่จะพิมพ์เป็น ลพ ๑๒/๒๕๗๐) เว้นว่างได้",
                        max_length=10,
                        verbose_name="อักษรย่อหน้าเลขที่",
                    ),
                ),
                (
                    "issued_on",
                    models.DateField(
                        blank=True,
                        help_text="วันที่พิมพ์บนประกาศนียบัตร เว้นว่างเพื่อใช้วันที่ออก",
                        null=True,
                        verbose_name="ให้ไว้ ณ วันที่",
                    ),
                ),
                (
                    "signer_name",
                    models.CharField(blank=True, max_length=200, verbose_name="ผู้ลงนาม"),
                ),
                (
                    "signer_position",
                    models.CharField(
                        blank=True,
                        help_text="เช่น ผู้ว่าราชการจังหวัดลำพูน (ขึ้นบรรทัดใหม่ได้)",
                        max_length=300,
                        verbose_name="ตำแหน่งผู้ลงนาม",
                    ),
                ),
                (
                    "second_signer_name",
                    models.CharField(blank=True, max_length=200, verbose_name="ผู้ลงนามคนที่สอง (ถ้ามี)"),
                ),
                (
                    "second_signer_position",
                    models.CharField(blank=True, max_length=300, verbose_name="ตำแหน่งผู้ลงนามคนที่สอง"),
                ),
                ("thai_numerals", models.BooleanField(default=True, verbose_name="ใช้เลขไทย")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "programme_year",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="certificate_settings",
                        to="programme.programmeyear",
                    ),
                ),
            ],
            options={
                "verbose_name": "การตั้งค่าประกาศนียบัตร",
                "verbose_name_plural": "การตั้งค่าประกาศนียบัตร",
            },
        ),
        migrations.CreateModel(
            name="Announcement",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("edition", models.PositiveSmallIntegerField(verbose_name="ฉบับที่")),
                ("subject", models.CharField(max_length=500, verbose_name="เรื่อง")),
                ("assessed_from", models.DateField(verbose_name="ตรวจประเมินตั้งแต่วันที่")),
                ("assessed_to", models.DateField(blank=True, null=True, verbose_name="ถึงวันที่")),
                ("announced_on", models.DateField(verbose_name="ประกาศ ณ วันที่")),
                (
                    "signer_name",
                    models.CharField(blank=True, max_length=200, verbose_name="ชื่อผู้ลงนาม"),
                ),
                (
                    "signer_position",
                    models.CharField(blank=True, max_length=200, verbose_name="ตำแหน่งผู้ลงนาม"),
                ),
                (
                    "on_behalf_of",
                    models.CharField(blank=True, max_length=200, verbose_name="ปฏิบัติราชการแทน"),
                ),
                ("thai_numerals", models.BooleanField(default=True, verbose_name="ใช้เลขไทย")),
                ("units", models.JSONField(default=list)),
                ("unit_count", models.PositiveIntegerField(verbose_name="จำนวนหน่วยนับ")),
                (
                    "pdf",
                    models.FileField(
                        max_length=255, upload_to=certification.models.announcement_path
                    ),
                ),
                ("pdf_sha256", models.CharField(max_length=64)),
                (
                    "docx",
                    models.FileField(
                        max_length=255, upload_to=certification.models.announcement_path
                    ),
                ),
                ("docx_sha256", models.CharField(max_length=64)),
                ("issued_at", models.DateTimeField(auto_now_add=True, verbose_name="ออกเมื่อ")),
                (
                    "issued_by",
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
                        related_name="announcements",
                        to="programme.programmeyear",
                    ),
                ),
            ],
            options={
                "verbose_name": "ประกาศจังหวัด",
                "verbose_name_plural": "ประกาศจังหวัด",
                "ordering": ["programme_year_id", "-edition"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("programme_year", "edition"), name="announcement_edition_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Certificate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField(verbose_name="เลขที่")),
                ("display_number", models.CharField(max_length=40, verbose_name="เลขที่ประกาศนียบัตร")),
                ("code", models.CharField(max_length=16, unique=True, verbose_name="รหัสตรวจสอบ")),
                ("unit_name", models.CharField(max_length=255, verbose_name="ชื่อ")),
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
                ("issued_on", models.DateField(verbose_name="ให้ไว้ ณ วันที่")),
                ("issued_at", models.DateTimeField(auto_now_add=True, verbose_name="ออกเมื่อ")),
                (
                    "revoked_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="เพิกถอนเมื่อ"),
                ),
                ("revocation_reason", models.TextField(blank=True, verbose_name="เหตุผลที่เพิกถอน")),
                (
                    "pdf",
                    models.FileField(
                        blank=True, max_length=255, upload_to=certification.models.certificate_path
                    ),
                ),
                ("pdf_sha256", models.CharField(blank=True, max_length=64)),
                (
                    "issued_by",
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
                        related_name="certificates",
                        to="programme.programmeyear",
                    ),
                ),
                (
                    "revoked_by",
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
                        related_name="certificates",
                        to="registration.unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "ประกาศนียบัตร",
                "verbose_name_plural": "ประกาศนียบัตร",
                "ordering": ["programme_year_id", "number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("programme_year", "number"), name="certificate_number_unique"
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("revoked_at__isnull", True)),
                        fields=("unit",),
                        name="certificate_one_current_per_unit",
                    ),
                ],
            },
        ),
    ]
