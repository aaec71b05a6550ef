"""Count every programme year's units again from the rows (docs/tallies.md): after a bulk load
or a repair made outside the services."""

from django.core.management.base import BaseCommand

from tallies import services


class Command(BaseCommand):
    help = "Count the units of every programme year again for the start page and the dashboards."

    def handle(self, *args, **options) -> None:
        services.rebuild()
        if options["verbosity"]:
            self.stdout.write("tallies rebuilt")
