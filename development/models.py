"""The self-assessments made against the indicator frameworks (`frameworks/`), plans and evidence
(stages 3–4)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from frameworks.models import Framework, Indicator, Level


class Phase(models.TextChoices):
    BEFORE = "BEFORE", _("ก่อนการพัฒนา")
    AFTER = "AFTER", _("หลังการพัฒนา")


class SelfAssessment(models.Model):
    class State(models.TextChoices):
        DRAFT = "DRAFT", _("บันทึกไว้ ยังไม่เสร็จ")
        FINISHED = "FINISHED", _("ประเมินเสร็จแล้ว")

    unit = models.ForeignKey(
        "registration.Unit", on_delete=models.PROTECT, related_name="self_assessments"
    )
    phase = models.CharField(_("ระยะ"), max_length=8, choices=Phase.choices)
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped on every save; a form opened before someone else saved is refused, not applied
    # (docs/security.md §17). A form made before the assessment existed carries 0.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "phase"], name="self_assessment_once_per_phase")
        ]
        verbose_name = _("การประเมินตนเอง")
        verbose_name_plural = _("การประเมินตนเอง")

    scope_district_path = "unit__district"
    # The development record is what a committee assesses of a unit on its round (core/scope.py).
    scope_committee_unit_path = "unit"


class Answer(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(
        Level, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("บันทึก"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="answer_once_per_indicator"
            )
        ]

    scope_district_path = "assessment__unit__district"
    scope_committee_unit_path = "assessment__unit"


class Plan(models.Model):
    """The unit's self-development plan (แผนพัฒนาตนเอง), reviewed by the community developer."""

    class State(models.TextChoices):
        DRAFT = "DRAFT", _("กำลังจัดทำ")
        SUBMITTED = "SUBMITTED", _("เสนอให้พัฒนากรพิจารณา")
        RETURNED = "RETURNED", _("ส่งคืนให้ปรับปรุง")
        APPROVED = "APPROVED", _("เห็นชอบแล้ว")

    unit = models.OneToOneField("registration.Unit", on_delete=models.PROTECT, related_name="plan")
    state = models.CharField(_("สถานะ"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("แผนพัฒนาตนเอง")
        verbose_name_plural = _("แผนพัฒนาตนเอง")

    scope_district_path = "unit__district"
    scope_committee_unit_path = "unit"

    # Set by development.plans_report's Prefetch(to_attr=...), newest first; not a field.
    approvals: list["PlanReview"]


class PlanItem(models.Model):
    class Progress(models.TextChoices):
        PLANNED = "PLANNED", _("ยังไม่เริ่ม")
        IN_PROGRESS = "IN_PROGRESS", _("กำลังดำเนินการ")
        DONE = "DONE", _("ดำเนินการแล้ว")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("ตัวบ่งชี้")
    )
    knowledge = models.CharField(_("ความรู้/ทักษะที่ต้องเสริมสร้าง"), max_length=500)
    method = models.CharField(_("วิธีการ"), max_length=500)
    starts_on = models.DateField(_("เริ่ม"))
    ends_on = models.DateField(_("สิ้นสุด"))
    resource = models.CharField(_("วิทยากร/ภาคีที่ให้ความรู้"), max_length=500, blank=True)
    local_wisdom = models.BooleanField(_("เป็นภูมิปัญญาท้องถิ่น"), default=False)
    evidence = models.CharField(_("หลักฐานที่จะแสดงผล"), max_length=500)
    target_score = models.PositiveSmallIntegerField(_("ระดับเป้าหมาย"))
    progress = models.CharField(
        _("ความก้าวหน้า"), max_length=12, choices=Progress.choices, default=Progress.PLANNED
    )
    progress_note = models.TextField(_("ผลการดำเนินงาน"), blank=True)
    progress_updated_at = models.DateTimeField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    # Bumped on every progress save; a form opened before someone else saved is refused.
    version = models.PositiveIntegerField(default=1)

    # Set by development.views.plan_view for the template: the item's evidence files; not a field.
    evidence_count: int

    class Meta:
        ordering = ["plan_id", "order", "id"]
        verbose_name = _("รายการในแผนพัฒนาตนเอง")
        verbose_name_plural = _("รายการในแผนพัฒนาตนเอง")

    scope_district_path = "plan__unit__district"
    scope_committee_unit_path = "plan__unit"


class PlanReview(models.Model):
    """Every submission, approval and return of a plan, with the comment (the history is kept)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    from_state = models.CharField(max_length=10, choices=Plan.State.choices)
    to_state = models.CharField(max_length=10, choices=Plan.State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan_id", "at", "id"]


class SubCriterion(models.Model):
    """เกณฑ์ย่อย: a point the developer and the unit agree under one standard indicator (stage 3).

    It guides the unit's choice of level; the indicator's score stays the rubric's, so units
    remain comparable.
    """

    unit = models.ForeignKey(
        "registration.Unit", on_delete=models.CASCADE, related_name="sub_criteria"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("ตัวบ่งชี้")
    )
    text = models.CharField(_("เกณฑ์ย่อย"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit_id", "indicator_id", "id"]
        verbose_name = _("เกณฑ์ย่อย")
        verbose_name_plural = _("เกณฑ์ย่อย")

    scope_district_path = "unit__district"
    scope_committee_unit_path = "unit"


class OwnIndicator(models.Model):
    """An indicator a unit sets for itself beside the standard ones (seed 003).

    Assessed with the standard ones but scored apart, so the standard score stays comparable
    between units.
    """

    unit = models.ForeignKey(
        "registration.Unit", on_delete=models.CASCADE, related_name="own_indicators"
    )
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("ตัวบ่งชี้ที่กำหนดเอง"), max_length=500)
    evidence = models.CharField(_("หลักฐานที่แสดง"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit_id", "order", "id"]
        verbose_name = _("ตัวบ่งชี้ที่หน่วยนับกำหนดเอง")
        verbose_name_plural = _("ตัวบ่งชี้ที่หน่วยนับกำหนดเอง")

    scope_district_path = "unit__district"
    scope_committee_unit_path = "unit"

    @property
    def code(self) -> str:
        return f"ก.{self.order}"


class OwnLevel(models.Model):
    indicator = models.ForeignKey(OwnIndicator, on_delete=models.CASCADE, related_name="levels")
    score = models.PositiveSmallIntegerField(_("คะแนน"))
    descriptor = models.CharField(_("คำอธิบายระดับ"), max_length=500)

    class Meta:
        ordering = ["indicator_id", "score"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "score"], name="own_level_score_unique")
        ]


class OwnAnswer(models.Model):
    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="own_answers"
    )
    indicator = models.ForeignKey(OwnIndicator, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(
        OwnLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("บันทึก"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="own_answer_once_per_indicator"
            )
        ]

    scope_district_path = "assessment__unit__district"
    scope_committee_unit_path = "assessment__unit"


def evidence_path(instance: "EvidenceFile", filename: str) -> str:
    # The server names stored files; the user's file name is kept only as data.
    return f"evidence/{instance.unit.fiscal_year}/{instance.unit.district_id}/{uuid.uuid4().hex}"


class EvidenceFile(models.Model):
    """A file that shows a unit's development: for an indicator (optionally one assessment
    phase) or for a plan item. Never deleted; a removed file is only hidden."""

    unit = models.ForeignKey(
        "registration.Unit", on_delete=models.PROTECT, related_name="evidence_files"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    phase = models.CharField(_("ระยะ"), max_length=8, choices=Phase.choices, blank=True)
    plan_item = models.ForeignKey(
        PlanItem, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence_files"
    )
    description = models.CharField(_("คำอธิบาย"), max_length=500, blank=True)
    file = models.FileField(upload_to=evidence_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["unit_id", "uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(indicator__isnull=False) | models.Q(plan_item__isnull=False),
                name="evidence_attached_to_something",
            )
        ]
        verbose_name = _("หลักฐานการพัฒนา")
        verbose_name_plural = _("หลักฐานการพัฒนา")

    scope_district_path = "unit__district"
    scope_committee_unit_path = "unit"
