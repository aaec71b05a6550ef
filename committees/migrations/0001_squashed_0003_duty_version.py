import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    # One migration per app before the first release; the ones it replaces were applied
    # by databases made earlier, which Django then treats as having applied this one.
    replaces = [
        ("committees", "0001_initial"),
        ("committees", "0002_member_version"),
        ("committees", "0003_duty_version"),
    ]

    initial = True

    dependencies = [
        ("geography", "0001_initial"),
        ("programme", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Committee",
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
                            ("PROVINCIAL_CERTIFICATION", "คณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัด"),
                            (
                                "PROVINCIAL_ASSESSMENT",
                                "คณะกรรมการตรวจประเมินเพื่อการรับรองมาตรฐานการพัฒนาชุมชนจังหวัด",
                            ),
                            (
                                "DISTRICT_ASSESSMENT",
                                "คณะกรรมการตรวจประเมินเพื่อการรับรองมาตรฐานการพัฒนาชุมชนระดับอำเภอ",
                            ),
                            ("ZONE", "คณะทำงานระดับโซนอำเภอ"),
                        ],
                        max_length=32,
                        verbose_name="ประเภทคณะ",
                    ),
                ),
                ("name", models.CharField(max_length=255, verbose_name="ชื่อคณะ")),
                (
                    "member_title",
                    models.CharField(
                        choices=[
                            ("กรรมการ", "กรรมการ"),
                            ("อนุกรรมการ", "อนุกรรมการ"),
                            ("คณะทำงาน", "คณะทำงาน"),
                        ],
                        default="กรรมการ",
                        max_length=16,
                        verbose_name="เรียกตำแหน่งในคณะว่า",
                    ),
                ),
                (
                    "issuing_office",
                    models.CharField(max_length=150, verbose_name="ส่วนราชการที่ออกคำสั่ง"),
                ),
                (
                    "order_number",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="คำสั่งที่"),
                ),
                ("order_year", models.PositiveSmallIntegerField(verbose_name="ปีของคำสั่ง (พ.ศ.)")),
                ("subject", models.CharField(max_length=500, verbose_name="เรื่อง")),
                ("reason", models.TextField(blank=True, verbose_name="เหตุผล (ย่อหน้าแรก)")),
                ("authority", models.TextField(blank=True, verbose_name="อำนาจและข้อความแต่งตั้ง")),
                (
                    "effective_text",
                    models.CharField(
                        blank=True,
                        default="ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป",
                        max_length=255,
                        verbose_name="ข้อความวันมีผล",
                    ),
                ),
                ("signed_on", models.DateField(blank=True, null=True, verbose_name="สั่ง ณ วันที่")),
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
                ("thai_numerals", models.BooleanField(default=True, verbose_name="ใช้เลขไทยในคำสั่ง")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "district",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="geography.district",
                        verbose_name="อำเภอ",
                    ),
                ),
                (
                    "programme_year",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="committees",
                        to="programme.programmeyear",
                    ),
                ),
                (
                    "zone",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="geography.zone",
                        verbose_name="โซนอำเภอ",
                    ),
                ),
            ],
            options={
                "verbose_name": "คณะกรรมการ",
                "verbose_name_plural": "คณะกรรมการ",
                "ordering": ["programme_year_id", "kind", "district_id", "name"],
            },
        ),
        migrations.CreateModel(
            name="Duty",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("order", models.PositiveIntegerField(verbose_name="ลำดับ")),
                ("version", models.PositiveIntegerField(default=1)),
                ("text", models.TextField(verbose_name="อำนาจหน้าที่")),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="duties",
                        to="committees.committee",
                    ),
                ),
            ],
            options={
                "verbose_name": "อำนาจหน้าที่",
                "verbose_name_plural": "อำนาจหน้าที่",
                "ordering": ["committee_id", "order", "pk"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="Member",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("order", models.PositiveIntegerField(verbose_name="ลำดับ")),
                ("version", models.PositiveIntegerField(default=1)),
                ("full_name", models.CharField(blank=True, max_length=200, verbose_name="ชื่อ-สกุล")),
                ("position_title", models.CharField(max_length=300, verbose_name="ตำแหน่ง")),
                (
                    "agency",
                    models.CharField(blank=True, max_length=300, verbose_name="หน่วยงาน/หมายเหตุ"),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("CHAIR", "ประธานกรรมการ"),
                            ("VICE_CHAIR", "รองประธานกรรมการ"),
                            ("MEMBER", "กรรมการ"),
                            ("SECRETARY", "กรรมการและเลขานุการ"),
                            ("ASSISTANT_SECRETARY", "กรรมการและผู้ช่วยเลขานุการ"),
                        ],
                        max_length=24,
                        verbose_name="ตำแหน่งในคณะ",
                    ),
                ),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="members",
                        to="committees.committee",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="committee_memberships",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="บัญชีผู้ใช้",
                    ),
                ),
            ],
            options={
                "verbose_name": "กรรมการ",
                "verbose_name_plural": "กรรมการ",
                "ordering": ["committee_id", "order", "pk"],
                "abstract": False,
            },
        ),
        migrations.AddConstraint(
            model_name="committee",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("kind__in", ["PROVINCIAL_CERTIFICATION", "PROVINCIAL_ASSESSMENT"])
                ),
                fields=("programme_year", "kind"),
                name="committee_provincial_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="committee",
            constraint=models.UniqueConstraint(
                condition=models.Q(("district__isnull", False)),
                fields=("programme_year", "district"),
                name="committee_district_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="committee",
            constraint=models.UniqueConstraint(
                condition=models.Q(("zone__isnull", False)),
                fields=("programme_year", "zone"),
                name="committee_zone_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="committee",
            constraint=models.UniqueConstraint(
                condition=models.Q(("order_number__isnull", False)),
                fields=("issuing_office", "order_year", "order_number"),
                name="committee_order_number_unique",
            ),
        ),
        migrations.AddConstraint(
            model_name="committee",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("district__isnull", False), ("kind", "DISTRICT_ASSESSMENT")),
                    models.Q(
                        models.Q(("kind", "DISTRICT_ASSESSMENT"), _negated=True),
                        ("district__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="committee_district_matches_kind",
            ),
        ),
    ]
