"""Background tasks (django-tasks; the database backend's `manage.py db_worker` runs them)."""

from django_tasks import task


@task()
def generate_year_certificates(batch_id: int) -> None:
    # Takes the batch's id and re-reads everything: the run is idempotent (certification.batch).
    from certification.batch import run_batch

    run_batch(batch_id)
