"""Events of certificates, published through core.events after the write commits. Ids and
plain values only, so a subscriber may hand them to a background task."""

from dataclasses import dataclass


@dataclass(frozen=True)
class CertificateIssued:
    """One unit's certificate was issued on its own (certification.services.issue_certificate,
    the officer's "ออกประกาศนียบัตร" on the unit)."""

    certificate_id: int
    unit_id: int
    programme_year_id: int
    district_id: str
    province_id: str
    actor_id: int


@dataclass(frozen=True)
class CertificatesIssued:
    """Certificates were issued to these units in one transaction (certification.services.
    issue_certificates: one unit's, or a chunk of the year's batch). Published before the batch
    is done, so what counts certificates (tallies/handlers.py) never waits for the whole run."""

    programme_year_id: int
    unit_ids: tuple[int, ...]
    actor_id: int


@dataclass(frozen=True)
class CertificateBatchDone:
    """The year's certificate batch finished (certification.tasks.generate_year_certificates).
    One event for the whole run, whatever it issued: a subscriber counts per district what the
    run issued (notifications.handlers.certificate_batch_done), not one message a certificate.
    A finished batch run again publishes it again; subscribers key on the batch."""

    batch_id: int
    programme_year_id: int
    province_id: str
    actor_id: int


@dataclass(frozen=True)
class CertificateRevoked:
    """A certificate was revoked, with its reason (certification.services.certificate_revoke,
    also when a decision is reopened)."""

    certificate_id: int
    unit_id: int
    programme_year_id: int
    district_id: str
    province_id: str
    reason: str
    actor_id: int
