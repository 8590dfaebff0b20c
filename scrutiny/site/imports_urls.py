"""Staff pages for importing and exporting spreadsheet trackers, under /staff/imports/."""

from django.urls import path

from scrutiny.site import imports_views as views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("columns/", views.mapping, name="mapping"),
    path("check/", views.preview, name="preview"),
    path("imported/", views.done, name="done"),
    path("cancel/", views.cancel, name="cancel"),
    path("export/<slug:slug>.<str:file_format>", views.export, name="export"),
]
