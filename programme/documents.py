"""What a year's report of one district or of the whole province (documents.parts.AreaReport:
the applicant list, the photo dossier, the plans report) takes from the models."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from accounts.models import User
from geography.models import District
from programme.models import ProgrammeYear


def area_report_fields(
    *, user: User, year: ProgrammeYear, district: District | None
) -> dict[str, Any]:
    """The province, district (None: the whole province), year, date, office and the signer,
    who is the officer who reports."""
    office = (
        f"สำนักงานพัฒนาชุมชน{district.display_name}"
        if district is not None
        else f"สำนักงานพัฒนาชุมชนจังหวัด{year.province.name_th}"
    )
    return {
        "province": year.province.name_th,
        "district": district.display_name if district is not None else None,
        "fiscal_year": year.fiscal_year,
        "issued_on": timezone.localdate(),
        "office": office,
        "signer_name": user.full_name,
        "signer_position": user.position_title or user.get_role_display(),
    }
