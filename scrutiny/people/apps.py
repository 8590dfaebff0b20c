from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "scrutiny.people"
    label = "people"
