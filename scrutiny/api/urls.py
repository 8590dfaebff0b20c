from django.urls import path

from scrutiny.api import views

app_name = "api"
urlpatterns = [
    path("", views.index, name="index"),
    path("openapi.json", views.openapi, name="openapi"),
    path("committees/", views.committee_list, name="committee_list"),
    path("committees/<slug:slug>/", views.committee_detail, name="committee_detail"),
    path("committees/<slug:slug>/actions/", views.committee_actions, name="committee_actions"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("search", views.search, name="search"),
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/<slug:slug>/", views.review_detail, name="review_detail"),
]
