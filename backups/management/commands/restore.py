"""Bring a backup archive back into an empty database and an empty media folder.

    DATABASE_URL=postgres://mchch@db/mchch_new python manage.py restore mchch-2026-12-03.tar.gz

Refuses a database that has tables, a media folder with files, or a different signing key
already in place; checks every file's SHA-256 and every table's row count against the
archive's manifest.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database and media folder."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the archive written by `manage.py backup`")

    def handle(self, *args, **options):
        try:
            summary = restore_backup(Path(options["archive"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"กู้คืนแล้ว (restored): {summary.tables} tables, {summary.rows} rows, "
                f"{summary.files} files, row counts match the manifest"
            )
        )
