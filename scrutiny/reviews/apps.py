from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "scrutiny.reviews"
    label = "reviews"

    def ready(self) -> None:
        from scrutiny.reviews import record_tracking

        record_tracking.register()
