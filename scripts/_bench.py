"""What the benchmark scripts share: the throw-away database, timing, and the seeded rows every
stage starts from (a programme year per province, units spread over the subdistricts, the
district officer who looks at them)."""

import argparse
import io
import os
import tempfile
import time


def units_argument() -> argparse.Namespace:
    """--units: how many units the benchmark seeds."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=100_000)
    return parser.parse_args()


def start_django() -> None:
    """Django on a throw-away SQLite database under /tmp unless DATABASE_URL is set (then it
    must be an empty database it may fill), migrated, with the geography loaded."""
    if "DATABASE_URL" not in os.environ:
        os.environ["MCHCH_VAR_DIR"] = tempfile.mkdtemp(prefix="mchch-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_geography", stdout=io.StringIO())


def timed(label, fn, repeat=5):
    """Run fn `repeat` times and print the best time; fn's last result."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<58} {best * 1000:9.1f} ms")
    return result


def province_years(fiscal_year=2570):
    """One programme year of every province, with the department's default calendar."""
    from geography.models import Province
    from programme.models import ProgrammeYear
    from programme.services import default_dates

    return {
        province.pk: ProgrammeYear.objects.create(
            province=province, fiscal_year=fiscal_year, **default_dates(fiscal_year)
        )
        for province in Province.objects.all()
    }


def seed_unit(i, subdistrict, *, years, created_by, unit_type, status, national_id=""):
    """The i-th unit of a seed, unsaved (for bulk_create), in the year of its province."""
    from registration.models import Unit

    name = f"หน่วยนับทดสอบ {i}"
    return Unit(
        programme_year=years[subdistrict.district.province_id],
        fiscal_year=years[subdistrict.district.province_id].fiscal_year,
        unit_type=unit_type,
        status=status,
        district_id=subdistrict.district_id,
        subdistrict=subdistrict,
        name=name,
        name_key=name.replace(" ", ""),
        national_id=national_id,
        created_by=created_by,
    )


def district_officer(district):
    from accounts.models import Role, User

    return User.objects.create_user(
        username="bench-officer",
        password="x",
        role=Role.DISTRICT,
        district=district,
        province_id=district.province_id,
    )
