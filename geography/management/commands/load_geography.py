"""Load the official provinces, districts and subdistricts from the geothai package.

Idempotent: rows are matched by their official code; a second run changes nothing.
"""

from typing import TypeVar

import geothai
from django.core.management.base import BaseCommand
from django.db import transaction

from geography.models import District, Province, Subdistrict

Place = TypeVar("Place", Province, District, Subdistrict)


def _sync(model: type[Place], rows: list[Place], fields: list[str]) -> tuple[str, int, int, int]:
    """Create the rows not yet stored and update those whose fields differ; returns the model's
    name with the number of rows, created and updated."""
    existing = {obj.pk: obj for obj in model.objects.all()}
    new = [row for row in rows if row.pk not in existing]
    changed = [
        row
        for row in rows
        if row.pk in existing
        and any(
            getattr(existing[row.pk], f if f not in ("province", "district") else f + "_id")
            != getattr(row, f if f not in ("province", "district") else f + "_id")
            for f in fields
        )
    ]
    model.objects.bulk_create(new, batch_size=1000)
    if changed:
        model.objects.bulk_update(changed, fields, batch_size=1000)
    return (str(model._meta.verbose_name), len(rows), len(new), len(changed))


class Command(BaseCommand):
    help = "โหลดจังหวัด อำเภอ ตำบล พร้อมรหัสทางการจากแพ็กเกจ geothai"

    @transaction.atomic
    def handle(self, *args, **options):
        provinces: list[Province] = []
        districts: list[District] = []
        subdistricts: list[Subdistrict] = []
        for p in geothai.provinces():
            provinces.append(Province(code=p.code, name_th=p.name_th, name_en=p.name_en))
            for d in geothai.districts(p.code):
                districts.append(
                    District(code=d.code, province_id=p.code, name_th=d.name_th, name_en=d.name_en)
                )
                for s in geothai.subdistricts(d.code):
                    subdistricts.append(
                        Subdistrict(
                            code=s.code,
                            district_id=d.code,
                            name_th=s.name_th,
                            name_en=s.name_en,
                            postal_code=(s.postal_codes or ("",))[0],
                        )
                    )
        counts = [
            _sync(Province, provinces, ["name_th", "name_en"]),
            _sync(District, districts, ["province", "name_th", "name_en"]),
            _sync(Subdistrict, subdistricts, ["district", "name_th", "name_en", "postal_code"]),
        ]
        for name, total, created, updated in counts:
            self.stdout.write(f"{name}: {total} รายการ (เพิ่ม {created}, ปรับปรุง {updated})")
