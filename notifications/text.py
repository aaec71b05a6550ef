"""The words of a notification, made when it is shown or sent, in the reader's language."""

from django.utils.translation import gettext as _

from notifications.models import Kind, Notification


def title(notification: Notification) -> str:
    p = notification.params
    label = Kind(notification.kind).label
    subject = p.get("unit_name") or p.get("subject") or ""
    return f"{label}: {subject}" if subject else str(label)


def body(notification: Notification) -> str:
    """One or two plain sentences: what happened, and what is asked of the reader."""
    p = notification.params
    kind = notification.kind
    lines: list[str] = []
    if kind == Kind.DOCUMENT_RETURNED:
        lines.append(_("อำเภอส่งคืนเอกสารของหน่วยนับให้แก้ไข"))
        if p.get("reason"):
            lines.append(_("เหตุผล: %(reason)s") % {"reason": p["reason"]})
        lines.append(_("กรุณาแก้ไขและอัปโหลดเอกสารใหม่"))
    elif kind == Kind.UNIT_SUBMITTED:
        lines.append(_("หน่วยนับยื่นสมัครแล้ว รอการตรวจเอกสาร"))
    elif kind == Kind.DOCUMENTS_COMPLETE:
        lines.append(_("เอกสารการสมัครครบถ้วนแล้ว เริ่มการประเมินตนเองก่อนการพัฒนาได้"))
    elif kind == Kind.PLAN_SUBMITTED:
        lines.append(_("แผนพัฒนาตนเองเสนอให้พิจารณาแล้ว"))
    elif kind == Kind.PLAN_RETURNED:
        lines.append(_("แผนพัฒนาตนเองถูกส่งคืนให้ปรับปรุง"))
        if p.get("reason"):
            lines.append(_("ความเห็น: %(reason)s") % {"reason": p["reason"]})
    elif kind == Kind.PLAN_APPROVED:
        lines.append(_("แผนพัฒนาตนเองได้รับความเห็นชอบแล้ว"))
    elif kind == Kind.DECISION_RECORDED:
        lines.append(_("ผลการพิจารณา: %(status)s") % {"status": p.get("status_label", "")})
        if p.get("reason"):
            lines.append(_("เหตุผล: %(reason)s") % {"reason": p["reason"]})
    elif p.get("text"):
        lines.append(str(p["text"]))
    return "\n".join(lines)
