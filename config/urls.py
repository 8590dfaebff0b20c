from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff/imports/", include("scrutiny.site.imports_urls", namespace="imports")),
    path("", include("scrutiny.site.urls")),
]
