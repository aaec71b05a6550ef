import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("geography", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DepartmentCalendarDefault",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "deadline",
                    models.CharField(
                        choices=[
                            ("registration_opens", "เปิดรับสมัคร"),
                            ("registration_closes", "ปิดรับสมัคร"),
                            ("applicant_list_due", "ส่งแบบรายชื่อผู้สมัครถึงจังหวัด"),
                            ("plans_due", "ส่งแผนพัฒนาตนเองถึงจังหวัด"),
                            ("assessment_due", "ตรวจประเมินแล้วเสร็จ"),
                            ("results_due", "รายงานผลถึงจังหวัด"),
                        ],
                        max_length=32,
                        unique=True,
                        verbose_name="กำหนดการ",
                    ),
                ),
                ("month", models.PositiveSmallIntegerField(verbose_name="เดือน")),
                ("day", models.PositiveSmallIntegerField(verbose_name="วัน")),
            ],
            options={
                "verbose_name": "ปฏิทินมาตรฐานของกรม",
                "verbose_name_plural": "ปฏิทินมาตรฐานของกรม",
            },
        ),
        migrations.CreateModel(
            name="ProgrammeYear",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("fiscal_year", models.PositiveSmallIntegerField(verbose_name="ปีงบประมาณ (พ.ศ.)")),
                ("registration_opens", models.DateField(verbose_name="เปิดรับสมัคร")),
                ("registration_closes", models.DateField(verbose_name="ปิดรับสมัคร")),
                ("applicant_list_due", models.DateField(verbose_name="ส่งแบบรายชื่อผู้สมัครถึงจังหวัด")),
                ("plans_due", models.DateField(verbose_name="ส่งแผนพัฒนาตนเองถึงจังหวัด")),
                ("assessment_due", models.DateField(verbose_name="ตรวจประเมินแล้วเสร็จ")),
                ("results_due", models.DateField(verbose_name="รายงานผลถึงจังหวัด")),
                (
                    "leader_min_domicile_years",
                    models.PositiveSmallIntegerField(
                        default=1, verbose_name="ผู้นำ: ภูมิลำเนาในชุมชนอย่างน้อย (ปี)"
                    ),
                ),
                (
                    "leader_requires_community_work",
                    models.BooleanField(
                        default=True,
                        verbose_name="ผู้นำ: ต้องมีผลงานกิจกรรมร่วมกับชุมชนอย่างต่อเนื่องและเป็นที่ยอมรับ",
                    ),
                ),
                (
                    "leader_requires_position",
                    models.BooleanField(
                        default=True, verbose_name="ผู้นำ: ต้องมีตำแหน่งเป็นทางการหรือไม่เป็นทางการ"
                    ),
                ),
                (
                    "group_requires_resolution",
                    models.BooleanField(
                        default=True, verbose_name="กลุ่ม/องค์กร: ต้องมีมติของสมาชิกในการสมัคร"
                    ),
                ),
                (
                    "group_min_active_years",
                    models.PositiveSmallIntegerField(
                        default=0, verbose_name="กลุ่ม/องค์กร: ดำเนินกิจกรรมมาแล้วอย่างน้อย (ปี)"
                    ),
                ),
                (
                    "network_requires_resolution",
                    models.BooleanField(
                        default=True, verbose_name="เครือข่าย: ต้องมีมติของสมาชิกเครือข่ายในการสมัคร"
                    ),
                ),
                (
                    "network_min_member_organisations",
                    models.PositiveSmallIntegerField(
                        default=2, verbose_name="เครือข่าย: จำนวนองค์กรสมาชิกอย่างน้อย"
                    ),
                ),
                (
                    "community_requires_boundary",
                    models.BooleanField(default=True, verbose_name="ชุมชน: ต้องมีอาณาเขตพื้นที่แน่นอน"),
                ),
                (
                    "community_requires_assembly_resolution",
                    models.BooleanField(default=True, verbose_name="ชุมชน: ต้องมีมติประชาคมในการสมัคร"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "province",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="programme_years",
                        to="geography.province",
                    ),
                ),
            ],
            options={
                "verbose_name": "ปีดำเนินงาน",
                "verbose_name_plural": "ปีดำเนินงาน",
                "ordering": ["-fiscal_year", "province_id"],
            },
        ),
        migrations.CreateModel(
            name="DistrictReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "deadline",
                    models.CharField(
                        choices=[
                            ("registration_opens", "เปิดรับสมัคร"),
                            ("registration_closes", "ปิดรับสมัคร"),
                            ("applicant_list_due", "ส่งแบบรายชื่อผู้สมัครถึงจังหวัด"),
                            ("plans_due", "ส่งแผนพัฒนาตนเองถึงจังหวัด"),
                            ("assessment_due", "ตรวจประเมินแล้วเสร็จ"),
                            ("results_due", "รายงานผลถึงจังหวัด"),
                        ],
                        max_length=32,
                    ),
                ),
                ("first_sent_at", models.DateTimeField(verbose_name="ส่งครั้งแรกเมื่อ")),
                ("sent_at", models.DateTimeField(verbose_name="ส่งล่าสุดเมื่อ")),
                ("unit_count", models.PositiveIntegerField(default=0, verbose_name="จำนวนหน่วยนับ")),
                (
                    "district",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="geography.district",
                    ),
                ),
                (
                    "sent_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "programme_year",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reports",
                        to="programme.programmeyear",
                    ),
                ),
            ],
            options={
                "verbose_name": "รายงานของอำเภอ",
                "verbose_name_plural": "รายงานของอำเภอ",
            },
        ),
        migrations.CreateModel(
            name="Quota",
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
                (
                    "min_per_district",
                    models.PositiveSmallIntegerField(default=1, verbose_name="อย่างน้อยต่ออำเภอ"),
                ),
                (
                    "min_per_developer",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="อย่างน้อยต่อพัฒนากร"
                    ),
                ),
                (
                    "programme_year",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="quotas",
                        to="programme.programmeyear",
                    ),
                ),
            ],
            options={
                "verbose_name": "เป้าหมายจำนวนหน่วยนับ",
                "verbose_name_plural": "เป้าหมายจำนวนหน่วยนับ",
                "ordering": ["programme_year_id", "unit_type"],
            },
        ),
        migrations.AddConstraint(
            model_name="programmeyear",
            constraint=models.UniqueConstraint(
                fields=("province", "fiscal_year"), name="programme_year_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="districtreport",
            constraint=models.UniqueConstraint(
                fields=("programme_year", "district", "deadline"), name="district_report_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="quota",
            constraint=models.UniqueConstraint(
                fields=("programme_year", "unit_type"), name="quota_unique"
            ),
        ),
    ]
