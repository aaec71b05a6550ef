"""The public register as open data: CSV and JSON, its schema and licence, its cache
(docs/open_data.md)."""

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certification import services as certification_services
from certification.models import Certificate
from geography.models import Province
from programme.services import programme_year_create
from registration.models import Status, Unit
from tests.factories import make_unit

CSV = reverse("certified_public:open_data_csv")
JSON = reverse("certified_public:open_data_json")
SCHEMA = reverse("certified_public:open_data_schema")

# Fields of a unit's record that are personal: none may be a column, none of their values may
# appear in a file (the leader's name is the unit's name, public as on the certificate).
PERSONAL_FIELDS = {
    "national_id",
    "national_id_hash",
    "first_name",
    "last_name",
    "person_title",
    "birth_date",
    "house_number",
    "phone",
    "email",
    "address",
    "village",
    "line_id",
}
PERSONAL_VALUES = ["3100600445635", "3-1006", "0812345678", "1968-05-12"]


@pytest.fixture(autouse=True)
def fresh_cache(signing_key_file):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def register(alice, pat, olivia, year, certified_leader):
    """Certified units of two provinces, one revoked, one not yet issued, one not certified."""
    Unit.objects.filter(pk=certified_leader.pk).update(phone="0812345678")
    chiang_mai = programme_year_create(
        actor=olivia, province=Province.objects.get(pk="50"), fiscal_year=2570
    )
    revoked = make_unit(year, alice, "กลุ่มที่ถูกเพิกถอน", unit_type="COMMUNITY")
    maetha = make_unit(year, alice, "กลุ่มแม่ทา", district="5102")
    make_unit(year, alice, "เครือข่ายรอประกาศนียบัตร", unit_type="NETWORK")
    make_unit(year, alice, "กลุ่มยังไม่ผ่าน", status=Status.DOCUMENTS_COMPLETE)
    other = make_unit(chiang_mai, olivia, "กลุ่มเชียงใหม่", district="5001")
    for unit in (certified_leader, revoked, maetha):
        certification_services.issue_certificate(actor=pat, unit=unit)
    certification_services.issue_certificate(actor=olivia, unit=other)
    certification_services.certificate_revoke(
        actor=pat, certificate=revoked.certificates.get(), reason="ชื่อไม่ถูกต้อง"
    )
    return {"leader": certified_leader, "revoked": revoked, "maetha": maetha}


def expected_rows() -> set[tuple]:
    """The register computed from the tables: certified units with a certificate issued, valid
    when one is not revoked."""
    rows = set()
    for unit in Unit.objects.filter(status=Status.CERTIFIED).select_related(
        "district__province", "subdistrict"
    ):
        certificates = list(Certificate.objects.filter(unit=unit))
        if not certificates:
            continue
        valid = any(c.revoked_at is None for c in certificates)
        rows.add(
            (
                unit.name,
                unit.unit_type,
                unit.district.province.code,
                unit.district.code,
                unit.subdistrict.code,
                unit.fiscal_year,
                "valid" if valid else "revoked",
            )
        )
    return rows


def key(row: dict) -> tuple:
    return (
        row["name"],
        row["unit_type"],
        row["province_code"],
        row["district_code"],
        row["subdistrict_code"],
        int(row["fiscal_year"]),
        row["certificate_status"],
    )


def read_csv(response) -> list[dict]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_has_no_personal_field_and_equals_the_register(client, register):
    response = client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert not PERSONAL_FIELDS & set(header)
    assert not [column for column in header if "name" in column and column != "name"]
    for value in PERSONAL_VALUES:
        assert value not in text
    rows = read_csv(response)
    assert {key(row) for row in rows} == expected_rows()
    assert len(rows) == len(expected_rows()) == 4
    by_name = {row["name"]: row for row in rows}
    assert by_name["กลุ่มที่ถูกเพิกถอน"]["certificate_status"] == "revoked"
    assert by_name["กลุ่มแม่ทา"]["district"] == "แม่ทา"
    assert by_name["กลุ่มเชียงใหม่"]["province"] == "เชียงใหม่"
    assert "เครือข่ายรอประกาศนียบัตร" not in by_name  # not issued yet: not public
    assert "license" in response["Link"]


def check(schema: dict, value, path="$") -> list[str]:
    """The part of JSON Schema (2020-12) the open-data schema uses: type, enum, required,
    properties, additionalProperties false, items, minLength, pattern, minimum, maximum."""
    errors = []
    types = schema.get("type")
    if types is not None:
        names = types if isinstance(types, list) else [types]
        python = {
            "object": dict,
            "array": list,
            "string": str,
            "integer": int,
            "null": type(None),
        }
        if not any(
            isinstance(value, python[n]) and not (n == "integer" and isinstance(value, bool))
            for n in names
        ):
            return [f"{path}: {value!r} is not {types}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            errors.append(f"{path}: too short")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{path}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, int):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{path}: below minimum")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{path}: above maximum")
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                errors.append(f"{path}: {name} missing")
        properties = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            errors += [f"{path}: {name} not allowed" for name in set(value) - set(properties)]
        for name, sub in properties.items():
            if name in value:
                errors += check(sub, value[name], f"{path}.{name}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            errors += check(schema["items"], item, f"{path}[{index}]")
    return errors


def test_the_json_validates_against_the_served_schema_and_equals_the_csv(client, register):
    schema = client.get(SCHEMA)
    assert schema.status_code == 200
    schema = schema.json()
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["x-licence"]["url"].startswith("https://data.go.th/")
    document = client.get(JSON).json()
    assert check(schema, document) == []
    assert document["count"] == len(document["units"]) == 4
    assert {key(row) for row in document["units"]} == expected_rows()
    assert document["licence"] == schema["x-licence"]
    assert document["fields"] == list(read_csv(client.get(CSV))[0])
    for field in PERSONAL_FIELDS:
        assert field not in schema["properties"]["units"]["items"]["properties"]
    # The checker does refuse what the schema forbids.
    document["units"][0]["phone"] = "0812345678"
    document["units"][1]["certificate_status"] = "maybe"
    assert len(check(schema, document)) == 2


def test_the_public_register_links_the_open_data_and_its_licence(client, register):
    text = client.get(reverse("certified_public:register")).content.decode()
    for url in (CSV, JSON, SCHEMA, "https://data.go.th/pages/dga-open-government-license"):
        assert url in text


def test_the_cache_is_refreshed_after_a_revocation_and_an_issue(client, pat, alice, register):
    first = client.get(CSV)
    # Unchanged: from the cache, the fingerprint's two queries only; the ETag answers 304.
    with CaptureQueriesContext(connection) as captured:
        again = client.get(CSV)
    assert again.content == first.content
    assert len(captured) == 2
    assert client.get(CSV, headers={"if-none-match": first["ETag"]}).status_code == 304
    certification_services.certificate_revoke(
        actor=pat, certificate=register["maetha"].certificates.get(), reason="ทดสอบ"
    )
    after = client.get(CSV)
    assert after["ETag"] != first["ETag"]
    assert {row["name"]: row for row in read_csv(after)}["กลุ่มแม่ทา"][
        "certificate_status"
    ] == "revoked"
    assert client.get(CSV, headers={"if-none-match": first["ETag"]}).status_code == 200
    assert {key(row) for row in client.get(JSON).json()["units"]} == expected_rows()
    # A new certificate shows too.
    waiting = Unit.objects.get(name="เครือข่ายรอประกาศนียบัตร")
    certification_services.issue_certificate(actor=pat, unit=waiting)
    names = {row["name"] for row in read_csv(client.get(CSV))}
    assert "เครือข่ายรอประกาศนียบัตร" in names
    assert len(names) == len(expected_rows()) == 5


def test_the_files_cost_a_fixed_number_of_queries(client, pat, alice, year, register):
    def count(url):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = count(CSV), count(JSON)
    for index in range(5):
        unit = make_unit(year, alice, f"กลุ่มเพิ่ม {index}")
        certification_services.issue_certificate(actor=pat, unit=unit)
    assert (count(CSV), count(JSON)) == few


def test_open_data_answers_only_get(client, register):
    assert client.post(CSV).status_code == 405
    assert client.head(CSV).status_code == 200
    assert client.get(JSON, {"x": "<script>"}).status_code == 200
