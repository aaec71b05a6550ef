from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import log_action
from core.errors import DomainError
from geography.models import District, Subdistrict, Village, Zone
from geography.permissions import can_add_villages, can_define_zones


@transaction.atomic
def village_create(*, actor: User, subdistrict: Subdistrict, number: int, name: str) -> Village:
    if not can_add_villages(actor, subdistrict.district_id):
        raise DomainError(_("เพิ่มหมู่บ้านได้เฉพาะในอำเภอของคุณ"), field="subdistrict")
    name = name.strip()
    if not name:
        raise DomainError(_("กรุณากรอกชื่อหมู่บ้าน"), field="name")
    if Village.objects.filter(subdistrict=subdistrict, number=number).exists():
        raise DomainError(
            _("หมู่ที่ %(number)s ของ%(display_name)s มีอยู่แล้ว")
            % {"number": number, "display_name": subdistrict.display_name},
            field="number",
        )
    village = Village.objects.create(subdistrict=subdistrict, number=number, name=name)
    log_action(
        actor=actor,
        action="village.create",
        obj=village,
        changes={"subdistrict": subdistrict.pk, "number": number, "name": name},
        district_id=subdistrict.district_id,
    )
    return village


@transaction.atomic
def zone_save(
    *, actor: User, name: str, districts: list[District], zone: Zone | None = None
) -> Zone:
    if not can_define_zones(actor):
        raise DomainError(_("เฉพาะเจ้าหน้าที่จังหวัดเท่านั้นที่กำหนดโซนอำเภอได้"))
    province_id = actor.province_id
    if province_id is None:  # a province officer always has one (accounts.User's constraint)
        raise DomainError(_("เฉพาะเจ้าหน้าที่จังหวัดเท่านั้นที่กำหนดโซนอำเภอได้"))
    if any(d.province_id != actor.province_id for d in districts):
        raise DomainError(_("เลือกได้เฉพาะอำเภอในจังหวัดของคุณ"), field="districts")
    if not districts:
        raise DomainError(_("กรุณาเลือกอย่างน้อยหนึ่งอำเภอ"), field="districts")
    name = name.strip()
    clash = Zone.objects.filter(province_id=actor.province_id, name=name)
    if zone is not None:
        clash = clash.exclude(pk=zone.pk)
    if clash.exists():
        raise DomainError(_("มีโซนชื่อนี้อยู่แล้ว"), field="name")
    # A district belongs to at most one zone of its province.
    taken = District.objects.filter(
        zones__province_id=actor.province_id, pk__in=[d.pk for d in districts]
    )
    if zone is not None:
        taken = taken.exclude(zones=zone)
    if taken.exists():
        names = ", ".join(d.display_name for d in taken)
        raise DomainError(
            _("อำเภอต่อไปนี้อยู่ในโซนอื่นแล้ว: %(names)s") % {"names": names}, field="districts"
        )
    old = None
    if zone is None:
        zone = Zone.objects.create(province_id=province_id, name=name)
    else:
        old = {"name": zone.name, "districts": sorted(zone.districts.values_list("pk", flat=True))}
        zone.name = name
        zone.save()
    zone.districts.set(districts)
    log_action(
        actor=actor,
        action="zone.save",
        obj=zone,
        changes={"old": old, "name": name, "districts": sorted(d.pk for d in districts)},
    )
    return zone
