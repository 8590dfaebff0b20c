from django.urls import path

from scrutiny.site import views
from scrutiny.site.public import committees, documents, home, issues, meetings, reviews, search

app_name = "site"
urlpatterns = [
    path("", home.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("open-data/", views.open_data, name="open_data"),
    path("search/", search.search_page, name="search"),
    path("committees/", committees.committee_list, name="committee_list"),
    path("committees/<slug:slug>/", committees.committee_detail, name="committee_detail"),
    path("committees/<slug:slug>/actions/", committees.committee_actions, name="committee_actions"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("issues/<slug:slug>/", issues.issue_detail, name="issue_detail"),
    path("reviews/", reviews.review_list, name="review_list"),
    path("reviews/<slug:slug>/", reviews.review_detail, name="review_detail"),
    path(
        "reviews/<slug:slug>/recommendations/<int:number>/",
        reviews.recommendation_detail,
        name="recommendation_detail",
    ),
    path("documents/<int:pk>/download/", documents.document_download, name="document_download"),
]
