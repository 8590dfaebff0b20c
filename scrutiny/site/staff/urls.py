from django.urls import path

from scrutiny.site.staff.views import (
    dashboard,
    issuing,
    items,
    meetings,
    monitoring,
    recommendations,
    reviews,
)

app_name = "staff"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("reviews/", reviews.review_list, name="reviews"),
    path("reviews/new/", reviews.review_create, name="review-create"),
    path("reviews/<slug:slug>/", reviews.review_detail, name="review"),
    path("reviews/<slug:slug>/edit/", reviews.review_edit, name="review-edit"),
    path("reviews/<slug:slug>/timeline/new/", reviews.timeline_entry, name="timeline-entry"),
    path("reviews/<slug:slug>/reports/issue/", issuing.report_issue, name="report-issue"),
    path(
        "reviews/<slug:slug>/reports/issue/check/",
        issuing.report_issue_check,
        name="report-issue-check",
    ),
    path("reviews/<slug:slug>/reports/draft/", monitoring.draft_html, name="report-draft"),
    path(
        "reviews/<slug:slug>/reports/draft.<str:fmt>",
        monitoring.draft_download,
        name="report-draft-download",
    ),
    path("reviews/<slug:slug>/reports/<int:sequence>/", monitoring.report_html, name="report"),
    path(
        "reviews/<slug:slug>/reports/<int:sequence>/reissue/",
        issuing.report_reissue,
        name="report-reissue",
    ),
    path(
        "reviews/<slug:slug>/reports/<int:sequence>/reissue/check/",
        issuing.report_reissue_check,
        name="report-reissue-check",
    ),
    path(
        "reviews/<slug:slug>/reports/<int:sequence>/decisions/",
        monitoring.decisions,
        name="report-decisions",
    ),
    path(
        "reviews/<slug:slug>/recommendations/new/",
        recommendations.recommendation_create,
        name="recommendation-create",
    ),
    path("recommendations/<int:pk>/", recommendations.recommendation_detail, name="recommendation"),
    path(
        "recommendations/<int:pk>/edit/",
        recommendations.recommendation_edit,
        name="recommendation-edit",
    ),
    path(
        "recommendations/<int:pk>/response/",
        recommendations.executive_response,
        name="executive-response",
    ),
    path(
        "recommendations/<int:pk>/update/", recommendations.progress_update, name="progress-update"
    ),
    path("recommendations/<int:pk>/extension/", recommendations.extension, name="extension"),
    path("recommendations/<int:pk>/sign-off/", recommendations.sign_off, name="sign-off"),
    path("evidence/<int:pk>/", recommendations.evidence_file, name="evidence"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/new/", meetings.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/items/new/", meetings.agenda_item_create, name="item-create"),
    path("meetings/<int:pk>/minutes-status/", meetings.minutes_status, name="minutes-status"),
    path("meetings/<int:pk>/attendance/", meetings.attendance, name="attendance"),
    path("meetings/<int:pk>/corrections/new/", meetings.correction, name="correction"),
    path("meetings/<int:pk>/publish-agenda/", meetings.agenda_publish, name="agenda-publish"),
    path("meetings/<int:pk>/publish-minutes/", meetings.minutes_publish, name="minutes-publish"),
    path("items/<int:pk>/minutes/", items.minutes, name="minutes"),
    path("items/<int:pk>/visibility/", items.visibility, name="visibility"),
    path("items/<int:pk>/motions/new/", items.motion, name="motion"),
    path("items/<int:pk>/resolutions/new/", items.resolution, name="resolution"),
    path("items/<int:pk>/actions/new/", items.action, name="action"),
    path("items/<int:pk>/declarations/new/", items.declaration, name="declaration"),
    path("items/<int:pk>/documents/new/", items.document_add, name="document-add"),
    path("actions/<int:pk>/close/", items.action_close, name="action-close"),
    path("documents/<int:pk>/file/", monitoring.document_file, name="document-file"),
    path("documents/<int:pk>/publish/", items.document_publish, name="document-publish"),
]
