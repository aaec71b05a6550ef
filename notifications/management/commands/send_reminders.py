from django.core.management.base import BaseCommand

from notifications.reminders import send_deadline_reminders


class Command(BaseCommand):
    help = "Send today's deadline reminders (safe to run more than once a day)."

    def handle(self, *args, **options):
        count = send_deadline_reminders()
        self.stdout.write(f"{count} reminders")
