"""The usual reasons a document goes back, per kind, offered when an officer returns one
(a pick list they may edit): the common ones every district meets, then the reasons the
province's officers wrote most often for the kind."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from registration.models import DocumentKind, UnitDocument

ANY_KIND = [
    _("ไฟล์เปิดไม่ได้ หรือมีไม่ครบทุกหน้า"),
    _("เอกสารไม่ตรงกับประเภทที่เลือก"),
]
BY_KIND = {
    DocumentKind.APPLICATION_FORM: [
        _("กรอกข้อมูลในใบสมัครไม่ครบ"),
        _("ยังไม่ได้ลงลายมือชื่อในใบสมัคร"),
    ],
    DocumentKind.PHOTO: [_("รูปถ่ายไม่ชัดเจน"), _("ไม่ใช่รูปถ่ายหน้าตรงของผู้สมัคร")],
    DocumentKind.ID_CARD: [
        _("สำเนาบัตรประจำตัวประชาชนไม่ชัดเจน"),
        _("บัตรประจำตัวประชาชนหมดอายุ"),
        _("ยังไม่ได้ลงลายมือชื่อรับรองสำเนาถูกต้อง"),
    ],
    DocumentKind.HOUSE_REGISTRATION: [
        _("สำเนาทะเบียนบ้านไม่ชัดเจน"),
        _("ที่อยู่ในทะเบียนบ้านไม่ตรงกับใบสมัคร"),
        _("ยังไม่ได้ลงลายมือชื่อรับรองสำเนาถูกต้อง"),
    ],
    DocumentKind.MEETING_MINUTES: [
        _("บันทึกการประชุมไม่มีมติในการสมัคร"),
        _("ไม่มีลายมือชื่อผู้เข้าร่วมประชุม"),
    ],
    DocumentKind.ASSEMBLY_MINUTES: [
        _("บันทึกประชาคมไม่มีมติในการสมัคร"),
        _("ไม่มีลายมือชื่อผู้เข้าร่วมประชาคม"),
    ],
    DocumentKind.TEAM_LIST: [_("รายชื่อทีมพัฒนาไม่ครบตามที่กำหนด")],
    DocumentKind.LEAD_TEAM_LIST: [_("รายชื่อทีมนำการพัฒนาไม่ครบตามที่กำหนด")],
}
FROM_HISTORY = 5


def return_reasons(province_id: str) -> dict[str, list[str]]:
    """{kind: reasons} for the pick lists of one unit page: one grouped query."""
    written: dict[str, list[str]] = {}
    for row in (
        UnitDocument.objects.filter(unit__district__province_id=province_id)
        .exclude(return_reason="")
        .values("kind", "return_reason")
        .annotate(n=Count("pk"))
        .order_by("kind", "-n")
    ):
        reasons = written.setdefault(row["kind"], [])
        if len(reasons) < FROM_HISTORY:
            reasons.append(row["return_reason"])
    result: dict[str, list[str]] = {}
    for kind in DocumentKind.values:
        offered = [str(r) for r in BY_KIND.get(DocumentKind(kind), [])] + [str(r) for r in ANY_KIND]
        offered += [r for r in written.get(kind, []) if r not in offered]
        result[kind] = offered
    return result
