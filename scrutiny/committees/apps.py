from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "scrutiny.committees"
    label = "committees"
