"""Background tasks (django-tasks; the database backend's `manage.py db_worker` runs them)."""

from django_tasks import task


@task()
def generate_year_certificates(batch_id: int) -> None:
    # Takes the batch's id and re-reads everything: the run is idempotent (certification.batch).
    from certification.batch import run_batch
    from certification.events import CertificateBatchDone
    from certification.models import CertificateBatch
    from core import events

    run_batch(batch_id)
    batch = CertificateBatch.objects.select_related("programme_year").get(pk=batch_id)
    if batch.state == CertificateBatch.State.DONE:
        # Once for the whole run: each district hears how many it got, not once a certificate.
        events.publish(
            CertificateBatchDone(
                batch_id=batch.pk,
                programme_year_id=batch.programme_year_id,
                province_id=batch.programme_year.province_id,
                actor_id=batch.requested_by_id,
            )
        )
