"""The words of a notification, made when it is shown or sent, in the reader's language."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from core.thai import thai_date
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
    elif kind == Kind.CERTIFICATE_ISSUED:
        if p.get("district"):
            lines.append(
                _("ออกประกาศนียบัตรของ%(district)s แล้ว %(count)s ฉบับ (ปีงบประมาณ %(year)s)")
                % {
                    "district": p["district"],
                    "count": p.get("count", 0),
                    "year": p.get("fiscal_year", ""),
                }
            )
        else:
            lines.append(
                _("ออกประกาศนียบัตรเลขที่ %(number)s ให้หน่วยนับแล้ว") % {"number": p.get("number", "")}
            )
    elif kind == Kind.CERTIFICATE_REVOKED:
        lines.append(_("ประกาศนียบัตรเลขที่ %(number)s ถูกเพิกถอน") % {"number": p.get("number", "")})
        if p.get("reason"):
            lines.append(_("เหตุผล: %(reason)s") % {"reason": p["reason"]})
    elif kind == Kind.ROUND_SCHEDULED:
        starts = dt.datetime.fromisoformat(p["starts_at"]) if p.get("starts_at") else None
        last = dt.datetime.fromisoformat(p["last_slot_at"]) if p.get("last_slot_at") else None
        lines.append(
            _("นัดประเมิน %(round)s วันที่ %(date)s เริ่ม %(start)s น. หน่วยนับ %(count)s หน่วย")
            % {
                "round": p.get("round", ""),
                "date": thai_date(timezone.localtime(starts).date()) if starts else "",
                "start": timezone.localtime(starts).strftime("%H:%M") if starts else "",
                "count": p.get("units", 0),
            }
        )
        if last and starts and last != starts:
            lines.append(
                _("หน่วยสุดท้ายเริ่มนำเสนอ %(time)s น.")
                % {"time": timezone.localtime(last).strftime("%H:%M")}
            )
        if p.get("place"):
            lines.append(_("สถานที่: %(place)s") % {"place": p["place"]})
    elif kind == Kind.ROUND_CLOSED:
        lines.append(
            _("ปิดรอบ %(round)s แล้ว ไม่รับคะแนนเพิ่ม กรรมการทุกคนเห็นคะแนนของกันและกันได้")
            % {"round": p.get("round", "")}
        )
    elif kind == Kind.REPORT_SENT:
        message = (
            _("%(district)s ส่ง “%(deadline)s” อีกครั้ง (%(count)s หน่วยนับ)")
            if p.get("again")
            else _("%(district)s ส่ง “%(deadline)s” แล้ว (%(count)s หน่วยนับ)")
        )
        lines.append(
            message
            % {
                "district": p.get("district", ""),
                "deadline": p.get("deadline", ""),
                "count": p.get("unit_count", 0),
            }
        )
    elif kind == Kind.DEADLINE_COMING:
        when = thai_date(dt.date.fromisoformat(p["date"])) if p.get("date") else ""
        if int(p.get("days", 0)) < 0:
            lines.append(
                _("เลยกำหนด “%(deadline)s” (%(date)s) แล้ว และ%(district)s ยังดำเนินการไม่ครบ")
                % {
                    "deadline": p.get("deadline", ""),
                    "date": when,
                    "district": p.get("district", ""),
                }
            )
        else:
            lines.append(
                _("อีก %(days)s วันถึงกำหนด “%(deadline)s” (%(date)s) %(district)s ยังดำเนินการไม่ครบ")
                % {
                    "days": p.get("days"),
                    "deadline": p.get("deadline", ""),
                    "date": when,
                    "district": p.get("district", ""),
                }
            )
        lines.append(_("ดูรายละเอียดที่หน้างานของฉัน"))
    elif p.get("text"):
        lines.append(str(p["text"]))
    return "\n".join(lines)
