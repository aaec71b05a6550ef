"""Stages 3–4 at national scale: prints timings, asserts nothing.

    .venv/bin/python scripts/benchmark_development.py [--units 100000]

Uses a throw-away SQLite database under /tmp unless DATABASE_URL is set (then it must be an
empty database it may fill). Seeds accepted units across every district, each with a finished
before-assessment against its province's approved framework and, for half of them, an approved
plan of two items; then times the pages and documents of stages 3–4.
"""

import datetime as dt
import io
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import _bench  # noqa: E402


def main():
    args = _bench.units_argument()
    _bench.start_django()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from accounts.models import Role, User
    from development.models import Answer, Phase, Plan, PlanItem, SelfAssessment
    from development.plans_report import plans_report
    from development.record import development_record
    from documents.development_record import development_record_pdf
    from frameworks import services as framework_services
    from frameworks.models import Framework, Indicator
    from geography.models import District, Subdistrict
    from programme.models import UnitType
    from registration.models import Status, Unit

    call_command("load_default_frameworks", stdout=io.StringIO())
    rng = random.Random(7)
    admin = User.objects.create_user(username="bench-admin", password="x", role=Role.ADMIN)
    start = time.perf_counter()
    frameworks = {}
    defaults = list(Framework.objects.filter(programme_year__isnull=True))
    years = _bench.province_years()
    for province_id, year in years.items():
        officer = User.objects.create_user(
            username=f"p{province_id}", password="x", role=Role.PROVINCE, province_id=province_id
        )
        for default in defaults:
            framework = framework_services.framework_copy(
                actor=officer, source=default, programme_year=year
            )
            framework.approved_at, framework.approved_by = timezone.now(), officer
            framework.save()
            frameworks[(province_id, default.unit_type)] = framework
    structure = {
        f.pk: list(Indicator.objects.filter(component__framework=f).prefetch_related("levels"))
        for f in frameworks.values()
    }
    print(f"frameworks for {len(years)} provinces in {time.perf_counter() - start:.1f} s")

    start = time.perf_counter()
    subdistricts = list(Subdistrict.objects.select_related("district"))
    units = []
    for i in range(args.units):
        sub = rng.choice(subdistricts)
        units.append(
            _bench.seed_unit(
                i,
                sub,
                years=years,
                created_by=admin,
                unit_type=UnitType.values[i % 4],
                status=Status.DOCUMENTS_COMPLETE,
            )
        )
    Unit.objects.bulk_create(units, batch_size=5000)
    units = list(Unit.objects.select_related("district").order_by("pk"))
    now = timezone.now()
    assessments = [
        SelfAssessment(
            unit=u,
            phase=Phase.BEFORE,
            framework=frameworks[(u.district.province_id, u.unit_type)],
            state=SelfAssessment.State.FINISHED,
            started_by=admin,
            finished_by=admin,
            finished_at=now,
        )
        for u in units
    ]
    SelfAssessment.objects.bulk_create(assessments, batch_size=5000)
    answers = []
    for assessment in SelfAssessment.objects.only("pk", "framework_id").iterator():
        for indicator in structure[assessment.framework_id]:
            level = rng.choice(list(indicator.levels.all())[:3])
            answers.append(
                Answer(assessment=assessment, indicator=indicator, level=level, updated_by=admin)
            )
        if len(answers) >= 20000:
            Answer.objects.bulk_create(answers)
            answers = []
    Answer.objects.bulk_create(answers)
    planned = units[::2]
    Plan.objects.bulk_create(
        [Plan(unit=u, state=Plan.State.APPROVED) for u in planned], batch_size=5000
    )
    items = []
    for plan in Plan.objects.select_related("unit__district").iterator():
        u = plan.unit
        for order, indicator in enumerate(
            structure[frameworks[(u.district.province_id, u.unit_type)].pk][:2], start=1
        ):
            items.append(
                PlanItem(
                    plan=plan,
                    indicator=indicator,
                    knowledge="การทำบัญชีครัวเรือน",
                    method="อบรมร่วมกับผู้นำทั้งอำเภอ",
                    starts_on=dt.date(2027, 1, 10),
                    ends_on=dt.date(2027, 2, 28),
                    resource="ปราชญ์ชาวบ้าน",
                    evidence="บัญชีครัวเรือน",
                    target_score=4,
                    order=order,
                )
            )
        if len(items) >= 20000:
            PlanItem.objects.bulk_create(items)
            items = []
    PlanItem.objects.bulk_create(items)
    print(
        f"seeded {len(units):,} accepted units, {SelfAssessment.objects.count():,} assessments, "
        f"{Answer.objects.count():,} answers, {PlanItem.objects.count():,} plan items "
        f"in {time.perf_counter() - start:.1f} s"
    )

    district = District.objects.get(pk="5101")
    year = years["51"]
    officer = _bench.district_officer(district)
    provincial = User.objects.get(username="p51")
    client = Client()
    client.force_login(officer)
    in_district = Unit.objects.filter(programme_year=year, district=district)
    unit = in_district.filter(plan__isnull=False).earliest("pk")  # raises if the seed made none
    print(
        f"district 5101: {in_district.count()} units; province 51: "
        f"{Unit.objects.filter(programme_year=year).count()} units"
    )
    _bench.timed(
        "stage 3–4 progress page, district",
        lambda: client.get(f"/development/years/{year.pk}/progress/"),
    )
    _bench.timed(
        "assessment form (before), one unit",
        lambda: client.get(f"/development/units/{unit.pk}/assessment/BEFORE/"),
    )
    _bench.timed(
        "result page with chart, one unit",
        lambda: client.get(f"/development/units/{unit.pk}/result/"),
    )
    _bench.timed("plan page, one unit", lambda: client.get(f"/development/units/{unit.pk}/plan/"))
    _bench.timed(
        "development record PDF, one unit",
        lambda: development_record_pdf(development_record(unit)),
        repeat=3,
    )
    _bench.timed(
        "plans report PDF, one district",
        lambda: plans_report(user=officer, year=year, district=district, fmt="pdf"),
        repeat=3,
    )
    client.force_login(provincial)
    _bench.timed(
        "stage 3–4 progress page, province",
        lambda: client.get(f"/development/years/{year.pk}/progress/"),
    )
    _bench.timed(
        "plans report Excel, whole province",
        lambda: plans_report(user=provincial, year=year, district=None, fmt="xlsx"),
        repeat=3,
    )


if __name__ == "__main__":
    main()
