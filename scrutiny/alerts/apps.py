from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "scrutiny.alerts"
    label = "alerts"
    verbose_name = "Email alerts"

    def ready(self) -> None:
        from scrutiny.alerts.tasks import resume_on_worker_start
        from scrutiny.core.worker import worker_starting

        worker_starting.connect(resume_on_worker_start, dispatch_uid="alerts-resume")
