"""The plan of the header search's unit query (search/selectors.py `_units`) on PostgreSQL, with
the trigram index of registration/migrations/0007 and without it (dropped inside a transaction
that is rolled back), for the users a benchmark left:

    DATABASE_URL=postgres://… .venv/bin/python scripts/explain_unit_search.py [username …]

Run it on a database that scripts/benchmark_dashboards.py filled (its users bench-admin,
bench-province and bench-district by default). Prints each query's scans and execution time.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

QUERIES = ["ทดสอบ 123456", "ทดสอบ 4242", "หน่วยนับทดสอบ 1999"]


class Rollback(Exception):
    pass


def main() -> int:
    import django

    django.setup()
    from django.db import connection, transaction

    from accounts.models import User
    from registration.models import Unit
    from search import selectors

    if connection.vendor != "postgresql":
        print("PostgreSQL only: the index is not made on SQLite")
        return 1
    names = sys.argv[1:] or ["bench-admin", "bench-province", "bench-district"]
    users = list(User.objects.filter(username__in=names).order_by("username"))
    print(f"{Unit.objects.count():,} units")
    for dropped in (False, True):
        print("\nindex dropped (rolled back)" if dropped else "\nwith the index")
        try:
            with transaction.atomic():
                if dropped:
                    with connection.cursor() as cursor:
                        cursor.execute("DROP INDEX unit_name_upper_trgm")
                for user in users:
                    for query in QUERIES:
                        found = selectors._units(user, query)[: selectors.LIMIT + 1]
                        rows = len(list(found))
                        plan = found.explain(analyze=True).splitlines()
                        scans = sorted(
                            {line.split("(")[0].strip(" ->") for line in plan if "Scan" in line}
                        )
                        took = next(line for line in plan if line.startswith("Execution"))
                        print(f"  {user.username:<15} {query!r:<24} {rows:>3} rows  {took}")
                        print(f"      {'; '.join(scans)}")
                raise Rollback
        except Rollback:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
