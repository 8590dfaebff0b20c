from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "scrutiny.reminders"
    label = "reminders"
    verbose_name = "Reminders"
