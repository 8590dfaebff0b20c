from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "scrutiny.imports"
    label = "imports"
    verbose_name = "Imports"

    def ready(self) -> None:
        from scrutiny.core.worker import worker_starting
        from scrutiny.imports.tasks import schedule_sync

        worker_starting.connect(schedule_sync, dispatch_uid="imports-sync-schedule")
