from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "scrutiny.reviews"
    label = "reviews"
