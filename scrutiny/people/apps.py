from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "scrutiny.people"
    label = "people"

    def ready(self) -> None:
        from scrutiny.people import record_tracking

        record_tracking.register()
