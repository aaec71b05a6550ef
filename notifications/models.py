"""What reaches a person: an in-app notification, and its e-mail and LINE deliveries
(docs/notifications.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """The events people act on (issue 12 list); each user chooses the channels per kind."""

    DOCUMENT_RETURNED = "DOCUMENT_RETURNED", _("เอกสารถูกส่งคืนให้แก้ไข")
    UNIT_SUBMITTED = "UNIT_SUBMITTED", _("หน่วยนับยื่นสมัคร รอตรวจเอกสาร")
    DOCUMENTS_COMPLETE = "DOCUMENTS_COMPLETE", _("เอกสารครบถ้วน")
    PLAN_SUBMITTED = "PLAN_SUBMITTED", _("แผนพัฒนาตนเองเสนอให้พิจารณา")
    PLAN_RETURNED = "PLAN_RETURNED", _("แผนพัฒนาตนเองถูกส่งคืนให้ปรับปรุง")
    PLAN_APPROVED = "PLAN_APPROVED", _("แผนพัฒนาตนเองได้รับความเห็นชอบ")
    ROUND_SCHEDULED = "ROUND_SCHEDULED", _("นัดหมายการประเมิน")
    ROUND_CLOSED = "ROUND_CLOSED", _("ปิดรอบการประเมินแล้ว")
    DECISION_RECORDED = "DECISION_RECORDED", _("บันทึกผลการพิจารณาของคณะกรรมการ")
    CERTIFICATE_ISSUED = "CERTIFICATE_ISSUED", _("ออกประกาศนียบัตรแล้ว")
    CERTIFICATE_REVOKED = "CERTIFICATE_REVOKED", _("เพิกถอนประกาศนียบัตร")
    REPORT_SENT = "REPORT_SENT", _("อำเภอส่งรายงานถึงจังหวัด")
    DEADLINE_COMING = "DEADLINE_COMING", _("ใกล้ถึงกำหนดส่ง")


class Delivery(models.TextChoices):
    NOT_WANTED = "NOT_WANTED", _("ไม่ส่ง")
    PENDING = "PENDING", _("รอส่ง")
    SENT = "SENT", _("ส่งแล้ว")
    FAILED = "FAILED", _("ส่งไม่สำเร็จ")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    # What the text is made of (names, a reason, dates), rendered in the reader's language
    # when shown (notifications.text), so the stored row holds no translated sentence.
    params = models.JSONField(default=dict)
    url = models.CharField(max_length=300, blank=True)
    # What happened, once per person: an event delivered twice, or a reminder job run twice,
    # finds the row and adds nothing (the unique constraint below).
    key = models.CharField(max_length=160)
    # The unit it is about, if any: an erasure finds the notifications naming a leader by it
    # (privacy/services.py anonymise_unit). A plain id, as the audit trail keeps.
    unit_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    email = models.CharField(max_length=12, choices=Delivery.choices, default=Delivery.NOT_WANTED)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)

    line = models.CharField(max_length=12, choices=Delivery.choices, default=Delivery.NOT_WANTED)
    line_attempts = models.PositiveSmallIntegerField(default=0)
    lined_at = models.DateTimeField(null=True, blank=True)
    line_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once")
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    # A notification is its recipient's alone: views fetch it by (pk, recipient), never
    # through an office's scope (docs/notifications.md).
    scope_owner_field = "recipient"


class Preference(models.Model):
    """A user's channels for one kind. No row: in-app and e-mail (when the user has an
    address); in-app is always on, it is where the work waits."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    email = models.BooleanField(default=True)
    line = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]


class LineLink(models.Model):
    """A user's LINE account, linked by sending a one-time code to the office's LINE Official
    Account (the Messaging API's webhook brings back their LINE user id)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="line_link"
    )
    code = models.CharField(max_length=16, unique=True, null=True, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    line_user_id = models.CharField(max_length=64, unique=True, null=True, blank=True)
    linked_at = models.DateTimeField(null=True, blank=True)
