"""Background tasks of core (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task


@task()
def send_email(subject: str, body: str, to: list[str]) -> None:
    """Send one plain e-mail through Django's mail framework, off the user's request: a slow
    mail server never slows the page (a password-reset link, docs/notifications.md)."""
    from django.conf import settings
    from django.core.mail import EmailMessage

    EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to).send()


@task()
def redeliver_event(handler: str, event_type: str, fields: dict, attempt: int) -> None:
    """Try again one event handler that failed after its transaction committed (core.events)."""
    from core.events import redeliver

    redeliver(handler, event_type, fields, attempt)
