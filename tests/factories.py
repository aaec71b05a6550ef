"""Helpers shared by test modules: objects made straight in the tables, and query counting.

Fixtures live in tests/conftest.py; what a test calls (not requests) lives here, so that no
test module imports from another."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from geography.models import Subdistrict
from registration.models import Status, Unit


def make_unit(year, creator, name, *, district="5101", status=Status.CERTIFIED, unit_type="GROUP"):
    """A unit in the given status, straight into the table (the workflow is tested elsewhere)."""
    return Unit.objects.create(
        programme_year=year,
        fiscal_year=year.fiscal_year,
        unit_type=unit_type,
        status=status,
        district_id=district,
        subdistrict=Subdistrict.objects.filter(district_id=district).order_by("code").first(),
        name=name,
        name_key=name,
        created_by=creator,
    )


def page_queries(client, url: str) -> tuple[int, str]:
    """(number of queries, body) of a GET of `url`, which must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured), response.content.decode()


def assert_queries_flat(client, url: str, grow, *, expect=None) -> int:
    """The page at `url` costs as many queries after `grow()` (which adds more of what it lists)
    as before; `expect(body_before, body_after)` checks the growth shows. The count is returned."""
    few, before = page_queries(client, url)
    grow()
    many, after = page_queries(client, url)
    if expect is not None:
        expect(before, after)
    assert many == few, f"{url}: {few} queries, then {many} after adding more"
    return few
