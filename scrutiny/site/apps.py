from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "scrutiny.site"
    label = "site"
