"""Background tasks of core (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task


@task()
def send_email(subject: str, body: str, to: list[str]) -> None:
    """Send one plain e-mail through Django's mail framework, off the user's request: a slow
    mail server never slows the page (a password-reset link, docs/notifications.md)."""
    from django.conf import settings
    from django.core.mail import EmailMessage

    EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to).send()
