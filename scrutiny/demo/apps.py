from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo council and the generated archive; no models, only commands."""

    name = "scrutiny.demo"
    label = "demo"
