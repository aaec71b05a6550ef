"""Stage 5 (docs/domain.md §4): assessment rounds, each member's scores, and the committee's decisions.

A round is held by one committee (committees.Committee): a district round by the district's
assessment committee, which recommends; a zone round by a zone working group (seed 001 §2.9: the
units of the zone's districts present to it), whose decision is advice to the province and moves
no status; a provincial round by a provincial committee, which certifies. Each member's score of each indicator is its own row, so members saving at the same
moment never overwrite each other. A decision locks the unit's scores; reopening it keeps the
decision row with who reopened it, when and why.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundLevel(models.TextChoices):
    DISTRICT = "DISTRICT", _("ระดับอำเภอ")
    ZONE = "ZONE", _("ระดับโซน")
    PROVINCE = "PROVINCE", _("ระดับจังหวัด")


class Combine(models.TextChoices):
    MEAN = "MEAN", _("ค่าเฉลี่ยของกรรมการ")
    MEDIAN = "MEDIAN", _("ค่ามัธยฐานของกรรมการ")


class Round(models.Model):
    class State(models.TextChoices):
        OPEN = "OPEN", _("เปิดให้กรรมการให้คะแนน")
        CLOSED = "CLOSED", _("ปิดรอบแล้ว")

    programme_year = models.ForeignKey(
        "programme.ProgrammeYear", on_delete=models.PROTECT, related_name="assessment_rounds"
    )
    level = models.CharField(_("ระดับ"), max_length=10, choices=RoundLevel.choices)
    committee = models.ForeignKey(
        "committees.Committee",
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("คณะกรรมการ"),
    )
    # Set for district rounds (the committee's district); empty for zone rounds (the committee's
    # zone gives their districts) and provincial rounds.
    district = models.ForeignKey(
        "geography.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("ชื่อรอบการประเมิน"), max_length=255)
    place = models.CharField(_("สถานที่"), max_length=255, blank=True)
    combine = models.CharField(
        _("วิธีรวมคะแนนของกรรมการ"), max_length=8, choices=Combine.choices, default=Combine.MEAN
    )
    state = models.CharField(max_length=8, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["programme_year_id", "level", "district_id", "opened_at"]
        constraints = [
            models.CheckConstraint(
                name="round_district_matches_level",
                condition=models.Q(level="DISTRICT", district__isnull=False)
                | (~models.Q(level="DISTRICT") & models.Q(district__isnull=True)),
            )
        ]
        verbose_name = _("รอบการประเมิน")
        verbose_name_plural = _("รอบการประเมิน")

    # A district's staff see their district's rounds; zone and provincial rounds are the
    # province's (and their committee members'): a district sees none of them (core/scope.py).
    scope_district_path = "district"
    scope_province_path = "programme_year__province"
    scope_committee_path = "committee"

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class RoundUnit(models.Model):
    """A unit on a round's schedule: its presentation slot."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    unit = models.ForeignKey(
        "registration.Unit", on_delete=models.PROTECT, related_name="assessment_entries"
    )
    order = models.PositiveIntegerField(_("ลำดับ"), default=0)
    starts_at = models.DateTimeField(_("เวลาเริ่มนำเสนอ"), null=True, blank=True)
    presentation_minutes = models.PositiveSmallIntegerField(_("นำเสนอ (นาที)"), default=15)
    questions_minutes = models.PositiveSmallIntegerField(_("ซักถาม (นาที)"), default=15)

    class Meta:
        ordering = ["round_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="round_unit_once"),
        ]
        verbose_name = _("หน่วยนับในรอบการประเมิน")
        verbose_name_plural = _("หน่วยนับในรอบการประเมิน")

    scope_district_path = "round__district"
    scope_province_path = "round__programme_year__province"
    scope_committee_path = "round__committee"

    # Not fields: set for the templates. assessment.selectors.round_entries and unit_entries
    # set `decision` (the current one or None) and unit_entries `page`;
    # assessment.views.round_detail sets `removable`, `unit_link`, for a member `my_scored` and
    # `my_total`, and, on a provincial round only, `zone_advice`.
    decision: "Decision | None"
    my_scored: int
    my_total: int
    page: str
    removable: bool
    unit_link: bool
    zone_advice: list["Decision"]

    def __str__(self) -> str:
        return f"{self.round} · {self.unit}"

    @property
    def ends_at(self):
        if self.starts_at is None:
            return None
        return self.starts_at + dt.timedelta(
            minutes=self.presentation_minutes + self.questions_minutes
        )


class MemberScore(models.Model):
    """One member's level for one indicator of one unit. One row per (unit entry, member,
    indicator): saves by different members touch different rows."""

    round_unit = models.ForeignKey(RoundUnit, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(
        "committees.Member", on_delete=models.PROTECT, related_name="assessment_scores"
    )
    indicator = models.ForeignKey(
        "frameworks.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    level = models.ForeignKey(
        "frameworks.Level", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    comment = models.TextField(_("ความเห็น"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round_unit_id", "member_id", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round_unit", "member", "indicator"], name="member_score_once"
            ),
        ]
        verbose_name = _("คะแนนของกรรมการ")
        verbose_name_plural = _("คะแนนของกรรมการ")

    scope_district_path = "round_unit__round__district"
    scope_province_path = "round_unit__round__programme_year__province"
    scope_committee_path = "round_unit__round__committee"


class Outcome(models.TextChoices):
    RECOMMEND = "RECOMMEND", _("เสนอให้รับรอง")
    NOT_RECOMMEND = "NOT_RECOMMEND", _("ไม่เสนอให้รับรอง")
    CERTIFY = "CERTIFY", _("รับรองมาตรฐาน")
    NOT_CERTIFY = "NOT_CERTIFY", _("ไม่รับรอง")
    # A zone working group's advice to the province (seed 001 §2.9–2.10): recorded with its
    # reasons, it moves no status and does not stand in for the district's recommendation.
    ADVISE_CERTIFY = "ADVISE_CERTIFY", _("เสนอจังหวัดให้รับรอง")
    ADVISE_NOT_CERTIFY = "ADVISE_NOT_CERTIFY", _("ไม่เสนอจังหวัดให้รับรอง")


# Keyed by str: a round's level is the stored value, and RoundLevel members are str.
OUTCOMES_BY_LEVEL: dict[str, tuple[Outcome, Outcome]] = {
    RoundLevel.DISTRICT: (Outcome.RECOMMEND, Outcome.NOT_RECOMMEND),
    RoundLevel.ZONE: (Outcome.ADVISE_CERTIFY, Outcome.ADVISE_NOT_CERTIFY),
    RoundLevel.PROVINCE: (Outcome.CERTIFY, Outcome.NOT_CERTIFY),
}
NEGATIVE_OUTCOMES = {Outcome.NOT_RECOMMEND, Outcome.NOT_CERTIFY, Outcome.ADVISE_NOT_CERTIFY}
# Levels whose decisions are advice only: the unit's status stays where it was.
ADVISORY_LEVELS = {RoundLevel.ZONE}


class Decision(models.Model):
    """The committee's decision on a unit. Reopening keeps the row (reopened_*); at most one
    decision per unit entry is current (not reopened) and it locks the entry's scores. A zone
    working group's advice is a decision too, with from_status == to_status."""

    round_unit = models.ForeignKey(RoundUnit, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(_("มติ"), max_length=24, choices=Outcome.choices)
    reasons = models.TextField(_("เหตุผล"), blank=True)
    # The combined result the committee had before it when it decided.
    result_percent = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    result_passed = models.BooleanField(null=True, blank=True)
    from_status = models.CharField(max_length=24)
    to_status = models.CharField(max_length=24)
    # The members at the meeting (a quorum of the committee, settings.ASSESSMENT_QUORUM_PERCENT):
    # the combined result above is of their scores only. Decisions recorded before presence was
    # kept have none.
    present = models.ManyToManyField(
        "committees.Member",
        related_name="decisions_present",
        blank=True,
        verbose_name=_("ผู้มาประชุม"),
    )
    # Member id (as a string, JSON keys) → why a present member has no scores for the unit.
    missing_reasons = models.JSONField(default=dict, blank=True)
    # The outcome departs from the scores before the committee (a positive outcome without a
    # passing result, or a negative one with a passing result): confirmed, with `reasons`.
    is_override = models.BooleanField(_("มติต่างจากผลคะแนน"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField(_("เหตุผลที่ทบทวนมติ"), blank=True)

    class Meta:
        ordering = ["round_unit_id", "decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round_unit"],
                condition=models.Q(reopened_at__isnull=True),
                name="decision_one_current_per_entry",
            ),
        ]
        verbose_name = _("มติคณะกรรมการ")
        verbose_name_plural = _("มติคณะกรรมการ")

    scope_district_path = "round_unit__round__district"
    scope_province_path = "round_unit__round__programme_year__province"
    scope_committee_path = "round_unit__round__committee"

    @property
    def is_current(self) -> bool:
        return self.reopened_at is None
