"""All certificates of a province-year, as one background run that can be killed and rerun.

1. Issue: every CERTIFIED unit without a current certificate gets one, through the same
   `issue_certificate` as a single issue (numbers are taken in that one place), a chunk of
   units per transaction. A unit that has one already is skipped, so a rerun issues only what
   is missing and no number is given twice.
2. Render: every valid certificate of the year, a page each, in a few typst compiles
   (documents.certificate.render_batch): the combined PDF for printing, and one PDF per page.
3. Store: each certificate without a stored file gets its page, a chunk per transaction; one
   that has its file keeps it.

Killed anywhere, the next run finds what is done in the database and does the rest.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from certification import services
from certification.models import Certificate, CertificateBatch
from core.errors import DomainError
from documents.certificate import render_batch
from registration.models import Status, Unit

logger = logging.getLogger(__name__)

CHUNK = 100


def year_progress(year) -> tuple[int, int]:
    """(certificates with a stored file, certified units): what the progress bar shows."""
    total = Unit.objects.filter(programme_year=year, status=Status.CERTIFIED).count()
    done = (
        Certificate.objects.filter(programme_year=year, revoked_at__isnull=True)
        .exclude(pdf="")
        .count()
    )
    return min(done, total), total


BatchState = CertificateBatch.State
# A killed run leaves its batch RUNNING (or FAILED) and is run again; a finished one is final.
BATCH_TRANSITIONS: dict[str, set[str]] = {
    BatchState.QUEUED: {BatchState.RUNNING},
    BatchState.RUNNING: {BatchState.RUNNING, BatchState.DONE, BatchState.FAILED},
    BatchState.FAILED: {BatchState.RUNNING},
    BatchState.DONE: set(),
}


def _beat(batch: CertificateBatch, **fields) -> None:
    fields["heartbeat_at"] = timezone.now()
    for name, value in fields.items():
        setattr(batch, name, value)
    CertificateBatch.objects.filter(pk=batch.pk).update(**fields)


def batch_state_move(*, batch: CertificateBatch, to_state: str, **fields) -> None:
    """The one way a batch's state changes: checked against BATCH_TRANSITIONS, written with
    `fields` and a heartbeat."""
    if to_state not in BATCH_TRANSITIONS.get(batch.state, set()):
        raise DomainError(
            _("เปลี่ยนสถานะการออกประกาศนียบัตรจาก “%(old)s” เป็น “%(new)s” ไม่ได้")
            % {"old": BatchState(batch.state).label, "new": BatchState(to_state).label}
        )
    _beat(batch, state=to_state, **fields)


def _issue_missing(batch: CertificateBatch) -> None:
    year = batch.programme_year
    current = Certificate.objects.filter(programme_year=year, revoked_at__isnull=True)
    missing = list(
        Unit.objects.filter(programme_year=year, status=Status.CERTIFIED)
        .exclude(pk__in=current.values("unit_id"))
        # The order numbers are given in: by district, type and name, as the register reads.
        .order_by("district_id", "unit_type", "name", "pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(missing), CHUNK):
        # Units whose decision was reopened since are left out by issue_certificates.
        services.issue_certificates(
            actor=batch.requested_by, year=year, unit_ids=missing[start : start + CHUNK]
        )
        _beat(batch)


def _valid_certificates(year) -> list[Certificate]:
    return list(
        Certificate.objects.filter(programme_year=year, revoked_at__isnull=True)
        .select_related("unit__district", "programme_year__province")
        .order_by("number")
    )


def _store_pages(pairs: list[tuple[Certificate, bytes]]) -> None:
    services.store_certificate_pdfs(pairs)


def run_batch(batch_id: int) -> None:
    batch = CertificateBatch.objects.select_related("programme_year__province", "requested_by").get(
        pk=batch_id
    )
    if batch.state == CertificateBatch.State.DONE:
        return
    year = batch.programme_year
    batch_state_move(batch=batch, to_state=BatchState.RUNNING, started_at=timezone.now(), error="")
    try:
        # The signer is read when the worker runs (settings may change after queuing).
        settings = services.settings_for(year)
        services.require_signer(settings)
        _issue_missing(batch)
        certificates = _valid_certificates(year)
        if not certificates:
            batch_state_move(batch=batch, to_state=BatchState.DONE, finished_at=timezone.now())
            return
        combined, pages = render_batch(
            [services.certificate_data(c, settings) for c in certificates]
        )
        _beat(batch)
        for start in range(0, len(certificates), CHUNK):
            pairs = [
                (certificate, page)
                for certificate, page in zip(
                    certificates[start : start + CHUNK], pages[start : start + CHUNK], strict=True
                )
                if not services.has_stored_pdf(certificate)
            ]
            if pairs:
                _store_pages(pairs)
            _beat(batch)
        batch.combined_pdf.save("all.pdf", ContentFile(combined), save=False)
        batch_state_move(
            batch=batch,
            to_state=BatchState.DONE,
            combined_pdf=batch.combined_pdf.name,
            finished_at=timezone.now(),
        )
    except DomainError as error:  # a rule, not a fault: the batch page shows it in Thai
        batch_state_move(batch=batch, to_state=BatchState.FAILED, error=error.message)
    except Exception as exc:
        logger.exception("certificate batch %s failed", batch_id)
        batch_state_move(batch=batch, to_state=BatchState.FAILED, error=str(exc)[:2000])
        raise
