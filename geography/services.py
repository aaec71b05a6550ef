from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import log_action
from core.errors import DomainError
from core.uploads import CheckedFile, check_upload, read_image_header
from geography.models import District, Province, ProvinceEmblem, Subdistrict, Village, Zone
from geography.permissions import can_add_villages, can_define_zones, can_set_emblem


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


# --- the province's emblem for its documents ---------------------------------------------------

# The Garuda prints 3 cm high (docs/documents.md): at least ~120 dpi there, so it stays sharp.
EMBLEM_MIN_SIDE = 150
# A logo wider or taller than this is not an emblem that fits the 3 cm space above a title.
EMBLEM_MAX_RATIO = 3


def _check_emblem(upload: UploadedFile[bytes]) -> tuple[CheckedFile, int, int]:
    """The upload as core.uploads checks every image (content, not name; pixel limits; re-encoded
    without metadata), and shaped to print as an emblem."""
    checked = check_upload(upload, allow_pdf=False)
    header = read_image_header(checked.content)
    width, height = header.width, header.height
    if min(width, height) < EMBLEM_MIN_SIDE:
        raise DomainError(
            _(
                "ภาพตราสัญลักษณ์เล็กเกินไป (%(width)s × %(height)s พิกเซล) ต้องกว้างและสูงอย่างน้อย %(least)s พิกเซล เพื่อให้พิมพ์ได้คมชัด"
            )
            % {"width": width, "height": height, "least": EMBLEM_MIN_SIDE},
            field="file",
        )
    if max(width, height) > EMBLEM_MAX_RATIO * min(width, height):
        raise DomainError(
            _("ภาพตราสัญลักษณ์ยาวหรือแคบเกินไป ด้านยาวต้องไม่เกิน %(ratio)s เท่าของด้านสั้น")
            % {"ratio": EMBLEM_MAX_RATIO},
            field="file",
        )
    return checked, width, height


def _delete_file_on_commit(storage: Storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def emblem_set(
    *, actor: User, province: Province, upload: UploadedFile[bytes], expected_version: int
) -> ProvinceEmblem:
    """Upload the province's emblem, or replace it. The form carries the version it was made
    from: 0 when the province had none (a first save), so two first uploads, or an upload over
    one made meanwhile, keep only the first (docs/conventions.md "No lost write")."""
    if not can_set_emblem(actor, province.pk):
        raise DomainError(_("เฉพาะเจ้าหน้าที่จังหวัดเท่านั้นที่กำหนดตราสัญลักษณ์ของจังหวัดได้"))
    checked, width, height = _check_emblem(upload)
    # The province's row is the lock: a first upload has no emblem row to lock yet.
    Province.objects.select_for_update().get(pk=province.pk)
    emblem = ProvinceEmblem.objects.filter(province=province).first()
    current = emblem.version if emblem else 0
    if expected_version != current:
        raise DomainError(
            _("ตราสัญลักษณ์ถูกเปลี่ยนไปแล้วระหว่างที่เปิดหน้านี้ กรุณาเปิดหน้าใหม่แล้วส่งอีกครั้ง"),
            field="file",
        )
    old_name = (emblem.image.name or "") if emblem else ""
    if emblem is None:
        emblem = ProvinceEmblem(province=province, version=0)
    emblem.content_type = checked.content_type
    emblem.width, emblem.height = width, height
    emblem.sha256 = checked.sha256
    emblem.version = current + 1
    emblem.uploaded_by = actor
    emblem.image.save(f"emblem.{checked.extension}", ContentFile(checked.content), save=False)
    emblem.save()
    log_action(
        actor=actor,
        action="geography.emblem_set",
        obj=emblem,
        changes={
            "sha256": checked.sha256,
            "width": width,
            "height": height,
            "version": emblem.version,
            "replaced": bool(old_name),
        },
    )
    if old_name:
        _delete_file_on_commit(emblem.image.storage, old_name)
    return emblem


@transaction.atomic
def emblem_remove(*, actor: User, province: Province, expected_version: int) -> None:
    """Take the emblem off: documents print the empty space again."""
    if not can_set_emblem(actor, province.pk):
        raise DomainError(_("เฉพาะเจ้าหน้าที่จังหวัดเท่านั้นที่กำหนดตราสัญลักษณ์ของจังหวัดได้"))
    emblem = ProvinceEmblem.objects.select_for_update().filter(province=province).first()
    if emblem is None:
        raise DomainError(_("จังหวัดยังไม่มีตราสัญลักษณ์ หรือถูกนำออกไปแล้ว"))
    if expected_version != emblem.version:
        raise DomainError(_("ตราสัญลักษณ์ถูกเปลี่ยนไปแล้วระหว่างที่เปิดหน้านี้ กรุณาเปิดหน้าใหม่แล้วส่งอีกครั้ง"))
    log_action(
        actor=actor,
        action="geography.emblem_remove",
        obj=emblem,
        changes={"sha256": emblem.sha256, "version": emblem.version},
    )
    storage, name = emblem.image.storage, emblem.image.name or ""
    emblem.delete()
    _delete_file_on_commit(storage, name)
