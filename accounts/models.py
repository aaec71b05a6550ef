"""Users, each with one role and the organisational scope that role acts in."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.roles import Role  # re-exported: `from accounts.models import Role` keeps working


class User(AbstractUser):
    role = models.CharField(_("บทบาท"), max_length=16, choices=Role.choices)
    province = models.ForeignKey(
        "geography.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("จังหวัด"),
    )
    district = models.ForeignKey(
        "geography.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("อำเภอ"),
    )
    title = models.CharField(_("คำนำหน้า"), max_length=30, blank=True)
    position_title = models.CharField(_("ตำแหน่ง"), max_length=150, blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=30, blank=True)
    # An administrator's change of role carries the version it was made from
    # (docs/conventions.md "No lost write, no duplicate").
    version = models.PositiveIntegerField(default=1)
    # Sessions begun before this moment end at their next request (accounts/sessions.py): set
    # when a second factor is set up or reset, so a browser signed in before it does not go
    # on without the second step (docs/security.md §5).
    sessions_ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ผู้ใช้")
        verbose_name_plural = _("ผู้ใช้")
        constraints = [
            models.CheckConstraint(
                name="user_scope_matches_role",
                condition=(
                    models.Q(role="ADMIN", province__isnull=True, district__isnull=True)
                    | models.Q(role="PROVINCE", province__isnull=False, district__isnull=True)
                    | models.Q(
                        role__in=["DISTRICT", "DEVELOPER"],
                        district__isnull=False,
                        province__isnull=False,
                    )
                    | models.Q(role="COMMITTEE", province__isnull=False)
                    | models.Q(role="", is_superuser=True)
                ),
            )
        ]

    # Users of a province (its own officers and its districts' staff) carry the province too.
    scope_district_path = "district"
    scope_province_path = "province"

    @property
    def full_name(self) -> str:
        name = f"{self.title}{self.first_name} {self.last_name}".strip()
        return name or self.username

    def manages_province(self, province_id: str) -> bool:
        """The department, or an officer of this very province: who sets the province's year."""
        return self.role == Role.ADMIN or (
            self.role == Role.PROVINCE and self.province_id == province_id
        )

    @property
    def is_department(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_provincial(self) -> bool:
        return self.role == Role.PROVINCE

    @property
    def is_district_staff(self) -> bool:
        return self.role in (Role.DISTRICT, Role.DEVELOPER)

    @property
    def scope_label(self) -> str:
        if self.role == Role.ADMIN:
            return "กรมการพัฒนาชุมชน"
        if self.role == Role.PROVINCE and self.province:
            return f"จังหวัด{self.province.name_th}"
        if self.district:
            return f"{self.district.display_name} จังหวัด{self.district.province.name_th}"
        return ""

    def __str__(self) -> str:
        return self.full_name


class Invitation(models.Model):
    """One invitation to set the first password of an account made without one (accounts/
    invitations.py): mailed to `sent_to`, or shown once to the administrator when the person
    has no e-mail address (`sent_to` empty). Sending a new one voids the links before it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    sent_at = models.DateTimeField(_("ส่งเมื่อ"), auto_now_add=True)
    sent_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_to = models.EmailField(_("ส่งถึง"), blank=True)
    accepted_at = models.DateTimeField(_("ตอบรับเมื่อ"), null=True, blank=True)

    class Meta:
        verbose_name = _("คำเชิญ")
        verbose_name_plural = _("คำเชิญ")
        indexes = [models.Index(fields=["user", "-sent_at"], name="invitation_user_latest")]

    def __str__(self) -> str:
        return f"{self.user.username} {self.sent_at:%Y-%m-%d}"
