from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "scrutiny.committees"
    label = "committees"

    def ready(self) -> None:
        from scrutiny.committees import record_tracking

        record_tracking.register()
