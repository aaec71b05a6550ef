"""Reads of certificates, scoped to the user asking."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import User
from certification.models import Certificate, CertificateBatch
from core.scope import visible_to
from programme.models import ProgrammeYear
from registration.models import Status, Unit


@dataclass
class CertificateRow:
    unit: Unit
    certificate: Certificate | None

    @property
    def unit_still_certified(self) -> bool:
        return self.unit.status == Status.CERTIFIED


def year_certificates(
    user: User, year: ProgrammeYear
) -> tuple[list[CertificateRow], list[Certificate]]:
    """Rows of certified units (and units holding a current certificate), and the revoked ones.

    Three queries whatever the number of units.
    """
    certificates = list(
        visible_to(user, Certificate)
        .filter(programme_year=year)
        .select_related("unit__district")
        .order_by("number")
    )
    current = {c.unit_id: c for c in certificates if not c.is_revoked}
    units = (
        visible_to(user, Unit)
        .filter(programme_year=year, status=Status.CERTIFIED)
        .select_related("district")
    )
    seen = {u.pk: u for u in units}
    # A unit whose decision was reopened after its certificate was issued stays listed, so
    # the province sees the certificate it may need to revoke.
    for certificate in current.values():
        seen.setdefault(certificate.unit_id, certificate.unit)
    rows = [
        CertificateRow(unit=unit, certificate=current.get(unit.pk))
        for unit in sorted(seen.values(), key=lambda u: (u.district_id, u.unit_type, u.name, u.pk))
    ]
    revoked = [c for c in certificates if c.is_revoked]
    return rows, revoked


def latest_batch(year: ProgrammeYear) -> CertificateBatch | None:
    return CertificateBatch.objects.filter(programme_year=year).first()


def latest_combined(year: ProgrammeYear) -> CertificateBatch | None:
    return (
        CertificateBatch.objects.filter(programme_year=year, state=CertificateBatch.State.DONE)
        .exclude(combined_pdf="")
        .first()
    )
