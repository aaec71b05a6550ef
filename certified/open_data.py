"""The public register as open data: CSV and JSON of the certified units, with its schema and
licence (docs/open_data.md).

The rows are exactly the public register's (`selectors.public_register` with no filter): units
still certified whose certificate the province has issued, with the certificate's status. Only
public columns are read (`selectors.ROW_FIELDS` through `.only()`), and each row is written from
the fields named in FIELDS, so no personal field (national ID, birth date, house number, phone,
a person's first or last name) can reach a file.

Caching: a file is built once per state of the register and kept in Django's cache under a key
made of a fingerprint of that state: the certificates' count, last id, count revoked and last
revocation time, and the last unit status move (a unit certified or taken off the register).
Every issue and revocation changes the fingerprint, so the next request builds afresh; the
fingerprint is two aggregate queries on indexed columns. It is also the file's ETag, so a client
that has the file gets 304 Not Modified.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from certification.models import Certificate
from certified import selectors
from programme.models import UnitType
from registration.models import StatusChange

# The schema, the title, the publisher and the licence line (Thai content, not interface text).
SCHEMA: dict[str, Any] = json.loads(
    (Path(__file__).with_name("open_data.schema.json")).read_text(encoding="utf-8")
)
LICENCE: dict[str, str] = SCHEMA["x-licence"]
ROW_SCHEMA: dict[str, Any] = SCHEMA["properties"]["units"]["items"]
# A day: an unchanged register is served from the cache; a change gets a new key at once.
CACHE_SECONDS = 24 * 60 * 60
# Clients may keep a copy a minute before asking again (with If-None-Match), as the register page.
HTTP_MAX_AGE = 60

# The columns of a row, in order: the public register's, nothing else.
FIELDS = (
    "name",
    "unit_type",
    "unit_type_label",
    "province_code",
    "province",
    "district_code",
    "district",
    "subdistrict_code",
    "subdistrict",
    "fiscal_year",
    "certificate_status",
)


def fingerprint() -> tuple[str, datetime | None]:
    """(digest, last change) of the register's state: what the cache key and the ETag are made
    of. Two aggregate queries."""
    certificates = Certificate.objects.aggregate(
        count=Count("pk"),
        last=Max("pk"),
        revoked=Count("revoked_at"),
        last_revoked=Max("revoked_at"),
        last_issued=Max("issued_at"),
    )
    last_move = StatusChange.objects.aggregate(last=Max("pk"))["last"]
    state = "|".join(
        str(value)
        for value in (
            certificates["count"],
            certificates["last"],
            certificates["revoked"],
            certificates["last_revoked"],
            last_move,
        )
    )
    changed = [t for t in (certificates["last_issued"], certificates["last_revoked"]) if t]
    return hashlib.sha256(state.encode()).hexdigest()[:32], max(changed) if changed else None


def rows() -> Iterator[dict[str, Any]]:
    """Every row of the public register as FIELDS, Thai labels whatever the request's language."""
    with translation.override("th"):
        for row in selectors.iterate_with_columns(selectors.public_register({})):
            unit = row.unit
            yield {
                "name": unit.name,
                "unit_type": unit.unit_type,
                "unit_type_label": str(UnitType(unit.unit_type).label),
                "province_code": unit.district.province.code,
                "province": unit.district.province.name_th,
                "district_code": unit.district.code,
                "district": unit.district.name_th,
                "subdistrict_code": unit.subdistrict.code,
                "subdistrict": unit.subdistrict.name_th,
                "fiscal_year": unit.fiscal_year,
                "certificate_status": selectors.certificate_status(row),
            }


def build_csv() -> bytes:
    out = io.StringIO()
    # A byte-order mark, so that spreadsheet programs read the Thai as UTF-8.
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows())
    return out.getvalue().encode("utf-8")


def build_json(updated: datetime | None) -> bytes:
    units = list(rows())
    document = {
        "title": SCHEMA["title"],
        "publisher": SCHEMA["x-publisher"],
        "licence": {"name": LICENCE["name"], "url": LICENCE["url"]},
        "updated": updated.isoformat() if updated else None,
        "count": len(units),
        "fields": list(FIELDS),
        "units": units,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _serve(request, fmt: str) -> HttpResponseBase:
    digest, updated = fingerprint()
    etag = f'"{fmt}-{digest}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return _headers(not_modified, etag, updated)
    key = f"certified:open-data:{fmt}:{digest}"
    body = cache.get(key)
    if body is None:
        body = build_csv() if fmt == "csv" else build_json(updated)
        cache.set(key, body, CACHE_SECONDS)
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="mchch-certified.{fmt}"'
    return _headers(response, etag, updated)


def _headers(response: HttpResponseBase, etag: str, updated: datetime | None) -> HttpResponseBase:
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={HTTP_MAX_AGE}"
    schema_url = reverse("certified_public:open_data_schema")
    response["Link"] = f'<{LICENCE["url"]}>; rel="license", <{schema_url}>; rel="describedby"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    if updated is not None:
        response["Last-Modified"] = http_date(updated.timestamp())
    return response


@require_safe
def register_csv(request) -> HttpResponseBase:
    return _serve(request, "csv")


@require_safe
def register_json(request) -> HttpResponseBase:
    return _serve(request, "json")


@require_safe
def schema(request) -> HttpResponseBase:
    document = {**SCHEMA, "$id": request.build_absolute_uri()}
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Cache-Control"] = f"public, max-age={HTTP_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    return response
