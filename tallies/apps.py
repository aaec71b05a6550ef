from django.apps import AppConfig


class TalliesConfig(AppConfig):
    name = "tallies"
    verbose_name = "tallies"

    def ready(self) -> None:
        # The workflow's events mark the units to count again (docs/tallies.md).
        from tallies import handlers

        handlers.subscribe_all()
