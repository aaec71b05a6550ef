"""Background tasks (django-tasks; `manage.py db_worker` runs them beside the server)."""

from django_tasks import task


@task()
def send_email(notification_id: int) -> None:
    # Takes the id and re-reads the row: a delivery already made is not made again.
    from notifications.delivery import deliver_email

    deliver_email(notification_id)


@task()
def send_line(notification_id: int) -> None:
    from notifications.delivery import deliver_line

    deliver_line(notification_id)
