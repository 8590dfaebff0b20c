from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "scrutiny.imports"
    label = "imports"
    verbose_name = "Imports"
