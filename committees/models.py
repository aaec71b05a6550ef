"""Committees of a province-year (docs/domain.md §7), their members and duties, and the order (คำสั่ง)
that appoints each of them (docs/documents.md "Order")."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PROVINCIAL_CERTIFICATION = (
        "PROVINCIAL_CERTIFICATION",
        _("คณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัด"),
    )
    PROVINCIAL_ASSESSMENT = (
        "PROVINCIAL_ASSESSMENT",
        _("คณะกรรมการตรวจประเมินเพื่อการรับรองมาตรฐานการพัฒนาชุมชนจังหวัด"),
    )
    DISTRICT_ASSESSMENT = (
        "DISTRICT_ASSESSMENT",
        _("คณะกรรมการตรวจประเมินเพื่อการรับรองมาตรฐานการพัฒนาชุมชนระดับอำเภอ"),
    )
    ZONE = "ZONE", _("คณะทำงานระดับโซนอำเภอ")


PROVINCIAL_KINDS = (Kind.PROVINCIAL_CERTIFICATION, Kind.PROVINCIAL_ASSESSMENT)


class MemberTitle(models.TextChoices):
    """The noun the roles are built on: the seeds' order 12 appoints กรรมการ, orders 13 and 14
    อนุกรรมการ (ประธานอนุกรรมการ, อนุกรรมการและเลขานุการ); a working group has คณะทำงาน."""

    COMMITTEE = "กรรมการ", _("กรรมการ")
    SUBCOMMITTEE = "อนุกรรมการ", _("อนุกรรมการ")
    WORKING_GROUP = "คณะทำงาน", _("คณะทำงาน")


class MemberRole(models.TextChoices):
    CHAIR = "CHAIR", _("ประธานกรรมการ")
    VICE_CHAIR = "VICE_CHAIR", _("รองประธานกรรมการ")
    MEMBER = "MEMBER", _("กรรมการ")
    SECRETARY = "SECRETARY", _("กรรมการและเลขานุการ")
    ASSISTANT_SECRETARY = "ASSISTANT_SECRETARY", _("กรรมการและผู้ช่วยเลขานุการ")


# The role as printed in the order, on the committee's noun (always Thai: it is the order's text).
ROLE_PATTERNS = {
    MemberRole.CHAIR: "ประธาน{noun}",
    MemberRole.VICE_CHAIR: "รองประธาน{noun}",
    MemberRole.MEMBER: "{noun}",
    MemberRole.SECRETARY: "{noun}และเลขานุการ",
    MemberRole.ASSISTANT_SECRETARY: "{noun}และผู้ช่วยเลขานุการ",
}

EFFECTIVE_TEXT = "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"


class Committee(models.Model):
    programme_year = models.ForeignKey(
        "programme.ProgrammeYear", on_delete=models.PROTECT, related_name="committees"
    )
    kind = models.CharField(_("ประเภทคณะ"), max_length=32, choices=Kind.choices)
    district = models.ForeignKey(
        "geography.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("อำเภอ"),
    )
    zone = models.ForeignKey(
        "geography.Zone",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("โซนอำเภอ"),
    )
    name = models.CharField(_("ชื่อคณะ"), max_length=255)
    member_title = models.CharField(
        _("เรียกตำแหน่งในคณะว่า"),
        max_length=16,
        choices=MemberTitle.choices,
        default=MemberTitle.COMMITTEE,
    )

    # The appointing order (คำสั่ง).
    issuing_office = models.CharField(_("ส่วนราชการที่ออกคำสั่ง"), max_length=150)
    order_number = models.PositiveIntegerField(_("คำสั่งที่"), null=True, blank=True)
    # The Buddhist-era calendar year after the slash ("ที่ ๑๒/๒๕๖๒"): the year the order is
    # signed, else the fiscal year; numbers restart every calendar year.
    order_year = models.PositiveSmallIntegerField(_("ปีของคำสั่ง (พ.ศ.)"))
    subject = models.CharField(_("เรื่อง"), max_length=500)
    reason = models.TextField(_("เหตุผล (ย่อหน้าแรก)"), blank=True)
    authority = models.TextField(_("อำนาจและข้อความแต่งตั้ง"), blank=True)
    effective_text = models.CharField(
        _("ข้อความวันมีผล"), max_length=255, default=EFFECTIVE_TEXT, blank=True
    )
    signed_on = models.DateField(_("สั่ง ณ วันที่"), null=True, blank=True)
    signer_name = models.CharField(_("ชื่อผู้ลงนาม"), max_length=200, blank=True)
    signer_position = models.CharField(_("ตำแหน่งผู้ลงนาม"), max_length=200, blank=True)
    on_behalf_of = models.CharField(_("ปฏิบัติราชการแทน"), max_length=200, blank=True)
    thai_numerals = models.BooleanField(_("ใช้เลขไทยในคำสั่ง"), default=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped on every edit of the committee or its order; a form opened before someone else
    # saved is refused, not applied.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["programme_year_id", "kind", "district_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme_year", "kind"],
                condition=models.Q(kind__in=["PROVINCIAL_CERTIFICATION", "PROVINCIAL_ASSESSMENT"]),
                name="committee_provincial_once",
            ),
            models.UniqueConstraint(
                fields=["programme_year", "district"],
                condition=models.Q(district__isnull=False),
                name="committee_district_once",
            ),
            models.UniqueConstraint(
                fields=["programme_year", "zone"],
                condition=models.Q(zone__isnull=False),
                name="committee_zone_once",
            ),
            models.UniqueConstraint(
                fields=["issuing_office", "order_year", "order_number"],
                condition=models.Q(order_number__isnull=False),
                name="committee_order_number_unique",
            ),
            models.CheckConstraint(
                name="committee_district_matches_kind",
                condition=models.Q(kind="DISTRICT_ASSESSMENT", district__isnull=False)
                | (~models.Q(kind="DISTRICT_ASSESSMENT") & models.Q(district__isnull=True)),
            ),
        ]
        verbose_name = _("คณะกรรมการ")
        verbose_name_plural = _("คณะกรรมการ")

    # A district committee is seen by its district; the provincial ones and the zone groups
    # (no district) by every district of the province, read-only (core/scope.py).
    scope_district_path = "district"
    scope_province_path = "programme_year__province"
    scope_district_optional = True
    scope_committee_path = "self"

    def __str__(self) -> str:
        return self.name

    @property
    def is_provincial(self) -> bool:
        return self.district_id is None

    def role_label(self, role: str) -> str:
        return ROLE_PATTERNS[MemberRole(role)].format(noun=self.member_title)


class CommitteeRow(models.Model):
    """What a member and a duty share: a place in their committee's order, the version an edit
    form is made from, and the committee's scope."""

    order = models.PositiveIntegerField(_("ลำดับ"))
    # Raised by every save of the edit form: a form made from an older version is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True
        ordering = ["committee_id", "order", "pk"]

    scope_district_path = "committee__district"
    scope_province_path = "committee__programme_year__province"
    scope_district_optional = True
    scope_committee_path = "committee"


class Member(CommitteeRow):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    # The seeds appoint by position ("นายอำเภอ"); the name is added when known.
    full_name = models.CharField(_("ชื่อ-สกุล"), max_length=200, blank=True)
    position_title = models.CharField(_("ตำแหน่ง"), max_length=300)
    agency = models.CharField(_("หน่วยงาน/หมายเหตุ"), max_length=300, blank=True)
    role = models.CharField(_("ตำแหน่งในคณะ"), max_length=24, choices=MemberRole.choices)
    # A member who scores gets an account limited to what the committee assesses.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_memberships",
        verbose_name=_("บัญชีผู้ใช้"),
    )

    class Meta(CommitteeRow.Meta):
        verbose_name = _("กรรมการ")
        verbose_name_plural = _("กรรมการ")

    def __str__(self) -> str:
        return self.line

    @property
    def line(self) -> str:
        """'นางสาวตรี ประดิษฐ์ นักวิชาการพัฒนาชุมชนชำนาญการ' or just the position."""
        return " ".join(
            part for part in (self.full_name.strip(), self.position_title.strip()) if part
        )

    @property
    def role_label(self) -> str:
        return self.committee.role_label(self.role)


class Duty(CommitteeRow):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="duties")
    text = models.TextField(_("อำนาจหน้าที่"))

    class Meta(CommitteeRow.Meta):
        verbose_name = _("อำนาจหน้าที่")
        verbose_name_plural = _("อำนาจหน้าที่")

    def __str__(self) -> str:
        return self.text
