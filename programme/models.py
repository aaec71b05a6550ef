"""The programme year of a province: its calendar, eligibility rules and quotas."""

import datetime as dt

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.thai import BE_OFFSET


class UnitType(models.TextChoices):
    LEADER = "LEADER", _("มาตรฐานผู้นำชุมชน")
    GROUP = "GROUP", _("มาตรฐานกลุ่ม/องค์กรชุมชน")
    NETWORK = "NETWORK", _("มาตรฐานเครือข่ายองค์กรชุมชน")
    COMMUNITY = "COMMUNITY", _("มาตรฐานชุมชน")


UNIT_TYPE_SHORT: dict[str, Promise] = {
    UnitType.LEADER: _("ผู้นำชุมชน"),
    UnitType.GROUP: _("กลุ่ม/องค์กรชุมชน"),
    UnitType.NETWORK: _("เครือข่ายองค์กรชุมชน"),
    UnitType.COMMUNITY: _("ชุมชน"),
}


class Deadline(models.TextChoices):
    """The deadlines of docs/domain.md §5, in the order they fall."""

    REGISTRATION_OPENS = "registration_opens", _("เปิดรับสมัคร")
    REGISTRATION_CLOSES = "registration_closes", _("ปิดรับสมัคร")
    APPLICANT_LIST_DUE = "applicant_list_due", _("ส่งแบบรายชื่อผู้สมัครถึงจังหวัด")
    PLANS_DUE = "plans_due", _("ส่งแผนพัฒนาตนเองถึงจังหวัด")
    ASSESSMENT_DUE = "assessment_due", _("ตรวจประเมินแล้วเสร็จ")
    RESULTS_DUE = "results_due", _("รายงานผลถึงจังหวัด")


class DepartmentCalendarDefault(models.Model):
    """The department's default day and month for each deadline; a new year is prefilled from it.

    Months October–December fall in the first calendar year of the fiscal year.
    """

    deadline = models.CharField(_("กำหนดการ"), max_length=32, choices=Deadline.choices, unique=True)
    month = models.PositiveSmallIntegerField(_("เดือน"))
    day = models.PositiveSmallIntegerField(_("วัน"))

    class Meta:
        verbose_name = _("ปฏิทินมาตรฐานของกรม")
        verbose_name_plural = _("ปฏิทินมาตรฐานของกรม")

    def date_in(self, fiscal_year_be: int) -> dt.date:
        year_ce = fiscal_year_be - BE_OFFSET
        return dt.date(year_ce - 1 if self.month >= 10 else year_ce, self.month, self.day)


# Lampang 2568's calendar (seed 002) with Phitsanulok's plan deadline (seed 001).
DEFAULT_CALENDAR = {
    Deadline.REGISTRATION_OPENS: (10, 1),
    Deadline.REGISTRATION_CLOSES: (12, 15),
    Deadline.APPLICANT_LIST_DUE: (12, 20),
    Deadline.PLANS_DUE: (2, 5),
    Deadline.ASSESSMENT_DUE: (4, 25),
    Deadline.RESULTS_DUE: (5, 9),
}


class ProgrammeYear(models.Model):
    province = models.ForeignKey(
        "geography.Province", on_delete=models.PROTECT, related_name="programme_years"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))

    registration_opens = models.DateField(_("เปิดรับสมัคร"))
    registration_closes = models.DateField(_("ปิดรับสมัคร"))
    applicant_list_due = models.DateField(_("ส่งแบบรายชื่อผู้สมัครถึงจังหวัด"))
    plans_due = models.DateField(_("ส่งแผนพัฒนาตนเองถึงจังหวัด"))
    assessment_due = models.DateField(_("ตรวจประเมินแล้วเสร็จ"))
    results_due = models.DateField(_("รายงานผลถึงจังหวัด"))

    # Eligibility rules (docs/domain.md §3); the seeds' rules are the defaults, a province adjusts them.
    leader_min_domicile_years = models.PositiveSmallIntegerField(
        _("ผู้นำ: ภูมิลำเนาในชุมชนอย่างน้อย (ปี)"), default=1
    )
    leader_requires_community_work = models.BooleanField(
        _("ผู้นำ: ต้องมีผลงานกิจกรรมร่วมกับชุมชนอย่างต่อเนื่องและเป็นที่ยอมรับ"), default=True
    )
    leader_requires_position = models.BooleanField(
        _("ผู้นำ: ต้องมีตำแหน่งเป็นทางการหรือไม่เป็นทางการ"), default=True
    )
    group_requires_resolution = models.BooleanField(
        _("กลุ่ม/องค์กร: ต้องมีมติของสมาชิกในการสมัคร"), default=True
    )
    group_min_active_years = models.PositiveSmallIntegerField(
        _("กลุ่ม/องค์กร: ดำเนินกิจกรรมมาแล้วอย่างน้อย (ปี)"), default=0
    )
    network_requires_resolution = models.BooleanField(
        _("เครือข่าย: ต้องมีมติของสมาชิกเครือข่ายในการสมัคร"), default=True
    )
    network_min_member_organisations = models.PositiveSmallIntegerField(
        _("เครือข่าย: จำนวนองค์กรสมาชิกอย่างน้อย"), default=2
    )
    community_requires_boundary = models.BooleanField(_("ชุมชน: ต้องมีอาณาเขตพื้นที่แน่นอน"), default=True)
    community_requires_assembly_resolution = models.BooleanField(
        _("ชุมชน: ต้องมีมติประชาคมในการสมัคร"), default=True
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped on every edit; a form opened before someone else saved is refused, not applied.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-fiscal_year", "province_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "fiscal_year"], name="programme_year_unique"
            )
        ]
        verbose_name = _("ปีดำเนินงาน")
        verbose_name_plural = _("ปีดำเนินงาน")

    scope_province_path = "province"
    # Committee members read the years of their committees (a reverse relation).
    scope_committee_path = "committees"

    def __str__(self) -> str:
        return f"มชช. จังหวัด{self.province.name_th} ปี {self.fiscal_year}"

    def deadline_dates(self) -> list[tuple[str, str, dt.date]]:
        return [(key, str(label), getattr(self, key)) for key, label in Deadline.choices]


class Quota(models.Model):
    """Minimum units per type: per district, and optionally per community developer (Lampang 2568)."""

    programme_year = models.ForeignKey(
        ProgrammeYear, on_delete=models.CASCADE, related_name="quotas"
    )
    unit_type = models.CharField(_("ประเภท"), max_length=16, choices=UnitType.choices)
    min_per_district = models.PositiveSmallIntegerField(_("อย่างน้อยต่ออำเภอ"), default=1)
    min_per_developer = models.PositiveSmallIntegerField(
        _("อย่างน้อยต่อพัฒนากร"), null=True, blank=True
    )

    class Meta:
        ordering = ["programme_year_id", "unit_type"]
        constraints = [
            models.UniqueConstraint(fields=["programme_year", "unit_type"], name="quota_unique")
        ]
        verbose_name = _("เป้าหมายจำนวนหน่วยนับ")
        verbose_name_plural = _("เป้าหมายจำนวนหน่วยนับ")

    scope_province_path = "programme_year__province"


# Deadlines for which a district sends something to the province.
REPORT_DEADLINES = [Deadline.APPLICANT_LIST_DUE, Deadline.PLANS_DUE, Deadline.RESULTS_DUE]


class DistrictReport(models.Model):
    """A district's report to the province for one deadline (e.g. the applicant list), as sent."""

    programme_year = models.ForeignKey(
        ProgrammeYear, on_delete=models.CASCADE, related_name="reports"
    )
    district = models.ForeignKey("geography.District", on_delete=models.PROTECT, related_name="+")
    deadline = models.CharField(max_length=32, choices=Deadline.choices)
    first_sent_at = models.DateTimeField(_("ส่งครั้งแรกเมื่อ"))
    sent_at = models.DateTimeField(_("ส่งล่าสุดเมื่อ"))
    sent_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    unit_count = models.PositiveIntegerField(_("จำนวนหน่วยนับ"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme_year", "district", "deadline"], name="district_report_unique"
            )
        ]
        verbose_name = _("รายงานของอำเภอ")
        verbose_name_plural = _("รายงานของอำเภอ")

    scope_district_path = "district"

    @property
    def late(self) -> bool:
        from django.utils import timezone

        return timezone.localdate(self.first_sent_at) > getattr(self.programme_year, self.deadline)
