from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "scrutiny.reminders"
    label = "reminders"
    verbose_name = "Reminders"

    def ready(self) -> None:
        from scrutiny.core.health import readiness_check
        from scrutiny.core.worker import worker_starting
        from scrutiny.reminders import status
        from scrutiny.reminders.tasks import resume_on_worker_start

        worker_starting.connect(resume_on_worker_start, dispatch_uid="reminders-resume")
        readiness_check("reminders", status.readiness)
