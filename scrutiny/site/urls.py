from django.urls import path

from scrutiny.site import views
from scrutiny.site.public import (
    alerts,
    calendars,
    committees,
    documents,
    feeds,
    home,
    issues,
    meetings,
    reviews,
    search,
)

app_name = "site"
urlpatterns = [
    path("", home.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("open-data/", views.open_data, name="open_data"),
    path("meetings.ics", calendars.all_meetings, name="calendar"),
    path("feeds/publications.atom", feeds.publications_atom, name="publications_atom"),
    path("feeds/publications.rss", feeds.publications_rss, name="publications_rss"),
    path("search/", search.search_page, name="search"),
    path("committees/", committees.committee_list, name="committee_list"),
    path("committees/<slug:slug>/", committees.committee_detail, name="committee_detail"),
    path("committees/<slug:slug>/actions/", committees.committee_actions, name="committee_actions"),
    path(
        "committees/<slug:slug>/meetings.ics",
        calendars.committee_meetings,
        name="committee_calendar",
    ),
    path("committees/<slug:slug>/decisions.atom", feeds.decisions_atom, name="decisions_atom"),
    path("committees/<slug:slug>/decisions.rss", feeds.decisions_rss, name="decisions_rss"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/meeting.ics", calendars.one_meeting, name="meeting_calendar"),
    path("issues/<slug:slug>/", issues.issue_detail, name="issue_detail"),
    path("reviews/", reviews.review_list, name="review_list"),
    path("reviews/<slug:slug>/", reviews.review_detail, name="review_detail"),
    path(
        "reviews/<slug:slug>/progress.atom",
        feeds.review_progress_atom,
        name="review_progress_atom",
    ),
    path("reviews/<slug:slug>/progress.rss", feeds.review_progress_rss, name="review_progress_rss"),
    path("reviews/<slug:slug>/tracker.csv", reviews.review_tracker_csv, name="review_tracker_csv"),
    path(
        "reviews/<slug:slug>/recommendations/<int:number>/",
        reviews.recommendation_detail,
        name="recommendation_detail",
    ),
    path("alerts/follow/<str:kind>/<int:pk>/", alerts.follow, name="follow"),
    path("alerts/follow/<str:kind>/<int:pk>/sent/", alerts.follow_sent, name="follow_sent"),
    path("alerts/confirm/<str:token>/", alerts.follow_confirm, name="follow_confirm"),
    path("alerts/unsubscribe/<str:token>/", alerts.unsubscribe, name="unsubscribe"),
    path("documents/<int:pk>/download/", documents.document_download, name="document_download"),
]
