from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff/imports/minutes/", include("scrutiny.site.record_imports_urls")),
    path("", include("scrutiny.site.urls")),
]
