from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "scrutiny.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from scrutiny.search import tracking

        tracking.register()
