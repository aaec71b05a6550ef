"""Create the department's default framework of each type from frameworks/default_frameworks.py.

Idempotent: a type that already has a default is left as it is (the department may have edited it).
"""

from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from frameworks.default_frameworks import DEFAULT_FRAMEWORKS
from frameworks.models import Component, Framework, Indicator, Level


class Command(BaseCommand):
    help = "สร้างเกณฑ์ตัวบ่งชี้มาตรฐานของกรมทั้ง 4 ประเภท (ถ้ายังไม่มี)"

    @transaction.atomic
    def handle(self, *args, **options):
        for unit_type, data in DEFAULT_FRAMEWORKS.items():
            if Framework.objects.filter(programme_year__isnull=True, unit_type=unit_type).exists():
                self.stdout.write(f"{unit_type}: มีอยู่แล้ว")
                continue
            framework = Framework.objects.create(
                unit_type=unit_type,
                name=data["name"],
                pass_total_percent=Decimal(data["pass_total_percent"]),
                pass_component_percent=Decimal(data["pass_component_percent"]),
            )
            count = 0
            for c_order, component in enumerate(data["components"], start=1):
                c = Component.objects.create(
                    framework=framework,
                    order=c_order,
                    name=component["name"],
                    description=component.get("description", ""),
                    weight=Decimal(component.get("weight", 1)),
                )
                for i_order, indicator in enumerate(component["indicators"], start=1):
                    ind = Indicator.objects.create(
                        component=c,
                        order=i_order,
                        code=indicator["code"],
                        text=indicator["text"],
                        evidence=indicator.get("evidence", ""),
                        weight=Decimal(indicator.get("weight", 1)),
                    )
                    Level.objects.bulk_create(
                        Level(indicator=ind, score=s, descriptor=d) for s, d in indicator["levels"]
                    )
                    count += 1
            self.stdout.write(f"{unit_type}: {len(data['components'])} องค์ประกอบ {count} ตัวบ่งชี้")
