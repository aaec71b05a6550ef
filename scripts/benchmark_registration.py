"""Registration at national scale: prints timings, asserts nothing.

    .venv/bin/python scripts/benchmark_registration.py [--units 100000]

Uses a throw-away SQLite database under /tmp unless DATABASE_URL is set (then it must be an
empty database it may fill). Seeds units across every district with bulk inserts, then times
what officers do most: the register page, a search by national ID, the duplicate check,
the province's quota status, and the applicant-list PDF of one district.
"""

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import _bench  # noqa: E402


def main():
    args = _bench.units_argument()
    _bench.start_django()
    from django.test import Client

    from accounts.models import Role, User
    from core.national_id import check_digit
    from geography.models import District, Subdistrict
    from programme.models import Quota, UnitType
    from programme.selectors import quota_status
    from registration import exports
    from registration.models import Status, Unit
    from registration.services import find_duplicate

    rng = random.Random(7)
    admin = User.objects.create_user(username="bench-admin", password="x", role=Role.ADMIN)
    years = _bench.province_years()
    for year in years.values():
        Quota.objects.bulk_create(Quota(programme_year=year, unit_type=t) for t in UnitType.values)
    subdistricts = list(Subdistrict.objects.select_related("district"))
    statuses = [
        Status.DRAFT,
        Status.SUBMITTED,
        Status.DOCUMENTS_COMPLETE,
        Status.DOCUMENTS_RETURNED,
    ]
    start = time.perf_counter()
    batch = []
    for i in range(args.units):
        sub = rng.choice(subdistricts)
        unit_type = UnitType.values[i % 4]
        first12 = f"{3_000_000_000_00 + i:012d}"
        national_id = first12 + str(check_digit(first12)) if unit_type == UnitType.LEADER else ""
        batch.append(
            _bench.seed_unit(
                i,
                sub,
                years=years,
                created_by=admin,
                unit_type=unit_type,
                status=rng.choice(statuses),
                national_id=national_id,
            )
        )
        if len(batch) == 5000:
            Unit.objects.bulk_create(batch)
            batch = []
    Unit.objects.bulk_create(batch)
    print(
        f"seeded {args.units:,} units in {time.perf_counter() - start:.1f} s "
        f"({Unit.objects.values('district').distinct().count()} districts)"
    )

    district = District.objects.annotate().get(pk="5101")
    officer = _bench.district_officer(district)
    provincial = User.objects.create_user(
        username="bench-province", password="x", role=Role.PROVINCE, province_id="51"
    )
    year = years["51"]
    client = Client()
    client.force_login(officer)
    _bench.timed(
        "register page, district officer (first 50 rows)",
        lambda: client.get(f"/units/?year={year.pk}"),
    )
    sample_id = (
        Unit.objects.filter(district=district, unit_type="LEADER")
        .exclude(national_id="")
        .earliest("pk")
        .national_id
    )
    _bench.timed(
        "register search by national ID",
        lambda: client.get(f"/units/?year={year.pk}&q={sample_id}"),
    )
    client.force_login(provincial)
    _bench.timed(
        "register page, province (all districts)", lambda: client.get(f"/units/?year={year.pk}")
    )
    _bench.timed(
        "quota and deadline status page, province", lambda: client.get(f"/programme/{year.pk}/")
    )
    _bench.timed("quota_status() for the province", lambda: quota_status(year))
    probe = Unit(fiscal_year=2570, unit_type="LEADER", national_id=sample_id)
    _bench.timed(
        "duplicate check (leader by national ID, nationally)", lambda: find_duplicate(probe)
    )
    group = Unit.objects.filter(district=district, unit_type="GROUP").earliest("pk")
    _bench.timed(
        "duplicate check (group by name in subdistrict)",
        lambda: find_duplicate(
            Unit(
                fiscal_year=2570,
                unit_type="GROUP",
                name_key=group.name_key,
                subdistrict_id=group.subdistrict_id,
            )
        ),
    )
    count = Unit.objects.filter(
        programme_year=year,
        district=district,
        status__in=[Status.SUBMITTED, Status.DOCUMENTS_COMPLETE, Status.DOCUMENTS_RETURNED],
    ).count()
    _bench.timed(
        f"applicant-list PDF, one district ({count} applicants)",
        lambda: exports.applicant_list(user=officer, year=year, district=district, fmt="pdf"),
        repeat=3,
    )
    _bench.timed(
        "applicant-list Excel, whole province",
        lambda: exports.applicant_list(user=provincial, year=year, district=None, fmt="xlsx"),
        repeat=3,
    )


if __name__ == "__main__":
    main()
